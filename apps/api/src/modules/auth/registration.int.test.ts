import { describe, expect, it } from 'vitest';
import { createUser } from '../../test/factories.js';
import {
  browser,
  endCooldown,
  registrationBody,
  safePhone,
  sessionCookie,
  signUp,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/** Registration and first verification: TST-01, TST-02, REG-01..07, REG-12 (spec/auth-and-api.md §4). */

const { database, harness } = useIdentityHarness();

/** `+254712345678` → `0712 345 678`, the way people type their number. */
const localSpelling = (phone: string) => `0${phone.slice(4, 7)} ${phone.slice(7, 10)} ${phone.slice(10)}`;

/** Every users row holding this phone (there must never be more than one). */
const usersWithPhone = (phone: string) =>
  database.current.db.selectFrom('users').selectAll().where('phone', '=', phone).execute();

const secondsFromNow = (iso: string) => (Date.parse(iso) - Date.now()) / 1000;

describe('registration and verification (TST-01)', () => {
  it('normalises the phone, sends a code and signs in with a hardened cookie on verification', async () => {
    const phone = safePhone();
    const agent = browser(harness);
    const registered = await agent
      .post('/api/auth/register')
      .send(registrationBody(localSpelling(phone), { language_preference: 'sw' }))
      .expect(201);

    expect(Object.keys(registered.body.data).sort()).toEqual(
      ['otp_expires_at', 'otp_sent', 'phone', 'resend_available_at', 'user_id'].sort(),
    );
    expect(registered.body.data.phone).toBe(phone);
    expect(registered.body.data.otp_sent).toBe(true);
    expect(registered.body.data.user_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(secondsFromNow(registered.body.data.otp_expires_at)).toBeGreaterThan(590);
    expect(secondsFromNow(registered.body.data.otp_expires_at)).toBeLessThanOrEqual(600);
    expect(secondsFromNow(registered.body.data.resend_available_at)).toBeGreaterThan(50);
    expect(secondsFromNow(registered.body.data.resend_available_at)).toBeLessThanOrEqual(60);
    expect(sessionCookie(registered.headers['set-cookie'])).toBeUndefined();

    const [stored] = await usersWithPhone(phone);
    expect(stored!.user_id).toBe(registered.body.data.user_id);
    expect(stored!.status).toBe('active');
    expect(stored!.verification_tier).toBe('unverified');
    expect(stored!.phone_verified_at).toBeNull();
    expect(stored!.language_preference).toBe('sw');

    const messages = harness.sms.messages({ to: phone });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toMatch(/@tafuta\.ke #\d{6}$/);

    const verified = await agent
      .post('/api/auth/verify-otp')
      .send({ phone: localSpelling(phone), code: harness.lastCode(phone) })
      .expect(200);
    expect(verified.body.data.user.verification_tier).toBe('basic');
    expect(verified.body.data.user.phone).toBe(phone);
    expect(verified.body.data.account_status).toBe('active');
    expect(verified.body.data.consent_required).toBe(false);
    expect(secondsFromNow(verified.body.data.session.expires_at)).toBeGreaterThan(3590);
    expect(secondsFromNow(verified.body.data.session.absolute_expires_at)).toBeGreaterThan(86_390);

    const cookie = sessionCookie(verified.headers['set-cookie']);
    expect(cookie).toBeDefined();
    const attributes = cookie!.split(';').map((part) => part.trim());
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('Secure');
    expect(attributes).toContain('SameSite=Strict');
    expect(attributes).toContain('Path=/');
    expect(attributes.some((part) => /^domain=/i.test(part))).toBe(false);
    const maxAge = attributes.find((part) => /^max-age=/i.test(part));
    expect(maxAge, 'SES-03: Max-Age is the time left until idle expiry').toBeDefined();
    expect(Number(maxAge!.split('=')[1])).toBeGreaterThan(3590);
    expect(Number(maxAge!.split('=')[1])).toBeLessThanOrEqual(3600);
    // SES-06: the token never appears in a response body.
    const token = cookie!.split(';')[0]!.slice('tafuta_session='.length);
    expect(JSON.stringify(verified.body)).not.toContain(decodeURIComponent(token));

    const [after] = await usersWithPhone(phone);
    expect(after!.verification_tier).toBe('basic');
    expect(after!.phone_verified_at).toBeInstanceOf(Date);
    expect(after!.last_login_at).toBeInstanceOf(Date);

    const me = await agent.get('/api/users/me').expect(200);
    expect(me.body.data.phone).toBe(phone);
  });

  it('writes the consent evidence and the auth-log events (REG-06, REG-07, ALOG-02)', async () => {
    const phone = safePhone();
    const registered = await browser(harness)
      .post('/api/auth/register')
      .set('User-Agent', 'TafutaTest/1.0')
      .send(
        registrationBody(phone, {
          email: 'Consent.Person@Example.com',
          marketing_sms_opt_in: true,
          marketing_email_opt_in: false,
        }),
      )
      .expect(201);
    const userId = registered.body.data.user_id as string;
    const { db } = database.current;

    const consents = await db
      .selectFrom('user_terms_consent as c')
      .innerJoin('terms_versions as v', 'v.version_id', 'c.version_id')
      .select(['v.document_type', 'v.version_number', 'c.context', 'c.ip_address', 'c.user_agent'])
      .where('c.user_id', '=', userId)
      .orderBy('v.document_type')
      .execute();
    expect(consents).toEqual(
      ['privacy_policy', 'terms_of_service'].map((document_type) => ({
        document_type,
        version_number: '1.0',
        context: 'registration',
        ip_address: expect.any(String),
        user_agent: 'TafutaTest/1.0',
      })),
    );

    const events = await db
      .selectFrom('marketing_consent_events')
      .select(['channel', 'opted_in', 'source'])
      .where('user_id', '=', userId)
      .orderBy('channel')
      .execute();
    expect(events).toEqual([
      { channel: 'email', opted_in: false, source: 'registration' },
      { channel: 'sms', opted_in: true, source: 'registration' },
    ]);
    const preferences = await db
      .selectFrom('notification_preferences')
      .select(['marketing_sms_opt_in', 'marketing_email_opt_in'])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(preferences).toEqual({ marketing_sms_opt_in: true, marketing_email_opt_in: false });
    expect((await usersWithPhone(phone))[0]!.email).toBe('consent.person@example.com');

    const logs = await db
      .selectFrom('auth_logs')
      .select(['event_type', 'phone', 'metadata'])
      .where('user_id', '=', userId)
      .execute();
    const created = logs.find((log) => log.event_type === 'account_created');
    expect(created?.phone).toBe(phone);
    expect(created?.metadata).toMatchObject({
      marketing_sms_opt_in: true,
      marketing_email_opt_in: false,
      terms_version: '1.0',
      privacy_version: '1.0',
    });
    const consent = logs.find((log) => log.event_type === 'consent_recorded');
    expect(consent?.metadata).toMatchObject({
      terms_version: '1.0',
      privacy_version: '1.0',
      context: 'registration',
    });
    const requested = logs.find((log) => log.event_type === 'otp_requested');
    expect(requested?.metadata).toMatchObject({ purpose: 'login', delivery: 'sent' });
  });
});

describe('registering a number again (TST-02, REG-03)', () => {
  it('refuses a verified number with 409 PHONE_ALREADY_REGISTERED and sends nothing', async () => {
    const { phone } = await signUp(harness);
    await endCooldown(database.current.db, phone);

    const again = await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(`+254 ${phone.slice(4)}`, { full_name: 'Someone Else' }))
      .expect(409);
    expect(again.body.error.code).toBe('PHONE_ALREADY_REGISTERED');
    expect(harness.sms.messages({ to: phone })).toHaveLength(1);
    expect((await usersWithPhone(phone))[0]!.full_name).toBe('Wanjiru Kamau');
  });

  it('reuses a never-verified row: 201, the old code no longer works, the new one does', async () => {
    const phone = safePhone();
    const first = await browser(harness).post('/api/auth/register').send(registrationBody(phone)).expect(201);
    const oldCode = harness.lastCode(phone);
    await endCooldown(database.current.db, phone);

    const second = await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(phone, { full_name: 'Achieng Otieno', email: 'achieng@example.com' }))
      .expect(201);
    expect(second.body.data.user_id).toBe(first.body.data.user_id);
    const newCode = harness.lastCode(phone);
    expect(harness.sms.messages({ to: phone })).toHaveLength(2);

    const agent = browser(harness);
    if (oldCode !== newCode) {
      const stale = await agent.post('/api/auth/verify-otp').send({ phone, code: oldCode }).expect(401);
      expect(stale.body.error.code).toBe('OTP_EXPIRED');
      expect(sessionCookie(stale.headers['set-cookie'])).toBeUndefined();
    }
    const verified = await agent.post('/api/auth/verify-otp').send({ phone, code: newCode }).expect(200);
    expect(verified.body.data.user.full_name).toBe('Achieng Otieno');
    expect(verified.body.data.user.email).toBe('achieng@example.com');

    expect(await usersWithPhone(phone)).toHaveLength(1);
  });
});

describe('a staff member’s account is never taken over (ERRATA 7)', () => {
  it('refuses to reuse an unverified row that holds a staff account, leaving it unchanged', async () => {
    const { db } = database.current;
    const phone = safePhone();
    const staffUser = await createUser(db, { phone, full_name: 'Juma Staff', email: 'juma@tafuta.ke' });
    await db
      .insertInto('admin_users')
      .values({ user_id: staffUser.user_id, login_email: 'juma.office@tafuta.ke', role: 'super_admin' })
      .execute();

    const takeover = await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(phone, { full_name: 'Mallory Intruder', email: 'mallory@example.com' }))
      .expect(409);
    expect(takeover.body.error.code).toBe('PHONE_ALREADY_REGISTERED');

    const [stored] = await usersWithPhone(phone);
    expect(stored).toMatchObject({
      user_id: staffUser.user_id,
      full_name: 'Juma Staff',
      email: 'juma@tafuta.ke',
      phone_verified_at: null,
    });
    expect(harness.sms.messages({ to: phone })).toHaveLength(0);
  });
});

