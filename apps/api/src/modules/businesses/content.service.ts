import { sql, type Transaction } from 'kysely';
import type { BusinessContent, UpdateBusinessBody } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { AppError, invalidInput } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { assertAddedMediaExists } from '../media/media-references.js';
import { activeOwnerIds, businessForActor, type BusinessRow } from './access.js';
import { writeContent } from './business.repo.js';
import { privateView } from './business.view.js';
import {
  notifySubmitted,
  overviewLink,
  type BusinessActor,
  type BusinessDeps,
} from './businesses.service.js';
import {
  deepMerge,
  describeChanges,
  refuseServerKeys,
  restoreKeepingMedia,
  stamp,
  validateContent,
  withNote,
} from './content-document.js';
import { editorOf, latestEditor } from './history.js';

/** Saving content (UI-CJ-09, ERRATA 16) and restoring an earlier version (EP-BIZ-23, UI-HIST-05/06). */

type Trx = Transaction<Database>;

const reasonRequired = (field: string, what: string) =>
  new AppError('INVALID_INPUT', `Staff must give ${what}`, {
    field,
    details: [{ field, code: 'required' }],
  });

/** UI-SAVE-04: someone saved since the editor loaded; who and when, so the dialog can say so. */
async function staleVersion(trx: Trx, business: BusinessRow, viewerIsStaff: boolean): Promise<AppError> {
  const editor = await latestEditor(trx, business.business_id, business.content_version);
  return new AppError('CONFLICT', 'Someone saved a newer version since you opened this', {
    extra: {
      current_version: business.content_version,
      updated_at: isoSeconds(business.content_updated_at),
      updated_by: editor ? editorOf(editor, viewerIsStaff) : { user_id: null, name: 'System' },
    },
  });
}

/**
 * ADM-101/102: an owner's save of a business that was sent back (`changes_requested`) resubmits it with
 * a new `submitted_at`; a save while awaiting review leaves the submission time alone.
 */
async function resubmitIfSentBack(
  trx: Trx,
  deps: BusinessDeps,
  business: BusinessRow,
  asStaff: boolean,
): Promise<BusinessRow> {
  if (asStaff || business.status !== 'pending' || business.review_state !== 'changes_requested')
    return business;
  const updated = await trx
    .updateTable('businesses')
    .set({ review_state: 'awaiting_review', submitted_at: sql<Date>`now()` })
    .where('business_id', '=', business.business_id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await notifySubmitted(trx, deps, updated);
  return updated;
}

function audit(
  actor: BusinessActor,
  business: BusinessRow,
  input: { action: string; reason: string; oldValue: unknown; newValue: unknown },
) {
  return {
    actorId: actor.userId,
    actorRole: actor.staffRole,
    action: input.action,
    entityType: 'business',
    entityId: business.business_id,
    entityLabel: business.business_name,
    oldValue: input.oldValue,
    newValue: input.newValue,
    reason: input.reason,
    ip: actor.ip,
    requestId: actor.requestId,
  };
}

/**
 * UI-CJ-09: the partial document is merged into the current one and the result validated; a stale
 * `base_version` is refused unless `force` (UI-SAVE-04), and either way the earlier version stays in
 * history. Staff saves are `admin_edit`, need a note and are audited (ADM-156).
 */
export async function updateContent(
  deps: BusinessDeps & Pick<DirectoryDeps, 'mediaPath'>,
  actor: BusinessActor,
  businessId: string,
  body: UpdateBusinessBody,
) {
  refuseServerKeys(body.content);
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const { business, actorRole, asStaff } = await businessForActor(trx, {
      actor,
      businessId,
      action: 'business.edit_content',
      forUpdate: true,
      logger: deps.logger,
    });
    if (asStaff && !body.change_note) throw reasonRequired('change_note', 'a change note');
    if (body.base_version !== business.content_version && body.force !== true) {
      throw await staleVersion(trx, business, actor.staffRole !== null);
    }
    const current = business.content_json;
    const content = validateContent(
      stamp(deepMerge(current, body.content), { userId: actor.userId, type: asStaff ? 'admin' : 'owner' }),
    );
    if (body.content.media !== undefined && deps.mediaPath !== undefined) {
      // MEDIA-221: photos are shown, hidden and reordered here, but only existing ones can be added.
      await assertAddedMediaExists(deps.mediaPath, business, current, content);
    }
    let updated = await writeContent(trx, {
      business,
      content,
      changedBy: actor.userId,
      changeType: asStaff ? 'admin_edit' : 'owner_edit',
      changeSummary: withNote(describeChanges(current, content), body.change_note),
    });
    updated = await resubmitIfSentBack(trx, deps, updated, asStaff);
    if (asStaff) {
      await writeAuditInTransaction(
        trx,
        audit(actor, updated, {
          action: 'business_edited',
          reason: body.change_note!,
          oldValue: { content_version: business.content_version },
          newValue: { content_version: updated.content_version },
        }),
      );
    }
    return { business: updated, actorRole };
  });
  deps.notifier.nudge();
  deps.events.listingsChanged();
  return {
    business: await privateView(deps.db, outcome.business, outcome.actorRole),
    content_version: outcome.business.content_version,
  };
}

