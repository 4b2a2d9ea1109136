import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { AuditLogQuery, AuthLogQuery } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';

/**
 * The log screens' SQL (admin.md §10). Lists are offset-paginated for the screen; exports walk the same
 * filter in keyset batches on ("timestamp", log_id) so a huge range is never held in memory at once.
 */

export interface TimeRange {
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** The timestamp travels as PostgreSQL's own text: a JS Date would drop the microseconds and skip rows. */
export interface KeysetCursor {
  timestampKey: string;
  logId: string;
}

type AuthLogSource = SelectQueryBuilder<Database, 'auth_logs' | 'users', object>;
type AuditLogSource = SelectQueryBuilder<Database, 'audit_logs' | 'users', object>;

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (match) => `\\${match}`);

function authLogSource(db: Kysely<Database>, query: AuthLogQuery, range: TimeRange): AuthLogSource {
  let builder = db
    .selectFrom('auth_logs')
    .leftJoin('users', 'users.user_id', 'auth_logs.user_id')
    .where('auth_logs.timestamp', '>=', range.from)
    .where('auth_logs.timestamp', '<', range.to);
  if (query.user_id) builder = builder.where('auth_logs.user_id', '=', query.user_id);
  if (query.phone) builder = builder.where('auth_logs.phone', '=', query.phone);
  if (query.email) builder = builder.where(sql`lower(auth_logs.email)`, '=', query.email.toLowerCase());
  if (query.ip) builder = builder.where('auth_logs.ip_address', '=', query.ip);
  if (query.event_type?.length) builder = builder.where('auth_logs.event_type', 'in', query.event_type);
  if (query.channel) builder = builder.where('auth_logs.channel', '=', query.channel);
  if (query.flagged === true) builder = builder.where(sql<boolean>`auth_logs.metadata ? 'flag'`);
  if (query.flagged === false) builder = builder.where(sql<boolean>`not (auth_logs.metadata ? 'flag')`);
  return builder;
}

function auditLogSource(db: Kysely<Database>, query: AuditLogQuery, range: TimeRange): AuditLogSource {
  let builder = db
    .selectFrom('audit_logs')
    .leftJoin('users', 'users.user_id', 'audit_logs.actor_id')
    .where('audit_logs.timestamp', '>=', range.from)
    .where('audit_logs.timestamp', '<', range.to);
  if (query.actor_id) builder = builder.where('audit_logs.actor_id', '=', query.actor_id);
  if (query.actor_type) builder = builder.where('audit_logs.actor_type', '=', query.actor_type);
  if (query.action?.length) builder = builder.where('audit_logs.action', 'in', query.action);
  if (query.entity_type) builder = builder.where('audit_logs.entity_type', '=', query.entity_type);
  if (query.entity_id) builder = builder.where('audit_logs.entity_id', '=', query.entity_id);
  if (query.q) {
    const pattern = `%${likeEscape(query.q)}%`;
    builder = builder.where((eb) =>
      eb.or([eb('audit_logs.reason', 'ilike', pattern), eb('audit_logs.entity_label', 'ilike', pattern)]),
    );
  }
  return builder;
}

const AUTH_COLUMNS = [
  'auth_logs.log_id',
  'auth_logs.timestamp',
  'auth_logs.channel',
  'auth_logs.event_type',
  'auth_logs.user_id',
  'auth_logs.phone',
  'auth_logs.email',
  'auth_logs.ip_address',
  'auth_logs.user_agent',
  'auth_logs.metadata',
  'users.full_name as user_name',
  'users.phone as user_phone',
  sql<string>`auth_logs."timestamp"::text`.as('ts_key'),
] as const;

const AUDIT_COLUMNS = [
  'audit_logs.log_id',
  'audit_logs.timestamp',
  'audit_logs.actor_id',
  'audit_logs.actor_type',
  'audit_logs.actor_role',
  'audit_logs.action',
  'audit_logs.entity_type',
  'audit_logs.entity_id',
  'audit_logs.entity_label',
  'audit_logs.old_value',
  'audit_logs.new_value',
  'audit_logs.reason',
  'audit_logs.ip_address',
  'audit_logs.request_id',
  'users.full_name as actor_name',
  sql<string>`audit_logs."timestamp"::text`.as('ts_key'),
] as const;

export type AuthLogRecord = Awaited<ReturnType<typeof authLogPage>>[number];
export type AuditLogRecord = Awaited<ReturnType<typeof auditLogPage>>[number];

export async function countAuthLogs(db: Kysely<Database>, query: AuthLogQuery, range: TimeRange) {
  const row = await authLogSource(db, query, range)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countAuditLogs(db: Kysely<Database>, query: AuditLogQuery, range: TimeRange) {
  const row = await auditLogSource(db, query, range)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Newest first; `after` continues below the last row of the previous batch (keyset). */
export function authLogPage(
  db: Kysely<Database>,
  query: AuthLogQuery,
  range: TimeRange,
  page: { limit: number; offset?: number; after?: KeysetCursor },
) {
  let builder = authLogSource(db, query, range).select([...AUTH_COLUMNS]);
  const after = page.after;
  if (after) {
    builder = builder.where(
      sql<boolean>`(auth_logs."timestamp", auth_logs.log_id) < (${after.timestampKey}::timestamptz, ${after.logId}::uuid)`,
    );
  }
  return builder
    .orderBy('auth_logs.timestamp', 'desc')
    .orderBy('auth_logs.log_id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
}

export function auditLogPage(
  db: Kysely<Database>,
  query: AuditLogQuery,
  range: TimeRange,
  page: { limit: number; offset?: number; after?: KeysetCursor },
) {
  let builder = auditLogSource(db, query, range).select([...AUDIT_COLUMNS]);
  const after = page.after;
  if (after) {
    builder = builder.where(
      sql<boolean>`(audit_logs."timestamp", audit_logs.log_id) < (${after.timestampKey}::timestamptz, ${after.logId}::uuid)`,
    );
  }
  return builder
    .orderBy('audit_logs.timestamp', 'desc')
    .orderBy('audit_logs.log_id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute();
}

/** Every row of a filter, newest first, one batch at a time (the export streams each batch out). */
export async function* inBatches<Row extends { log_id: string; ts_key: string }>(
  fetch: (after: KeysetCursor | undefined) => Promise<Row[]>,
  batchSize: number,
): AsyncGenerator<Row[]> {
  let after: KeysetCursor | undefined;
  for (;;) {
    const rows = await fetch(after);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { timestampKey: last.ts_key, logId: last.log_id };
  }
}
