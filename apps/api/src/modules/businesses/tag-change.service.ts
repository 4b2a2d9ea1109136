import fs from 'node:fs/promises';
import path from 'node:path';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { AppError } from '../../http/errors.js';
import { acquireMediaLock } from '../media/lock.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { businessForActor } from './access.js';
import { privateView } from './business.view.js';
import type { BusinessActor } from './businesses.service.js';
import { assertValidTag, isTagClash, tagAvailable, tagTaken } from './tags.js';

/** MEDIA-024..026: changing `business_tag`, which renames the business's media folder. */

export const TAG_CHANGE_WARNING =
  'This changes your Tafuta page link (tafuta.ke/business/…) and your photo links. Old links will stop working.';

type TagDeps = Pick<DirectoryDeps, 'db' | 'logger' | 'events' | 'mediaPath'>;

const folderOf = (mediaPath: string, tag: string, businessId: string) =>
  path.join(mediaPath, `${tag}_${businessId}`);

async function exists(target: string): Promise<boolean> {
  try {
    await fs.stat(target);
    return true;
  } catch {
    return false;
  }
}

/**
 * MEDIA-026: the unique index decides races; the folder is renamed inside the transaction (skipped when
 * the business has no folder yet) and renamed back if the commit fails, so files and database agree.
 */
export async function changeBusinessTag(
  deps: TagDeps,
  actor: BusinessActor,
  businessId: string,
  body: { business_tag: string; confirm?: boolean },
) {
  const newTag = body.business_tag;
  assertValidTag(newTag);
  let moved: { from: string; to: string } | null = null;
  let oldTag = '';
  const result = await deps.db
    .transaction()
    .execute(async (trx) => {
      // MEDIA-026: under the business media lock (taken before the row lock, as media writes do), so
      // no upload is writing into the folder being renamed; busy for 10 s → MEDIA_BUSY.
      await acquireMediaLock(trx, businessId);
      const access = await businessForActor(trx, {
        actor,
        businessId,
        action: 'business.change_tag',
        forUpdate: true,
        logger: deps.logger,
      });
      oldTag = access.business.business_tag;
      if (oldTag === newTag) return access;
      if (!(await tagAvailable(trx, newTag))) throw tagTaken();
      if (body.confirm !== true) {
        throw new AppError('CONFIRMATION_REQUIRED', TAG_CHANGE_WARNING, {
          field: 'confirm',
          extra: { warning: TAG_CHANGE_WARNING },
        });
      }
      const updated = await trx
        .updateTable('businesses')
        .set({ business_tag: newTag })
        .where('business_id', '=', businessId)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (access.asStaff) {
        await writeAuditInTransaction(trx, {
          actorId: actor.userId,
          actorRole: actor.staffRole,
          // The audit log's action names are snake_case only; MEDIA-263's `media.business_tag_change`.
          action: 'media_business_tag_change',
          entityType: 'business',
          entityId: businessId,
          entityLabel: updated.business_name,
          oldValue: { business_tag: oldTag },
          newValue: { business_tag: newTag },
          ip: actor.ip,
          requestId: actor.requestId,
        });
      }
      const from = deps.mediaPath === undefined ? null : folderOf(deps.mediaPath, oldTag, businessId);
      if (from !== null && deps.mediaPath !== undefined && (await exists(from))) {
        const to = folderOf(deps.mediaPath, newTag, businessId);
        await fs.rename(from, to);
        moved = { from, to };
      }
      return { ...access, business: updated };
    })
    .catch(async (error: unknown) => {
      const folder = moved;
      if (folder) {
        await fs.rename(folder.to, folder.from).catch((undo: unknown) =>
          deps.logger.error('Could not rename a media folder back after a failed tag change', {
            err: undo,
            business_id: businessId,
          }),
        );
      }
      if (isTagClash(error)) throw tagTaken();
      throw error;
    });
  if (oldTag !== newTag) {
    // MEDIA-026 step 5 for owners too: the audit log holds staff actions only, so theirs goes here.
    deps.logger.info('Business tag changed', {
      business_id: businessId,
      old_tag: oldTag,
      new_tag: newTag,
      actor_id: actor.userId,
      as_staff: result.asStaff,
    });
    deps.events.listingsChanged();
  }
  return privateView(deps.db, result.business, result.actorRole);
}
