import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import type { Notifier } from '../notifications/notifier.js';
import { writeAuthLog, type ClientInfo } from './auth-log.js';

/** LCK-02, LCK-03: failures in a row before a 24-hour lock. */
export const LOCK_RULES = {
  otpFailures: 30,
  passwordFailures: 50,
  lockMs: 24 * 60 * 60_000,
} as const;

export interface LockoutDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Pick<Notifier, 'enqueue' | 'nudge'>;
}

export function lockedError(lockedUntil: Date): AppError {
  return new AppError('ACCOUNT_LOCKED', 'Too many failed attempts; sign-in is locked for now', {
    extra: { locked_until: lockedUntil.toISOString().replace(/\.\d{3}Z$/, 'Z') },
  });
}

export function assertNotLocked(user: { locked_until: Date | null }): void {
  if (user.locked_until && user.locked_until > new Date()) throw lockedError(user.locked_until);
}

/**
 * Counts one failed check against the account and starts the lock when the streak reaches its limit
 * (LCK-06: security SMS, `account_locked` logged). Existing sessions are left alone (LCK-04).
 */
export async function recordFailure(
  deps: LockoutDeps,
  input: { userId: string; kind: 'otp' | 'password'; client: ClientInfo; phone: string | null },
): Promise<void> {
  const column = input.kind === 'otp' ? 'failed_otp_streak' : 'failed_password_streak';
  const limit = input.kind === 'otp' ? LOCK_RULES.otpFailures : LOCK_RULES.passwordFailures;
  const lockedUntil = new Date(Date.now() + LOCK_RULES.lockMs);
  const locked = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set((eb) => ({ [column]: eb(column, '+', 1) }))
      .where('user_id', '=', input.userId)
      .returning([column, 'locked_until'])
      .executeTakeFirst();
    const streak = row ? Number((row as Record<string, unknown>)[column]) : 0;
    const alreadyLocked = row?.locked_until && row.locked_until > new Date();
    if (streak < limit || alreadyLocked) return false;
    await trx
      .updateTable('users')
      .set({ locked_until: lockedUntil, [column]: 0 })
      .where('user_id', '=', input.userId)
      .execute();
    await deps.notifier.enqueue(trx, { userId: input.userId, templateKey: 'account_locked' });
    return true;
  });
  if (!locked) return;
  deps.notifier.nudge();
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'account_locked',
    userId: input.userId,
    phone: input.phone,
    client: input.client,
    metadata: {
      trigger: input.kind === 'otp' ? 'otp_failures' : 'password_failures',
      locked_until: lockedUntil.toISOString(),
      flag: 'account_locked',
    },
  });
}

/** LCK-05: any successful sign-in clears both streaks. */
export async function clearFailures(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_otp_streak: 0, failed_password_streak: 0, last_login_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .execute();
}
