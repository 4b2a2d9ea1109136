import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { enlarges, IMAGE_SLUG_MAX, imageSlug, type Transform } from '@tafuta/contracts/photos';
import { isoSeconds } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import type { MediaType, PipelineConfig } from './pipeline-config.js';
import { inspectSource, renderOutputs, type SourceInfo } from './render.js';
import { findImage, outputsOf, SPEC_VERSION, typeFolders, writeSpec, type ImageSpec } from './spec-file.js';
import { defaultIo, isDiskFull, MediaOperation, storageFull, type MediaIo } from './storage.js';

/**
 * The file side of every image change (media.md §6.4, §9, §10): render, stage, commit through the
 * journal. Callers hold the business's media lock around the `publish*` functions; rendering needs no
 * lock and happens before it is taken, inside a processing slot.
 */

export interface RenderedImage {
  info: SourceInfo;
  transform: Transform;
  outputs: Map<string, Buffer>;
  lowResolution: boolean;
}

/** Rows 10–12 of MEDIA-113 and the renders of every size of `type` (MEDIA-116 step 3). */
export async function renderImage(
  bytes: Buffer,
  type: MediaType,
  transform: Transform,
  config: PipelineConfig,
  known?: SourceInfo,
): Promise<RenderedImage> {
  const info = known ?? (await inspectSource(bytes, config));
  const outputs = await renderOutputs({
    bytes,
    info,
    transform,
    sizes: type.sizes,
    quality: config.webpQuality,
    maxPixels: config.maxSourcePixels,
  });
  return { info, transform, outputs, lowResolution: enlarges(info, type.primarySize, transform) };
}

export const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** MEDIA-101: a slug is taken by a spec in any type folder or a source of any extension in the root. */
async function slugTaken(folder: string, slug: string): Promise<boolean> {
  const root = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  if (root.some((e) => e.isFile() && !e.name.startsWith('.') && path.parse(e.name).name === slug))
    return true;
  for (const type of await typeFolders(folder)) {
    const names = await fs.readdir(path.join(folder, type)).catch(() => [] as string[]);
    if (names.includes(`${slug}.jfx`)) return true;
  }
  return false;
}

