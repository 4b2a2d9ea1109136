import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import {
  adjustColour,
  DEFAULT_TRANSFORM,
  frameGeometry,
  parseTransform,
  sourcePointAt,
  type Transform,
} from './transform.js';

const t = (patch: Partial<Transform> = {}): Transform => ({ ...DEFAULT_TRANSFORM, ...patch });

/**
 * Expected crops worked out by hand from MEDIA-153 (media.md has the formulas, not a table, so the
 * table lives here): source W×H, frame w×h, transform → the crop rectangle in upright source pixels
 * (left, top, width, height) that the frame shows, for unrotated frames.
 */
const CROPS: {
  name: string;
  source: [number, number];
  frame: [number, number];
  t: Partial<Transform>;
  crop: [number, number, number, number];
}[] = [
  {
    name: '4:3 photo into a 3:1 banner, centred',
    source: [4000, 3000],
    frame: [1200, 400],
    t: {},
    crop: [0, 833.33, 4000, 1333.33],
  },
  {
    name: '4:3 photo into a square thumb',
    source: [4000, 3000],
    frame: [150, 150],
    t: {},
    crop: [500, 0, 3000, 3000],
  },
  {
    name: 'same aspect at zoom 1 shows everything',
    source: [4000, 3000],
    frame: [800, 600],
    t: {},
    crop: [0, 0, 4000, 3000],
  },
  {
    name: 'zoom 2 halves the crop around the centre',
    source: [4000, 3000],
    frame: [800, 600],
    t: { zoom: 2 },
    crop: [1000, 750, 2000, 1500],
  },
  {
    name: 'focus at the left edge clamps to the edge',
    source: [4000, 3000],
    frame: [150, 150],
    t: { focus_x: 0 },
    crop: [0, 0, 3000, 3000],
  },
  {
    name: 'focus inside the range moves the crop',
    source: [4000, 3000],
    frame: [150, 150],
    t: { focus_x: 0.45 },
    crop: [300, 0, 3000, 3000],
  },
  {
    name: 'zoom 2 with focus top-left quarter',
    source: [4000, 3000],
    frame: [800, 600],
    t: { zoom: 2, focus_x: 0.25, focus_y: 0.25 },
    crop: [0, 0, 2000, 1500],
  },
  {
    name: 'portrait into a banner, focus low',
    source: [1000, 2000],
    frame: [300, 100],
    t: { focus_y: 0.8 },
    crop: [0, 1433.33, 1000, 333.33],
  },
  { name: 'small source is enlarged', source: [100, 100], frame: [256, 256], t: {}, crop: [0, 0, 100, 100] },
];

