import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../auth/permissions.js';
import { businessForActor } from './access.js';
import type { BusinessDeps } from './businesses.service.js';

/** Reading content and its versions (EP-BIZ-20..22, UI-HIST-01/02). */

type Db = Kysely<Database> | Transaction<Database>;

interface EditorRow {
  changed_by: string | null;
  change_type: string;
  full_name: string | null;
  by_type: string | null;
}

/**
 * UI-HIST-02: who saved a version. Staff saves (marked `admin` in the document's metadata, or staff-only
 * change types) are "Tafuta team" to everyone but staff, and their account is not named; a save with no
 * person is "System".
 */
export function editorOf(row: EditorRow, viewerIsStaff: boolean): { user_id: string | null; name: string } {
  if (row.changed_by === null || row.change_type === 'system') return { user_id: null, name: 'System' };
  const byStaff =
    row.by_type === 'admin' || row.change_type === 'admin_edit' || row.change_type === 'approval';
  if (byStaff && !viewerIsStaff) return { user_id: null, name: 'Tafuta team' };
  return { user_id: row.changed_by, name: row.full_name ?? 'Unknown' };
}

function historyRows(db: Db, businessId: string) {
  return db
    .selectFrom('business_content_history as h')
    .leftJoin('users as u', 'u.user_id', 'h.changed_by')
    .where('h.business_id', '=', businessId)
    .select([
      'h.content_version',
      'h.change_type',
      'h.change_summary',
      'h.changed_by',
      'h.restored_from_version',
      'h.created_at',
      'u.full_name',
      sql<string | null>`h.content_json -> 'metadata' ->> 'updated_by_type'`.as('by_type'),
    ]);
}

export async function latestEditor(db: Db, businessId: string, version: number) {
  return historyRows(db, businessId).where('h.content_version', '=', version).executeTakeFirst();
}

const viewerIsStaff = (actor: Actor) => actor.staffRole !== null;

async function viewable(deps: BusinessDeps, actor: Actor, businessId: string) {
  return businessForActor(deps.db, {
    actor,
    businessId,
    action: 'business.view_private',
    logger: deps.logger,
  });
}

/** EP-BIZ-20. */
export async function readContent(deps: BusinessDeps, actor: Actor, businessId: string) {
  const { business } = await viewable(deps, actor, businessId);
  return {
    content_json: business.content_json,
    content_version: business.content_version,
    updated_at: isoSeconds(business.content_updated_at),
  };
}

/** EP-BIZ-21: newest first (UI-HIST-02). */
export async function listHistory(
  deps: BusinessDeps,
  actor: Actor,
  businessId: string,
  page: { page: number; limit: number },
) {
  const { business } = await viewable(deps, actor, businessId);
  const rows = await historyRows(deps.db, businessId)
    .orderBy('h.content_version', 'desc')
    .limit(page.limit)
    .offset((page.page - 1) * page.limit)
    .execute();
  return {
    total: business.content_version,
    items: rows.map((row) => ({
      content_version: row.content_version,
      change_type: row.change_type,
      change_summary: row.change_summary,
      changed_by: editorOf(row, viewerIsStaff(actor)),
      restored_from_version: row.restored_from_version,
      is_current: row.content_version === business.content_version,
      created_at: isoSeconds(row.created_at),
    })),
  };
}

/** EP-BIZ-22: one version as it was saved. */
export async function historyVersion(deps: BusinessDeps, actor: Actor, businessId: string, version: number) {
  await viewable(deps, actor, businessId);
  const row = await historyRows(deps.db, businessId)
    .select('h.content_json')
    .where('h.content_version', '=', version)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such version');
  return {
    content_version: row.content_version,
    content_json: row.content_json,
    change_type: row.change_type,
    change_summary: row.change_summary,
    changed_by: editorOf(row, viewerIsStaff(actor)),
    restored_from_version: row.restored_from_version,
    created_at: isoSeconds(row.created_at),
  };
}
