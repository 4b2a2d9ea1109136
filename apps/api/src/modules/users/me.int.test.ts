import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET } from '../../config.js';
import { testConfig } from '../../test/app.js';
import {
  authLogEntry,
  browser,
  OTP_TEST_CODE,
  signInWithTestCode,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { unsubscribeToken } from './unsubscribe-token.js';

/** The current user: EP-ME-01..13, REG-10 (TST-08), ACC-01/02 and USR-07 (TST-09). */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });

/** A verified account that accepted the current terms, signed in on a new device (fixed test code). */
async function signedIn(options: { email?: string | null } = {}) {
  const account = await verifiedAccount(database.current.db, { ...options, consent: true });
  return { ...account, agent: await signInWithTestCode(harness, account.phone) };
}

const consentEvents = (userId: string) =>
  database.current.db
    .selectFrom('marketing_consent_events')
    .select(['channel', 'opted_in', 'source'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();

describe('GET /api/users/me (EP-ME-01)', () => {
  it('returns exactly the documented fields and nothing internal', async () => {
    const { agent, userId, phone } = await signedIn({ email: 'me-shape@example.com' });
    await database.current.db
      .updateTable('users')
      .set({
        failed_otp_streak: 3,
        password_hash: '$2b$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY',
      })
      .where('user_id', '=', userId)
      .execute();
    const me = await agent.get('/api/users/me').expect(200);
    const documented = `user_id full_name nickname phone email physical_address language_preference
      profile_photo_url verification_tier status has_password phone_verified_at created_at last_login_at
      preferences consent staff_role session`.split(/\s+/);
    expect(Object.keys(me.body.data).sort()).toEqual(documented.sort());
    expect(me.body.data).toMatchObject({
      user_id: userId,
      phone,
      email: 'me-shape@example.com',
      status: 'active',
      has_password: true,
      staff_role: null,
      preferences: { marketing_sms_opt_in: false, marketing_email_opt_in: false },
      consent: { terms_version: '1.0', privacy_version: '1.0', consent_required: false },
    });
    expect(Object.keys(me.body.data.session).sort()).toEqual(['absolute_expires_at', 'expires_at']);
    const text = JSON.stringify(me.body);
    for (const secret of ['password_hash', '$2b$', 'streak', 'locked_until'])
      expect(text).not.toContain(secret);
    expect(me.headers['cache-control']).toBe('no-store');
  });
});

describe('PATCH /api/users/me (EP-ME-02)', () => {
  it('refuses phone, status, verification_tier and password by name', async () => {
    const { agent } = await signedIn();
    const fields: Record<string, unknown> = {
      phone: '+254712000111',
      status: 'active',
      verification_tier: 'premium',
      password: 'Strong-Pass-1!',
    };
    for (const [field, value] of Object.entries(fields)) {
      const response = await agent
        .patch('/api/users/me')
        .send({ full_name: 'Allowed Name', [field]: value })
        .expect(400);
      expect(response.body.error.code, field).toBe('INVALID_INPUT');
      expect(response.body.error.field).toBe(field);
      expect(response.body.error.details).toContainEqual({ field, code: 'not_allowed' });
    }
    const me = await agent.get('/api/users/me').expect(200);
    expect(me.body.data.full_name).toBe('Test Person');
  });

  it('logs an email change, refuses a taken email, and turns marketing email off when the email goes', async () => {
    const { agent, userId } = await signedIn({ email: 'before@example.com' });
    await signedIn({ email: 'taken@example.com' });
    await agent.patch('/api/users/me/preferences').send({ marketing_email_opt_in: true }).expect(200);

    const taken = await agent.patch('/api/users/me').send({ email: 'TAKEN@example.com' }).expect(409);
    expect(taken.body.error.code).toBe('EMAIL_ALREADY_USED');

    const changed = await agent
      .patch('/api/users/me')
      .send({ email: 'After@Example.com', nickname: 'Wanji' })
      .expect(200);
    expect(changed.body.data).toMatchObject({ email: 'after@example.com', nickname: 'Wanji' });
    const logs = await database.current.db
      .selectFrom('auth_logs')
      .select(['email', 'metadata'])
      .where('user_id', '=', userId)
      .where('event_type', '=', 'email_changed')
      .execute();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ email: 'after@example.com', metadata: { by: 'self' } });

    const removed = await agent.patch('/api/users/me').send({ email: null }).expect(200);
    expect(removed.body.data.email).toBeNull();
    expect(removed.body.data.preferences.marketing_email_opt_in).toBe(false);
    expect((await consentEvents(userId)).at(-1)).toEqual({
      channel: 'email',
      opted_in: false,
      source: 'profile',
    });
  });
});

