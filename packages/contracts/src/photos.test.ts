import { describe, expect, it } from 'vitest';
import {
  adjustColour,
  canvasMatrix,
  DEFAULT_TRANSFORM,
  enlarges,
  focusRange,
  frameGeometry,
  imageSlug,
  invertAt,
  normaliseTransform,
  rotateBy,
  slugify,
  sourcePointAt,
  transformFrom,
  type Size,
  type Transform,
} from './photos.js';

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

/**
 * MEDIA-157/159: the dashboard draws with `canvasMatrix` and the server samples with `sourcePointAt`;
 * for a grid of transforms every frame pixel must come from the same source point, so a change to
 * either that breaks "what you see is what gets published" fails here.
 */
const SOURCES: Size[] = [
  { width: 4000, height: 3000 },
  { width: 1000, height: 2000 },
  { width: 300, height: 300 },
  { width: 97, height: 61 },
];
// The default config's frames (MEDIA-083), including the 1:1 thumbnails of the 4:3 types.
const FRAMES: Size[] = [
  { width: 256, height: 256 },
  { width: 1200, height: 400 },
  { width: 800, height: 600 },
  { width: 150, height: 150 },
  { width: 720, height: 240 },
];

function transformGrid(): Transform[] {
  const grid: Transform[] = [];
  for (const zoom of [1, 1.37, 2.5, 5])
    for (const rotation of [0, -2.5, 45, 90, -135, 180])
      for (const [focus_x, focus_y] of [
        [0.5, 0.5],
        [0, 1],
        [0.31, 0.77],
      ] as const)
        for (const flips of [0, 1, 2, 3])
          grid.push({
            ...DEFAULT_TRANSFORM,
            zoom,
            rotation,
            focus_x,
            focus_y,
            flip_horizontal: (flips & 1) === 1,
            flip_vertical: (flips & 2) === 2,
          });
  return grid;
}

describe('canvas preview against the rendered output (MEDIA-153, MEDIA-157)', () => {
  it('draws every frame pixel from the source point the renderer samples for it', () => {
    for (const source of SOURCES)
      for (const frame of FRAMES)
        for (const tr of transformGrid()) {
          const matrix = canvasMatrix(source, frame, tr);
          const g = frameGeometry(source, frame, tr);
          for (const [u, v] of [
            [0.5, 0.5],
            [frame.width - 0.5, 0.5],
            [frame.width / 2, frame.height / 2],
            [0.5, frame.height - 0.5],
            [frame.width * 0.3 + 0.5, frame.height * 0.8 + 0.5],
          ] as const) {
            const expected = sourcePointAt(source, frame, tr, g, u, v);
            const got = invertAt(matrix, u, v);
            expect(got.x).toBeCloseTo(expected.x, 6);
            expect(got.y).toBeCloseTo(expected.y, 6);
          }
        }
  });

  it('the preview at any scale shows the same source points as the output', () => {
    const source = { width: 4000, height: 3000 };
    const tr = t({ zoom: 1.8, rotation: 17, focus_x: 0.2, flip_horizontal: true });
    const output = { width: 1200, height: 400 };
    const preview = { width: 720, height: 240 };
    const g = frameGeometry(source, output, tr);
    const small = canvasMatrix(source, preview, tr);
    for (const [u, v] of [
      [10.5, 20.5],
      [600, 200],
      [1199.5, 399.5],
    ] as const) {
      const expected = sourcePointAt(source, output, tr, g, u, v);
      const got = invertAt(small, (u * preview.width) / output.width, (v * preview.height) / output.height);
      expect(got.x).toBeCloseTo(expected.x, 6);
      expect(got.y).toBeCloseTo(expected.y, 6);
    }
  });

  it('flags enlargement exactly when the frame needs more pixels than the source has (MEDIA-155)', () => {
    expect(enlarges({ width: 100, height: 100 }, { width: 256, height: 256 }, DEFAULT_TRANSFORM)).toBe(true);
    expect(enlarges({ width: 4000, height: 3000 }, { width: 800, height: 600 }, DEFAULT_TRANSFORM)).toBe(
      false,
    );
    expect(enlarges({ width: 800, height: 600 }, { width: 800, height: 600 }, DEFAULT_TRANSFORM)).toBe(false);
    expect(enlarges({ width: 800, height: 600 }, { width: 800, height: 600 }, t({ zoom: 1.01 }))).toBe(true);
  });
});

