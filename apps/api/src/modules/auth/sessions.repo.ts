import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, SessionScope, StaffRoleName } from '../../db/schema.js';
import type { UserStatus } from '@tafuta/contracts';

type Db = Kysely<Database> | Transaction<Database>;

/** SES-09. */
export const MAX_LIVE_SESSIONS = 10;

export interface SessionRow {
  session_id: string;
  user_id: string;
  scope: SessionScope;
  issued_at: Date;
  expires_at: Date;
  absolute_expires_at: Date;
  revoked_at: Date | null;
  status: UserStatus;
  staff_role: StaffRoleName | null;
  staff_active: boolean | null;
}

export async function findSession(db: Db, sessionId: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('user_sessions as s')
    .innerJoin('users as u', 'u.user_id', 's.user_id')
    .leftJoin('admin_users as a', 'a.user_id', 's.user_id')
    .select([
      's.session_id',
      's.user_id',
      's.scope',
      's.issued_at',
      's.expires_at',
      's.absolute_expires_at',
      's.revoked_at',
      'u.status',
      'a.role as staff_role',
      'a.is_active as staff_active',
    ])
    .where('s.session_id', '=', sessionId)
    .executeTakeFirst();
}

export async function insertSession(
  db: Db,
  row: {
    sessionId: string;
    userId: string;
    scope: SessionScope;
    expiresAt: Date;
    absoluteExpiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('user_sessions')
    .values({
      session_id: row.sessionId,
      user_id: row.userId,
      scope: row.scope,
      expires_at: row.expiresAt,
      absolute_expires_at: row.absoluteExpiresAt,
      ip_address: row.ip,
      user_agent: row.userAgent,
    })
    .execute();
}

/** SES-05: slide the idle expiry (never past the absolute one) and note the activity. */
export async function slideSession(db: Db, sessionId: string, expiresAt: Date, now: Date): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ expires_at: expiresAt, issued_at: now, last_seen_at: now })
    .where('session_id', '=', sessionId)
    .execute();
}

/**
 * Revokes live sessions of a user and returns their ids so the store copies can be dropped too.
 * `except` keeps one (PWD-05); `scope` narrows to staff sessions (SES-08, last row).
 */
export async function revokeUserSessions(
  db: Db,
  userId: string,
  reason: string,
  options: { except?: string; scope?: SessionScope } = {},
): Promise<string[]> {
  let query = db
    .updateTable('user_sessions')
    .set({ revoked_at: sql`now()`, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('absolute_expires_at', '>', sql<Date>`now()`);
  if (options.except) query = query.where('session_id', '<>', options.except);
  if (options.scope) query = query.where('scope', '=', options.scope);
  const rows = await query.returning('session_id').execute();
  return rows.map((row) => row.session_id);
}

export async function revokeSession(db: Db, sessionId: string, reason: string): Promise<boolean> {
  const result = await db
    .updateTable('user_sessions')
    .set({ revoked_at: sql`now()`, revoked_reason: reason })
    .where('session_id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** SES-09: keep at most MAX_LIVE_SESSIONS live; the least recently used ones go first. */
export async function revokeSessionsOverCap(db: Db, userId: string): Promise<string[]> {
  const rows = await sql<{ session_id: string }>`
    update user_sessions set revoked_at = now(), revoked_reason = 'session_cap'
     where session_id in (
       select session_id from user_sessions
        where user_id = ${userId} and revoked_at is null and expires_at > now()
        order by last_seen_at desc, created_at desc
        offset ${MAX_LIVE_SESSIONS}
     )
    returning session_id`.execute(db);
  return rows.rows.map((row) => row.session_id);
}

/** SES-10: expired and revoked rows are technical data, purged after 30 days (with the store's rows). */
export async function purgeOldSessions(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('user_sessions')
    .where((eb) =>
      eb.or([
        eb('absolute_expires_at', '<', sql<Date>`now() - interval '30 days'`),
        eb('revoked_at', '<', sql<Date>`now() - interval '30 days'`),
      ]),
    )
    .executeTakeFirst();
  await db
    .deleteFrom('session')
    .where('expire', '<', sql<Date>`now()`)
    .execute();
  return Number(result.numDeletedRows);
}
