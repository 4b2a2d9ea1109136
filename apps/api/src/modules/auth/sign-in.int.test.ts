import bcrypt from 'bcryptjs';
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import {
  authLogEntry,
  browser,
  endCooldown,
  liveSessions,
  registrationBody,
  safePhone,
  signInByCode,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/** Passwordless and password sign-in, recovery and sign-out: LGN-01/02, PWD-01..05, TST-05, TST-06. */

const { database, harness } = useIdentityHarness();

const PASSWORD = 'Mlima-Kenya-2024';

/** A verified account that accepted the current terms; with a password when one is given. */
const account = (password?: string) =>
  verifiedAccount(database.current.db, { consent: true, ...(password ? { password } : {}) });

async function passwordSignIn(phone: string, password = PASSWORD): Promise<TestAgent> {
  const agent = browser(harness);
  await agent.post('/api/auth/login/password').send({ phone, password }).expect(200);
  return agent;
}

async function sessionState(agent: TestAgent) {
  const response = await agent.get('/api/users/me');
  return response.status === 200 ? 'signed_in' : (response.body.error.code as string);
}

async function queued(userId: string, templateKey: string) {
  return database.current.db
    .selectFrom('notification_log')
    .select(['channel', 'status', 'recipient', 'category'])
    .where('user_id', '=', userId)
    .where('template_key', '=', templateKey)
    .execute();
}

describe('passwordless sign-in (LGN-01)', () => {
  it('request-otp, then verify-otp, opens a session for /users/me', async () => {
    const { userId, phone } = await account();
    const agent = browser(harness);
    const requested = await agent.post('/api/auth/request-otp').send({ phone }).expect(200);
    expect(requested.body.data.otp_sent).toBe(true);
    await agent.get('/api/users/me').expect(401);
    const signedIn = await agent
      .post('/api/auth/verify-otp')
      .send({ phone, code: harness.lastCode(phone) })
      .expect(200);
    expect(signedIn.body.data.user.user_id).toBe(userId);
    const me = await agent.get('/api/users/me').expect(200);
    expect(me.body.data.user_id).toBe(userId);
    expect(me.body.data.has_password).toBe(false);

    const login = await authLogEntry(database.current.db, userId, 'login_success');
    expect(login.metadata).toMatchObject({ method: 'otp_sms', scope: 'user' });
  });
});

describe('setting a password with an SMS code (PWD-01, PWD-02, PWD-04, TST-05)', () => {
  it('reports every broken rule without using up the code, then stores a bcrypt cost-10 hash', async () => {
    const { userId, phone } = await account();
    const agent = browser(harness);
    await agent.post('/api/auth/password/reset').send({ phone }).expect(200);
    const code = harness.lastCode(phone);

    const cases: [string, string[]][] = [
      ['password', ['uppercase', 'digit', 'special']],
      ['Ab1!', ['min_length']],
      ['PASSWORD-ONLY', ['digit']],
      ['Password123', ['special']],
      [`A1!${'a'.repeat(70)}`, ['max_length']],
      [`A1!${'é'.repeat(35)}`, ['max_length']],
    ];
    for (const [weak, rules] of cases) {
      const response = await agent
        .post('/api/auth/password/update')
        .send({ phone, code, new_password: weak })
        .expect(400);
      expect(response.body.error.code).toBe('WEAK_PASSWORD');
      expect(response.body.error.field).toBe('new_password');
      const details = response.body.error.details as { rule: string }[];
      expect(details.map((detail) => detail.rule)).toEqual(rules);
    }
    // Refused passwords leave the code alive (PWD-04: the rules are checked first).
    const row = await database.current.db
      .selectFrom('otp_codes')
      .select(['attempts', 'consumed_at'])
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ attempts: 0, consumed_at: null });

    const set = await agent
      .post('/api/auth/password/update')
      .send({ phone, code, new_password: PASSWORD })
      .expect(200);
    expect(set.body.data.user.has_password).toBe(true);
    await agent.get('/api/users/me').expect(200);

    const user = await database.current.db
      .selectFrom('users')
      .select(['password_hash', 'password_changed_at'])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$2[aby]\$10\$/);
    expect(await bcrypt.compare(PASSWORD, user.password_hash!)).toBe(true);
    expect(user.password_changed_at).toBeInstanceOf(Date);
    const log = await database.current.db
      .selectFrom('auth_logs')
      .select('event_type')
      .where('user_id', '=', userId)
      .where('event_type', 'in', ['password_set', 'password_reset'])
      .execute();
    expect(log).toEqual([{ event_type: 'password_set' }]);

    const other = browser(harness);
    const signedIn = await other
      .post('/api/auth/login/password')
      .send({ phone: `0${phone.slice(4)}`, password: PASSWORD })
      .expect(200);
    expect(signedIn.body.data.user.user_id).toBe(userId);
    await other.get('/api/users/me').expect(200);
  });

  it('allows a password of exactly 72 bytes', async () => {
    const { phone } = await account();
    await browser(harness).post('/api/auth/password/reset').send({ phone }).expect(200);
    await browser(harness)
      .post('/api/auth/password/update')
      .send({ phone, code: harness.lastCode(phone), new_password: `A1!${'a'.repeat(69)}` })
      .expect(200);
  });
});

