import { beforeAll, describe, expect, it } from 'vitest';
import {
  adjustColour,
  canvasMatrix,
  DEFAULT_TRANSFORM,
  enlarges,
  focusRange,
  frameGeometry,
  invertAt,
  normaliseTransform,
  rotateBy,
  slugPreview,
  type FrameGeometry,
  type Size,
  type Transform,
} from './transform-math';

/**
 * MEDIA-157/159: the preview's maths against the server's own functions (not against numbers copied
 * from them), for a grid of transforms, so a change on either side that breaks "what you see is what
 * gets published" fails here. The server modules are loaded by path at run time: they belong to the
 * API's TypeScript project, not the web app's.
 */
interface ServerTransform {
  frameGeometry(source: Size, frame: Size, t: Transform): FrameGeometry;
  sourcePointAt(
    source: Size,
    frame: Size,
    t: Transform,
    g: FrameGeometry,
    u: number,
    v: number,
  ): { x: number; y: number };
  adjustColour(pixels: Uint8Array, channels: number, t: Transform): void;
  enlarges(source: Size, frame: Size, t: Transform): boolean;
  normaliseTransform(t: Transform): Transform;
}
interface ServerTags {
  slugify(name: string, limit?: number): string;
}

const apiModule = (path: string) => new URL(`../../../../../api/src/modules/${path}`, import.meta.url).href;
let server: ServerTransform;
let tags: ServerTags;
beforeAll(async () => {
  server = (await import(/* @vite-ignore */ apiModule('media/transform.ts'))) as ServerTransform;
  tags = (await import(/* @vite-ignore */ apiModule('businesses/tags.ts'))) as ServerTags;
});

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

describe('preview geometry against the server (MEDIA-153)', () => {
  it('computes the same frame geometry and low-resolution verdict', () => {
    for (const source of SOURCES)
      for (const frame of FRAMES)
        for (const t of transformGrid()) {
          const mine = frameGeometry(source, frame, t);
          const theirs = server.frameGeometry(source, frame, t);
          for (const key of ['k', 'theta', 'ax', 'ay', 'cx', 'cy'] as const) {
            expect(mine[key]).toBeCloseTo(theirs[key], 9);
          }
          expect(enlarges(source, frame, t)).toBe(server.enlarges(source, frame, t));
        }
  });

  it('draws every frame pixel from the source point the server samples for it', () => {
    for (const source of SOURCES)
      for (const frame of FRAMES)
        for (const t of transformGrid()) {
          const matrix = canvasMatrix(source, frame, t);
          const g = server.frameGeometry(source, frame, t);
          for (const [u, v] of [
            [0.5, 0.5],
            [frame.width - 0.5, 0.5],
            [frame.width / 2, frame.height / 2],
            [0.5, frame.height - 0.5],
            [frame.width * 0.3 + 0.5, frame.height * 0.8 + 0.5],
          ] as const) {
            const expected = server.sourcePointAt(source, frame, t, g, u, v);
            const got = invertAt(matrix, u, v);
            expect(got.x).toBeCloseTo(expected.x, 6);
            expect(got.y).toBeCloseTo(expected.y, 6);
          }
        }
  });

  it('the preview at any scale shows the same source points as the output (resolution independence)', () => {
    const source = { width: 4000, height: 3000 };
    const t = { ...DEFAULT_TRANSFORM, zoom: 1.8, rotation: 17, focus_x: 0.2, flip_horizontal: true };
    const output = { width: 1200, height: 400 };
    const preview = { width: 720, height: 240 };
    const g = server.frameGeometry(source, output, t);
    const small = canvasMatrix(source, preview, t);
    for (const [u, v] of [
      [10.5, 20.5],
      [600, 200],
      [1199.5, 399.5],
    ] as const) {
      const expected = server.sourcePointAt(source, output, t, g, u, v);
      const got = invertAt(small, (u * preview.width) / output.width, (v * preview.height) / output.height);
      expect(got.x).toBeCloseTo(expected.x, 6);
      expect(got.y).toBeCloseTo(expected.y, 6);
    }
  });

  it('covers the whole frame with picture at any setting (MEDIA-154)', () => {
    for (const source of SOURCES)
      for (const frame of FRAMES)
        for (const t of transformGrid()) {
          const matrix = canvasMatrix(source, frame, t);
          for (const [u, v] of [
            [0, 0],
            [frame.width, 0],
            [0, frame.height],
            [frame.width, frame.height],
          ] as const) {
            const { x, y } = invertAt(matrix, u, v);
            expect(x).toBeGreaterThanOrEqual(-1e-6);
            expect(y).toBeGreaterThanOrEqual(-1e-6);
            expect(x).toBeLessThanOrEqual(source.width + 1e-6);
            expect(y).toBeLessThanOrEqual(source.height + 1e-6);
          }
        }
  });
});