describe('MEDIA-153 framing: table of expected crops', () => {
  for (const row of CROPS) {
    it(row.name, () => {
      const source = { width: row.source[0], height: row.source[1] };
      const frame = { width: row.frame[0], height: row.frame[1] };
      const transform = t(row.t);
      const g = frameGeometry(source, frame, transform);
      // The frame's corners map onto the crop's corners.
      const topLeft = sourcePointAt(source, frame, transform, g, 0, 0);
      const bottomRight = sourcePointAt(source, frame, transform, g, frame.width, frame.height);
      const [left, top, width, height] = row.crop;
      expect(topLeft.x).toBeCloseTo(left, 1);
      expect(topLeft.y).toBeCloseTo(top, 1);
      expect(bottomRight.x - topLeft.x).toBeCloseTo(width, 1);
      expect(bottomRight.y - topLeft.y).toBeCloseTo(height, 1);
    });
  }

  it('a horizontal flip mirrors the crop but keeps the chosen subject centred', () => {
    const source = { width: 4000, height: 3000 };
    const frame = { width: 150, height: 150 };
    const plain = t({ focus_x: 0.45 });
    const flipped = t({ focus_x: 0.45, flip_horizontal: true });
    const centre = (transform: Transform) =>
      sourcePointAt(source, frame, transform, frameGeometry(source, frame, transform), 75, 75);
    expect(centre(flipped).x).toBeCloseTo(centre(plain).x, 6);
    // The left edge of the flipped output shows the right edge of the crop.
    const g = frameGeometry(source, frame, flipped);
    expect(sourcePointAt(source, frame, flipped, g, 0, 0).x).toBeCloseTo(3300, 1);
  });

  it('rotation keeps the frame covered at every corner, at any angle and focus', () => {
    const source = { width: 4000, height: 3000 };
    for (const rotation of [-180, -135, -33.3, -1, 7.5, 45, 90, 179.9]) {
      for (const frame of [
        { width: 1200, height: 400 },
        { width: 150, height: 150 },
        { width: 800, height: 600 },
      ]) {
        for (const focus of [0, 0.3, 1]) {
          const transform = t({ rotation, focus_x: focus, focus_y: 1 - focus, zoom: 1 });
          const g = frameGeometry(source, frame, transform);
          for (const [u, v] of [
            [0, 0],
            [frame.width, 0],
            [0, frame.height],
            [frame.width, frame.height],
          ] as const) {
            const p = sourcePointAt(source, frame, transform, g, u, v);
            expect(p.x).toBeGreaterThanOrEqual(-1e-6);
            expect(p.x).toBeLessThanOrEqual(source.width + 1e-6);
            expect(p.y).toBeGreaterThanOrEqual(-1e-6);
            expect(p.y).toBeLessThanOrEqual(source.height + 1e-6);
          }
        }
      }
    }
  });

  it('positive rotation turns the picture clockwise on screen', () => {
    const source = { width: 1000, height: 1000 };
    const frame = { width: 100, height: 100 };
    const transform = t({ rotation: 90 });
    const g = frameGeometry(source, frame, transform);
    // Turned clockwise, the picture's left side comes to the top: the top edge of the output shows x small.
    expect(sourcePointAt(source, frame, transform, g, 50, 0).x).toBeLessThan(500);
  });

  it('is resolution-independent: a frame n times larger shows the same crop', () => {
    const source = { width: 3000, height: 2000 };
    const transform = t({ zoom: 1.7, focus_x: 0.2, rotation: 12 });
    const small = frameGeometry(source, { width: 300, height: 100 }, transform);
    const large = frameGeometry(source, { width: 1200, height: 400 }, transform);
    expect(large.cx).toBeCloseTo(small.cx, 6);
    expect(large.cy).toBeCloseTo(small.cy, 6);
    expect(large.k / small.k).toBeCloseTo(4, 9);
  });
});

describe('MEDIA-150 parameters', () => {
  it('fills defaults and rounds to the stored precision', () => {
    expect(parseTransform({ zoom: 1.234, rotation: -2.46, focus_x: 0.123456 })).toEqual(
      t({ zoom: 1.23, rotation: -2.5, focus_x: 0.1235 }),
    );
  });

  it.each([
    [{ zoom: 0.9 }, 'transform.zoom'],
    [{ rotation: 181 }, 'transform.rotation'],
    [{ brightness: '0.2' }, 'transform.brightness'],
    [{ sharpen: 1 }, 'transform.sharpen'],
  ])('refuses %j with INVALID_TRANSFORM naming the field (never clamps)', (input, field) => {
    try {
      parseTransform(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('INVALID_TRANSFORM');
      expect((error as AppError).options.field).toBe(field);
    }
  });
});

describe('MEDIA-156 colour', () => {
  const pixel = (rgb: number[], patch: Partial<Transform>, channels = 3) => {
    const data = Uint8Array.from(rgb);
    adjustColour(data, channels, t(patch));
    return [...data];
  };

  it('leaves pixels alone at zero', () => expect(pixel([10, 128, 250], {})).toEqual([10, 128, 250]));
  it('brightness −1 is black, +1 doubles (clamped)', () => {
    expect(pixel([10, 128, 250], { brightness: -1 })).toEqual([0, 0, 0]);
    expect(pixel([10, 100, 200], { brightness: 1 })).toEqual([20, 200, 255]);
  });
  it('contrast −1 is flat grey', () =>
    expect(pixel([0, 100, 255], { contrast: -1 })).toEqual([128, 128, 128]));
  it('saturation −1 is greyscale by Rec. 709 luma', () => {
    const [r, g, b] = pixel([255, 0, 0], { saturation: -1 });
    expect(r).toBe(g);
    expect(g).toBe(b);
    expect(r).toBe(Math.round(0.2126 * 255));
  });
  it('clamps between steps and keeps alpha', () => {
    // Brightness +1 clamps 200 → 255 before contrast; alpha 77 is untouched.
    expect(pixel([200, 200, 200, 77], { brightness: 1, contrast: 0.5 }, 4)).toEqual([255, 255, 255, 77]);
  });
});