/** MEDIA-100/102: the slug of a display name, with `-2`, `-3` … when taken. */
export async function freeSlug(folder: string, name: string): Promise<{ slug: string; base: string }> {
  const base = imageSlug(name);
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '' : `-${n}`;
    const slug = `${base.slice(0, IMAGE_SLUG_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!(await slugTaken(folder, slug))) return { slug, base };
  }
}

/** Spec images of a type folder (the count of MEDIA-253 includes hidden images). */
export async function countImages(folder: string, type: string): Promise<number> {
  const names = await fs.readdir(path.join(folder, type)).catch(() => [] as string[]);
  return names.filter((name) => !name.startsWith('.') && name.endsWith('.jfx')).length;
}

/** Runs a staged operation: abandons its staged files on failure; a full disk is 507 STORAGE_FULL. */
async function runOperation(op: MediaOperation, stage: () => Promise<void>): Promise<void> {
  try {
    await stage();
  } catch (error) {
    await op.abandon();
    throw isDiskFull(error) ? storageFull(error) : error;
  }
  try {
    await op.commit();
  } catch (error) {
    throw isDiskFull(error) ? storageFull(error) : error;
  }
}

export interface NewImageInput {
  folder: string;
  type: MediaType;
  name: string;
  bytes: Buffer;
  rendered: RenderedImage;
  actorId: string;
  io?: MediaIo;
  now?: Date;
}

/** MEDIA-116 steps 1–5: slug, then source, outputs and spec (last) through one journal. */
export async function publishNewImage(
  input: NewImageInput,
): Promise<{ slug: string; spec: ImageSpec; nameChanged: boolean }> {
  const { folder, type, rendered } = input;
  const { slug, base } = await freeSlug(folder, input.name);
  const at = isoSeconds(input.now ?? new Date());
  const spec: ImageSpec = {
    spec_version: SPEC_VERSION,
    name: input.name,
    type: type.key,
    source: `${slug}.${rendered.info.format}`,
    source_format: rendered.info.format,
    source_width: rendered.info.width,
    source_height: rendered.info.height,
    source_bytes: input.bytes.length,
    source_sha256: sha256(input.bytes),
    uploaded_by: input.actorId,
    uploaded_at: at,
    updated_by: input.actorId,
    updated_at: at,
    transform: rendered.transform,
    extra: {},
  };
  const op = new MediaOperation(folder, 'upload', input.io ?? defaultIo);
  await runOperation(op, async () => {
    await op.stage(spec.source, input.bytes);
    for (const size of type.sizes) {
      await op.stage(`${type.key}/${slug}_${size.tag}.webp`, rendered.outputs.get(size.tag)!);
    }
    await op.stage(`${type.key}/${slug}.jfx`, writeSpec(spec));
  });
  return { slug, spec, nameChanged: slug !== base };
}

/**
 * MEDIA-180/183/186: new outputs (and a new source when replacing) replace the old ones in place; the
 * spec is written last; outputs of size tags no longer configured and a source with another extension
 * are deleted in the same journal.
 */
export async function publishRevision(input: {
  folder: string;
  type: MediaType;
  slug: string;
  spec: ImageSpec;
  outputs: Map<string, Buffer> | null;
  newSource?: Buffer;
  previousSource?: string;
  writeSpecFile: boolean;
  io?: MediaIo;
  operation: string;
}): Promise<void> {
  const { folder, type, slug } = input;
  const op = new MediaOperation(folder, input.operation, input.io ?? defaultIo);
  await runOperation(op, async () => {
    if (input.newSource) await op.stage(input.spec.source, input.newSource);
    if (input.outputs) {
      for (const size of type.sizes) {
        await op.stage(`${type.key}/${slug}_${size.tag}.webp`, input.outputs.get(size.tag)!);
      }
      const current = new Set(type.sizes.map((size) => `${slug}_${size.tag}.webp`));
      for (const name of await outputsOf(folder, type.key, slug)) {
        if (!current.has(name)) op.remove(`${type.key}/${name}`);
      }
    }
    if (input.writeSpecFile) await op.stage(`${type.key}/${slug}.jfx`, writeSpec(input.spec));
    if (input.previousSource && input.previousSource !== input.spec.source) op.remove(input.previousSource);
  });
}

/** MEDIA-184/203: spec first (the image stops existing), then every output, then the source. */
export async function publishDeletion(input: {
  folder: string;
  type: string;
  slug: string;
  source: string;
  io?: MediaIo;
}): Promise<void> {
  const op = new MediaOperation(input.folder, 'delete', input.io ?? defaultIo);
  await runOperation(op, async () => {
    op.remove(`${input.type}/${input.slug}.jfx`);
    for (const name of await outputsOf(input.folder, input.type, input.slug))
      op.remove(`${input.type}/${name}`);
    op.remove(input.source);
  });
}

/** MEDIA-182: the stored original, checked against the spec's hash; missing or changed is SOURCE_MISSING. */
export async function readVerifiedSource(
  folder: string,
  spec: ImageSpec,
  logger: Pick<Logger, 'error'>,
): Promise<Buffer> {
  const bytes = await fs.readFile(path.join(folder, spec.source)).catch(() => null);
  if (!bytes || (spec.source_sha256 && sha256(bytes) !== spec.source_sha256)) {
    logger.error('Media source missing or corrupt', { folder: path.basename(folder), source: spec.source });
    throw new AppError('SOURCE_MISSING', 'The original photo is missing. Replace the photo.');
  }
  return bytes;
}

/**
 * MEDIA-186: every output of one image rebuilt from its source, spec and the current config. Outputs
 * whose bytes are already right are left alone, so a second run changes nothing.
 */
export async function regenerateImage(input: {
  folder: string;
  type: MediaType;
  slug: string;
  config: PipelineConfig;
  logger: Pick<Logger, 'error' | 'warn'>;
  io?: MediaIo;
}): Promise<'regenerated' | 'unchanged'> {
  const { folder, type, slug } = input;
  const found = await findImage(folder, slug, input.logger);
  if (!found || found.spec.type !== type.key) throw new AppError('NOT_FOUND', 'No such image');
  const bytes = await readVerifiedSource(folder, found.spec, input.logger);
  const rendered = await renderImage(bytes, type, found.spec.transform, input.config);
  const changed = new Map<string, Buffer>();
  for (const [tag, data] of rendered.outputs) {
    const current = await fs.readFile(path.join(folder, type.key, `${slug}_${tag}.webp`)).catch(() => null);
    if (!current || !current.equals(data)) changed.set(tag, data);
  }
  const configured = new Set(type.sizes.map((size) => `${slug}_${size.tag}.webp`));
  const stale = (await outputsOf(folder, type.key, slug)).filter((name) => !configured.has(name));
  if (changed.size === 0 && stale.length === 0) return 'unchanged';
  const op = new MediaOperation(folder, 'regenerate', input.io ?? defaultIo);
  await runOperation(op, async () => {
    for (const [tag, data] of changed) await op.stage(`${type.key}/${slug}_${tag}.webp`, data);
    for (const name of stale) op.remove(`${type.key}/${name}`);
  });
  return 'regenerated';
}