describe('slider ranges and helpers (MEDIA-282)', () => {
  it('a slider has no room at zoom 1 when the aspect ratios match, and gains room with zoom', () => {
    const source = { width: 4000, height: 3000 };
    const frame = { width: 800, height: 600 };
    expect(focusRange(source, frame, DEFAULT_TRANSFORM)).toEqual({ x: null, y: null });
    const zoomed = focusRange(source, frame, t({ zoom: 2 }));
    expect(zoomed.x?.min).toBeCloseTo(0.25, 9);
    expect(zoomed.x?.max).toBeCloseTo(0.75, 9);
    // A 4:3 photo in a 3:1 banner can move up and down but not sideways.
    const banner = focusRange(source, { width: 1200, height: 400 }, DEFAULT_TRANSFORM);
    expect(banner.x).toBeNull();
    expect(banner.y?.min).toBeCloseTo(2 / 9, 9);
  });

  it('a focus inside the range is shown centred, not clamped', () => {
    const source = { width: 4000, height: 3000 };
    const frame = { width: 1200, height: 400 };
    const tr = t({ zoom: 1.5, focus_x: 0.4, focus_y: 0.3 });
    const range = focusRange(source, frame, tr);
    const g = frameGeometry(source, frame, tr);
    expect(range.x!.min * source.width).toBeCloseTo(g.ax, 9);
    expect(g.cx).toBeCloseTo(0.4 * source.width, 9);
  });

  it('rotating by 90° wraps into −180…180', () => {
    expect(rotateBy(170, 90)).toBe(-100);
    expect(rotateBy(-170, -90)).toBe(100);
    expect(rotateBy(90, 90)).toBe(180);
    expect(rotateBy(-3, -90)).toBe(-93);
  });
});

describe('stored values (MEDIA-150, MEDIA-143)', () => {
  it('rounds to the stored precision without float noise or -0', () => {
    expect(
      normaliseTransform(t({ zoom: 1.234567, focus_x: 0.123456, rotation: -2.55, brightness: 0.305 })),
    ).toEqual(t({ zoom: 1.23, focus_x: 0.1235, rotation: -2.5, brightness: 0.31 }));
    expect(
      normaliseTransform(t({ zoom: 4.999, focus_y: 0.99995, rotation: 0.04, contrast: -0.004 })),
    ).toEqual(t({ zoom: 5, focus_y: 1, rotation: 0, contrast: 0 }));
    const noisy = normaliseTransform(t({ saturation: 0.1 + 0.2, rotation: 179.96 }));
    expect(noisy).toEqual(t({ saturation: 0.3, rotation: 180 }));
    expect(Object.is(normaliseTransform(t({ contrast: -0.004 })).contrast, 0)).toBe(true);
  });

  it('reads a stored transform, replacing missing or mistyped fields by defaults', () => {
    expect(transformFrom(null)).toEqual(DEFAULT_TRANSFORM);
    expect(transformFrom({ zoom: 2, rotation: '90', flip_vertical: true, extra: 1 })).toEqual(
      t({ zoom: 2, flip_vertical: true }),
    );
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

  it('gives canvas pixels (Uint8ClampedArray) the same values as raw buffers', () => {
    const pixels = new Uint8Array(256 * 4);
    for (let i = 0; i < 256; i += 1) pixels.set([i, (i * 7) % 256, 255 - i, (i * 13) % 256], i * 4);
    for (const patch of [{ brightness: -0.55 }, { contrast: 0.5, saturation: 1 }, { saturation: -0.05 }]) {
      const canvas = new Uint8ClampedArray(pixels);
      const raw = new Uint8Array(pixels);
      adjustColour(canvas, 4, t(patch));
      adjustColour(raw, 4, t(patch));
      expect(Array.from(canvas)).toEqual(Array.from(raw));
      for (let p = 3; p < canvas.length; p += 4) expect(canvas[p]).toBe(pixels[p]);
    }
  });
});

describe('slugs (MEDIA-100, MEDIA-022)', () => {
  it('follows the spec table and falls back to `image`', () => {
    expect(
      ["Daniel's Salon Front", 'Café Njeri — Menu 2026!', '  Promo   Banner ', 'Picha ya duka', '★★★'].map(
        imageSlug,
      ),
    ).toEqual(['daniels-salon-front', 'cafe-njeri-menu-2026', 'promo-banner', 'picha-ya-duka', 'image']);
  });

  it('cuts to the limit without leaving a trailing hyphen', () => {
    expect(imageSlug('Gĩkũyũ ' + 'x'.repeat(70))).toBe('gikuyu-' + 'x'.repeat(53));
    expect(imageSlug('a'.repeat(59) + '-b')).toBe('a'.repeat(59));
    expect(slugify('a'.repeat(63) + ' b', 64)).toBe('a'.repeat(63));
  });
});