describe('a password reset verifies a never-verified phone (USR-12)', () => {
  it('sets phone_verified_at and raises the tier to basic', async () => {
    const phone = safePhone();
    const registered = await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(phone))
      .expect(201);
    const userId = registered.body.data.user_id as string;
    await endCooldown(database.current.db, phone);

    const agent = browser(harness);
    await agent.post('/api/auth/password/reset').send({ phone }).expect(200);
    await agent
      .post('/api/auth/password/update')
      .send({ phone, code: harness.lastCode(phone), new_password: PASSWORD })
      .expect(200);
    const user = await database.current.db
      .selectFrom('users')
      .select(['phone_verified_at', 'verification_tier'])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user.phone_verified_at).toBeInstanceOf(Date);
    expect(user.verification_tier).toBe('basic');
  });
});

describe('password sign-in refusals (LGN-02)', () => {
  it('gives the same 401 INVALID_CREDENTIALS for a wrong password and for an unknown phone', async () => {
    const { userId, phone } = await account(PASSWORD);
    const wrong = await browser(harness)
      .post('/api/auth/login/password')
      .send({ phone, password: 'Wrong-Pass-99' })
      .expect(401);
    const unknown = await browser(harness)
      .post('/api/auth/login/password')
      .send({ phone: safePhone(), password: PASSWORD })
      .expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error.message).toBe(wrong.body.error.message);

    const user = await database.current.db
      .selectFrom('users')
      .select('failed_password_streak')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user.failed_password_streak).toBe(1);
  });

  it('tells a suspended account so only after the right password (403 ACCOUNT_SUSPENDED)', async () => {
    const { userId, phone } = await account(PASSWORD);
    await database.current.db
      .updateTable('users')
      .set({ status: 'suspended', status_reason: 'Fraud report' })
      .where('user_id', '=', userId)
      .execute();
    const wrong = await browser(harness)
      .post('/api/auth/login/password')
      .send({ phone, password: 'Wrong-Pass-99' })
      .expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const right = await browser(harness)
      .post('/api/auth/login/password')
      .send({ phone, password: PASSWORD })
      .expect(403);
    expect(right.body.error.code).toBe('ACCOUNT_SUSPENDED');
    expect(await liveSessions(database.current.db, userId)).toHaveLength(0);

    const reasons = await database.current.db
      .selectFrom('auth_logs')
      .select('metadata')
      .where('user_id', '=', userId)
      .where('event_type', '=', 'login_failed')
      .orderBy('timestamp')
      .execute();
    expect(reasons.map((row) => (row.metadata as { reason: string }).reason)).toEqual([
      'wrong_password',
      'account_suspended',
    ]);
  });

  it('answers 400 PASSWORD_NOT_SET for a passwordless account', async () => {
    const { phone } = await account();
    const response = await browser(harness)
      .post('/api/auth/login/password')
      .send({ phone, password: PASSWORD })
      .expect(400);
    expect(response.body.error.code).toBe('PASSWORD_NOT_SET');
  });
});

