import { sql } from 'kysely';
import { AppError } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { maskPhone } from '../../lib/phone.js';
import { writeAuthLog, type ClientInfo } from '../auth/auth-log.js';
import { normalisePhoneInput } from '../auth/auth.service.js';
import { checkOtp, issueOtp, otpError, type IssuedOtp, type OtpDeps } from '../auth/otp.service.js';
import { revokeAllSessions } from '../auth/session-lifecycle.js';
import type { StaffActor, StaffUsersDeps } from './staff-users.service.js';

export interface PhoneChangeDeps extends StaffUsersDeps {
  otp: OtpDeps;
  phoneTestPrefixes: readonly string[];
}

async function target(deps: PhoneChangeDeps, userId: string) {
  const user = await deps.db
    .selectFrom('users')
    .select(['user_id', 'phone', 'status', 'language_preference'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!user || user.status === 'deleted') throw new AppError('NOT_FOUND', 'No such user');
  return user;
}

async function assertPhoneFree(deps: PhoneChangeDeps, phone: string) {
  const holder = await deps.db
    .selectFrom('users')
    .select('user_id')
    .where('phone', '=', phone)
    .executeTakeFirst();
  if (holder) {
    throw new AppError('PHONE_ALREADY_REGISTERED', 'Another account uses this number', {
      field: 'new_phone',
    });
  }
}

/** EP-ADM-27 (ACC-11 step 1): a `phone_change` code goes to the new number, under the OTP send limits. */
export async function startPhoneChange(
  deps: PhoneChangeDeps,
  userId: string,
  newPhoneInput: string,
  client: ClientInfo,
): Promise<IssuedOtp> {
  const user = await target(deps, userId);
  const newPhone = normalisePhoneInput(deps, newPhoneInput, 'new_phone');
  if (newPhone === user.phone) throw new AppError('CONFLICT', 'This is already the account’s number');
  await assertPhoneFree(deps, newPhone);
  const issued = await issueOtp(deps.otp, {
    phone: newPhone,
    userId,
    purpose: 'phone_change',
    language: user.language_preference,
    client,
  });
  if (!issued.otpSent) {
    throw new AppError('EXTERNAL_SERVICE_ERROR', 'The SMS could not be sent; try again in a minute');
  }
  return issued;
}

/**
 * EP-ADM-28 (ACC-11 step 2): the code the person read out proves the new number. Every session ends,
 * both numbers are told, and the change is in the auth log and the audit log (numbers masked there).
 */
export async function confirmPhoneChange(
  deps: PhoneChangeDeps,
  actor: StaffActor,
  input: { userId: string; newPhone: string; code: string; reason: string },
  client: ClientInfo,
): Promise<void> {
  const user = await target(deps, input.userId);
  const newPhone = normalisePhoneInput(deps, input.newPhone, 'new_phone');
  await assertPhoneFree(deps, newPhone);
  const check = await checkOtp(deps.otp, {
    phone: newPhone,
    purpose: 'phone_change',
    code: input.code,
    userId: input.userId,
  });
  if (!check.ok) throw otpError(check);
  try {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ phone: newPhone, phone_verified_at: sql<Date>`now()` })
        .where('user_id', '=', input.userId)
        .execute();
      await writeAuditInTransaction(trx, {
        actorId: actor.userId,
        actorRole: actor.role,
        action: 'user_phone_changed',
        entityType: 'user',
        entityId: input.userId,
        oldValue: { phone: user.phone ? maskPhone(user.phone) : null },
        newValue: { phone: maskPhone(newPhone) },
        reason: input.reason,
        ip: actor.ip,
        requestId: actor.requestId,
      });
      if (user.phone) {
        // The old number gets the SMS only; the app and the email get one notice, below.
        await deps.notifier.enqueue(trx, {
          userId: input.userId,
          templateKey: 'phone_changed',
          toPhone: user.phone,
          channels: ['sms'],
        });
      }
      await deps.notifier.enqueue(trx, {
        userId: input.userId,
        templateKey: 'phone_changed',
        toPhone: newPhone,
      });
    });
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'users_phone_key') {
      throw new AppError('PHONE_ALREADY_REGISTERED', 'Another account uses this number', {
        field: 'new_phone',
      });
    }
    throw error;
  }
  deps.notifier.nudge();
  const revoked = await revokeAllSessions(deps.sessions, input.userId, 'phone_changed');
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'phone_changed',
    userId: input.userId,
    phone: newPhone,
    client,
    metadata: { by: actor.userId, sessions_revoked: revoked },
  });
}
