/**
 * The browser half of media.md §8: the nine parameters (MEDIA-150), the framing geometry (MEDIA-153)
 * and the colour steps (MEDIA-156), mirrored from the server's apps/api/src/modules/media/transform.ts
 * so the preview shows what the server will publish. The server module pulls in zod and the API's
 * errors, so it cannot ship in the dashboard chunk; transform-math.test.ts holds the two side by side
 * on a grid of parameters. No DOM here: the canvas code is in PhotoPreview.tsx.
 */

export interface Transform {
  zoom: number;
  focus_x: number;
  focus_y: number;
  rotation: number;
  flip_horizontal: boolean;
  flip_vertical: boolean;
  brightness: number;
  contrast: number;
  saturation: number;
}

export const DEFAULT_TRANSFORM: Readonly<Transform> = Object.freeze({
  zoom: 1,
  focus_x: 0.5,
  focus_y: 0.5,
  rotation: 0,
  flip_horizontal: false,
  flip_vertical: false,
  brightness: 0,
  contrast: 0,
  saturation: 0,
});

/** MEDIA-150's stored precision; the server rounds to it, so the preview draws the rounded values. */
const PRECISION = {
  zoom: 0.01,
  focus_x: 0.0001,
  focus_y: 0.0001,
  rotation: 0.1,
  brightness: 0.01,
  contrast: 0.01,
  saturation: 0.01,
} as const;

function roundTo(value: number, step: number): number {
  const digits = Math.round(-Math.log10(step));
  const rounded = Number((Math.round(value / step) * step).toFixed(digits));
  return rounded === 0 ? 0 : rounded;
}

/** Rounds to the stored precision, as the server does before it renders (MEDIA-150). */
export function normaliseTransform(t: Transform): Transform {
  return {
    zoom: roundTo(t.zoom, PRECISION.zoom),
    focus_x: roundTo(t.focus_x, PRECISION.focus_x),
    focus_y: roundTo(t.focus_y, PRECISION.focus_y),
    rotation: roundTo(t.rotation, PRECISION.rotation),
    flip_horizontal: t.flip_horizontal,
    flip_vertical: t.flip_vertical,
    brightness: roundTo(t.brightness, PRECISION.brightness),
    contrast: roundTo(t.contrast, PRECISION.contrast),
    saturation: roundTo(t.saturation, PRECISION.saturation),
  };
}

/** A stored transform from the API, missing or mistyped fields replaced by defaults (MEDIA-143). */
export function transformFrom(value: unknown): Transform {
  const stored = value !== null && typeof value === 'object' ? (value as Partial<Transform>) : {};
  const pick = <K extends keyof Transform>(key: K): Transform[K] =>
    typeof stored[key] === typeof DEFAULT_TRANSFORM[key]
      ? (stored[key] as Transform[K])
      : DEFAULT_TRANSFORM[key];
  return {
    zoom: pick('zoom'),
    focus_x: pick('focus_x'),
    focus_y: pick('focus_y'),
    rotation: pick('rotation'),
    flip_horizontal: pick('flip_horizontal'),
    flip_vertical: pick('flip_vertical'),
    brightness: pick('brightness'),
    contrast: pick('contrast'),
    saturation: pick('saturation'),
  };
}

export interface Size {
  width: number;
  height: number;
}

/** MEDIA-153 for one frame, in mirrored-source pixels (the server's `FrameGeometry`). */
export interface FrameGeometry {
  k: number;
  theta: number;
  ax: number;
  ay: number;
  cx: number;
  cy: number;
}

export function frameGeometry(source: Size, frame: Size, t: Transform): FrameGeometry {
  const { width: W, height: H } = source;
  const { width: w, height: h } = frame;
  const theta = (t.rotation * Math.PI) / 180;
  const C = Math.abs(Math.cos(theta));
  const S = Math.abs(Math.sin(theta));
  const k = Math.max((w * C + h * S) / W, (w * S + h * C) / H) * t.zoom;
  const ax = (w * C + h * S) / (2 * k);
  const ay = (w * S + h * C) / (2 * k);
  let fx = t.focus_x * W;
  let fy = t.focus_y * H;
  if (t.flip_horizontal) fx = W - fx;
  if (t.flip_vertical) fy = H - fy;
  const cx = Math.min(Math.max(fx, ax), W - ax);
  const cy = Math.min(Math.max(fy, ay), H - ay);
  return { k, theta, ax, ay, cx, cy };
}

/** A 2-D affine matrix in the canvas order: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export interface Matrix {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

/**
 * The matrix that takes an upright source pixel position to the frame, i.e. the inverse of MEDIA-153's
 * frame → source mapping: mirror, move the clamped centre to the origin, rotate clockwise by θ, scale
 * by k, move to the frame centre. Set it on the canvas and draw the picture at (0, 0) at its own size.
 */
