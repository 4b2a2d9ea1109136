import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Language } from '@tafuta/contracts';
import type { Database, OtpPurpose } from '../../db/schema.js';
import { AppError, rateLimited } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import type { Notifier } from '../notifications/notifier.js';
import { writeAuthLog, type ClientInfo } from './auth-log.js';

/** OTP-02, OTP-04, OTP-08 and OTP-05's purge: the numbers of the code rules, each named once. */
export const OTP_RULES = {
  ttlMs: 10 * 60_000,
  maxAttempts: 5,
  cooldownMs: 60_000,
  perPhonePerHour: 5,
  perPhonePerDay: 10,
  perIpPerHour: 30,
  purgeAfterDays: 7,
} as const;

const HOUR_MS = 60 * 60_000;

export interface OtpDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Pick<Notifier, 'sendOtp'>;
  otpSecret: string;
  /** OTP-11: development and test only; config refuses it in production. */
  testCode: string | undefined;
}

/** OTP-01: uniform over 000000–999999 from the CSPRNG. */
export function generateOtpCode(): string {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** OTP-05: HMAC-SHA256(OTP_SECRET, otp_id + code); the id binds a hash to its row. */
export function hashOtp(secret: string, otpId: string, code: string): string {
  return crypto
    .createHmac('sha256', secret)
    .update(otpId + code)
    .digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export interface IssuedOtp {
  otpSent: boolean;
  otpExpiresAt: Date;
  resendAvailableAt: Date;
}

/**
 * OTP-08 against the codes table itself, so the rolling windows are exact and shared by every process.
 * Runs under a per-phone advisory lock so two simultaneous requests cannot both pass.
 */
async function assertSendAllowed(
  trx: Kysely<Database>,
  phone: string,
  ip: string | null,
  now: Date,
): Promise<void> {
  const stats = await sql<{
    last_send: Date | null;
    hour_count: number;
    day_count: number;
    hour_oldest: Date | null;
    day_oldest: Date | null;
    ip_count: number;
    ip_oldest: Date | null;
  }>`
    select
      (select max(created_at) from otp_codes where phone = ${phone}) as last_send,
      (select count(*)::int from otp_codes where phone = ${phone} and delivery <> 'failed'
         and created_at > ${now}::timestamptz - interval '1 hour') as hour_count,
      (select min(created_at) from otp_codes where phone = ${phone} and delivery <> 'failed'
         and created_at > ${now}::timestamptz - interval '1 hour') as hour_oldest,
      (select count(*)::int from otp_codes where phone = ${phone} and delivery <> 'failed'
         and created_at > ${now}::timestamptz - interval '24 hours') as day_count,
      (select min(created_at) from otp_codes where phone = ${phone} and delivery <> 'failed'
         and created_at > ${now}::timestamptz - interval '24 hours') as day_oldest,
      (select count(*)::int from otp_codes where ip_address = ${ip} and delivery <> 'failed'
         and created_at > ${now}::timestamptz - interval '1 hour') as ip_count,
      (select min(created_at) from otp_codes where ip_address = ${ip} and delivery <> 'failed'
         and created_at > ${now}::timestamptz - interval '1 hour') as ip_oldest
  `.execute(trx);
  const row = stats.rows[0];
  if (!row) return;
  const waits: number[] = [];
  if (row.last_send && now.getTime() - row.last_send.getTime() < OTP_RULES.cooldownMs) {
    waits.push(row.last_send.getTime() + OTP_RULES.cooldownMs - now.getTime());
  }
  if (row.hour_count >= OTP_RULES.perPhonePerHour && row.hour_oldest) {
    waits.push(row.hour_oldest.getTime() + HOUR_MS - now.getTime());
  }
  if (row.day_count >= OTP_RULES.perPhonePerDay && row.day_oldest) {
    waits.push(row.day_oldest.getTime() + 24 * HOUR_MS - now.getTime());
  }
  if (ip !== null && row.ip_count >= OTP_RULES.perIpPerHour && row.ip_oldest) {
    waits.push(row.ip_oldest.getTime() + HOUR_MS - now.getTime());
  }
  if (waits.length > 0) throw rateLimited(Math.max(1, Math.ceil(Math.max(...waits) / 1000)));
}

/** A look at the limits before other work (registration) is done; issueOtp checks again under a lock. */
export async function checkSendAllowed(
  deps: Pick<OtpDeps, 'db'>,
  phone: string,
  ip: string | null,
): Promise<void> {
  await assertSendAllowed(deps.db, phone, ip, new Date());
}

/**
 * Issues and sends a code (OTP-01..10). A send the gateway refuses supersedes the code at once and
 * answers `otpSent: false`; the caller decides whether that is a 502 (sign-in) or a 201 (registration).
 */
export async function issueOtp(
  deps: OtpDeps,
  input: {
    phone: string;
    userId: string | null;
    purpose: OtpPurpose;
    language: Language;
    client: ClientInfo;
  },
): Promise<IssuedOtp> {
  const now = new Date();
  const otpId = crypto.randomUUID();
  const code = generateOtpCode();
  const expiresAt = new Date(now.getTime() + OTP_RULES.ttlMs);

  await deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`otp:${input.phone}`}, 0))`.execute(trx);
    await assertSendAllowed(trx, input.phone, input.client.ip, now);
    // OTP-03: only the newest code for a phone and purpose can succeed.
    await trx
      .updateTable('otp_codes')
      .set({ superseded_at: now })
      .where('phone', '=', input.phone)
      .where('purpose', '=', input.purpose)
      .where('consumed_at', 'is', null)
      .where('superseded_at', 'is', null)
      .execute();
    await trx
      .insertInto('otp_codes')
      .values({
        otp_id: otpId,
        phone: input.phone,
        user_id: input.userId,
        purpose: input.purpose,
        code_hash: hashOtp(deps.otpSecret, otpId, code),
        expires_at: expiresAt,
        ip_address: input.client.ip,
        created_at: now,
      })
      .execute();
  });

  const sent = await deps.notifier.sendOtp({
    phone: input.phone,
    userId: input.userId,
    code,
    language: input.language,
  });
  await deps.db
    .updateTable('otp_codes')
    .set(sent ? { delivery: 'sent' } : { delivery: 'failed', superseded_at: new Date() })
    .where('otp_id', '=', otpId)
    .execute();
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'otp_requested',
    userId: input.userId,
    phone: input.phone,
    client: input.client,
    metadata: { purpose: input.purpose, delivery: sent ? 'sent' : 'failed' },
  });
  return {
    otpSent: sent,
    otpExpiresAt: expiresAt,
    resendAvailableAt: new Date(now.getTime() + OTP_RULES.cooldownMs),
  };
}

export type OtpFailure = 'invalid' | 'expired' | 'attempts_exceeded' | 'no_active_code';

export type OtpCheck =
  { ok: true; testCode: boolean } | { ok: false; reason: OtpFailure; attemptsRemaining: number };

/** OTP-03/04: checks the newest live code for the phone and purpose, in constant time. */
export async function checkOtp(
  deps: OtpDeps,
  input: {
    phone: string;
    purpose: OtpPurpose;
    code: string;
    /** Binds the code to the account it was issued for (a staff phone change names its person). */
    userId?: string;
  },
): Promise<OtpCheck> {
  return deps.db.transaction().execute(async (trx): Promise<OtpCheck> => {
    let live = trx
      .selectFrom('otp_codes')
      .selectAll()
      .where('phone', '=', input.phone)
      .where('purpose', '=', input.purpose);
    if (input.userId !== undefined) live = live.where('user_id', '=', input.userId);
    const row = await live
      .where('consumed_at', 'is', null)
      .where('superseded_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    const now = new Date();

    if (deps.testCode !== undefined && input.code === deps.testCode) {
      if (row)
        await trx
          .updateTable('otp_codes')
          .set({ consumed_at: now })
          .where('otp_id', '=', row.otp_id)
          .execute();
      return { ok: true, testCode: true };
    }
    if (!row) return { ok: false, reason: 'no_active_code', attemptsRemaining: 0 };
    if (row.attempts >= OTP_RULES.maxAttempts)
      return { ok: false, reason: 'attempts_exceeded', attemptsRemaining: 0 };
    if (row.expires_at <= now) return { ok: false, reason: 'expired', attemptsRemaining: 0 };
    if (sameHash(row.code_hash, hashOtp(deps.otpSecret, row.otp_id, input.code))) {
      await trx.updateTable('otp_codes').set({ consumed_at: now }).where('otp_id', '=', row.otp_id).execute();
      return { ok: true, testCode: false };
    }
    // ERR-01: a code that was replaced by a newer one is "expired", not a wrong guess at the new one.
    const replaced = await trx
      .selectFrom('otp_codes')
      .select(['otp_id', 'code_hash'])
      .where('phone', '=', input.phone)
      .where('purpose', '=', input.purpose)
      .where('superseded_at', 'is not', null)
      .where('consumed_at', 'is', null)
      .where('created_at', '>', new Date(now.getTime() - OTP_RULES.ttlMs))
      .execute();
    if (replaced.some((old) => sameHash(old.code_hash, hashOtp(deps.otpSecret, old.otp_id, input.code)))) {
      return { ok: false, reason: 'expired', attemptsRemaining: OTP_RULES.maxAttempts - row.attempts };
    }
    const attempts = row.attempts + 1;
    await trx.updateTable('otp_codes').set({ attempts }).where('otp_id', '=', row.otp_id).execute();
    const attemptsRemaining = OTP_RULES.maxAttempts - attempts;
    return attemptsRemaining <= 0
      ? { ok: false, reason: 'attempts_exceeded', attemptsRemaining: 0 }
      : { ok: false, reason: 'invalid', attemptsRemaining };
  });
}

/** The API error for a failed check (ERR-01). */
export function otpError(check: Extract<OtpCheck, { ok: false }>): AppError {
  switch (check.reason) {
    case 'invalid':
      return new AppError('OTP_INVALID', 'The code is not correct', {
        extra: { attempts_remaining: check.attemptsRemaining },
      });
    case 'attempts_exceeded':
      return new AppError('OTP_ATTEMPTS_EXCEEDED', 'Too many wrong entries; request a new code', {
        extra: { attempts_remaining: 0 },
      });
    default:
      return new AppError('OTP_EXPIRED', 'The code has expired or was replaced; request a new one');
  }
}

/** OTP-05: codes are technical data, purged a week after expiry. */
export async function purgeExpiredOtps(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('otp_codes')
    .where('expires_at', '<', sql<Date>`now() - make_interval(days => ${OTP_RULES.purgeAfterDays})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
