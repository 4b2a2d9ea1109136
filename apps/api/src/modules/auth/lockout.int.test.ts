import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  authLogEntry,
  browser,
  endCooldown,
  signInByCode,
  staffSession,
  verifiedAccount,
  type AccountOptions,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/** Account lockout: LCK-01..06, TST-04 (spec/auth-and-api.md §9). Streaks are set in the database. */

const { database, harness } = useIdentityHarness();
const PASSWORD = 'Mlima-Kenya-2024';

const account = (options: AccountOptions = {}) =>
  verifiedAccount(database.current.db, {
    email: `${crypto.randomBytes(4).toString('hex')}@example.com`,
    ...options,
  });

const userRow = (userId: string) =>
  database.current.db
    .selectFrom('users')
    .select(['locked_until', 'failed_otp_streak', 'failed_password_streak'])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();

const hoursFromNow = (date: Date | string) => (new Date(date).getTime() - Date.now()) / 3_600_000;

describe('OTP lock (LCK-02, LCK-04..06, TST-04)', () => {
  it('locks for 24 h at the 30th failure, notifies, refuses sign-in, keeps old sessions, and staff can unlock', async () => {
    const { userId, phone } = await account();
    const { db } = database.current;
    const before = await signInByCode(harness, phone);
    await endCooldown(database.current.db, phone);

    await db.updateTable('users').set({ failed_otp_streak: 28 }).where('user_id', '=', userId).execute();
    // The 29th failure does not lock yet.
    await browser(harness).post('/api/auth/verify-otp').send({ phone, code: '000000' }).expect(401);
    expect((await userRow(userId)).locked_until).toBeNull();
    const thirtieth = await browser(harness)
      .post('/api/auth/verify-otp')
      .send({ phone, code: '000000' })
      .expect(401);
    expect(thirtieth.body.error.code).toBe('OTP_EXPIRED');

    const locked = await userRow(userId);
    expect(hoursFromNow(locked.locked_until!)).toBeGreaterThan(23.98);
    expect(hoursFromNow(locked.locked_until!)).toBeLessThanOrEqual(24);
    const lockLog = await authLogEntry(database.current.db, userId, 'account_locked');
    expect(lockLog.metadata).toMatchObject({ trigger: 'otp_failures' });
    expect(
      Math.abs(
        Date.parse((lockLog.metadata as { locked_until: string }).locked_until) -
          locked.locked_until!.getTime(),
      ),
    ).toBeLessThan(1000);

    const notices = await db
      .selectFrom('notification_log')
      .select(['channel', 'status'])
      .where('user_id', '=', userId)
      .where('template_key', '=', 'account_locked')
      .execute();
    expect(notices).toContainEqual({ channel: 'sms', status: 'queued' });
    const sentBefore = harness.sms.messages({ to: phone }).length;
    await harness.deliver();
    const delivered = harness.sms.messages({ to: phone });
    expect(delivered).toHaveLength(sentBefore + 1);
    expect(delivered[0]!.text).toMatch(/blocked for 24 hours/);

    // LCK-04: every sign-in path answers ACCOUNT_LOCKED with locked_until, and nothing is sent.
    const requested = await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(403);
    expect(requested.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(Date.parse(requested.body.error.locked_until)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await endCooldown(database.current.db, phone);
    const reset = await browser(harness).post('/api/auth/password/reset').send({ phone }).expect(403);
    expect(reset.body.error.code).toBe('ACCOUNT_LOCKED');
    const verified = await browser(harness)
      .post('/api/auth/verify-otp')
      .send({ phone, code: '123456' })
      .expect(403);
    expect(verified.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(verified.body.error.locked_until).toBe(requested.body.error.locked_until);
    expect(harness.sms.messages({ to: phone })).toHaveLength(sentBefore + 1);

    // A session opened before the lock keeps working.
    await before.get('/api/users/me').expect(200);

    const staff = await staffSession(harness, database.current.db, 'support_staff');
    const unlocked = await staff.agent
      .post(`/api/admin/users/${userId}/unlock`)
      .send({ reason: 'Owner called from the registered phone' })
      .expect(200);
    expect(unlocked.body.data.user_id).toBe(userId);
    expect(await userRow(userId)).toEqual({
      locked_until: null,
      failed_otp_streak: 0,
      failed_password_streak: 0,
    });
    const unlockLog = await authLogEntry(database.current.db, userId, 'account_unlocked');
    expect(unlockLog.metadata).toMatchObject({ by: staff.userId });
    const audit = await db
      .selectFrom('audit_logs')
      .select(['actor_id', 'reason'])
      .where('entity_id', '=', userId)
      .where('action', '=', 'user_unlocked')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_id: staff.userId, reason: 'Owner called from the registered phone' });

    await endCooldown(database.current.db, phone);
    const after = await signInByCode(harness, phone);
    await after.get('/api/users/me').expect(200);
  });

  it('lets a lock end by itself at locked_until (LCK-05)', async () => {
    const { userId, phone } = await account();
    await database.current.db
      .updateTable('users')
      .set({ locked_until: sql<Date>`now() + interval '24 hours'` })
      .where('user_id', '=', userId)
      .execute();
    await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(403);
    await database.current.db
      .updateTable('users')
      .set({ locked_until: sql<Date>`now() - interval '1 second'` })
      .where('user_id', '=', userId)
      .execute();
    await endCooldown(database.current.db, phone);
    await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(200);
  });
});

describe('password lock (LCK-03, LGN-02)', () => {
  it('locks for 24 h at the 50th wrong password; then even the right one answers ACCOUNT_LOCKED', async () => {
    const { userId, phone } = await account({ password: PASSWORD });
    const { db } = database.current;
    await db.updateTable('users').set({ failed_password_streak: 49 }).where('user_id', '=', userId).execute();

    const fiftieth = await browser(harness)
      .post('/api/auth/login/password')
      .send({ phone, password: 'Wrong-Pass-1!' })
      .expect(401);
    expect(fiftieth.body.error.code).toBe('INVALID_CREDENTIALS');
    const locked = await userRow(userId);
    expect(hoursFromNow(locked.locked_until!)).toBeGreaterThan(23.98);
    const lockLog = await authLogEntry(database.current.db, userId, 'account_locked');
    expect(lockLog.metadata).toMatchObject({ trigger: 'password_failures' });
    const notices = await db
      .selectFrom('notification_log')
      .select('channel')
      .where('user_id', '=', userId)
      .where('template_key', '=', 'account_locked')
      .execute();
    expect(notices.map((notice) => notice.channel)).toContain('sms');

    const right = await browser(harness)
      .post('/api/auth/login/password')
      .send({ phone, password: PASSWORD })
      .expect(403);
    expect(right.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(right.body.error.locked_until).toEqual(expect.any(String));
    await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(403);

    await db
      .updateTable('users')
      .set({ locked_until: sql<Date>`now() - interval '1 second'` })
      .where('user_id', '=', userId)
      .execute();
    await db.updateTable('users').set({ failed_otp_streak: 7 }).where('user_id', '=', userId).execute();
    await browser(harness).post('/api/auth/login/password').send({ phone, password: PASSWORD }).expect(200);
    const cleared = await userRow(userId);
    expect(cleared.failed_password_streak).toBe(0);
    expect(cleared.failed_otp_streak).toBe(0);
  });

  it('counts wrong current passwords on PATCH /users/me/password toward the same lock', async () => {
    const { userId, phone } = await account({ password: PASSWORD, consent: true });
    const { db } = database.current;
    const agent = browser(harness);
    await agent.post('/api/auth/login/password').send({ phone, password: PASSWORD }).expect(200);
    await db.updateTable('users').set({ failed_password_streak: 49 }).where('user_id', '=', userId).execute();
    await agent
      .patch('/api/users/me/password')
      .send({ current_password: 'Not-Mine-123!', new_password: 'Another-Pass-9!' })
      .expect(401);
    expect((await userRow(userId)).locked_until).not.toBeNull();
    // The lock protects sign-in; this session stays (LCK-04).
    await agent.get('/api/users/me').expect(200);
  });
});
