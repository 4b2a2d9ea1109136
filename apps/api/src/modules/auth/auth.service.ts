import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { RegisterBody } from '@tafuta/contracts';
import type { Database, OtpPurpose } from '../../db/schema.js';
import { AppError, invalidInput } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { normaliseKenyanMobile } from '../../lib/phone.js';
import type { Notifier } from '../notifications/notifier.js';
import { recordConsent } from '../terms/terms.repo.js';
import { assertCurrentVersions } from '../terms/terms.service.js';
import { sessionRef, writeAuthLog, type ClientInfo } from './auth-log.js';
import { assertNotLocked, clearFailures, recordFailure } from './lockout.js';
import {
  checkOtp,
  checkSendAllowed,
  issueOtp,
  otpError,
  type IssuedOtp,
  type OtpDeps,
} from './otp.service.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.js';

export interface AuthDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
  otp: OtpDeps;
  phoneTestPrefixes: readonly string[];
}

/** PHN-02, or `400 INVALID_PHONE` naming the field. */
export function normalisePhoneInput(
  deps: Pick<AuthDeps, 'phoneTestPrefixes'>,
  input: string,
  field = 'phone',
) {
  const phone = normaliseKenyanMobile(input, { testPrefixes: deps.phoneTestPrefixes });
  if (!phone) {
    throw new AppError('INVALID_PHONE', 'Enter a Kenyan mobile number such as 0712 345 678', {
      field,
      details: [{ field, code: 'invalid_format' }],
    });
  }
  return phone;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === constraint;
}

const emailTaken = () =>
  new AppError('EMAIL_ALREADY_USED', 'Another account uses this email', {
    field: 'email',
    details: [{ field: 'email', code: 'not_unique' }],
  });

export async function assertEmailFree(
  db: Kysely<Database> | Transaction<Database>,
  email: string,
  exceptUserId: string | null,
) {
  let query = db.selectFrom('users').select('user_id').where('email', '=', email);
  if (exceptUserId) query = query.where('user_id', '<>', exceptUserId);
  if (await query.executeTakeFirst()) throw emailTaken();
}

export interface Registered {
  userId: string;
  phone: string;
  otp: IssuedOtp;
}

/** REG-01..07: creates (or, for a never-verified number, refreshes) the account and sends a code. */
export async function register(deps: AuthDeps, body: RegisterBody, client: ClientInfo): Promise<Registered> {
  const phone = normalisePhoneInput(deps, body.phone);
  const email = body.email ?? null;
  if (body.marketing_email_opt_in && !email) {
    throw invalidInput('Marketing email needs an email address', [
      { field: 'marketing_email_opt_in', code: 'not_allowed' },
    ]);
  }
  const { terms, privacy } = await assertCurrentVersions(deps.db, body);

  // Over an OTP limit, the registration is refused before anything is written.
  await checkSendAllowed(deps.otp, phone, client.ip);

  let userId: string;
  try {
    userId = await deps.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('users')
        .select(['user_id', 'phone_verified_at'])
        .where('phone', '=', phone)
        .forUpdate()
        .executeTakeFirst();
      const staff = existing
        ? await trx
            .selectFrom('admin_users')
            .select('admin_user_id')
            .where('user_id', '=', existing.user_id)
            .executeTakeFirst()
        : undefined;
      // A staff member's account is never "a number nobody verified" that a stranger may take over.
      if (existing?.phone_verified_at || staff) {
        throw new AppError(
          'PHONE_ALREADY_REGISTERED',
          'This number already has an account; sign in instead',
          {
            field: 'phone',
          },
        );
      }
      if (email) await assertEmailFree(trx, email, existing?.user_id ?? null);
      const profile = {
        full_name: body.full_name,
        nickname: body.nickname ?? null,
        email,
        physical_address: body.physical_address ?? null,
        language_preference: body.language_preference ?? 'en',
      };
      const id = existing
        ? // REG-03 / USR-11: a number never verified holds no account, so its row is simply reused.
          (
            await trx
              .updateTable('users')
              .set(profile)
              .where('user_id', '=', existing.user_id)
              .returning('user_id')
              .executeTakeFirstOrThrow()
          ).user_id
        : (
            await trx
              .insertInto('users')
              .values({ ...profile, phone })
              .returning('user_id')
              .executeTakeFirstOrThrow()
          ).user_id;
      await recordConsent(trx, {
        userId: id,
        versionIds: [terms.version_id, privacy.version_id],
        ip: client.ip,
        userAgent: client.userAgent,
        context: 'registration',
      });
      await trx
        .insertInto('notification_preferences')
        .values({
          user_id: id,
          marketing_sms_opt_in: body.marketing_sms_opt_in,
          marketing_email_opt_in: body.marketing_email_opt_in,
        })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            marketing_sms_opt_in: body.marketing_sms_opt_in,
            marketing_email_opt_in: body.marketing_email_opt_in,
          }),
        )
        .execute();
      await trx
        .insertInto('marketing_consent_events')
        .values([
          {
            user_id: id,
            channel: 'sms',
            opted_in: body.marketing_sms_opt_in,
            source: 'registration',
            ip_address: client.ip,
          },
          {
            user_id: id,
            channel: 'email',
            opted_in: body.marketing_email_opt_in,
            source: 'registration',
            ip_address: client.ip,
          },
        ])
        .execute();
      return id;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) throw emailTaken();
    if (isUniqueViolation(error, 'users_phone_key')) {
      throw new AppError('PHONE_ALREADY_REGISTERED', 'This number already has an account', {
        field: 'phone',
      });
    }
    throw error;
  }

  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'account_created',
    userId,
    phone,
    email,
    client,
    metadata: {
      marketing_sms_opt_in: body.marketing_sms_opt_in,
      marketing_email_opt_in: body.marketing_email_opt_in,
      terms_version: terms.version_number,
      privacy_version: privacy.version_number,
    },
  });
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'consent_recorded',
    userId,
    phone,
    client,
    metadata: {
      terms_version: terms.version_number,
      privacy_version: privacy.version_number,
      context: 'registration',
    },
  });
  // REG-12: a failed SMS still leaves the account; the reply says otp_sent: false.
  const otp = await issueOtp(deps.otp, {
    phone,
    userId,
    purpose: 'login',
    language: body.language_preference ?? 'en',
    client,
  });
  return { userId, phone, otp };
}