describe('registration input (REG-02, REG-04, REG-06, REG-07, API-08)', () => {
  it('answers 400 INVALID_PHONE for a number that is not a Kenyan mobile', async () => {
    for (const phone of ['0812 345 678', '+255712345678', '12345']) {
      const response = await browser(harness)
        .post('/api/auth/register')
        .send(registrationBody(phone))
        .expect(400);
      expect(response.body.error.code).toBe('INVALID_PHONE');
      expect(response.body.error.field).toBe('phone');
    }
  });

  it('answers 409 TERMS_VERSION_OUTDATED for an old terms or privacy version, creating nothing', async () => {
    for (const outdated of [{ terms_version: '0.9' }, { privacy_version: '0.9' }]) {
      const phone = safePhone();
      const response = await browser(harness)
        .post('/api/auth/register')
        .send(registrationBody(phone, outdated))
        .expect(409);
      expect(response.body.error.code).toBe('TERMS_VERSION_OUTDATED');
      expect(await usersWithPhone(phone)).toHaveLength(0);
      expect(harness.sms.messages({ to: phone })).toHaveLength(0);
    }
  });

  it('answers 409 EMAIL_ALREADY_USED when another account has the email, whatever its case', async () => {
    await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(safePhone(), { email: 'shared@example.com' }))
      .expect(201);
    const response = await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(safePhone(), { email: 'Shared@Example.COM' }))
      .expect(409);
    expect(response.body.error.code).toBe('EMAIL_ALREADY_USED');
    expect(response.body.error.field).toBe('email');
  });

  it('refuses marketing email without an email address', async () => {
    const response = await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(safePhone(), { marketing_email_opt_in: true }))
      .expect(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    expect(response.body.error.field).toBe('marketing_email_opt_in');
  });

  it('refuses an unknown field by name instead of dropping it', async () => {
    const response = await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(safePhone(), { password: 'Secret-Pass-1' }))
      .expect(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    expect(response.body.error.field).toBe('password');
    expect(response.body.error.details).toContainEqual({ field: 'password', code: 'not_allowed' });
  });

  it('refuses markup in full_name but keeps a nickname with markup as plain text', async () => {
    const refused = await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(safePhone(), { full_name: '<script>alert(1)</script>' }))
      .expect(400);
    expect(refused.body.error.code).toBe('INVALID_INPUT');
    expect(refused.body.error.field).toBe('full_name');

    const nickname = '<b>Shiro</b> & "co"';
    const { agent, phone } = await signUp(harness, { body: { nickname } });
    const me = await agent.get('/api/users/me').expect(200);
    expect(me.headers['content-type']).toMatch(/^application\/json/);
    expect(me.body.data.nickname).toBe(nickname);
    expect((await usersWithPhone(phone))[0]!.nickname).toBe(nickname);
  });
});

