import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../test/factories.js';
import {
  browser,
  endCooldown,
  liveSessions,
  safePhone,
  signInByCode,
  useStaffSession,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const admin = useStaffSession(harness, database, 'admin');
const support = useStaffSession(harness, database, 'support_staff');

const db = () => database.current.db;

/** A verified account signed in by SMS code, as the public app does it. */
async function memberSession() {
  const account = await verifiedAccount(db(), { email: `member-${crypto.randomUUID()}@example.com` });
  return { ...account, agent: await signInByCode(harness, account.phone) };
}

/** Someone for staff to act on: an account with a verified phone, never signed in. */
const someone = () => createUser(db(), { phone: safePhone(), phone_verified_at: new Date() });

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

describe('staff actions on user accounts (EP-ADM-22..26, ADM-202..207)', () => {
  it('suspends: sessions end, sign-in is refused, the person is told, and it is audited', async () => {
    const member = await memberSession();
    expect((await member.agent.get('/api/users/me')).status).toBe(200);
    const reason = 'Fraud reported by a customer';

    const response = await admin.agent.post(`/api/admin/users/${member.userId}/suspend`).send({
      reason,
    });
    expect(response.status).toBe(200);
    expect(response.body.data.user_id).toBe(member.userId);
    expect(await statusOf(member.userId)).toMatchObject({ status: 'suspended', status_reason: reason });

    expect((await member.agent.get('/api/users/me')).status).toBe(401);
    expect(await liveSessions(db(), member.userId)).toEqual([]);
    expect(await queuedOf(member.userId, 'account_suspended')).toEqual([
      { channel: 'email', status: 'queued' },
      { channel: 'sms', status: 'queued' },
    ]);
    expect(await auditOf(member.userId, 'user_suspended')).toEqual([
      expect.objectContaining({ actor_id: admin.userId, actor_role: 'admin', actor_type: 'admin', reason }),
    ]);
    const authLog = await db()
      .selectFrom('auth_logs')
      .select('metadata')
      .where('user_id', '=', member.userId)
      .where('event_type', '=', 'account_state_changed')
      .execute();
    expect(authLog).toEqual([{ metadata: { from: 'active', to: 'suspended', by: admin.userId, reason } }]);

    // The 60-second resend window of the earlier sign-in is moved into the past, not waited out.
    await endCooldown(db(), member.phone);
    const refused = await browser(harness).post('/api/auth/request-otp').send({ phone: member.phone });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ACCOUNT_SUSPENDED');

    const reinstated = await admin.agent.post(`/api/admin/users/${member.userId}/reinstate`).send({
      reason: 'Customer complaint withdrawn',
    });
    expect(reinstated.status).toBe(200);
    expect((await statusOf(member.userId)).status).toBe('active');
    expect(await auditOf(member.userId, 'user_reinstated')).toHaveLength(1);
    expect((await queuedOf(member.userId, 'account_reinstated')).map((row) => row.channel)).toEqual([
      'email',
      'sms',
    ]);
  });

  it('refuses to reinstate an account that is not suspended', async () => {
    const user = await someone();
    const response = await admin.agent.post(`/api/admin/users/${user.user_id}/reinstate`).send({
      reason: 'Nothing to lift here',
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('CONFLICT');
    expect(await auditOf(user.user_id, 'user_reinstated')).toEqual([]);
  });

  it('requires a reason of at least 5 characters', async () => {
    const user = await someone();
    const response = await admin.agent.post(`/api/admin/users/${user.user_id}/suspend`).send({
      reason: 'bad',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    expect((await statusOf(user.user_id)).status).toBe('active');
  });

  it('refuses support staff and audits the refusal', async () => {
    const user = await someone();
    const response = await support.agent.post(`/api/admin/users/${user.user_id}/suspend`).send({
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
      phone: safePhone(),
      phone_verified_at: new Date(),
      verification_tier: 'basic',
    });
    const reason = 'ID card checked at the office';
    const response = await admin.agent.patch(`/api/admin/users/${user.user_id}/verification`).send({
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
    const user = await createUser(db(), { phone: safePhone() });
    const response = await admin.agent.patch(`/api/admin/users/${user.user_id}/verification`).send({
      verification_tier: 'premium',
      reason: 'Trusted long-time customer',
    });
    expect(response.status).toBe(409);
    expect((await statusOf(user.user_id)).verification_tier).toBe('unverified');
  });

  it('lets support staff unlock an account early', async () => {
    const user = await createUser(db(), {
      phone: safePhone(),
      phone_verified_at: new Date(),
      locked_until: new Date(Date.now() + 3_600_000),
      failed_otp_streak: 10,
    });
    const response = await support.agent.post(`/api/admin/users/${user.user_id}/unlock`).send({
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
      const response = await admin.agent.post(`/api/admin/users/${id}/suspend`).send(body);
      expect(response.status, id).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    const tier = await admin.agent.patch('/api/admin/users/xyz/verification').send({
      verification_tier: 'verified',
      reason: 'Looking for nobody',
    });
    expect(tier.status).toBe(404);
  });

  it('requires a staff session, not a member’s', async () => {
    const member = await memberSession();
    const target = await someone();
    const asMember = await member.agent.post(`/api/admin/users/${target.user_id}/suspend`).send({
      reason: 'Members cannot do this',
    });
    expect(asMember.status).toBe(401);
    expect(asMember.body.error.code).toBe('ADMIN_SESSION_REQUIRED');
    const anonymous = await browser(harness).post(`/api/admin/users/${target.user_id}/suspend`).send({
      reason: 'Nobody at all',
    });
    expect(anonymous.status).toBe(401);
    expect((await statusOf(target.user_id)).status).toBe('active');
    expect(member.userId).not.toBe(target.user_id);
  });
});
