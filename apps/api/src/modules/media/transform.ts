import { z } from 'zod';
import { AppError } from '../../http/errors.js';

/**
 * The transform model of media.md §8 as plain maths: the nine parameters (MEDIA-150), the framing
 * geometry (MEDIA-153) and the colour steps (MEDIA-156). No image library here, so the browser preview
 * can share it and the unit tests can check it against worked examples.
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

const finite = (min: number, max: number) => z.number().finite().min(min).max(max);

/** A partial transform as a client sends it; unknown keys and out-of-range values are refused. */
export const transformInput = z.strictObject({
  zoom: finite(1, 5).optional(),
  focus_x: finite(0, 1).optional(),
  focus_y: finite(0, 1).optional(),
  rotation: finite(-180, 180).optional(),
  flip_horizontal: z.boolean().optional(),
  flip_vertical: z.boolean().optional(),
  brightness: finite(-1, 1).optional(),
  contrast: finite(-1, 1).optional(),
  saturation: finite(-1, 1).optional(),
});
export type TransformInput = z.infer<typeof transformInput>;

function roundTo(value: number, step: number): number {
  const digits = Math.round(-Math.log10(step));
  // Via toFixed so 0.1 steps do not come back as 0.30000000000000004; -0 is written 0 (MEDIA-048).
  const rounded = Number((Math.round(value / step) * step).toFixed(digits));
  return rounded === 0 ? 0 : rounded;
}

/**
 * MEDIA-150: validates a transform (missing keys take defaults) and rounds it to the stored precision.
 * Never clamps: a bad value is `400 INVALID_TRANSFORM` naming the field.
 */
export function parseTransform(value: unknown): Transform {
  const parsed = transformInput.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field =
      issue?.code === 'unrecognized_keys'
        ? `transform.${issue.keys[0] ?? ''}`
        : ['transform', ...(issue?.path ?? []).map(String)].join('.');
    throw new AppError('INVALID_TRANSFORM', `${field}: ${issue?.message ?? 'invalid'}`, {
      field,
      details: [
        {
          field,
          code:
            issue?.code === 'unrecognized_keys'
              ? 'not_allowed'
              : issue?.code === 'too_big' || issue?.code === 'too_small'
                ? 'out_of_range'
                : 'invalid_format',
        },
      ],
    });
  }
  return normaliseTransform({ ...DEFAULT_TRANSFORM, ...parsed.data });
}

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

/** A stored spec's transform: missing fields take defaults (MEDIA-143); values are trusted as written. */
export function transformFromSpec(value: unknown): Transform {
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
  const k0 = Math.max((w * C + h * S) / W, (w * S + h * C) / H);
  const k = k0 * t.zoom;
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

/** MEDIA-155: the primary size would be enlarged (`LOW_RESOLUTION` warning). */
export function enlarges(source: Size, frame: Size, t: Transform): boolean {
  return frameGeometry(source, frame, t).k > 1 + 1e-9;
}

const clamp01 = (c: number) => (c < 0 ? 0 : c > 1 ? 1 : c);

export function hasColourChange(t: Transform): boolean {
  return t.brightness !== 0 || t.contrast !== 0 || t.saturation !== 0;
}

/**
 * MEDIA-156 on 8-bit interleaved pixels, in place: brightness, contrast, then saturation, each clamped
 * to [0, 1]; alpha (the 4th channel when `channels` is 4) unchanged.
 */
export function adjustColour(pixels: Uint8Array, channels: number, t: Transform): void {
  if (!hasColourChange(t)) return;
  // Brightness and contrast act on each channel alone: one 256-entry table (values kept unrounded).
  const table = new Float64Array(256);
  for (let i = 0; i < 256; i += 1) {
    const bright = clamp01((i / 255) * (1 + t.brightness));
    table[i] = clamp01((bright - 0.5) * (1 + t.contrast) + 0.5);
  }
  const s = 1 + t.saturation;
  const colourChannels = Math.min(3, channels);
  for (let p = 0; p < pixels.length; p += channels) {
    if (colourChannels < 3) {
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
