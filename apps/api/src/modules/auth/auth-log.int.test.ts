import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../http/logger.js';
import { createMemoryLogger } from '../../test/memory-logger.js';
import { createUser, uniquePhone } from '../../test/factories.js';
import { browser, safePhone, verifiedAccount } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { SUSPICIOUS_FAILURES, writeAuthLog } from './auth-log.js';

const { database, harness } = useIdentityHarness();
const logger = createLogger({ level: 'error', console: false });

async function flags(phone: string) {
  const rows = await database.current.db
    .selectFrom('auth_logs')
    .select('metadata')
    .where('phone', '=', phone)
    .orderBy('timestamp')
    .execute();
  return rows.map((row) => (row.metadata as { flag?: string }).flag ?? null);
}

describe('suspicious-activity flags (ALOG-07, ADM-405, ERRATA 20)', () => {
  it('flags the tenth failure for one phone within 15 minutes, not the ninth', async () => {
    const phone = uniquePhone();
    for (let index = 0; index < SUSPICIOUS_FAILURES.perPhone; index += 1) {
      await writeAuthLog(database.current.db, logger, {
        eventType: 'otp_failed',
        phone,
        client: { ip: `10.1.0.${index}`, userAgent: null },
        metadata: { reason: 'invalid' },
      });
    }
    const seen = await flags(phone);
    expect(seen.slice(0, 9)).toEqual(Array(9).fill(null));
    expect(seen[9]).toBe('phone_failures');
  });

  it('does not count failures older than the window or successes', async () => {
    const phone = uniquePhone();
    await database.current.db
      .insertInto('auth_logs')
      .values(
        Array.from({ length: 12 }, () => ({
          event_type: 'login_failed',
          phone,
          timestamp: new Date(Date.now() - 16 * 60_000),
        })),
      )
      .execute();
    await writeAuthLog(database.current.db, logger, {
      eventType: 'login_failed',
      phone,
      client: { ip: '10.2.0.1', userAgent: null },
    });
    expect((await flags(phone)).at(-1)).toBeNull();
  });

  it('flags a failed staff sign-in from an address that account never signed in from', async () => {
    const staff = await createUser(database.current.db);
    const email = `staff-${staff.user_id.slice(0, 8)}@tafuta.ke`;
    await writeAuthLog(database.current.db, logger, {
      eventType: 'login_success',
      channel: 'admin',
      userId: staff.user_id,
      email,
      client: { ip: '10.3.0.1', userAgent: null },
    });
    const fail = (ip: string) =>
      writeAuthLog(database.current.db, logger, {
        eventType: 'login_failed',
        channel: 'admin',
        userId: staff.user_id,
        email,
        client: { ip, userAgent: null },
      });
    await fail('10.3.0.1');
    await fail('10.3.0.99');
    const rows = await database.current.db
      .selectFrom('auth_logs')
      .select(['ip_address', 'metadata'])
      .where('email', '=', email)
      .where('event_type', '=', 'login_failed')
      .orderBy('timestamp')
      .execute();
    expect(rows.map((row) => (row.metadata as { flag?: string }).flag ?? null)).toEqual([
      null,
      'staff_new_ip',
    ]);
  });

  it('never lets a failing log write break the caller (ALOG-08)', async () => {
    const { logger: spy, lines } = createMemoryLogger('error');
    await expect(
      writeAuthLog(database.current.db, spy, {
        eventType: 'login_failed',
        userId: '00000000-0000-4000-8000-000000000000',
        client: { ip: null, userAgent: null },
      }),
    ).resolves.toBeUndefined();
    expect(lines.map((line) => line.message)).toContain('Could not write an auth-log row');
  });
});

describe('refused SMS sign-ins are logged (ALOG-02, LGN-01)', () => {
  const refusals = (phone: string) =>
    database.current.db
      .selectFrom('auth_logs')
      .select(['user_id', 'metadata'])
      .where('phone', '=', phone)
      .where('event_type', '=', 'login_failed')
      .orderBy('timestamp')
      .execute();

  it('logs login_failed for an unknown number', async () => {
    const phone = safePhone();
    await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(404);
    expect(await refusals(phone)).toEqual([
      { user_id: null, metadata: { method: 'otp_sms', reason: 'unknown_account' } },
    ]);
  });

  it('logs login_failed for a suspended account', async () => {
    const { userId, phone } = await verifiedAccount(database.current.db);
    await database.current.db
      .updateTable('users')
      .set({ status: 'suspended' })
      .where('user_id', '=', userId)
      .execute();
    const response = await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(403);
    expect(response.body.error.code).toBe('ACCOUNT_SUSPENDED');
    expect(await refusals(phone)).toEqual([
      { user_id: userId, metadata: { method: 'otp_sms', reason: 'account_suspended' } },
    ]);
  });

  it('logs login_failed for a locked account, when asking for a code and when entering one', async () => {
    const { userId, phone } = await verifiedAccount(database.current.db);
    await database.current.db
      .updateTable('users')
      .set({ locked_until: sql<Date>`now() + interval '24 hours'` })
      .where('user_id', '=', userId)
      .execute();
    const requested = await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(403);
    expect(requested.body.error.code).toBe('ACCOUNT_LOCKED');
    const verified = await browser(harness)
      .post('/api/auth/verify-otp')
      .send({ phone, code: '123456' })
      .expect(403);
    expect(verified.body.error.code).toBe('ACCOUNT_LOCKED');
    const locked = { user_id: userId, metadata: { method: 'otp_sms', reason: 'account_locked' } };
    expect(await refusals(phone)).toEqual([locked, locked]);
    expect(harness.sms.messages({ to: phone })).toHaveLength(0);
  });
});