export function canvasMatrix(source: Size, frame: Size, t: Transform): Matrix {
  const g = frameGeometry(source, frame, t);
  const sx = t.flip_horizontal ? -1 : 1;
  const sy = t.flip_vertical ? -1 : 1;
  const ox = t.flip_horizontal ? source.width : 0;
  const oy = t.flip_vertical ? source.height : 0;
  const kc = g.k * Math.cos(g.theta);
  const ks = g.k * Math.sin(g.theta);
  return {
    a: kc * sx,
    b: ks * sx,
    c: -ks * sy,
    d: kc * sy,
    e: frame.width / 2 + kc * (ox - g.cx) - ks * (oy - g.cy),
    f: frame.height / 2 + ks * (ox - g.cx) + kc * (oy - g.cy),
  };
}

/** Where a frame position (u, v) lands in the upright source: the inverse of `canvasMatrix`. */
export function invertAt(m: Matrix, u: number, v: number): { x: number; y: number } {
  const det = m.a * m.d - m.b * m.c;
  const du = u - m.e;
  const dv = v - m.f;
  return { x: (m.d * du - m.c * dv) / det, y: (-m.b * du + m.a * dv) / det };
}

/**
 * The focus values at which the frame does not yet touch an edge, per axis, for the "Move" sliders
 * (MEDIA-282): `null` when that axis has no room at all (e.g. zoom 1 with matching aspect ratios).
 * The range is symmetric about the middle, so it is the same whether or not the picture is flipped.
 */
export function focusRange(source: Size, frame: Size, t: Transform) {
  const g = frameGeometry(source, frame, t);
  const axis = (half: number, length: number) => {
    const min = half / length;
    return min >= 0.5 - 1e-6 ? null : { min, max: 1 - min };
  };
  return { x: axis(g.ax, source.width), y: axis(g.ay, source.height) };
}

/** MEDIA-155: the frame would be enlarged from the source ("Low resolution — may look blurry"). */
export function enlarges(source: Size, frame: Size, t: Transform): boolean {
  return frameGeometry(source, frame, t).k > 1 + 1e-9;
}

/** "Rotate 90° left/right": results wrap into −180…180 (MEDIA-282). */
export function rotateBy(rotation: number, delta: number): number {
  let next = rotation + delta;
  while (next > 180) next -= 360;
  while (next < -180) next += 360;
  return roundTo(next, PRECISION.rotation);
}

export function hasColourChange(t: Transform): boolean {
  return t.brightness !== 0 || t.contrast !== 0 || t.saturation !== 0;
}

const clamp01 = (c: number) => (c < 0 ? 0 : c > 1 ? 1 : c);

/**
 * MEDIA-156 on RGBA canvas pixels (`ImageData.data`), in place: brightness, contrast, then saturation,
 * each clamped to [0, 1], alpha unchanged. Same steps and rounding as the server's `adjustColour`.
 */
export function adjustColour(pixels: Uint8ClampedArray | Uint8Array, channels: number, t: Transform): void {
  if (!hasColourChange(t)) return;
  const table = new Float64Array(256);
  for (let i = 0; i < 256; i += 1) {
    const bright = clamp01((i / 255) * (1 + t.brightness));
    table[i] = clamp01((bright - 0.5) * (1 + t.contrast) + 0.5);
  }
  const s = 1 + t.saturation;
  for (let p = 0; p < pixels.length; p += channels) {
    if (channels < 3) {
      pixels[p] = Math.round(table[pixels[p]!]! * 255);
      continue;
    }
    const r = table[pixels[p]!]!;
    const g = table[pixels[p + 1]!]!;
    const b = table[pixels[p + 2]!]!;
    if (s === 1) {
      pixels[p] = Math.round(r * 255);
      pixels[p + 1] = Math.round(g * 255);
      pixels[p + 2] = Math.round(b * 255);
    } else {
      const L = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      pixels[p] = Math.round(clamp01(L + (r - L) * s) * 255);
      pixels[p + 1] = Math.round(clamp01(L + (g - L) * s) * 255);
      pixels[p + 2] = Math.round(clamp01(L + (b - L) * s) * 255);
    }
  }
}

/**
 * MEDIA-100's slug, for "Will be saved as": NFKD without marks, lower case, apostrophes dropped, other
 * runs one hyphen, trimmed, at most 60 characters, `image` when nothing is left. The server decides
 * the final slug (a taken one gets `-2`); this only previews it.
 */
export function slugPreview(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'image';
}