async function findByPhone(db: Kysely<Database>, phone: string) {
  return db
    .selectFrom('users')
    .select([
      'user_id',
      'status',
      'locked_until',
      'language_preference',
      'password_hash',
      'phone_verified_at',
    ])
    .where('phone', '=', phone)
    .executeTakeFirst();
}

const accountNotFound = () =>
  new AppError('ACCOUNT_NOT_FOUND', 'No account uses this number; register first', { field: 'phone' });
const accountSuspended = () =>
  new AppError('ACCOUNT_SUSPENDED', 'This account is suspended; please contact Tafuta');

/**
 * LGN-01's refusals (no account, suspended, locked), each logged as `login_failed` so ALOG-07's flags
 * see someone hammering an account that cannot sign in.
 */
async function refuseSignIn(
  deps: AuthDeps,
  input: {
    user: Awaited<ReturnType<typeof findByPhone>>;
    phone: string;
    method: 'otp_sms';
    client: ClientInfo;
  },
): Promise<void> {
  const { user } = input;
  const reason =
    !user || user.status === 'deleted'
      ? 'unknown_account'
      : user.status === 'suspended'
        ? 'account_suspended'
        : user.locked_until && user.locked_until > new Date()
          ? 'account_locked'
          : undefined;
  if (!reason) return;
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'login_failed',
    userId: user?.user_id ?? null,
    phone: input.phone,
    client: input.client,
    metadata: { method: input.method, reason },
  });
  if (reason === 'unknown_account') throw accountNotFound();
  if (reason === 'account_suspended') throw accountSuspended();
  assertNotLocked(user!);
}

/** EP-AUTH-02 and EP-AUTH-07 (LGN-01 step 1, PWD-04 step 1). */
export async function requestCode(
  deps: AuthDeps,
  phoneInput: string,
  purpose: Extract<OtpPurpose, 'login' | 'password_reset'>,
  client: ClientInfo,
): Promise<IssuedOtp> {
  const phone = normalisePhoneInput(deps, phoneInput);
  const user = await findByPhone(deps.db, phone);
  await refuseSignIn(deps, { user, phone, method: 'otp_sms', client });
  if (!user) throw accountNotFound();
  const issued = await issueOtp(deps.otp, {
    phone,
    userId: user.user_id,
    purpose,
    language: user.language_preference,
    client,
  });
  if (!issued.otpSent) {
    throw new AppError('EXTERNAL_SERVICE_ERROR', 'The SMS could not be sent; try again in a minute', {
      extra: { retry_after: 60 },
    });
  }
  return issued;
}

/** Checks a code for an account, counting failures toward the lock (LCK-02) and logging both outcomes. */
async function consumeCode(
  deps: AuthDeps,
  input: { phone: string; code: string; purpose: OtpPurpose; client: ClientInfo },
) {
  const user = await findByPhone(deps.db, input.phone);
  if (user && user.status !== 'deleted') {
    await refuseSignIn(deps, { user, phone: input.phone, method: 'otp_sms', client: input.client });
  }
  const check = await checkOtp(deps.otp, { phone: input.phone, purpose: input.purpose, code: input.code });
  if (!check.ok) {
    await writeAuthLog(deps.db, deps.logger, {
      eventType: 'otp_failed',
      userId: user?.user_id ?? null,
      phone: input.phone,
      client: input.client,
      metadata: { purpose: input.purpose, reason: check.reason, attempts_remaining: check.attemptsRemaining },
    });
    // LCK-07: numbers without an account only meet the rate limits.
    if (user && user.status !== 'deleted') {
      await recordFailure(deps, {
        userId: user.user_id,
        kind: 'otp',
        client: input.client,
        phone: input.phone,
      });
    }
    throw otpError(check);
  }
  if (!user || user.status === 'deleted') {
    // A code can only exist for an account, except the fixed test code; either way there is no one to sign in.
    throw accountNotFound();
  }
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'otp_verified',
    userId: user.user_id,
    phone: input.phone,
    client: input.client,
    metadata: { purpose: input.purpose, ...(check.testCode ? { test_code: true } : {}) },
  });
  return user;
}

