import { AppError, invalidInput } from '../../http/errors.js';
import { writeAudit } from '../../lib/audit.js';
import type { BusinessAction } from '../auth/permissions.js';
import { businessForActor } from '../businesses/access.js';
import type { BusinessActor } from '../businesses/businesses.service.js';
import { withMediaLock } from './lock.js';
import type { MediaDeps } from './media.deps.js';
import { applyMediaChange, type MediaActor } from './media-content.js';
import { businessForMedia } from './media.repo.js';
import { typeOf, type PipelineConfig } from './pipeline-config.js';
import { findImage, SPEC_VERSION, type StoredImage } from './spec-file.js';
import { businessFolder } from './storage.js';

/**
 * What every media operation shares (media.md §9, §10, §13, §14): access, the business lock, cache
 * invalidation after a write, reference updates, operation logs and staff audit rows.
 */

export const notFound = () => new AppError('NOT_FOUND', 'No such photo');

export async function access(
  deps: MediaDeps,
  actor: BusinessActor,
  businessId: string,
  action: BusinessAction,
) {
  const granted = await businessForActor(deps.db, { actor, businessId, action, logger: deps.logger });
  // MEDIA-252: a deleted business has no live media (its folder is archived).
  if (granted.business.status === 'deleted') throw new AppError('NOT_FOUND', 'No such business');
  return granted;
}

export const mediaActor = (actor: BusinessActor, asStaff: boolean): MediaActor => ({ ...actor, asStaff });

type LockedBusiness = NonNullable<Awaited<ReturnType<typeof businessForMedia>>>;

/**
 * Runs `work` under the business media lock with the business as it is now and its folder. Whatever
 * `work` did to the files, this process's URL listing of the business is dropped afterwards (MEDIA-224).
 */
export async function underLock<T>(
  deps: MediaDeps,
  businessId: string,
  work: (folder: string, business: LockedBusiness) => Promise<T>,
): Promise<T> {
  try {
    return await withMediaLock(
      deps.db,
      businessId,
      async (trx) => {
        const business = await businessForMedia(trx, businessId);
        if (!business || business.status === 'deleted') throw new AppError('NOT_FOUND', 'No such business');
        return work(await businessFolder(deps.mediaPath, business, deps.logger), business);
      },
      deps.lockWaitMs,
    );
  } finally {
    deps.urls?.invalidate(businessId);
  }
}

/**
 * After files (and references) changed: the URL listing first, then the cached search replies, so a
 * reply computed after this sees the new outputs at once (MEDIA-224: "dropped by the process that
 * performs a write").
 */
export function mediaChanged(deps: MediaDeps, businessId: string): void {
  deps.urls?.invalidate(businessId);
  deps.onListingChanged?.();
}

/** MEDIA-116 step 6 / MEDIA-205: the files are committed; a failed reference update leaves the image hidden. */
export async function updateReferences(
  deps: MediaDeps,
  businessId: string,
  actor: MediaActor,
  change: Parameters<typeof applyMediaChange>[3],
): Promise<void> {
  try {
    await applyMediaChange(deps, businessId, actor, change);
  } catch (error) {
    deps.logger.error('Photo saved but its website reference could not be updated', {
      err: error,
      business_id: businessId,
    });
  }
  mediaChanged(deps, businessId);
}

export function logOperation(
  deps: MediaDeps,
  operation: string,
  businessId: string,
  type: string,
  slug: string,
  started: number,
  bytes?: number,
) {
  // MEDIA-332: ids, type, slug, operation, duration, bytes; nothing personal.
  deps.logger.info('Media operation', {
    operation,
    business_id: businessId,
    image_type: type,
    slug,
    duration_ms: Math.round(performance.now() - started),
    ...(bytes === undefined ? {} : { bytes }),
  });
}

/** The image and its configured type, or 404 (a type removed from the config is no longer editable). */
export async function existingImage(
  deps: MediaDeps,
  folder: string,
  slug: string,
  config: PipelineConfig,
  imageType?: unknown,
) {
  const image = await findImage(folder, slug, deps.logger);
  const type = image ? typeOf(config, image.spec.type) : undefined;
  if (!image || !type) throw notFound();
  if (imageType !== undefined && imageType !== type.key) {
    throw invalidInput('image_type does not match the photo', [
      { field: 'image_type', code: 'invalid_format' },
    ]);
  }
  return { image, type };
}

export function assertEditable(deps: MediaDeps, image: StoredImage): void {
  if (image.spec.spec_version > SPEC_VERSION) {
    deps.logger.error('Transform spec is newer than this server supports', { slug: image.slug });
    throw invalidInput('This photo was saved by a newer version and cannot be edited here');
  }
}

/** Staff changes that touch no reference still leave an audit row (MEDIA-263); members are logged only. */
export async function auditOnly(
  deps: MediaDeps,
  actor: BusinessActor,
  asStaff: boolean,
  businessId: string,
  label: string,
  action: string,
  value: Record<string, unknown>,
) {
  if (!asStaff) return;
  await writeAudit(deps.db, deps.logger, {
    actorId: actor.userId,
    actorRole: actor.staffRole,
    action,
    entityType: 'business',
    entityId: businessId,
    entityLabel: label,
    newValue: value,
    reason: null,
    ip: actor.ip,
    requestId: actor.requestId,
  });
}
