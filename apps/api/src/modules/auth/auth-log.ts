import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
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

/**
 * ALOG-02 asks for the session in login and logout rows, ADM-400 forbids storing session ids: the log
 * keeps a one-way reference that matches `user_sessions` for staff lookups but cannot be replayed.
 */
export function sessionRef(sessionId: string): string {
  return crypto.createHash('sha256').update(sessionId).digest('hex').slice(0, 16);
}
