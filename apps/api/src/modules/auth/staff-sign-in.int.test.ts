import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  authLogEntry,
  browser,
  signInByCode,
  STAFF_PASSWORD,
  staffMember,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/** Staff sign-in: LGN-05, SES-04 (admin scope), ERRATA 7 (ADM-032/033), TST-12, EP-00 / §15.7 refusals. */

const { database, harness } = useIdentityHarness();

/** Signs in at the staff endpoint in a browser of its own (staff sign-in is limited per IP, ERRATA 7). */
function staffLogin(email: string, password = STAFF_PASSWORD) {
  const agent = browser(harness);
  return { agent, response: agent.post('/api/admin/auth/login').send({ email, password }) };
}

const minutesFromNow = (date: Date | string) => (new Date(date).getTime() - Date.now()) / 60_000;

describe('staff powers need a staff session (LGN-05, TST-12)', () => {
  it('refuses a staff member signed in by SMS code with 401 ADMIN_SESSION_REQUIRED', async () => {
    const staff = await staffMember(database.current.db, 'super_admin');
    const target = await verifiedAccount(database.current.db);
    const agent = await signInByCode(harness, staff.phone);
    const me = await agent.get('/api/users/me').expect(200);
    expect(me.body.data.staff_role).toBeNull();

    const refused = await agent
      .post(`/api/admin/users/${target.userId}/unlock`)
      .send({ reason: 'Trying with a public session' })
      .expect(401);
    expect(refused.body.error.code).toBe('ADMIN_SESSION_REQUIRED');
    const anonymous = await browser(harness)
      .post(`/api/admin/users/${target.userId}/unlock`)
      .send({ reason: 'No session at all' })
      .expect(401);
    expect(anonymous.body.error.code).toBe('ADMIN_SESSION_REQUIRED');
  });

  it('signs staff in with email and password into an admin session: 30 min idle, 8 h absolute', async () => {
    const staff = await staffMember(database.current.db, 'admin');
    const { agent, response } = staffLogin(staff.email.toUpperCase());
    const signedIn = await response.expect(200);
    expect(signedIn.body.data.staff_role).toBe('admin');
    expect(signedIn.body.data.user.user_id).toBe(staff.userId);

    const session = await database.current.db
      .selectFrom('user_sessions')
      .selectAll()
      .where('user_id', '=', staff.userId)
      .executeTakeFirstOrThrow();
    expect(session.scope).toBe('admin');
    expect(minutesFromNow(session.expires_at)).toBeGreaterThan(29.9);
    expect(minutesFromNow(session.expires_at)).toBeLessThanOrEqual(30);
    expect(minutesFromNow(session.absolute_expires_at)).toBeGreaterThan(8 * 60 - 0.1);
    expect(minutesFromNow(session.absolute_expires_at)).toBeLessThanOrEqual(8 * 60);
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[]).find((value) =>
      value.startsWith('tafuta_session='),
    );
    expect(Number(/max-age=(\d+)/i.exec(cookie!)?.[1])).toBeGreaterThan(1790);
    expect(Number(/max-age=(\d+)/i.exec(cookie!)?.[1])).toBeLessThanOrEqual(1800);

    const me = await agent.get('/api/users/me').expect(200);
    expect(me.body.data.staff_role).toBe('admin');
    const login = await database.current.db
      .selectFrom('auth_logs')
      .select(['metadata', 'channel'])
      .where('user_id', '=', staff.userId)
      .where('event_type', '=', 'login_success')
      .executeTakeFirstOrThrow();
    expect(login).toMatchObject({ channel: 'admin', metadata: { method: 'staff_password', scope: 'admin' } });

    // TST-12: the staff session times out after 30 idle minutes.
    const target = await verifiedAccount(database.current.db);
    await agent
      .post(`/api/admin/users/${target.userId}/unlock`)
      .send({ reason: 'Routine check' })
      .expect(200);
    await sql`update user_sessions set expires_at = now() - interval '1 second' where session_id = ${session.session_id}`.execute(
      database.current.db,
    );
    const expired = await agent
      .post(`/api/admin/users/${target.userId}/unlock`)
      .send({ reason: 'Routine check' })
      .expect(401);
    expect(expired.body.error.code).toBe('SESSION_EXPIRED');
  });
});

describe('staff sign-in refusals (ERRATA 7: one answer for every failure)', () => {
  it('answers the same 401 INVALID_CREDENTIALS for a wrong password, unknown email, inactive staff and non-staff', async () => {
    const active = await staffMember(database.current.db, 'support_staff');
    const inactive = await staffMember(database.current.db, 'admin', { isActive: false });
    const publicEmail = `user-${crypto.randomBytes(4).toString('hex')}@example.com`;
    await verifiedAccount(database.current.db, { email: publicEmail, password: STAFF_PASSWORD });

    const attempts = [
      staffLogin(active.email, 'Not-The-Password-1!').response,
      staffLogin(`nobody-${crypto.randomBytes(4).toString('hex')}@tafuta.ke`).response,
      staffLogin(inactive.email).response,
      staffLogin(publicEmail).response,
    ];
    const replies = [];
    for (const attempt of attempts) replies.push(await attempt.expect(401));
    for (const reply of replies) {
      expect(reply.body.error.code).toBe('INVALID_CREDENTIALS');
      expect(reply.body.error.message).toBe(replies[0]!.body.error.message);
      expect(String(reply.headers['set-cookie'] ?? '')).not.toMatch(/tafuta_session=s/);
    }
    const sessions = await database.current.db
      .selectFrom('user_sessions')
      .select('session_id')
      .where('user_id', 'in', [active.userId, inactive.userId])
      .execute();
    expect(sessions).toHaveLength(0);
  });

  it('locks a staff account for 15 minutes after 5 failures in a row; then even the right password fails', async () => {
    const staff = await staffMember(database.current.db, 'admin');
    for (let failure = 1; failure <= 5; failure++) {
      await staffLogin(staff.email, `Wrong-Password-${failure}!`).response.expect(401);
    }
    const row = await database.current.db
      .selectFrom('admin_users')
      .select(['locked_until', 'failed_login_count'])
      .where('admin_user_id', '=', staff.adminUserId)
      .executeTakeFirstOrThrow();
    expect(minutesFromNow(row.locked_until!)).toBeGreaterThan(14.9);
    expect(minutesFromNow(row.locked_until!)).toBeLessThanOrEqual(15);

    const right = await staffLogin(staff.email).response.expect(401);
    expect(right.body.error.code).toBe('INVALID_CREDENTIALS');
    const locked = await authLogEntry(database.current.db, staff.userId, 'account_locked');
    expect(locked.metadata).toMatchObject({ trigger: 'staff_password_failures' });

    await database.current.db
      .updateTable('admin_users')
      .set({ locked_until: sql<Date>`now() - interval '1 second'` })
      .where('admin_user_id', '=', staff.adminUserId)
      .execute();
    await staffLogin(staff.email).response.expect(200);
  });
});

