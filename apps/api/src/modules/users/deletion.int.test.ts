import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createBusiness, createUser } from '../../test/factories.js';
import {
  browser,
  endCooldown,
  liveSessions,
  registrationBody,
  safePhone,
  signUp,
  staffMember,
  useStaffSession,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { hashPassword } from '../auth/passwords.js';

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-deletion-uploads-'));
afterAll(() => {
  fs.rmSync(uploads, { recursive: true, force: true });
});
const { database, harness } = useIdentityHarness({
  env: { RATE_LIMIT_MAX_REQUESTS: '10000', UPLOAD_PATH: uploads },
});
const admin = useStaffSession(harness, database, 'admin');

const db = () => database.current.db;
const REASON = 'Asked in person at the Machakos office';

/** A person who signed up through the public app: consent, preferences, codes, auth logs and a session. */
async function registeredMember() {
  const email = `akinyi-${crypto.randomBytes(4).toString('hex')}@example.com`;
  const member = await signUp(harness, {
    // The consent evidence keeps the browser it came from until the deletion blanks it.
    agent: browser(harness).set('User-Agent', 'DeletionTest/1.0'),
    body: {
      full_name: 'Akinyi Odhiambo',
      nickname: 'Aki',
      email,
      physical_address: 'Kenyatta Avenue, Nairobi',
      marketing_sms_opt_in: true,
      marketing_email_opt_in: true,
    },
  });
  await db()
    .updateTable('users')
    .set({
      password_hash: await hashPassword('Member-Password-2026!'),
      profile_photo_url: '/media/users/aki.webp',
    })
    .where('user_id', '=', member.userId)
    .execute();
  return { ...member, email };
}

const deleteUser = (userId: string, confirm: string) =>
  admin.agent.delete(`/api/admin/users/${userId}`).send({ reason: REASON, confirm });

const statusOf = async (userId: string) =>
  (await db().selectFrom('users').select('status').where('user_id', '=', userId).executeTakeFirstOrThrow())
    .status;

describe('deleting a user (TST-10, ACC-05..08, ADM-204, ADM-531)', () => {
  it('refuses the sole owner, then anonymises everything ACC-07 lists and frees the phone', async () => {
    const member = await registeredMember();
    const businessId = (await createBusiness(db(), { ownerId: member.userId })).business_id;
    await db()
      .transaction()
      .execute((trx) =>
        harness.services.notifier.enqueue(trx, { userId: member.userId, templateKey: 'logout_all' }),
      );
    await harness.deliver();

    const refused = await deleteUser(member.userId, member.phone);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SOLE_OWNER');
    expect(await statusOf(member.userId)).toBe('active');

    const coOwner = await createUser(db(), { phone: safePhone(), phone_verified_at: new Date() });
    await db()
      .insertInto('user_business_roles')
      .values({ user_id: coOwner.user_id, business_id: businessId, role: 'owner' })
      .execute();
    const sessions = await db()
      .selectFrom('user_sessions')
      .select('session_id')
      .where('user_id', '=', member.userId)
      .execute();
    expect(sessions.length).toBeGreaterThan(0);

    // The typed confirmation may use any common spelling of the number.
    const deleted = await deleteUser(member.userId, `0${member.phone.slice(4)}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ user_id: member.userId, status: 'deleted' });

    const user = await db()
      .selectFrom('users')
      .selectAll()
      .where('user_id', '=', member.userId)
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      full_name: `Deleted User ${member.userId}`,
      phone: null,
      email: null,
      nickname: null,
      physical_address: null,
      password_hash: null,
      profile_photo_url: null,
      status: 'deleted',
      status_reason: REASON,
    });
    expect(user.deleted_at).toBeInstanceOf(Date);

    expect(await liveSessions(db(), member.userId)).toEqual([]);
    const ids = sessions.map((row) => row.session_id);
    const deadline = Date.now() + 2_000;
    let stored = await db().selectFrom('session').select('sid').where('sid', 'in', ids).execute();
    while (stored.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stored = await db().selectFrom('session').select('sid').where('sid', 'in', ids).execute();
    }
    expect(stored).toEqual([]);
    expect((await member.agent.get('/api/users/me')).status).toBe(401);

    const codes = await db()
      .selectFrom('otp_codes')
      .select('otp_id')
      .where((eb) => eb.or([eb('user_id', '=', member.userId), eb('phone', '=', member.phone)]))
      .execute();
    expect(codes).toEqual([]);
    expect(
      await db()
        .selectFrom('notification_preferences')
        .select(['marketing_sms_opt_in', 'marketing_email_opt_in'])
        .where('user_id', '=', member.userId)
        .execute(),
    ).toEqual([{ marketing_sms_opt_in: false, marketing_email_opt_in: false }]);
    const roles = await db()
      .selectFrom('user_business_roles')
      .select(['is_deleted', 'removed_by'])
      .where('user_id', '=', member.userId)
      .execute();
    expect(roles).toEqual([{ is_deleted: true, removed_by: admin.userId }]);

    const authLogs = await db()
      .selectFrom('auth_logs')
      .selectAll()
      .where('user_id', '=', member.userId)
      .execute();
    expect(authLogs.map((row) => row.event_type)).toEqual(
      expect.arrayContaining(['account_created', 'otp_requested', 'login_success', 'account_state_changed']),
    );
    for (const row of authLogs) {
      expect(row, row.event_type).toMatchObject({
        phone: null,
        email: null,
        ip_address: null,
        user_agent: null,
      });
    }
    const stateChange = authLogs.find((row) => row.event_type === 'account_state_changed');
    expect(stateChange!.metadata).toMatchObject({ from: 'active', to: 'deleted', by: admin.userId });
    expect(stateChange!.metadata.sessions_revoked).toBe(sessions.length);

    // Consent evidence is kept, pseudonymous: the address and browser it came from are gone.
    expect(
      await db()
        .selectFrom('marketing_consent_events')
        .select(['source', 'ip_address'])
        .where('user_id', '=', member.userId)
        .execute(),
    ).toEqual([
      { source: 'registration', ip_address: null },
      { source: 'registration', ip_address: null },
    ]);
    expect(
      await db()
        .selectFrom('user_terms_consent')
        .select(['context', 'ip_address', 'user_agent'])
        .where('user_id', '=', member.userId)
        .execute(),
    ).toEqual([
      { context: 'registration', ip_address: null, user_agent: null },
      { context: 'registration', ip_address: null, user_agent: null },
    ]);
    const audit = await db()
      .selectFrom('audit_logs')
      .selectAll()
      .where('entity_id', '=', member.userId)
      .where('action', '=', 'user_deleted')
      .execute();
    expect(audit).toEqual([expect.objectContaining({ actor_id: admin.userId, reason: REASON })]);

    // ADM-531: earlier messages keep their facts and lose address and text.
    const log = await db()
      .selectFrom('notification_log')
      .selectAll()
      .where('user_id', '=', member.userId)
      .execute();
    const earlier = log.filter((row) => row.template_key !== 'account_deleted');
    expect(earlier.map((row) => [row.template_key, row.channel, row.status]).sort()).toEqual([
      ['logout_all', 'email', 'sent'],
      ['logout_all', 'sms', 'sent'],
      ['otp_code', 'sms', 'sent'],
    ]);
    for (const row of earlier)
      expect(row).toMatchObject({ recipient: null, subject: null, body: null, html_body: null });

    // The deletion notice still reaches the old number and address, then its copy is blanked too.
    const notices = log.filter((row) => row.template_key === 'account_deleted');
    expect(notices.map((row) => [row.channel, row.status, row.recipient]).sort()).toEqual([
      ['email', 'queued', member.email],
      ['sms', 'queued', member.phone],
    ]);
    await harness.deliver();
    const [text] = harness.sms.messages({ to: member.phone });
    expect(text!.text).toContain('your account is being deleted');
    expect(harness.mail.messages({ to: member.email })[0]!.subject).toBe(
      'Your Tafuta account is being deleted',
    );
    const sentNotices = await db()
      .selectFrom('notification_log')
      .selectAll()
      .where('user_id', '=', member.userId)
      .where('template_key', '=', 'account_deleted')
      .execute();
    for (const row of sentNotices) {
      expect(row).toMatchObject({
        status: 'sent',
        recipient: null,
        subject: null,
        body: null,
        html_body: null,
      });
    }

    // ACC-08: the number is free for a new, unrelated account.
    await endCooldown(db(), member.phone);
    const again = await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(member.phone, { full_name: 'Baraka Mwangi' }));
    expect(again.status).toBe(201);
    expect(again.body.data.user_id).not.toBe(member.userId);

    const twice = await deleteUser(member.userId, member.phone);
    expect(twice.status).toBe(404);
  });

  it('removes the profile photo file from disk (ACC-07)', async () => {
    const member = await signUp(harness, { body: { full_name: 'Chebet Rono' } });
    const jpeg = await sharp({
      create: { width: 300, height: 200, channels: 3, background: { r: 20, g: 120, b: 60 } },
    })
      .jpeg()
      .toBuffer();
    const saved = await member.agent.post('/api/users/me/photo').attach('file', jpeg, 'me.jpg').expect(200);
    const url = saved.body.data.profile_photo_url as string;
    expect(url).toMatch(new RegExp(`^/api/users/${member.userId}/photo\\?v=\\d+$`));
    const file = path.join(uploads, 'users', `${member.userId}.webp`);
    expect(fs.existsSync(file)).toBe(true);

    const deleted = await deleteUser(member.userId, member.phone);
    expect(deleted.status).toBe(200);
    expect(fs.existsSync(file)).toBe(false);
    const user = await db()
      .selectFrom('users')
      .select('profile_photo_url')
      .where('user_id', '=', member.userId)
      .executeTakeFirstOrThrow();
    expect(user.profile_photo_url).toBeNull();
    // MEDIA-306: nothing is served for the old link, to staff either.
    expect((await admin.agent.get(url)).status).toBe(404);
  });

  it('lets the sole owner of a deleted business go (ACC-06 counts only non-deleted businesses)', async () => {
    const user = await createUser(db(), { phone: safePhone(), phone_verified_at: new Date() });
    const live = await createBusiness(db(), { ownerId: user.user_id, status: 'active' });
    const refused = await deleteUser(user.user_id, user.phone!);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'SOLE_OWNER', business_id: live.business_id });

    await db()
      .updateTable('businesses')
      .set({ status: 'deleted', deleted_at: new Date() })
      .where('business_id', '=', live.business_id)
      .execute();
    const deleted = await deleteUser(user.user_id, user.phone!);
    expect(deleted.status).toBe(200);
    expect(await statusOf(user.user_id)).toBe('deleted');
  });

  it('refuses a confirmation that is not the user’s phone', async () => {
    const user = await createUser(db(), { phone: safePhone(), phone_verified_at: new Date() });
    const response = await deleteUser(user.user_id, safePhone());
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    expect(await statusOf(user.user_id)).toBe('active');
  });

  it('refuses while the person has an active staff account', async () => {
    const user = await staffMember(db(), 'support_staff');
    const response = await deleteUser(user.userId, user.phone);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('CONFLICT');
    expect(
      await db()
        .selectFrom('users')
        .select(['status', 'phone'])
        .where('user_id', '=', user.userId)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      status: 'active',
      phone: user.phone,
    });
  });
});