describe('PATCH /api/users/me/preferences (EP-ME-06, USR-05)', () => {
  it('writes a consent event only when a choice changes', async () => {
    const { agent, userId } = await signedIn();
    const on = await agent
      .patch('/api/users/me/preferences')
      .send({ marketing_sms_opt_in: true })
      .expect(200);
    expect(on.body.data).toEqual({ marketing_sms_opt_in: true, marketing_email_opt_in: false });
    await agent.patch('/api/users/me/preferences').send({ marketing_sms_opt_in: true }).expect(200);
    await agent.patch('/api/users/me/preferences').send({ marketing_sms_opt_in: false }).expect(200);
    expect(await consentEvents(userId)).toEqual([
      { channel: 'sms', opted_in: true, source: 'profile' },
      { channel: 'sms', opted_in: false, source: 'profile' },
    ]);
    const noEmail = await agent
      .patch('/api/users/me/preferences')
      .send({ marketing_email_opt_in: true })
      .expect(400);
    expect(noEmail.body.error.field).toBe('marketing_email_opt_in');
  });
});

describe('deactivation and reactivation (ACC-01, ACC-02, SES-13, TST-09)', () => {
  it('revokes every session, then allows only the restricted endpoints until reactivation', async () => {
    const { agent, userId, phone } = await signedIn();
    const other = await signInWithTestCode(harness, phone);
    const deactivated = await agent
      .post('/api/users/me/deactivate')
      .send({ reason: 'Taking a break' })
      .expect(200);
    expect(String(deactivated.headers['set-cookie'])).toMatch(/tafuta_session=;/);
    expect((await other.get('/api/users/me').expect(401)).body.error.code).toBe('SESSION_EXPIRED');
    const state = await authLogEntry(database.current.db, userId, 'account_state_changed');
    expect(state.metadata).toMatchObject({
      from: 'active',
      to: 'deactivated',
      by: 'self',
      reason: 'Taking a break',
    });

    const restricted = browser(harness);
    const back = await restricted
      .post('/api/auth/verify-otp')
      .send({ phone, code: OTP_TEST_CODE })
      .expect(200);
    expect(back.body.data.account_status).toBe('deactivated');
    const me = await restricted.get('/api/users/me').expect(200);
    expect(me.body.data.status).toBe('deactivated');
    for (const refused of [
      restricted.patch('/api/users/me').send({ nickname: 'Back' }),
      restricted.get('/api/users/me/notifications'),
      restricted.patch('/api/users/me/preferences').send({ marketing_sms_opt_in: true }),
    ]) {
      const response = await refused.expect(403);
      expect(response.body.error.code).toBe('ACCOUNT_DEACTIVATED');
    }

    const reactivated = await restricted.post('/api/users/me/reactivate').expect(200);
    expect(reactivated.body.data).toEqual({ status: 'active' });
    await restricted.patch('/api/users/me').send({ nickname: 'Back' }).expect(200);
    const again = await restricted.post('/api/users/me/reactivate').expect(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('refuses sign-in to a suspended account with 403 ACCOUNT_SUSPENDED and sends no code', async () => {
    const { agent, userId, phone } = await signedIn();
    await database.current.db
      .updateTable('users')
      .set({ status: 'suspended', status_reason: 'Fraud report' })
      .where('user_id', '=', userId)
      .execute();
    const before = harness.sms.sendCount();
    const requested = await browser(harness).post('/api/auth/request-otp').send({ phone }).expect(403);
    expect(requested.body.error.code).toBe('ACCOUNT_SUSPENDED');
    const verified = await browser(harness)
      .post('/api/auth/verify-otp')
      .send({ phone, code: OTP_TEST_CODE })
      .expect(403);
    expect(verified.body.error.code).toBe('ACCOUNT_SUSPENDED');
    expect(harness.sms.sendCount()).toBe(before);
    // SES-01: the status is read on every request, so an open session stops working too.
    await agent.get('/api/users/me').expect(401);
  });
});

describe('in-app notifications (EP-ME-11, EP-ME-12)', () => {
  it('lists newest first with pagination and unread_count, and marks only the caller’s own as read', async () => {
    const { agent, userId } = await signedIn();
    const stranger = await signedIn();
    const { db } = database.current;
    const ids: string[] = [];
    for (let minutesAgo = 3; minutesAgo >= 1; minutesAgo--) {
      const row = await db
        .insertInto('in_app_notifications')
        .values({
          user_id: userId,
          type: 'member_added',
          title: `Note ${minutesAgo}`,
          body: 'Body',
          created_at: sql<Date>`now() - make_interval(mins => ${minutesAgo})`,
        })
        .returning('notification_id')
        .executeTakeFirstOrThrow();
      ids.push(row.notification_id);
    }
    const theirs = await db
      .insertInto('in_app_notifications')
      .values({ user_id: stranger.userId, type: 'member_added', title: 'Theirs', body: 'Body' })
      .returning('notification_id')
      .executeTakeFirstOrThrow();

    const page = await agent.get('/api/users/me/notifications?limit=2').expect(200);
    const titles = (page.body.data as { title: string }[]).map((item) => item.title);
    expect(titles).toEqual(['Note 1', 'Note 2']);
    expect(page.body.pagination).toEqual({ page: 1, limit: 2, total: 3, pages: 2 });
    expect(page.body.unread_count).toBe(3);
    const second = await agent.get('/api/users/me/notifications?limit=2&page=2').expect(200);
    expect(second.body.data).toHaveLength(1);

    const one = await agent
      .post('/api/users/me/notifications/read')
      .send({ ids: [ids[0], theirs.notification_id] })
      .expect(200);
    expect(one.body.data).toEqual({ unread_count: 2 });
    const unread = await agent.get('/api/users/me/notifications?unread_only=true').expect(200);
    expect(unread.body.pagination.total).toBe(2);
    const all = await agent.post('/api/users/me/notifications/read').send({ all: true }).expect(200);
    expect(all.body.data).toEqual({ unread_count: 0 });
    const strangers = await stranger.agent.get('/api/users/me/notifications').expect(200);
    expect(strangers.body.unread_count).toBe(1);
  });
});

describe('unsubscribe links (EP-ME-13)', () => {
  it('opts the channel out with a valid token and refuses a tampered one with 404', async () => {
    const { agent, userId } = await signedIn({ email: 'news@example.com' });
    await agent.patch('/api/users/me/preferences').send({ marketing_email_opt_in: true }).expect(200);
    const token = unsubscribeToken(testConfig().secrets.linkSigning[0]!, userId, 'email');

    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    const forOtherChannel = token.replace('.email.', '.sms.');
    for (const bad of [tampered, forOtherChannel]) {
      const response = await browser(harness)
        .post('/api/preferences/unsubscribe')
        .send({ token: bad })
        .expect(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }

    const done = await browser(harness).post('/api/preferences/unsubscribe').send({ token }).expect(200);
    expect(done.body.data).toEqual({ channel: 'email', opted_in: false });
    const me = await agent.get('/api/users/me').expect(200);
    expect(me.body.data.preferences.marketing_email_opt_in).toBe(false);
    expect((await consentEvents(userId)).at(-1)).toEqual({
      channel: 'email',
      opted_in: false,
      source: 'unsubscribe_link',
    });
  });
});

describe('one-click unsubscribe (ERRATA 24, RFC 8058)', () => {
  it('accepts the mail client’s form post with the token in the query', async () => {
    const { agent, userId } = await signedIn({ email: 'one-click@example.com' });
    await agent.patch('/api/users/me/preferences').send({ marketing_email_opt_in: true }).expect(200);
    // The harness sets no LINK_SIGNING_SECRET, so links are signed with the development default.
    const token = unsubscribeToken(DEVELOPMENT_SECRET, userId, 'email');

    const done = await harness
      .agent()
      .post(`/api/preferences/unsubscribe?token=${encodeURIComponent(token)}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(done.body.data).toEqual({ channel: 'email', opted_in: false });
    const preferences = await database.current.db
      .selectFrom('notification_preferences')
      .select('marketing_email_opt_in')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(preferences.marketing_email_opt_in).toBe(false);
  });
});

describe('re-consent (REG-10, SES-13, TST-08)', () => {
  // Runs last in this file: publishing a version changes what every account here must accept.
  it('restricts the session after a new privacy version until the user accepts it', async () => {
    const { agent, userId } = await signedIn();
    const { db } = database.current;
    await db
      .insertInto('terms_versions')
      .values({ document_type: 'privacy_policy', version_number: '1.1', url: '/legal/privacy-1.1.html' })
      .execute();

    const refused = await agent.patch('/api/users/me').send({ nickname: 'Shiro' }).expect(403);
    expect(refused.body.error.code).toBe('CONSENT_REQUIRED');
    expect(refused.body.error.details).toEqual([{ field: 'privacy_version', code: 'required' }]);
    const me = await agent.get('/api/users/me').expect(200);
    expect(me.body.data.consent).toEqual({
      terms_version: '1.0',
      privacy_version: '1.0',
      consent_required: true,
    });

    const outdated = await agent
      .post('/api/users/me/consent')
      .send({ terms_version: '1.0', privacy_version: '1.0' })
      .expect(409);
    expect(outdated.body.error.code).toBe('TERMS_VERSION_OUTDATED');
    const accepted = await agent
      .post('/api/users/me/consent')
      .send({ terms_version: '1.0', privacy_version: '1.1' })
      .expect(200);
    expect(accepted.body.data).toMatchObject({ terms_version: '1.0', privacy_version: '1.1' });
    await agent.patch('/api/users/me').send({ nickname: 'Shiro' }).expect(200);
    const consents = await db
      .selectFrom('user_terms_consent')
      .select('context')
      .where('user_id', '=', userId)
      .where('context', '=', 're_consent')
      .execute();
    expect(consents).toHaveLength(2);

    // A text fix without a new version number asks nobody to accept again.
    await db
      .updateTable('terms_versions')
      .set({ notes: 'Typo fixed' })
      .where('document_type', '=', 'privacy_policy')
      .where('version_number', '=', '1.1')
      .execute();
    await agent.patch('/api/users/me').send({ nickname: 'Shiro W.' }).expect(200);
  });
});