describe('slider ranges and helpers (MEDIA-282)', () => {
  it('a slider has no room at zoom 1 when the aspect ratios match, and gains room with zoom', () => {
    const source = { width: 4000, height: 3000 };
    const frame = { width: 800, height: 600 };
    expect(focusRange(source, frame, DEFAULT_TRANSFORM)).toEqual({ x: null, y: null });
    const zoomed = focusRange(source, frame, { ...DEFAULT_TRANSFORM, zoom: 2 });
    expect(zoomed.x?.min).toBeCloseTo(0.25, 9);
    expect(zoomed.x?.max).toBeCloseTo(0.75, 9);
    // A 4:3 photo in a 3:1 banner can move up and down but not sideways.
    const banner = focusRange(source, { width: 1200, height: 400 }, DEFAULT_TRANSFORM);
    expect(banner.x).toBeNull();
    expect(banner.y?.min).toBeCloseTo(2 / 9, 9);
  });

  it('a focus inside the range is shown centred, exactly as the server clamps it', () => {
    const source = { width: 4000, height: 3000 };
    const frame = { width: 1200, height: 400 };
    const t = { ...DEFAULT_TRANSFORM, zoom: 1.5, focus_x: 0.4, focus_y: 0.3 };
    const range = focusRange(source, frame, t);
    const g = server.frameGeometry(source, frame, t);
    expect(range.x!.min * source.width).toBeCloseTo(g.ax, 9);
    expect(g.cx).toBeCloseTo(0.4 * source.width, 9);
  });

  it('rotating by 90° wraps into −180…180', () => {
    expect(rotateBy(170, 90)).toBe(-100);
    expect(rotateBy(-170, -90)).toBe(100);
    expect(rotateBy(90, 90)).toBe(180);
    expect(rotateBy(-3, -90)).toBe(-93);
  });

  it('rounds to the stored precision like the server', () => {
    const samples: Transform[] = [
      { ...DEFAULT_TRANSFORM, zoom: 1.234567, focus_x: 0.123456, rotation: -2.55, brightness: 0.305 },
      { ...DEFAULT_TRANSFORM, zoom: 4.999, focus_y: 0.99995, rotation: 0.04, contrast: -0.004 },
      { ...DEFAULT_TRANSFORM, saturation: 0.1 + 0.2, rotation: 179.96 },
    ];
    for (const t of samples) expect(normaliseTransform(t)).toEqual(server.normaliseTransform(t));
  });
});

describe('colour adjustments against the server (MEDIA-156)', () => {
  // Every 8-bit level on each channel, with a few alpha values.
  const pixels = new Uint8Array(256 * 4 * 3);
  for (let i = 0; i < 256 * 3; i += 1) {
    pixels[i * 4] = i % 256;
    pixels[i * 4 + 1] = (i * 7) % 256;
    pixels[i * 4 + 2] = 255 - (i % 256);
    pixels[i * 4 + 3] = (i * 13) % 256;
  }

  it('gives the same 8-bit values for every level at every setting', () => {
    const levels = [-1, -0.55, -0.05, 0, 0.1, 0.5, 1];
    for (const brightness of levels)
      for (const contrast of levels)
        for (const saturation of levels) {
          const t = { ...DEFAULT_TRANSFORM, brightness, contrast, saturation };
          const mine = new Uint8ClampedArray(pixels);
          const theirs = new Uint8Array(pixels);
          adjustColour(mine, 4, t);
          server.adjustColour(theirs, 4, t);
          expect(Array.from(mine)).toEqual(Array.from(theirs));
        }
  });

  it('leaves the pixels alone at the defaults and never touches alpha', () => {
    const copy = new Uint8ClampedArray(pixels);
    adjustColour(copy, 4, DEFAULT_TRANSFORM);
    expect(Array.from(copy)).toEqual(Array.from(pixels));
    adjustColour(copy, 4, { ...DEFAULT_TRANSFORM, brightness: 1, saturation: -1 });
    for (let p = 3; p < copy.length; p += 4) expect(copy[p]).toBe(pixels[p]);
  });
});

describe('slug preview (MEDIA-100)', () => {
  it('matches the server for the spec table and awkward names', () => {
    const names = [
      "Daniel's Salon Front",
      'Café Njeri — Menu 2026!',
      '  Promo   Banner ',
      'Picha ya duka',
      '★★★',
      'Gĩkũyũ ' + 'x'.repeat(70),
      'a'.repeat(59) + '-b',
    ];
    expect(names.slice(0, 5).map(slugPreview)).toEqual([
      'daniels-salon-front',
      'cafe-njeri-menu-2026',
      'promo-banner',
      'picha-ya-duka',
      'image',
    ]);
    for (const name of names) expect(slugPreview(name)).toBe(tags.slugify(name, 60) || 'image');
  });
});
