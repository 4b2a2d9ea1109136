import {
  adjustColour,
  frameGeometry,
  type FrameGeometry,
  type Size,
  type Transform,
} from '@tafuta/contracts/photos';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../http/errors.js';
import type { MediaSize, PipelineConfig, SourceFormat } from './pipeline-config.js';

/**
 * Source checks and rendering (media.md §6.3 rows 10–12, §8). One decode per image: the upright source
 * (EXIF orientation applied, mirrored) is cut to the region every size needs and shrunk once to a
 * little above the largest output scale; each size is then resampled from that small base, rotated and
 * cropped by sampling the MEDIA-153 mapping directly, colour-adjusted (MEDIA-156) and encoded as WebP.
 */

// No libvips operation cache: each image is decoded once, and a process must stay well under PM2's
// 500 MB restart threshold (MEDIA-331).
sharp.cache(false);

const MIME_FORMAT: Record<string, SourceFormat> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

export const CONTENT_TYPE: Record<SourceFormat, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
};

export interface SourceInfo {
  format: SourceFormat;
  /** After EXIF orientation (MEDIA-141). */
  width: number;
  height: number;
  hasAlpha: boolean;
}

const invalidImage = (cause?: unknown) =>
  new AppError('INVALID_IMAGE', 'The photo could not be read. Try another photo.', { field: 'file', cause });

/**
 * Rows 10–12 of MEDIA-113 from the bytes alone: the signature (never the client's name or type), then
 * the header's dimensions, checked before anything is decoded so a "decompression bomb" (huge
 * dimensions in a tiny file) is refused without allocating its pixels.
 */
export async function inspectSource(bytes: Buffer, config: PipelineConfig): Promise<SourceInfo> {
  const detected = bytes.length === 0 ? undefined : await fileTypeFromBuffer(bytes);
  const format = detected ? MIME_FORMAT[detected.mime] : undefined;
  if (!format || !config.acceptedFormats.has(format)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Use a JPG, PNG, GIF or WebP photo.', { field: 'file' });
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw invalidImage(error);
  }
  if (!meta.width || !meta.height) throw invalidImage();
  const quarterTurn = (meta.orientation ?? 1) >= 5;
  const width = quarterTurn ? meta.height : meta.width;
  const height = quarterTurn ? meta.width : meta.height;
  if (width * height > config.maxSourcePixels || width < config.minSourcePx || height < config.minSourcePx) {
    throw new AppError(
      'IMAGE_DIMENSIONS_INVALID',
      `The photo must be at least ${config.minSourcePx} px on each side and at most ${config.maxSourcePixels / 1e6} megapixels`,
      { field: 'file', extra: { width, height } },
    );
  }
  return { format, width, height, hasAlpha: meta.hasAlpha };
}

/** A little above the largest output scale, so the final resampling still shrinks (sharper than 1:1). */
const OVERSAMPLE = 1.5;

