import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database.js';
import { createUser, uniquePhone } from '../../test/factories.js';
import { startIdentityHarness, type IdentityHarness } from '../../test/identity-harness.js';
import { hashPassword } from '../auth/passwords.js';

const database = useTestDatabase();
let harness: IdentityHarness;
const STAFF_PASSWORD = 'Staff-Password-2026!';

beforeAll(async () => {
  harness = await startIdentityHarness(database.current);
});
afterAll(async () => harness.close());

async function staffAgent(role: 'admin' | 'support_staff') {
  const person = await createUser(database.current.db, { phone_verified_at: new Date() });
  const email = `${role}-${person.user_id.slice(0, 8)}@tafuta.ke`;
  await database.current.db
    .insertInto('admin_users')
    .values({
      user_id: person.user_id,
      login_email: email,
      role,
      password_hash: await hashPassword(STAFF_PASSWORD),
    })
    .execute();
  const agent = harness.agent();
  await agent.post('/api/admin/auth/login').send({ email, password: STAFF_PASSWORD }).expect(200);
  return agent;
}

async function signedInUser() {
  const phone = uniquePhone();
  const agent = harness.agent();
  const registered = await agent
    .post('/api/auth/register')
    .send({ phone, full_name: 'Kamau Njoroge', terms_version: '1.0', privacy_version: '1.0' })
    .expect(201);
  await agent
    .post('/api/auth/verify-otp')
    .send({ phone, code: harness.lastCode(phone) })
    .expect(200);
  return { agent, phone, userId: registered.body.data.user_id as string };
}

describe('staff phone change (ACC-11, EP-ADM-27/28)', () => {
  it('sends a code to the new number, changes the phone on confirmation, ends sessions and tells both numbers', async () => {
    const staff = await staffAgent('admin');
    const person = await signedInUser();
    const newPhone = uniquePhone();

    const started = await staff
      .post(`/api/admin/users/${person.userId}/phone-change/start`)
      .send({ new_phone: newPhone.replace('+254', '0') })
      .expect(200);
    expect(started.body.data.otp_sent).toBe(true);
    const code = harness.lastCode(newPhone);

    await staff
      .post(`/api/admin/users/${person.userId}/phone-change/confirm`)
      .send({
        new_phone: newPhone,
        code: code === '000000' ? '111111' : '000000',
        reason: 'Lost SIM, ID checked at office',
      })
      .expect(401);
    const confirmed = await staff
      .post(`/api/admin/users/${person.userId}/phone-change/confirm`)
      .send({ new_phone: newPhone, code, reason: 'Lost SIM, ID checked at office' })
      .expect(200);
    expect(confirmed.body.data.phone).toBe(newPhone);

    await person.agent.get('/api/users/me').expect(401);
    await harness.deliver();
    expect(harness.sms.messages({ to: person.phone })[0]?.text).toContain(
      'phone number on your account was changed',
    );
    expect(harness.sms.messages({ to: newPhone })[0]?.text).toContain(
      'phone number on your account was changed',
    );

    const audit = await database.current.db
      .selectFrom('audit_logs')
      .select(['old_value', 'new_value', 'reason'])
      .where('action', '=', 'user_phone_changed')
      .where('entity_id', '=', person.userId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).not.toContain(newPhone);
    expect(audit.new_value).toEqual({ phone: expect.stringMatching(/\*\*\*/) });
    const log = await database.current.db
      .selectFrom('auth_logs')
      .select('metadata')
      .where('event_type', '=', 'phone_changed')
      .where('user_id', '=', person.userId)
      .executeTakeFirstOrThrow();
    expect(log.metadata).toMatchObject({ sessions_revoked: 1 });

    // The person signs in with the new number from now on.
    const again = harness.agent();
    await database.current.db
      .updateTable('otp_codes')
      .set({ created_at: new Date(Date.now() - 120_000) })
      .execute();
    await again.post('/api/auth/request-otp').send({ phone: newPhone }).expect(200);
    await again
      .post('/api/auth/verify-otp')
      .send({ phone: newPhone, code: harness.lastCode(newPhone) })
      .expect(200);
  });

  it('refuses a number another account uses, and support staff', async () => {
    const staff = await staffAgent('admin');
    const person = await signedInUser();
    const other = await createUser(database.current.db);
    const refused = await staff
      .post(`/api/admin/users/${person.userId}/phone-change/start`)
      .send({ new_phone: other.phone })
      .expect(409);
    expect(refused.body.error.code).toBe('PHONE_ALREADY_REGISTERED');

    const support = await staffAgent('support_staff');
    await support
      .post(`/api/admin/users/${person.userId}/phone-change/start`)
      .send({ new_phone: uniquePhone() })
      .expect(403);
  });
});

describe('staff request limit (ADM-711)', () => {
  it('counts staff sessions against their own 120 per minute, not the 60 of public users', async () => {
    const staff = await staffAgent('support_staff');
    let last = 0;
    for (let index = 0; index < 61; index += 1) last = (await staff.get('/api/users/me')).status;
    expect(last).toBe(200);
    const limited = await staff.get('/api/users/me');
    expect(limited.headers['ratelimit-limit']).toBe('120');
  });
});
