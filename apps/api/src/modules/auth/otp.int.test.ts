import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { PostgresRateLimitStore, type RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import { testConfig } from '../../test/app.js';
import {
  authLogEntry,
  browser,
  endCooldown,
  OTP_TEST_CODE,
  safePhone,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { startIdentityHarness, useIdentityHarness } from '../../test/identity-harness.js';
import { hashOtp } from './otp.service.js';

/** One-time passwords: TST-03, OTP-03..11, RL-01 (spec/auth-and-api.md §5, §16). */

const { database, harness } = useIdentityHarness();

const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

describe('sending codes (OTP-08, OTP-10, LGN-01)', () => {
  it('refuses a second code within 60 s with 429, retry_after and Retry-After, and sends nothing', async () => {
    const { phone } = await verifiedAccount(database.current.db);
    const agent = browser(harness);
    await agent.post('/api/auth/request-otp').send({ phone }).expect(200);
    const again = await agent.post('/api/auth/request-otp').send({ phone }).expect(429);
    expect(again.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(again.body.error.retry_after).toBeGreaterThanOrEqual(1);
    expect(again.body.error.retry_after).toBeLessThanOrEqual(60);
    expect(again.headers['retry-after']).toBe(String(again.body.error.retry_after));
    // Another purpose shares the cool-down (OTP-08: "whatever the purpose").
    await agent.post('/api/auth/password/reset').send({ phone }).expect(429);
    expect(harness.sms.messages({ to: phone })).toHaveLength(1);
  });

  it('stores only a keyed 64-hex hash of the code, never the code itself (OTP-05, OTP-06)', async () => {
    const { phone } = await verifiedAccount(database.current.db);
    const reply = await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(200);
    expect(JSON.stringify(reply.body)).not.toMatch(/\b\d{6}\b/);
    const code = harness.lastCode(phone);
    const row = await database.current.db
      .selectFrom('otp_codes')
      .selectAll()
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.code_hash).not.toContain(code);
    expect(row.code_hash).toBe(hashOtp(testConfig().secrets.otp, row.otp_id, code));
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(10 * 60_000);

    // TST-03: no code in any log we keep.
    const logged = await sql<{ text: string }>`
      select coalesce(body, '') as text from notification_log where recipient = ${phone}
      union all select metadata::text from auth_logs where phone = ${phone}`.execute(database.current.db);
    expect(logged.rows.length).toBeGreaterThan(0);
    for (const { text } of logged.rows) expect(text).not.toContain(code);
  });

  it('allows 5 sends per phone per rolling hour and refuses the 6th', async () => {
    const { phone } = await verifiedAccount(database.current.db);
    for (let send = 1; send <= 5; send++) {
      await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(200);
      await endCooldown(database.current.db, phone);
    }
    const sixth = await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(429);
    expect(sixth.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    // The oldest send is 5 × 61 s old, so the window frees up a little under an hour from now.
    expect(sixth.body.error.retry_after).toBeGreaterThan(3600 - 6 * 61);
    expect(sixth.body.error.retry_after).toBeLessThanOrEqual(3600 - 5 * 61 + 1);
    expect(harness.sms.messages({ to: phone })).toHaveLength(5);
  });

  it('answers 502 when the gateway fails; the failure starts the cool-down but is not an hourly send', async () => {
    const { phone } = await verifiedAccount(database.current.db);
    harness.sms.setDown(true);
    try {
      const failed = await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(502);
      expect(failed.body.error.code).toBe('EXTERNAL_SERVICE_ERROR');
    } finally {
      harness.sms.setDown(false);
    }
    const row = await database.current.db
      .selectFrom('otp_codes')
      .select(['delivery', 'superseded_at'])
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(row.delivery).toBe('failed');
    expect(row.superseded_at).toBeInstanceOf(Date);

    const cooling = await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(429);
    expect(cooling.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(cooling.body.error.retry_after).toBeLessThanOrEqual(60);

    // Five delivered sends still fit in the hour next to the failed one.
    for (let send = 1; send <= 5; send++) {
      await endCooldown(database.current.db, phone);
      await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(200);
    }
    await endCooldown(database.current.db, phone);
    await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(429);
    expect(harness.sms.messages({ to: phone })).toHaveLength(5);
  });

  it('answers 404 ACCOUNT_NOT_FOUND for an unknown phone and sends nothing', async () => {
    const phone = safePhone();
    const before = harness.sms.sendCount();
    const response = await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(404);
    expect(response.body.error.code).toBe('ACCOUNT_NOT_FOUND');
    expect(harness.sms.sendCount()).toBe(before);
    const codes = await database.current.db
      .selectFrom('otp_codes')
      .select('otp_id')
      .where('phone', '=', phone)
      .execute();
    expect(codes).toHaveLength(0);
  });

  it('refuses to send when the rate-limit counter store is down (fail closed)', async () => {
    const { db } = database.current;
    const broken: RateLimitStoreFactory = (prefix) => {
      const store = new PostgresRateLimitStore(db, prefix);
      store.increment = () =>
        Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
        );
      return store;
    };
    const storeDown = await startIdentityHarness(database.current, { rateLimitStores: broken });
    try {
      const { phone } = await verifiedAccount(database.current.db);
      const response = await browser(storeDown).post('/api/auth/request-otp').send({ phone });
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(storeDown.sms.sendCount()).toBe(0);
      const codes = await db.selectFrom('otp_codes').select('otp_id').where('phone', '=', phone).execute();
      expect(codes).toHaveLength(0);
    } finally {
      await storeDown.close();
    }
  });
});

describe('the daily and per-address limits (OTP-08)', () => {
  /** An otp_codes row written straight to the table, as an earlier send would have left it. */
  const codeRow = (input: {
    phone?: string;
    ip?: string | null;
    delivery: 'sent' | 'failed';
    minutesAgo: number;
  }) => ({
    otp_id: crypto.randomUUID(),
    phone: input.phone ?? safePhone(),
    user_id: null,
    purpose: 'login' as const,
    code_hash: 'x'.repeat(64),
    expires_at: new Date(Date.now() - input.minutesAgo * 60_000 + 10 * 60_000),
    ip_address: input.ip ?? null,
    delivery: input.delivery,
    created_at: new Date(Date.now() - input.minutesAgo * 60_000),
  });

  it('allows 10 sends per phone per rolling 24 h and refuses the 11th; failed sends do not count', async () => {
    const { db } = database.current;
    const { phone } = await verifiedAccount(db);
    const agent = browser(harness);
    // Earlier sends move out of the 60-second and one-hour windows, but stay within the day.
    const anHourLater = async () => {
      await sql`update otp_codes set created_at = created_at - interval '61 minutes' where phone = ${phone}`.execute(
        db,
      );
      await endCooldown(db, phone);
    };
    for (let send = 1; send <= 9; send++) {
      await agent.post('/api/auth/request-otp').send({ phone }).expect(200);
      await anHourLater();
    }
    await db
      .insertInto('otp_codes')
      .values([1, 2, 3].map(() => codeRow({ phone, delivery: 'failed', minutesAgo: 120 })))
      .execute();
    await agent.post('/api/auth/request-otp').send({ phone }).expect(200);
    await anHourLater();

    const eleventh = await agent.post('/api/auth/request-otp').send({ phone }).expect(429);
    expect(eleventh.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    // The first send is now 10 × (61 min + 61 s) old: the day frees up that much less than 24 h from now.
    const firstSendAge = 10 * (61 * 60 + 61);
    expect(eleventh.body.error.retry_after).toBeGreaterThan(24 * 3600 - firstSendAge - 60);
    expect(eleventh.body.error.retry_after).toBeLessThanOrEqual(24 * 3600 - firstSendAge + 1);
    expect(harness.sms.messages({ to: phone })).toHaveLength(10);
  });

  it('allows 30 sends per client address per rolling hour; failed sends do not count', async () => {
    const { db } = database.current;
    const ip = '203.0.113.30';
    const fromAddress = () => harness.agent().set('X-Forwarded-For', ip);
    await db
      .insertInto('otp_codes')
      .values([
        ...Array.from({ length: 29 }, () => codeRow({ ip, delivery: 'sent', minutesAgo: 10 })),
        ...Array.from({ length: 5 }, () => codeRow({ ip, delivery: 'failed', minutesAgo: 5 })),
      ])
      .execute();
    const thirtieth = await verifiedAccount(db);
    await fromAddress().post('/api/auth/request-otp').send({ phone: thirtieth.phone }).expect(200);
    const stored = await db
      .selectFrom('otp_codes')
      .select('ip_address')
      .where('phone', '=', thirtieth.phone)
      .executeTakeFirstOrThrow();
    expect(stored.ip_address).toBe(ip);

    const { phone } = await verifiedAccount(db);
    const before = harness.sms.sendCount();
    const refused = await fromAddress().post('/api/auth/request-otp').send({ phone }).expect(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    // The oldest of the 30 is 10 minutes old, so the address may send again in about 50 minutes.
    expect(refused.body.error.retry_after).toBeGreaterThan(49 * 60);
    expect(refused.body.error.retry_after).toBeLessThanOrEqual(50 * 60 + 1);
    expect(harness.sms.sendCount()).toBe(before);
    const codes = await db.selectFrom('otp_codes').select('otp_id').where('phone', '=', phone).execute();
    expect(codes).toHaveLength(0);
    // Another address is not held back by this one's sends.
    await endCooldown(db, phone);
    await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(200);
  });
});

describe('checking codes (OTP-02..04)', () => {
  it('counts wrong entries down 4..1, kills the code at the fifth, then refuses even the right code', async () => {
    const { phone } = await verifiedAccount(database.current.db);
    const agent = browser(harness);
    await agent.post('/api/auth/request-otp').send({ phone }).expect(200);
    const code = harness.lastCode(phone);
    for (const remaining of [4, 3, 2, 1]) {
      const wrong = await agent
        .post('/api/auth/verify-otp')
        .send({ phone, code: wrongCode(code) })
        .expect(401);
      expect(wrong.body.error.code).toBe('OTP_INVALID');
      expect(wrong.body.error.attempts_remaining).toBe(remaining);
    }
    const fifth = await agent
      .post('/api/auth/verify-otp')
      .send({ phone, code: wrongCode(code) })
      .expect(401);
    expect(fifth.body.error.code).toBe('OTP_ATTEMPTS_EXCEEDED');
    const right = await agent.post('/api/auth/verify-otp').send({ phone, code }).expect(401);
    expect(right.body.error.code).toBe('OTP_ATTEMPTS_EXCEEDED');
    await agent.get('/api/users/me').expect(401);

    const failures = await database.current.db
      .selectFrom('auth_logs')
      .select('metadata')
      .where('phone', '=', phone)
      .where('event_type', '=', 'otp_failed')
      .execute();
    expect(failures).toHaveLength(6);
  });

  it('answers OTP_EXPIRED once the code is older than 10 minutes', async () => {
    const { phone } = await verifiedAccount(database.current.db);
    await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(200);
    const code = harness.lastCode(phone);
    await sql`update otp_codes set expires_at = now() - interval '1 minute' where phone = ${phone}`.execute(
      database.current.db,
    );
    const response = await browser(harness).post('/api/auth/verify-otp').send({ phone, code }).expect(401);
    expect(response.body.error.code).toBe('OTP_EXPIRED');
  });

  it('accepts a code once; using it again fails', async () => {
    const { phone } = await verifiedAccount(database.current.db);
    await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(200);
    const code = harness.lastCode(phone);
    await browser(harness).post('/api/auth/verify-otp').send({ phone, code }).expect(200);
    const reused = await browser(harness).post('/api/auth/verify-otp').send({ phone, code }).expect(401);
    expect(reused.body.error.code).toBe('OTP_EXPIRED');
    const row = await database.current.db
      .selectFrom('otp_codes')
      .select('consumed_at')
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(row.consumed_at).toBeInstanceOf(Date);
  });

  it('keeps purposes apart: a login code does not reset a password (OTP-07)', async () => {
    const { phone } = await verifiedAccount(database.current.db);
    await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(200);
    const response = await browser(harness)
      .post('/api/auth/password/update')
      .send({ phone, code: harness.lastCode(phone), new_password: 'Strong-Pass-1' })
      .expect(401);
    expect(response.body.error.code).toBe('OTP_EXPIRED');
  });
});

describe('the fixed test code (OTP-11)', () => {
  it('is accepted outside production for any phone and logged with test_code true', async () => {
    const withTestCode = await startIdentityHarness(database.current, { env: { OTP_TEST_CODE } });
    try {
      const { userId, phone } = await verifiedAccount(database.current.db);
      const signedIn = await browser(withTestCode)
        .post('/api/auth/verify-otp')
        .send({ phone, code: OTP_TEST_CODE })
        .expect(200);
      expect(signedIn.body.data.user.user_id).toBe(userId);
      expect(withTestCode.sms.sendCount()).toBe(0);
      const verified = await authLogEntry(database.current.db, userId, 'otp_verified');
      expect(verified.metadata).toMatchObject({ purpose: 'login', test_code: true });

      // Without OTP_TEST_CODE the same code is just a wrong code.
      const other = await verifiedAccount(database.current.db);
      await browser(harness).post('/api/auth/request-otp').send({ phone: other.phone }).expect(200);
      if (harness.lastCode(other.phone) !== OTP_TEST_CODE) {
        await browser(harness)
          .post('/api/auth/verify-otp')
          .send({ phone: other.phone, code: OTP_TEST_CODE })
          .expect(401);
      }
    } finally {
      await withTestCode.close();
    }
  });
});