describe('revoking sessions (SES-08, TST-06)', () => {
  it('password recovery ends the sessions on other devices and signs this one in', async () => {
    const { userId, phone } = await account(PASSWORD);
    const phoneA = await passwordSignIn(phone);
    const phoneB = await passwordSignIn(phone);
    expect(await sessionState(phoneA)).toBe('signed_in');

    const laptop = browser(harness);
    await laptop.post('/api/auth/password/reset').send({ phone }).expect(200);
    await laptop
      .post('/api/auth/password/update')
      .send({ phone, code: harness.lastCode(phone), new_password: 'New-Pass-2025!' })
      .expect(200);

    expect(await sessionState(phoneA)).toBe('SESSION_EXPIRED');
    expect(await sessionState(phoneB)).toBe('SESSION_EXPIRED');
    expect(await sessionState(laptop)).toBe('signed_in');
    await browser(harness).post('/api/auth/login/password').send({ phone, password: PASSWORD }).expect(401);
    await passwordSignIn(phone, 'New-Pass-2025!');

    const reset = await authLogEntry(database.current.db, userId, 'password_reset');
    expect(reset.metadata).toMatchObject({ sessions_revoked: 2 });
  });

  it('log out everywhere revokes every session and reports how many', async () => {
    const { userId, phone } = await account(PASSWORD);
    const devices = [await passwordSignIn(phone), await passwordSignIn(phone), await passwordSignIn(phone)];
    const response = await devices[0]!.post('/api/auth/logout-all').expect(200);
    expect(response.body.data).toEqual({ sessions_revoked: 3 });
    for (const agent of devices) expect(await sessionState(agent)).not.toBe('signed_in');
    expect(await liveSessions(database.current.db, userId)).toHaveLength(0);
  });

  it('changing the password keeps this session and ends the others (PWD-05)', async () => {
    const { userId, phone } = await account(PASSWORD);
    const current = await passwordSignIn(phone);
    const other = await passwordSignIn(phone);

    const wrong = await current
      .patch('/api/users/me/password')
      .send({ current_password: 'Not-It-123!', new_password: 'Changed-Pass-7!' })
      .expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(await sessionState(other)).toBe('signed_in');

    const weak = await current
      .patch('/api/users/me/password')
      .send({ current_password: PASSWORD, new_password: 'weak' })
      .expect(400);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');

    const changed = await current
      .patch('/api/users/me/password')
      .send({ current_password: PASSWORD, new_password: 'Changed-Pass-7!' })
      .expect(200);
    expect(changed.body.data.sessions_revoked).toBe(1);
    expect(await sessionState(current)).toBe('signed_in');
    expect(await sessionState(other)).toBe('SESSION_EXPIRED');
    await passwordSignIn(phone, 'Changed-Pass-7!');

    const log = await authLogEntry(database.current.db, userId, 'password_changed');
    expect(log.metadata).toMatchObject({ sessions_revoked: 1 });
  });

  it('answers 400 PASSWORD_NOT_SET when a passwordless account tries to change its password (EP-ME-03)', async () => {
    const { userId, phone } = await account();
    const agent = await signInByCode(harness, phone);
    const response = await agent
      .patch('/api/users/me/password')
      .send({ current_password: 'Anything-123!', new_password: 'Changed-Pass-7!' })
      .expect(400);
    expect(response.body.error.code).toBe('PASSWORD_NOT_SET');
    const user = await database.current.db
      .selectFrom('users')
      .select(['password_hash', 'failed_password_streak'])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ password_hash: null, failed_password_streak: 0 });
    expect(await sessionState(agent)).toBe('signed_in');
  });

  it('logs out this session only, and answers 200 without a session too', async () => {
    const { phone } = await account(PASSWORD);
    const first = await passwordSignIn(phone);
    const second = await passwordSignIn(phone);
    const out = await first.post('/api/auth/logout').expect(200);
    expect(String(out.headers['set-cookie'])).toMatch(/tafuta_session=;/);
    expect(await sessionState(first)).toBe('UNAUTHORIZED');
    expect(await sessionState(second)).toBe('signed_in');

    const anonymous = await browser(harness).post('/api/auth/logout').expect(200);
    expect(anonymous.body.success).toBe(true);
  });
});

describe('security SMS (LGN-07)', () => {
  it('queues the password and log-out-everywhere notices in the outbox and delivers them', async () => {
    const { userId, phone } = await account();
    const agent = browser(harness);
    await agent.post('/api/auth/password/reset').send({ phone }).expect(200);
    await agent
      .post('/api/auth/password/update')
      .send({ phone, code: harness.lastCode(phone), new_password: PASSWORD })
      .expect(200);
    await agent
      .patch('/api/users/me/password')
      .send({ current_password: PASSWORD, new_password: 'Second-Pass-8!' })
      .expect(200);
    await agent.post('/api/auth/logout-all').expect(200);

    for (const key of ['password_set', 'password_changed', 'logout_all']) {
      const rows = await queued(userId, key);
      expect(rows, key).toContainEqual({
        channel: 'sms',
        status: 'queued',
        recipient: phone,
        category: 'security',
      });
    }
    const otpMessages = harness.sms.messages({ to: phone }).length;
    await harness.deliver();
    const texts = harness.sms
      .messages({ to: phone })
      .slice(0, -otpMessages)
      .map((message) => message.text);
    expect(texts).toHaveLength(3);
    expect(texts.some((text) => /password was added/i.test(text))).toBe(true);
    expect(texts.some((text) => /password was changed/i.test(text))).toBe(true);
    expect(texts.some((text) => /signed out of Tafuta on all your devices/i.test(text))).toBe(true);
    for (const key of ['password_set', 'password_changed', 'logout_all']) {
      const [row] = await queued(userId, key);
      expect(row?.status, key).toMatch(/^(sent|delivered)$/);
    }
  });
});