describe('staff sign-in and the person behind it (ERRATA 7, LGN-06)', () => {
  it('refuses a staff account whose user phone is unverified with 401 INVALID_CREDENTIALS and logs why', async () => {
    const staff = await staffMember(database.current.db, 'admin');
    await database.current.db
      .updateTable('users')
      .set({ phone_verified_at: null })
      .where('user_id', '=', staff.userId)
      .execute();
    const refused = await staffLogin(staff.email).response.expect(401);
    expect(refused.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(String(refused.headers['set-cookie'] ?? '')).not.toMatch(/tafuta_session=s/);

    const failed = await database.current.db
      .selectFrom('auth_logs')
      .select(['channel', 'metadata'])
      .where('user_id', '=', staff.userId)
      .where('event_type', '=', 'login_failed')
      .execute();
    expect(failed).toEqual([
      { channel: 'admin', metadata: expect.objectContaining({ reason: 'unverified_account' }) },
    ]);
    const sessions = await database.current.db
      .selectFrom('user_sessions')
      .select('session_id')
      .where('user_id', '=', staff.userId)
      .execute();
    expect(sessions).toHaveLength(0);
  });

  it("clears the person's OTP and password failure streaks on a successful staff sign-in", async () => {
    const staff = await staffMember(database.current.db, 'support_staff');
    await database.current.db
      .updateTable('users')
      .set({ failed_otp_streak: 7, failed_password_streak: 3 })
      .where('user_id', '=', staff.userId)
      .execute();
    await staffLogin(staff.email).response.expect(200);
    const user = await database.current.db
      .selectFrom('users')
      .select(['failed_otp_streak', 'failed_password_streak', 'last_login_at'])
      .where('user_id', '=', staff.userId)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ failed_otp_streak: 0, failed_password_streak: 0 });
    expect(user.last_login_at).toBeInstanceOf(Date);
  });
});

describe('staff roles (ADM-003, ADM-006)', () => {
  it('refuses support staff a suspension with 403 FORBIDDEN and audits the refusal', async () => {
    const support = await staffMember(database.current.db, 'support_staff');
    const target = await verifiedAccount(database.current.db);
    const { agent, response } = staffLogin(support.email);
    await response.expect(200);
    const refused = await agent
      .post(`/api/admin/users/${target.userId}/suspend`)
      .send({ reason: 'Suspicious listings reported' })
      .expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');

    const audit = await database.current.db
      .selectFrom('audit_logs')
      .select(['actor_id', 'actor_role', 'entity_id', 'new_value'])
      .where('action', '=', 'access_denied')
      .where('actor_id', '=', support.userId)
      .executeTakeFirstOrThrow();
    expect(audit.actor_role).toBe('support_staff');
    expect(audit.entity_id).toBe(target.userId);
    expect(audit.new_value).toMatchObject({ method: 'POST', action: 'staff.users.suspend' });
    const user = await database.current.db
      .selectFrom('users')
      .select('status')
      .where('user_id', '=', target.userId)
      .executeTakeFirstOrThrow();
    expect(user.status).toBe('active');

    // The same person with an Admin role may suspend.
    const admin = await staffMember(database.current.db, 'admin');
    const adminLogin = staffLogin(admin.email);
    await adminLogin.response.expect(200);
    await adminLogin.agent
      .post(`/api/admin/users/${target.userId}/suspend`)
      .send({ reason: 'Suspicious listings reported' })
      .expect(200);
  });
});

describe('a deactivated account keeps no staff powers (SES-13)', () => {
  it('answers 403 ACCOUNT_DEACTIVATED on staff endpoints until the person reactivates', async () => {
    const staff = await staffMember(database.current.db, 'admin');
    const target = await verifiedAccount(database.current.db);
    await database.current.db
      .updateTable('users')
      .set({ status: 'deactivated' })
      .where('user_id', '=', staff.userId)
      .execute();
    const { agent, response } = staffLogin(staff.email);
    await response.expect(200);
    const refused = await agent
      .post(`/api/admin/users/${target.userId}/unlock`)
      .send({ reason: 'Customer called the office' })
      .expect(403);
    expect(refused.body.error.code).toBe('ACCOUNT_DEACTIVATED');
    await agent.post('/api/users/me/reactivate').expect(200);
    await agent
      .post(`/api/admin/users/${target.userId}/unlock`)
      .send({ reason: 'Customer called the office' })
      .expect(200);
  });
});
