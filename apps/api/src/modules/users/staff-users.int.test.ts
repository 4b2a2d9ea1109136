import crypto from 'node:crypto';
import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRoleName } from '../../db/schema.js';
import { useTestDatabase } from '../../test/database.js';
import { createUser } from '../../test/factories.js';
import { startIdentityHarness, type IdentityHarness } from '../../test/identity-harness.js';
import { hashPassword } from '../auth/passwords.js';

const database = useTestDatabase();
let harness: IdentityHarness;
let admin: { userId: string; cookie: string };
let support: { userId: string; cookie: string };

const db = () => database.current.db;
const STAFF_PASSWORD = 'Staff-Password-2026!';

function phone(): string {
  for (;;) {
    const digits = String(crypto.randomInt(10_000_000, 99_999_999));
    if (!/(0000|0001|0402|0500)$/.test(digits)) return `+2547${digits}`;
  }
}

type Method = 'get' | 'post' | 'patch' | 'delete';
/** Each person's session cookie is passed explicitly, so one test can act as several people. */
function api(method: Method, path: string, cookie?: string) {
  const test = request(harness.app)[method](path).set('X-Forwarded-Proto', 'https');
  return cookie ? test.set('Cookie', cookie) : test;
}
const cookieOf = (response: request.Response) =>
  (response.headers['set-cookie'] as unknown as string[]).map((line) => line.split(';')[0]).join('; ');

async function staffSession(role: StaffRoleName) {
  const user = await createUser(db(), { phone: phone(), phone_verified_at: new Date() });
  const email = `${role.replace('_', '-')}-${crypto.randomBytes(4).toString('hex')}@tafuta.ke`;
  await db()
    .insertInto('admin_users')
    .values({
      user_id: user.user_id,
      login_email: email,
      role,
      password_hash: await hashPassword(STAFF_PASSWORD),
    })
    .execute();
  const response = await api('post', '/api/admin/auth/login').send({ email, password: STAFF_PASSWORD });
  expect(response.status).toBe(200);
  return { userId: user.user_id, cookie: cookieOf(response) };
}

/** A verified account signed in by SMS code, as the public app does it. */
async function memberSession() {
  const user = await createUser(db(), {
    phone: phone(),
    phone_verified_at: new Date(),
    email: `member-${crypto.randomUUID()}@example.com`,
  });
  expect((await api('post', '/api/auth/request-otp').send({ phone: user.phone })).status).toBe(200);
  const verified = await api('post', '/api/auth/verify-otp').send({
    phone: user.phone,
    code: harness.lastCode(user.phone!),
  });
  expect(verified.status).toBe(200);
  return { user, cookie: cookieOf(verified) };
}

const statusOf = async (userId: string) =>
  await db()
    .selectFrom('users')
    .select(['status', 'status_reason', 'verification_tier'])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
const auditOf = (userId: string, action: string) =>
  db()
    .selectFrom('audit_logs')
    .selectAll()
    .where('entity_id', '=', userId)
    .where('action', '=', action)
    .execute();
const queuedOf = (userId: string, templateKey: string) =>
  db()
    .selectFrom('notification_log')
    .select(['channel', 'status'])
    .where('user_id', '=', userId)
    .where('template_key', '=', templateKey)
    .orderBy('channel')
    .execute();