interface Base {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
  /** Mirrored-source coordinates of the base's top-left corner, and base pixels per source pixel. */
  originX: number;
  originY: number;
  scaleX: number;
  scaleY: number;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The union of every frame's footprint, in mirrored-source pixels, with a margin for the filters. */
function neededRegion(source: Size, frames: FrameGeometry[]): Box {
  const box: Box = { x0: source.width, y0: source.height, x1: 0, y1: 0 };
  for (const f of frames) {
    const margin = 3 / Math.min(f.k, 1) + 2;
    box.x0 = Math.min(box.x0, f.cx - f.ax - margin);
    box.y0 = Math.min(box.y0, f.cy - f.ay - margin);
    box.x1 = Math.max(box.x1, f.cx + f.ax + margin);
    box.y1 = Math.max(box.y1, f.cy + f.ay + margin);
  }
  return {
    x0: Math.max(0, Math.floor(box.x0)),
    y0: Math.max(0, Math.floor(box.y0)),
    x1: Math.min(source.width, Math.ceil(box.x1)),
    y1: Math.min(source.height, Math.ceil(box.y1)),
  };
}

async function decodeBase(
  bytes: Buffer,
  info: SourceInfo,
  t: Transform,
  frames: FrameGeometry[],
  maxPixels: number,
): Promise<Base> {
  const region = neededRegion(info, frames);
  const regionW = region.x1 - region.x0;
  const regionH = region.y1 - region.y0;
  const kMax = Math.max(...frames.map((f) => f.k));
  const scale = Math.min(1, kMax * OVERSAMPLE);
  // The region is in mirrored coordinates; the source is cut before it is mirrored.
  const left = t.flip_horizontal ? info.width - region.x1 : region.x0;
  const top = t.flip_vertical ? info.height - region.y1 : region.y0;
  const width = Math.max(1, Math.round(regionW * scale));
  const height = Math.max(1, Math.round(regionH * scale));
  let pipeline = sharp(bytes, { limitInputPixels: maxPixels, sequentialRead: true, failOn: 'error' })
    .rotate()
    .toColourspace('srgb');
  const whole = regionW === info.width && regionH === info.height;
  // A whole-picture resize lets libjpeg shrink while decoding; a cut region is decoded then shrunk.
  if (!whole) pipeline = pipeline.extract({ left, top, width: regionW, height: regionH });
  pipeline = pipeline.flip(t.flip_vertical).flop(t.flip_horizontal);
  if (width !== regionW || height !== regionH) {
    pipeline = pipeline.resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  }
  pipeline = info.hasAlpha ? pipeline.ensureAlpha() : pipeline.removeAlpha();
  const { data, info: out } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return {
    data,
    width: out.width,
    height: out.height,
    channels: out.channels === 4 ? 4 : 3,
    originX: region.x0,
    originY: region.y0,
    scaleX: out.width / regionW,
    scaleY: out.height / regionH,
  };
}

/** Bilinear sample of an interleaved buffer at a continuous position (pixel centres at i + 0.5). */
function sampleInto(
  out: Buffer,
  offset: number,
  src: Buffer,
  width: number,
  height: number,
  channels: number,
  x: number,
  y: number,
): void {
  const fx = Math.min(Math.max(x - 0.5, 0), width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), height - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const wx = fx - x0;
  const wy = fy - y0;
  const a = (y0 * width + x0) * channels;
  const b = (y0 * width + x1) * channels;
  const c = (y1 * width + x0) * channels;
  const d = (y1 * width + x1) * channels;
  for (let ch = 0; ch < channels; ch += 1) {
    const top = src[a + ch]! + (src[b + ch]! - src[a + ch]!) * wx;
    const bottom = src[c + ch]! + (src[d + ch]! - src[c + ch]!) * wx;
    out[offset + ch] = Math.round(top + (bottom - top) * wy);
  }
}

async function renderSize(base: Base, size: MediaSize, f: FrameGeometry, t: Transform, quality: number) {
  const { width: w, height: h } = size;
  // The footprint in base pixels, cut with a margin and resampled to the output scale by libvips.
  const kx = f.k / base.scaleX;
  const ky = f.k / base.scaleY;
  const bcx = (f.cx - base.originX) * base.scaleX;
  const bcy = (f.cy - base.originY) * base.scaleY;
  const margin = 3 / Math.min(kx, 1) + 2;
  const left = Math.max(0, Math.floor(bcx - f.ax * base.scaleX - margin));
  const top = Math.max(0, Math.floor(bcy - f.ay * base.scaleY - margin));
  const right = Math.min(base.width, Math.ceil(bcx + f.ax * base.scaleX + margin));
  const bottom = Math.min(base.height, Math.ceil(bcy + f.ay * base.scaleY + margin));
  const cutW = Math.max(1, right - left);
  const cutH = Math.max(1, bottom - top);
  const scaledW = Math.max(1, Math.round(cutW * kx));
  const scaledH = Math.max(1, Math.round(cutH * ky));
  const raw = { width: base.width, height: base.height, channels: base.channels };
  let cut = sharp(base.data, { raw }).extract({ left, top, width: cutW, height: cutH });
  if (scaledW !== cutW || scaledH !== cutH) {
    cut = cut.resize(scaledW, scaledH, { fit: 'fill', kernel: 'lanczos3' });
  }
  const scaled = await cut.raw().toBuffer();
  const sx = scaledW / cutW;
  const sy = scaledH / cutH;
  const pcx = (bcx - left) * sx;
  const pcy = (bcy - top) * sy;

  // MEDIA-153 at output scale: output pixel (u, v) shows the scaled point centre + R(θ)ᵀ·(u − w/2, v − h/2).
  const channels = base.channels;
  const out = Buffer.alloc(w * h * channels);
  const cos = Math.cos(f.theta);
  const sin = Math.sin(f.theta);
  const ratioX = sx / kx;
  const ratioY = sy / ky;
  for (let v = 0; v < h; v += 1) {
    const dy = v + 0.5 - h / 2;
    for (let u = 0; u < w; u += 1) {
      const dx = u + 0.5 - w / 2;
      const x = pcx + (dx * cos + dy * sin) * ratioX;
      const y = pcy + (-dx * sin + dy * cos) * ratioY;
      sampleInto(out, (v * w + u) * channels, scaled, scaledW, scaledH, channels, x, y);
    }
  }
  adjustColour(out, channels, t);
  return sharp(out, { raw: { width: w, height: h, channels } })
    .webp({ quality, alphaQuality: 100, effort: 4 })
    .toBuffer();
}

/**
 * Every size of a type, as WebP buffers keyed by size tag. Metadata never reaches the outputs: they are
 * encoded from raw pixels. Decoding failures (truncated or corrupt files) are `422 INVALID_IMAGE`.
 */
export async function renderOutputs(input: {
  bytes: Buffer;
  info: SourceInfo;
  transform: Transform;
  sizes: readonly MediaSize[];
  quality: number;
  maxPixels: number;
}): Promise<Map<string, Buffer>> {
  const { info, transform: t, sizes } = input;
  const frames = sizes.map((size) => frameGeometry(info, size, t));
  let base: Base;
  try {
    base = await decodeBase(input.bytes, info, t, frames, input.maxPixels);
  } catch (error) {
    throw invalidImage(error);
  }
  const outputs = new Map<string, Buffer>();
  for (const [index, size] of sizes.entries()) {
    outputs.set(size.tag, await renderSize(base, size, frames[index]!, t, input.quality));
  }
  return outputs;
}
