import fs from 'node:fs/promises';
import path from 'node:path';
import type { PhotosConfig } from '@tafuta/contracts/photos';
import { AppError } from '../../http/errors.js';
import { MediaConfigUnavailableError } from './app-config.js';
import type { BusinessAction } from '../auth/permissions.js';
import type { BusinessActor } from '../businesses/businesses.service.js';
import { configSnapshot, type MediaDeps } from './media.deps.js';
import { appendSlug, mediaOf } from './media-content.js';
import { cleanImageName, imageTypeField, tooLarge, transformField, uploadedFile } from './media.input.js';
import { access, logOperation, mediaActor, notFound, underLock, updateReferences } from './media-ops.js';
import { serviceActive } from './media.repo.js';
import { effectiveLimit, listView, photoView } from './media.view.js';
import type { MediaType, PipelineConfig } from './pipeline-config.js';
import { countImages, publishNewImage, renderImage } from './pipeline.js';
import { CONTENT_TYPE, inspectSource } from './render.js';
import { photosConfigView } from './photos-config.js';
import { findImage } from './spec-file.js';
import { businessFolder, hasFreeSpace, storageFull } from './storage.js';

/**
 * Business photos (media.md §6, §13, §14): upload, list and the original for the editor; routes only parse
 * and answer. Changes to existing photos are in media-edit.service.ts.
 */

const MULTIPART_OVERHEAD = 1_048_576;

async function effectiveLimitFor(deps: MediaDeps, businessId: string, type: MediaType): Promise<number> {
  const active = type.requiresService ? await serviceActive(deps.db, businessId, type.requiresService) : null;
  return effectiveLimit(type, active);
}

const maxImagesReached = (type: MediaType, limit: number) =>
  new AppError(
    'MAX_IMAGES_REACHED',
    `${type.label}: limit reached (${limit} of ${limit}). Delete a photo to add another.`,
    {
      extra: { limit, ...(type.requiresService ? { requires_service: type.requiresService } : {}) },
    },
  );

/**
 * MEDIA-113 rows 1–6, before the body is read: who, which business, config, disk, declared length.
 * Returns the limit the body parser enforces (row 9).
 */
export async function uploadPreflight(
  deps: MediaDeps,
  actor: BusinessActor,
  businessId: string,
  action: BusinessAction,
  contentLength: number | undefined,
): Promise<{ config: PipelineConfig }> {
  await access(deps, actor, businessId, action);
  const config = configSnapshot(deps);
  if (!(await (deps.hasFreeSpace ?? hasFreeSpace)(deps.mediaPath))) throw storageFull();
  if (contentLength !== undefined && contentLength > config.maxUploadBytes + MULTIPART_OVERHEAD) {
    throw tooLarge(config);
  }
  return { config };
}

export interface UploadInput {
  image_type?: unknown;
  image_name?: unknown;
  transform?: unknown;
  file: Buffer | undefined;
}

/** MEDIA-113 rows 7–13 and MEDIA-116. */
export async function uploadPhoto(
  deps: MediaDeps,
  actor: BusinessActor,
  businessId: string,
  input: UploadInput,
) {
  const { asStaff, business } = await access(deps, actor, businessId, 'business.upload_image');
  const config = configSnapshot(deps);
  const type = imageTypeField(config, input.image_type);
  const name = cleanImageName(input.image_name);
  const transform = transformField(input.transform);
  const bytes = uploadedFile(input.file, config);
  const info = await inspectSource(bytes, config);
  const limit = await effectiveLimitFor(deps, businessId, type);
  // A cheap look first, so a full type is refused before the expensive render; the rule is checked below.
  const early = await businessFolder(deps.mediaPath, business, deps.logger);
  if ((await countImages(early, type.key)) >= limit) throw maxImagesReached(type, limit);
  const rendered = await deps.slot.run(() => renderImage(bytes, type, transform, config, info));
  const started = performance.now();
  const result = await underLock(deps, businessId, async (folder) => {
    // Row 13 under the lock: two uploads racing for the last slot cannot both pass.
    if ((await countImages(folder, type.key)) >= limit) throw maxImagesReached(type, limit);
    const published = await publishNewImage({
      folder,
      type,
      name,
      bytes,
      rendered,
      actorId: actor.userId,
      io: deps.io,
    });
    await updateReferences(deps, businessId, mediaActor(actor, asStaff), {
      edit: appendSlug(type.key, published.slug),
      summary: `Added image: ${name}`,
      auditAction: 'media_upload',
      auditValue: { image_type: type.key, slug: published.slug },
    });
    const view = await photoView({
      folder,
      mediaBaseUrl: deps.mediaBaseUrl,
      type,
      image: { slug: published.slug, spec: published.spec },
      shown: true,
    });
    return { view, published };
  });
  logOperation(deps, 'upload', businessId, type.key, result.view.slug, started, bytes.length);
  const warnings = [
    ...(result.published.nameChanged ? ['NAME_CHANGED'] : []),
    ...(rendered.lowResolution ? ['LOW_RESOLUTION'] : []),
  ];
  return { ...result.view, warnings };
}

/** MEDIA-260 list for the photo manager. */
export async function listPhotos(deps: MediaDeps, actor: BusinessActor, businessId: string) {
  const { business } = await access(deps, actor, businessId, 'business.view_private');
  const config = configSnapshot(deps);
  const folder = await businessFolder(deps.mediaPath, business, deps.logger);
  return listView({
    folder,
    mediaBaseUrl: deps.mediaBaseUrl,
    config,
    refs: mediaOf(business.content_json),
    serviceActive: (serviceType) => serviceActive(deps.db, businessId, serviceType),
    logger: deps.logger,
  });
}

/** MEDIA-264: the original for the editor, private. */
export async function readSource(deps: MediaDeps, actor: BusinessActor, businessId: string, slug: string) {
  const { business } = await access(deps, actor, businessId, 'business.view_private');
  const folder = await businessFolder(deps.mediaPath, business, deps.logger);
  const image = await findImage(folder, slug, deps.logger);
  if (!image) throw notFound();
  const bytes = await fs.readFile(path.join(folder, image.spec.source)).catch(() => null);
  if (!bytes) throw new AppError('SOURCE_MISSING', 'The original photo is missing. Replace the photo.');
  return { bytes, contentType: CONTENT_TYPE[image.spec.source_format] };
}

/** MEDIA-260 `GET /api/photos/config`: public; 503 MEDIA_CONFIG_UNAVAILABLE until a valid file loads. */
export function photosConfig(deps: Pick<MediaDeps, 'mediaConfig'>): PhotosConfig {
  const loaded = deps.mediaConfig.peek();
  if (!loaded) throw new MediaConfigUnavailableError();
  return photosConfigView(loaded);
}
