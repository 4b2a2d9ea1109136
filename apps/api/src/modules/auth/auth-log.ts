import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AuthEventType =
  | 'account_created'
  | 'otp_requested'
  | 'otp_verified'
  | 'otp_failed'
  | 'login_success'
  | 'login_failed'
  | 'logout'
  | 'logout_all'
  | 'password_set'
  | 'password_changed'
  | 'password_reset'
  | 'phone_changed'
  | 'email_changed'
  | 'account_state_changed'
  | 'account_locked'
  | 'account_unlocked'
  | 'consent_recorded';

/** Where the request came from; written on every auth-log row (ALOG-01). */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface AuthLogEntry {
  eventType: AuthEventType;
  channel?: 'public' | 'admin';
  userId?: string | null;
  phone?: string | null;
  email?: string | null;
  client: ClientInfo;
  /** Never a code, password, token or cookie (ALOG-03). */
  metadata?: Record<string, unknown>;
}

/**
 * ALOG-08: the user's action completes even when the log write fails; the failure goes to the error log
 * so it raises an alert. Called outside business transactions for that reason.
 */
export async function writeAuthLog(db: Db, logger: Logger, entry: AuthLogEntry): Promise<void> {
  try {
    const flag = await suspiciousFlag(db, entry);
    if (flag) entry = { ...entry, metadata: { ...entry.metadata, flag } };
    await db
      .insertInto('auth_logs')
      .values({
        event_type: entry.eventType,
        channel: entry.channel ?? 'public',
        user_id: entry.userId ?? null,
        phone: entry.phone ?? null,
        email: entry.email ?? null,
        ip_address: entry.client.ip?.slice(0, 45) ?? null,
        user_agent: entry.client.userAgent?.slice(0, 512) ?? null,
        metadata: JSON.stringify(entry.metadata ?? {}),
      })
      .execute();
  } catch (error) {
    logger.error('Could not write an auth-log row', { err: error, event_type: entry.eventType });
  }
}

/** ALOG-07 with ERRATA 20's numbers, counted over the 15 minutes before this failure (this one included). */
export const SUSPICIOUS_FAILURES = { perPhone: 10, perIp: 50, perStaffEmail: 5, windowMinutes: 15 } as const;

/**
 * ADM-405: a failure is flagged when it reaches one of the thresholds, or when a staff sign-in fails from
 * an address that account has never signed in from. Flags feed the staff dashboard alerts.
 */
async function suspiciousFlag(db: Db, entry: AuthLogEntry): Promise<string | undefined> {
  if (entry.eventType !== 'login_failed' && entry.eventType !== 'otp_failed') return undefined;
  const failures = ['login_failed', 'otp_failed'];
  const since = sql<Date>`now() - make_interval(mins => ${SUSPICIOUS_FAILURES.windowMinutes})`;
  const count = async (column: 'phone' | 'ip_address' | 'email', value: string) => {
    const row = await db
      .selectFrom('auth_logs')
      .select(sql<number>`count(*)::int`.as('n'))
      .where(column, '=', value)
      .where('event_type', 'in', failures)
      .where('timestamp', '>', since)
      .executeTakeFirstOrThrow();
    return row.n + 1;
  };
  if (entry.phone && (await count('phone', entry.phone)) >= SUSPICIOUS_FAILURES.perPhone)
    return 'phone_failures';
  if (entry.client.ip && (await count('ip_address', entry.client.ip)) >= SUSPICIOUS_FAILURES.perIp)
    return 'ip_failures';
  if (entry.channel === 'admin' && entry.email) {
    if ((await count('email', entry.email)) >= SUSPICIOUS_FAILURES.perStaffEmail)
      return 'staff_email_failures';
    if (entry.userId && entry.client.ip) {
      const seen = await db
        .selectFrom('auth_logs')
        .select('log_id')
        .where('user_id', '=', entry.userId)
        .where('channel', '=', 'admin')
        .where('event_type', '=', 'login_success')
        .where('ip_address', '=', entry.client.ip)
        .limit(1)
        .executeTakeFirst();
      if (!seen) return 'staff_new_ip';
    }
  }
  return undefined;
}

/**
 * ALOG-02 asks for the session in login and logout rows, ADM-400 forbids storing session ids: the log
 * keeps a one-way reference that matches `user_sessions` for staff lookups but cannot be replayed.
 */
export function sessionRef(sessionId: string): string {
  return crypto.createHash('sha256').update(sessionId).digest('hex').slice(0, 16);
}