/** USR-12: the first correct code sent to the phone verifies it and raises the tier to basic. */
function phoneVerifiedNow(eb: ExpressionBuilder<Database, 'users'>) {
  return {
    phone_verified_at: eb.fn.coalesce('phone_verified_at', eb.val(new Date())),
    verification_tier: eb
      .case()
      .when('verification_tier', '=', 'unverified')
      .then('basic' as const)
      .else(eb.ref('verification_tier'))
      .end(),
  };
}

/** EP-AUTH-03: a correct code verifies the phone, raises the tier to basic and allows a session. */
export async function verifyLoginCode(
  deps: AuthDeps,
  input: { phone: string; code: string },
  client: ClientInfo,
): Promise<{ userId: string; phone: string }> {
  const phone = normalisePhoneInput(deps, input.phone);
  const user = await consumeCode(deps, { phone, code: input.code, purpose: 'login', client });
  await deps.db
    .updateTable('users')
    .set((eb) => phoneVerifiedNow(eb))
    .where('user_id', '=', user.user_id)
    .execute();
  await clearFailures(deps.db, user.user_id);
  return { userId: user.user_id, phone };
}

/** EP-AUTH-04 in LGN-02's order: lock, password, password-not-set, status. */
export async function verifyPasswordSignIn(
  deps: AuthDeps,
  input: { phone: string; password: string },
  client: ClientInfo,
): Promise<{ userId: string }> {
  const phone = normaliseKenyanMobile(input.phone, { testPrefixes: deps.phoneTestPrefixes });
  const user = phone ? await findByPhone(deps.db, phone) : undefined;
  const fail = async (reason: string, error: AppError) => {
    await writeAuthLog(deps.db, deps.logger, {
      eventType: 'login_failed',
      userId: user?.user_id ?? null,
      phone: phone ?? null,
      client,
      metadata: { method: 'password', reason },
    });
    return error;
  };
  const invalid = () => new AppError('INVALID_CREDENTIALS', 'Wrong phone number or password');

  if (user?.locked_until && user.locked_until > new Date()) {
    await fail('account_locked', invalid());
    assertNotLocked(user);
  }
  if (!user || user.status === 'deleted' || !user.phone_verified_at) {
    await verifyPassword(input.password, null);
    throw await fail('unknown_account', invalid());
  }
  if (user.password_hash === null) {
    throw await fail(
      'password_not_set',
      new AppError(
        'PASSWORD_NOT_SET',
        'This account signs in with an SMS code; you can set a password later',
      ),
    );
  }
  if (!(await verifyPassword(input.password, user.password_hash))) {
    await recordFailure(deps, { userId: user.user_id, kind: 'password', client, phone });
    throw await fail('wrong_password', invalid());
  }
  if (user.status === 'suspended') throw await fail('account_suspended', accountSuspended());
  await clearFailures(deps.db, user.user_id);
  return { userId: user.user_id };
}

/** EP-AUTH-08 (PWD-04): the rules first, so a weak password does not use up the code. */
export async function resetPasswordWithCode(
  deps: AuthDeps,
  input: { phone: string; code: string; newPassword: string },
  client: ClientInfo,
): Promise<{ userId: string; event: 'password_set' | 'password_reset' }> {
  const phone = normalisePhoneInput(deps, input.phone);
  assertStrongPassword(input.newPassword, 'new_password');
  const user = await consumeCode(deps, { phone, code: input.code, purpose: 'password_reset', client });
  const event = user.password_hash === null ? 'password_set' : 'password_reset';
  const hash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set((eb) => ({
        password_hash: hash,
        password_changed_at: new Date(),
        ...phoneVerifiedNow(eb),
      }))
      .where('user_id', '=', user.user_id)
      .execute();
    await deps.notifier.enqueue(trx, { userId: user.user_id, templateKey: event });
  });
  deps.notifier.nudge();
  await clearFailures(deps.db, user.user_id);
  return { userId: user.user_id, event };
}

/** LGN-06's log line, written once the session exists. */
export async function logSignIn(
  deps: Pick<AuthDeps, 'db' | 'logger'>,
  input: {
    userId: string;
    method: 'otp_sms' | 'password' | 'staff_password' | 'password_reset';
    sessionId: string;
    scope: 'user' | 'admin';
    client: ClientInfo;
    phone?: string | null;
    email?: string | null;
  },
): Promise<void> {
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'login_success',
    channel: input.scope === 'admin' ? 'admin' : 'public',
    userId: input.userId,
    phone: input.phone ?? null,
    email: input.email ?? null,
    client: input.client,
    metadata: { method: input.method, session_id: sessionRef(input.sessionId), scope: input.scope },
  });
}