/**
 * EP-BIZ-23 (ERRATA 16, UI-HIST-05/06, ADM-159): the chosen version's content becomes a new version
 * (`rollback`, "Restored version N"); today's photos stay. A staff restore needs a reason, is audited
 * and every owner is told.
 */
export async function rollbackContent(
  deps: BusinessDeps,
  actor: BusinessActor,
  businessId: string,
  body: { version: number; reason?: string; base_version?: number },
) {
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const { business, asStaff } = await businessForActor(trx, {
      actor,
      businessId,
      action: 'business.rollback',
      forUpdate: true,
      logger: deps.logger,
    });
    if (asStaff && !body.reason) throw reasonRequired('reason', 'a reason');
    if (body.base_version !== undefined && body.base_version !== business.content_version) {
      throw await staleVersion(trx, business, actor.staffRole !== null);
    }
    if (body.version === business.content_version) {
      throw new AppError('CONFLICT', `Version ${body.version} is already the current version`);
    }
    const chosen = await trx
      .selectFrom('business_content_history')
      .select('content_json')
      .where('business_id', '=', businessId)
      .where('content_version', '=', body.version)
      .executeTakeFirst();
    if (!chosen)
      throw invalidInput(`There is no version ${body.version}`, [{ field: 'version', code: 'out_of_range' }]);
    const content: BusinessContent = validateContent(
      stamp(restoreKeepingMedia(chosen.content_json, business.content_json), {
        userId: actor.userId,
        type: asStaff ? 'admin' : 'owner',
      }),
    );
    let updated = await writeContent(trx, {
      business,
      content,
      changedBy: actor.userId,
      changeType: 'rollback',
      changeSummary: withNote(`Restored version ${body.version}`, body.reason),
      restoredFromVersion: body.version,
    });
    updated = await resubmitIfSentBack(trx, deps, updated, asStaff);
    if (asStaff) {
      await writeAuditInTransaction(
        trx,
        audit(actor, updated, {
          action: 'content_rollback',
          reason: body.reason!,
          oldValue: { content_version: business.content_version },
          newValue: { content_version: updated.content_version, restored_from_version: body.version },
        }),
      );
      for (const userId of await activeOwnerIds(trx, businessId)) {
        await deps.notifier.enqueue(trx, {
          userId,
          templateKey: 'content_rolled_back',
          variables: { business_name: updated.business_name, reason: body.reason! },
          link: `${overviewLink(businessId)}/history`,
        });
      }
    }
    return updated;
  });
  deps.notifier.nudge();
  deps.events.listingsChanged();
  return { content_version: outcome.content_version, restored_from_version: body.version };
}