describe('SMS gateway down at registration (REG-12)', () => {
  it('still creates the account and answers 201 with otp_sent false', async () => {
    const phone = safePhone();
    harness.sms.setDown(true);
    try {
      const response = await browser(harness)
        .post('/api/auth/register')
        .send(registrationBody(phone))
        .expect(201);
      expect(response.body.data.otp_sent).toBe(false);
      expect(response.body.data.phone).toBe(phone);
    } finally {
      harness.sms.setDown(false);
    }
    const [user] = await usersWithPhone(phone);
    expect(user).toMatchObject({ status: 'active', phone_verified_at: null });
    const codes = await database.current.db
      .selectFrom('otp_codes')
      .select(['delivery', 'superseded_at'])
      .where('phone', '=', phone)
      .execute();
    expect(codes).toHaveLength(1);
    expect(codes[0]!.delivery).toBe('failed');
    expect(codes[0]!.superseded_at).toBeInstanceOf(Date);
    expect(harness.sms.messages({ to: phone })).toHaveLength(0);
  });
});

describe('registration over an OTP limit', () => {
  it('is refused with 429 before anything is written', async () => {
    const phone = safePhone();
    const first = await browser(harness).post('/api/auth/register').send(registrationBody(phone)).expect(201);
    // Within the 60-second cool-down (the rolling-window check, not only the shared counter).
    await database.current.db.deleteFrom('rate_limit_counters').execute();
    const refused = await browser(harness)
      .post('/api/auth/register')
      .send(registrationBody(phone, { full_name: 'Someone Else' }))
      .expect(429);
    expect(refused.body.error.retry_after).toBeGreaterThan(0);
    const [user] = await usersWithPhone(phone);
    expect(user).toMatchObject({ user_id: first.body.data.user_id, full_name: 'Wanjiru Kamau' });
    const consents = await database.current.db
      .selectFrom('user_terms_consent')
      .select('consent_id')
      .where('user_id', '=', first.body.data.user_id as string)
      .execute();
    expect(consents).toHaveLength(2);
  });
});