beforeAll(async () => {
  harness = await startIdentityHarness(database.current, { env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
  admin = await staffSession('admin');
  support = await staffSession('support_staff');
});
afterAll(async () => harness.close());

describe('staff actions on user accounts (EP-ADM-22..26, ADM-202..207)', () => {
  it('suspends: sessions end, sign-in is refused, the person is told, and it is audited', async () => {
    const { user, cookie } = await memberSession();
    expect((await api('get', '/api/users/me', cookie)).status).toBe(200);
    const reason = 'Fraud reported by a customer';

    const response = await api('post', `/api/admin/users/${user.user_id}/suspend`, admin.cookie).send({
      reason,
    });
    expect(response.status).toBe(200);
    expect(response.body.data.user_id).toBe(user.user_id);
    expect(await statusOf(user.user_id)).toMatchObject({ status: 'suspended', status_reason: reason });

    expect((await api('get', '/api/users/me', cookie)).status).toBe(401);
    const live = await db()
      .selectFrom('user_sessions')
      .select('session_id')
      .where('user_id', '=', user.user_id)
      .where('revoked_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
    expect(await queuedOf(user.user_id, 'account_suspended')).toEqual([
      { channel: 'email', status: 'queued' },
      { channel: 'sms', status: 'queued' },
    ]);
    expect(await auditOf(user.user_id, 'user_suspended')).toEqual([
      expect.objectContaining({ actor_id: admin.userId, actor_role: 'admin', actor_type: 'admin', reason }),
    ]);
    const authLog = await db()
      .selectFrom('auth_logs')
      .select('metadata')
      .where('user_id', '=', user.user_id)
      .where('event_type', '=', 'account_state_changed')
      .execute();
    expect(authLog).toEqual([{ metadata: { from: 'active', to: 'suspended', by: admin.userId, reason } }]);

    // The 60-second resend window of the earlier sign-in is moved into the past, not waited out.
    await db()
      .updateTable('rate_limit_counters')
      .set({ reset_at: sql<Date>`now() - interval '1 second'` })
      .where('key', 'like', `%:${user.phone}`)
      .execute();
    const refused = await api('post', '/api/auth/request-otp').send({ phone: user.phone });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ACCOUNT_SUSPENDED');

    const reinstated = await api('post', `/api/admin/users/${user.user_id}/reinstate`, admin.cookie).send({
      reason: 'Customer complaint withdrawn',
    });
    expect(reinstated.status).toBe(200);
    expect((await statusOf(user.user_id)).status).toBe('active');
    expect(await auditOf(user.user_id, 'user_reinstated')).toHaveLength(1);
    expect((await queuedOf(user.user_id, 'account_reinstated')).map((row) => row.channel)).toEqual([
      'email',
      'sms',
    ]);
  });

  it('refuses to reinstate an account that is not suspended', async () => {
    const user = await createUser(db(), { phone: phone(), phone_verified_at: new Date() });
    const response = await api('post', `/api/admin/users/${user.user_id}/reinstate`, admin.cookie).send({
      reason: 'Nothing to lift here',
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('CONFLICT');
    expect(await auditOf(user.user_id, 'user_reinstated')).toEqual([]);
  });

  it('requires a reason of at least 5 characters', async () => {
    const user = await createUser(db(), { phone: phone(), phone_verified_at: new Date() });
    const response = await api('post', `/api/admin/users/${user.user_id}/suspend`, admin.cookie).send({
      reason: 'bad',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    expect((await statusOf(user.user_id)).status).toBe('active');
  });

  it('refuses support staff and audits the refusal', async () => {
    const user = await createUser(db(), { phone: phone(), phone_verified_at: new Date() });
    const response = await api('post', `/api/admin/users/${user.user_id}/suspend`, support.cookie).send({
      reason: 'Trying beyond my role',
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
    expect((await statusOf(user.user_id)).status).toBe('active');
    expect(await auditOf(user.user_id, 'access_denied')).toEqual([
      expect.objectContaining({ actor_id: support.userId, actor_role: 'support_staff' }),
    ]);
  });

  it('sets the verification tier with an audited before and after', async () => {
    const user = await createUser(db(), {
      phone: phone(),
      phone_verified_at: new Date(),
      verification_tier: 'basic',
    });
    const reason = 'ID card checked at the office';
    const response = await api('patch', `/api/admin/users/${user.user_id}/verification`, admin.cookie).send({
      verification_tier: 'verified',
      reason,
    });
    expect(response.status).toBe(200);
    expect((await statusOf(user.user_id)).verification_tier).toBe('verified');
    expect(await auditOf(user.user_id, 'user_verification_changed')).toEqual([
      expect.objectContaining({
        actor_id: admin.userId,
        reason,
        old_value: { verification_tier: 'basic' },
        new_value: { verification_tier: 'verified' },
      }),
    ]);
  });

  it('keeps the tier while the phone is unverified', async () => {
    const user = await createUser(db(), { phone: phone() });
    const response = await api('patch', `/api/admin/users/${user.user_id}/verification`, admin.cookie).send({
      verification_tier: 'premium',
      reason: 'Trusted long-time customer',
    });
    expect(response.status).toBe(409);
    expect((await statusOf(user.user_id)).verification_tier).toBe('unverified');
  });

  it('lets support staff unlock an account early', async () => {
    const user = await createUser(db(), {
      phone: phone(),
      phone_verified_at: new Date(),
      locked_until: new Date(Date.now() + 3_600_000),
      failed_otp_streak: 10,
    });
    const response = await api('post', `/api/admin/users/${user.user_id}/unlock`, support.cookie).send({
      reason: 'Identity confirmed by phone call',
    });
    expect(response.status).toBe(200);
    const after = await db()
      .selectFrom('users')
      .select(['locked_until', 'failed_otp_streak'])
      .where('user_id', '=', user.user_id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ locked_until: null, failed_otp_streak: 0 });
    expect(await auditOf(user.user_id, 'user_unlocked')).toHaveLength(1);
    const unlocked = await db()
      .selectFrom('auth_logs')
      .select('metadata')
      .where('user_id', '=', user.user_id)
      .where('event_type', '=', 'account_unlocked')
      .execute();
    expect(unlocked).toEqual([{ metadata: expect.objectContaining({ by: support.userId }) }]);
  });

  it('answers 404 for malformed and unknown ids', async () => {
    const body = { reason: 'Looking for nobody' };
    for (const id of ['not-a-uuid', '123', crypto.randomUUID()]) {
      const response = await api('post', `/api/admin/users/${id}/suspend`, admin.cookie).send(body);
      expect(response.status, id).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    const tier = await api('patch', '/api/admin/users/xyz/verification', admin.cookie).send({
      verification_tier: 'verified',
      reason: 'Looking for nobody',
    });
    expect(tier.status).toBe(404);
  });

  it('requires a staff session, not a member’s', async () => {
    const { user, cookie } = await memberSession();
    const target = await createUser(db(), { phone: phone(), phone_verified_at: new Date() });
    const asMember = await api('post', `/api/admin/users/${target.user_id}/suspend`, cookie).send({
      reason: 'Members cannot do this',
    });
    expect(asMember.status).toBe(401);
    expect(asMember.body.error.code).toBe('ADMIN_SESSION_REQUIRED');
    const anonymous = await api('post', `/api/admin/users/${target.user_id}/suspend`).send({
      reason: 'Nobody at all',
    });
    expect(anonymous.status).toBe(401);
    expect((await statusOf(target.user_id)).status).toBe('active');
    expect(user.user_id).not.toBe(target.user_id);
  });
});
