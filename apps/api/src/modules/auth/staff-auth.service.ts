import { sql, type Kysely } from 'kysely';
import type { Database, StaffRoleName } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { writeAuthLog, type ClientInfo } from './auth-log.js';
import { clearFailures } from './lockout.js';
import { verifyPassword } from './passwords.js';
import type { Notifier } from '../notifications/notifier.js';

/** ADM-033 (adopted by ERRATA 7): 5 failures in a row lock the staff account for 15 minutes. */
export const STAFF_LOCK_RULES = { failures: 5, lockMs: 15 * 60_000 } as const;

export interface StaffAuthDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Pick<Notifier, 'enqueue' | 'nudge'>;
}

/** `21 Aug 2026 14:30`, the staff screens' format (admin.md §0), in Nairobi time. */
function nairobiTime(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Africa/Nairobi',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
    .format(date)
    .replace(',', '');
}

export interface StaffSignIn {
  userId: string;
  adminUserId: string;
  role: StaffRoleName;
  email: string;
}

/**
 * EP-AUTH-09. Every refusal answers the same `401 INVALID_CREDENTIALS` (ADM-032, ERRATA 7) so the staff
 * login reveals nothing; the auth log keeps the real cause. A suspended person with the right password is
 * told so (EP-AUTH-09 lists ACCOUNT_SUSPENDED), since the password already proved who they are.
 */
export async function verifyStaffSignIn(
  deps: StaffAuthDeps,
  input: { email: string; password: string },
  client: ClientInfo,
): Promise<StaffSignIn> {
  const email = input.email.trim().toLowerCase();
  const staff = await deps.db
    .selectFrom('admin_users as a')
    .innerJoin('users as u', 'u.user_id', 'a.user_id')
    .select([
      'a.admin_user_id',
      'a.user_id',
      'a.role',
      'a.is_active',
      'a.password_hash',
      'a.locked_until',
      'a.login_email',
      'u.status',
      'u.phone_verified_at',
    ])
    .where(sql`lower(a.login_email)`, '=', email)
    .executeTakeFirst();

  const refuse = async (reason: string, error?: AppError) => {
    await writeAuthLog(deps.db, deps.logger, {
      eventType: 'login_failed',
      channel: 'admin',
      userId: staff?.user_id ?? null,
      email,
      client,
      metadata: { method: 'staff_password', reason },
    });
    return error ?? new AppError('INVALID_CREDENTIALS', 'Invalid email or password');
  };

  if (!staff) {
    await verifyPassword(input.password, null);
    throw await refuse('unknown_account');
  }
  if (staff.locked_until && staff.locked_until > new Date()) {
    await verifyPassword(input.password, null);
    throw await refuse('account_locked');
  }
  const passwordOk = await verifyPassword(input.password, staff.password_hash);
  if (!passwordOk) {
    await recordStaffFailure(deps, staff.admin_user_id, staff.user_id, email, client);
    throw await refuse(staff.password_hash === null ? 'password_not_set' : 'wrong_password');
  }
  if (!staff.is_active) throw await refuse('not_staff');
  // ERRATA 7: back-office powers belong to a person whose own account is verified.
  if (!staff.phone_verified_at) throw await refuse('unverified_account');
  if (staff.status === 'suspended' || staff.status === 'deleted') {
    throw await refuse(
      'account_suspended',
      new AppError('ACCOUNT_SUSPENDED', 'This account is suspended; please contact a super admin'),
    );
  }
  await deps.db
    .updateTable('admin_users')
    .set({ failed_login_count: 0, last_login_at: new Date() })
    .where('admin_user_id', '=', staff.admin_user_id)
    .execute();
  // LGN-06: any successful sign-in clears the person's failure streaks too.
  await clearFailures(deps.db, staff.user_id);
  return {
    userId: staff.user_id,
    adminUserId: staff.admin_user_id,
    role: staff.role,
    email: staff.login_email,
  };
}

async function recordStaffFailure(
  deps: StaffAuthDeps,
  adminUserId: string,
  userId: string,
  email: string,
  client: ClientInfo,
): Promise<void> {
  const row = await deps.db
    .updateTable('admin_users')
    .set((eb) => ({ failed_login_count: eb('failed_login_count', '+', 1) }))
    .where('admin_user_id', '=', adminUserId)
    .returning('failed_login_count')
    .executeTakeFirstOrThrow();
  if (row.failed_login_count < STAFF_LOCK_RULES.failures) return;
  const lockedUntil = new Date(Date.now() + STAFF_LOCK_RULES.lockMs);
  await deps.db
    .updateTable('admin_users')
    .set({ locked_until: lockedUntil, failed_login_count: 0 })
    .where('admin_user_id', '=', adminUserId)
    .execute();
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'account_locked',
    channel: 'admin',
    userId,
    email,
    client,
    metadata: {
      trigger: 'staff_password_failures',
      locked_until: lockedUntil.toISOString(),
      flag: 'account_locked',
    },
  });
  deps.logger.warn('A staff account was locked after failed sign-ins', { admin_user_id: adminUserId });
  // ADM-033: each lock emails every active super admin.
  const supers = await deps.db
    .selectFrom('admin_users')
    .select(['user_id', 'login_email'])
    .where('role', '=', 'super_admin')
    .where('is_active', '=', true)
    .execute();
  await deps.db.transaction().execute(async (trx) => {
    for (const admin of supers) {
      await deps.notifier.enqueue(trx, {
        userId: admin.user_id,
        templateKey: 'staff_account_locked',
        toEmail: admin.login_email,
        variables: { staff_email: email, locked_until: nairobiTime(lockedUntil) },
      });
    }
  });
  deps.notifier.nudge();
}
