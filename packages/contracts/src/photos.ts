/**
 * Photos (media.md): the transform model of §8 as plain maths — the nine parameters (MEDIA-150), the
 * framing geometry (MEDIA-153), the colour steps (MEDIA-156) — the slug rule (MEDIA-100) and the reply
 * shapes of the photo endpoints (MEDIA-260). The server renders with it and the dashboard preview
 * draws with it, so "what you see is what gets published" holds by construction (MEDIA-157). Imports
 * nothing, so the dashboard takes it through `@tafuta/contracts/photos` without zod.
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

/** MEDIA-150's stored precision: the server rounds to it, so previews and outputs agree on the value. */
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
  // Via toFixed so 0.1 steps do not come back as 0.30000000000000004; -0 is written 0 (MEDIA-048).
  const rounded = Number((Math.round(value / step) * step).toFixed(digits));
  return rounded === 0 ? 0 : rounded;
}

/** Rounds to the stored precision (MEDIA-150); the server does it before rendering. */
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

/** A stored transform: missing or mistyped fields take defaults (MEDIA-143); values trusted as written. */
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

/** MEDIA-153 for one output frame, in mirrored-source pixels. */
export interface FrameGeometry {
  /** Output pixels per source pixel. */
  k: number;
  /** Rotation in radians, clockwise on screen. */
  theta: number;
  /** Half-size of the frame's footprint (its axis-aligned box) in source pixels. */
  ax: number;
  ay: number;
  /** The frame centre in the mirrored source, after clamping. */
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

/** The upright-source point shown at output position (u, v) (pixel index + 0.5 for pixel centres). */
export function sourcePointAt(
  source: Size,
  frame: Size,
  t: Transform,
  geometry: FrameGeometry,
  u: number,
  v: number,
): { x: number; y: number } {
  const dx = u - frame.width / 2;
  const dy = v - frame.height / 2;
  const cos = Math.cos(geometry.theta);
  const sin = Math.sin(geometry.theta);
  const mx = geometry.cx + (dx * cos + dy * sin) / geometry.k;
  const my = geometry.cy + (-dx * sin + dy * cos) / geometry.k;
  return {
    x: t.flip_horizontal ? source.width - mx : mx,
    y: t.flip_vertical ? source.height - my : my,
  };
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
 * The matrix that takes an upright source pixel position to the frame, i.e. the inverse of
 * `sourcePointAt`: mirror, move the clamped centre to the origin, rotate clockwise by θ, scale by k,
 * move to the frame centre. Set it on a canvas and draw the picture at (0, 0) at its own size.
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

/** MEDIA-155: the frame would be enlarged from the source (`LOW_RESOLUTION`, "may look blurry"). */
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
 * MEDIA-156 on 8-bit interleaved pixels (sharp's raw buffer or a canvas's `ImageData.data`), in
 * place: brightness, contrast, then saturation, each clamped to [0, 1]; alpha (the channel after the
 * colours) unchanged.
 */
export function adjustColour(pixels: Uint8Array | Uint8ClampedArray, channels: number, t: Transform): void {
  if (!hasColourChange(t)) return;
  // Brightness and contrast act on each channel alone: one 256-entry table (values kept unrounded).
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
 * MEDIA-100's slug steps (also MEDIA-022's business tags, with their own limit): NFKD without marks,
 * lower case, apostrophes dropped ("Daniel's" → `daniels`), every other run of non-alphanumerics one
 * hyphen, trimmed, cut to `limit`.
 */
export function slugify(name: string, limit: number): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, limit)
    .replace(/-+$/, '');
}

export const IMAGE_SLUG_MAX = 60;

/**
 * An image's slug before the `-2`, `-3` … of a taken one (MEDIA-100/102): `image` when nothing is
 * left. The dashboard shows it as "Will be saved as"; the server decides the final slug.
 */
export function imageSlug(name: string): string {
  return slugify(name, IMAGE_SLUG_MAX) || 'image';
}

/**
 * `GET /api/photos/config` (MEDIA-260, MEDIA-110). Image types and sizes are arrays, because their
 * order is the config file's order (the UI's tab order, MEDIA-082) and JSON objects do not keep the
 * order of integer-like keys such as "600".
 */
export interface PhotosConfigSize {
  tag: string;
  width: number;
  height: number;
}

export interface PhotosConfigType {
  key: string;
  label: string;
  max_images: number;
  requires_service: string | null;
  max_images_without_service: number;
  primary_size: string;
  sizes: PhotosConfigSize[];
}

export interface PhotosConfig {
  config_version: string;
  max_upload_size_mb: number;
  max_upload_bytes: number;
  accepted_formats: string[];
  image_types: PhotosConfigType[];
}

/** The owner-facing shape of an image (MEDIA-260 list rows, the edit replies). */
export interface PhotoView {
  slug: string;
  image_type: string;
  name: string;
  source_width: number;
  source_height: number;
  uploaded_by: string;
  uploaded_at: string;
  updated_at: string;
  transform: Transform;
  shown: boolean;
  /** Size tag → URL with `?v={updated_at as Unix seconds}` (MEDIA-243); only outputs that exist. */
  urls: Record<string, string>;
}

/** The upload reply (MEDIA-117): the image plus warnings such as `NAME_CHANGED`, `LOW_RESOLUTION`. */
export interface PhotoUploaded extends PhotoView {
  warnings: string[];
}

export interface PhotoTypeView {
  image_type: string;
  label: string;
  count: number;
  effective_limit: number;
  requires_service: string | null;
  service_active: boolean | null;
  images: PhotoView[];
}
