import { describe, expect, it } from 'vitest';
import { createUser } from '../../test/factories.js';
import {
  authLogEntry,
  endCooldown,
  safePhone,
  signInByCode,
  signUp,
  staffSession,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

const { database, harness } = useIdentityHarness();

const phoneOf = async (userId: string) =>
  (
    await database.current.db
      .selectFrom('users')
      .select('phone')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
  ).phone;

describe('staff phone change (ACC-11, EP-ADM-27/28)', () => {
  it('sends a code to the new number, changes the phone on confirmation, ends sessions and tells both numbers', async () => {
    const { agent: staff } = await staffSession(harness, database.current.db, 'admin');
    const person = await signUp(harness, { body: { full_name: 'Kamau Njoroge' } });
    const newPhone = safePhone();

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
    const log = await authLogEntry(database.current.db, person.userId, 'phone_changed');
    expect(log.metadata).toMatchObject({ sessions_revoked: 1 });

    // The person signs in with the new number from now on.
    await endCooldown(database.current.db, newPhone);
    await signInByCode(harness, newPhone);
  });

  it('refuses a number another account uses, and support staff', async () => {
    const { agent: staff } = await staffSession(harness, database.current.db, 'admin');
    const person = await signUp(harness, { body: { full_name: 'Kamau Njoroge' } });
    const other = await createUser(database.current.db);
    const refused = await staff
      .post(`/api/admin/users/${person.userId}/phone-change/start`)
      .send({ new_phone: other.phone })
      .expect(409);
    expect(refused.body.error.code).toBe('PHONE_ALREADY_REGISTERED');

    const { agent: support } = await staffSession(harness, database.current.db, 'support_staff');
    await support
      .post(`/api/admin/users/${person.userId}/phone-change/start`)
      .send({ new_phone: safePhone() })
      .expect(403);
  });
});

describe('a phone-change code belongs to its person (EP-ADM-28)', () => {
  it('refuses another user’s code with 401 OTP_EXPIRED and changes neither phone', async () => {
    const { agent: staff } = await staffSession(harness, database.current.db, 'admin');
    const personA = await signUp(harness, { body: { full_name: 'Atieno Ouma' } });
    const personB = await signUp(harness, { body: { full_name: 'Baraka Kiptoo' } });
    const newPhone = safePhone();
    await staff
      .post(`/api/admin/users/${personA.userId}/phone-change/start`)
      .send({ new_phone: newPhone })
      .expect(200);
    const code = harness.lastCode(newPhone);

    const refused = await staff
      .post(`/api/admin/users/${personB.userId}/phone-change/confirm`)
      .send({ new_phone: newPhone, code, reason: 'Lost SIM, ID checked at office' })
      .expect(401);
    expect(refused.body.error.code).toBe('OTP_EXPIRED');
    expect(await phoneOf(personA.userId)).toBe(personA.phone);
    expect(await phoneOf(personB.userId)).toBe(personB.phone);

    // The code still serves the person it was sent for.
    await staff
      .post(`/api/admin/users/${personA.userId}/phone-change/confirm`)
      .send({ new_phone: newPhone, code, reason: 'Lost SIM, ID checked at office' })
      .expect(200);
    expect(await phoneOf(personA.userId)).toBe(newPhone);
    expect(await phoneOf(personB.userId)).toBe(personB.phone);
  });

  it('answers 409 when the new number was taken meanwhile, before using up the code', async () => {
    const { agent: staff } = await staffSession(harness, database.current.db, 'admin');
    const person = await signUp(harness, { body: { full_name: 'Otieno Were' } });
    const newPhone = safePhone();
    await staff
      .post(`/api/admin/users/${person.userId}/phone-change/start`)
      .send({ new_phone: newPhone })
      .expect(200);
    await createUser(database.current.db, { phone: newPhone });

    const refused = await staff
      .post(`/api/admin/users/${person.userId}/phone-change/confirm`)
      .send({ new_phone: newPhone, code: harness.lastCode(newPhone), reason: 'New SIM, ID checked' })
      .expect(409);
    expect(refused.body.error.code).toBe('PHONE_ALREADY_REGISTERED');
    expect(await phoneOf(person.userId)).toBe(person.phone);
    const code = await database.current.db
      .selectFrom('otp_codes')
      .select(['consumed_at', 'attempts'])
      .where('phone', '=', newPhone)
      .executeTakeFirstOrThrow();
    expect(code).toEqual({ consumed_at: null, attempts: 0 });
  });

  it('tells the person once in the app and by email, and by SMS on both numbers', async () => {
    const { agent: staff } = await staffSession(harness, database.current.db, 'admin');
    const person = await signUp(harness, {
      body: { full_name: 'Wambui Njeri', email: 'wambui.phone@example.com' },
    });
    const newPhone = safePhone();
    await staff
      .post(`/api/admin/users/${person.userId}/phone-change/start`)
      .send({ new_phone: newPhone })
      .expect(200);
    await staff
      .post(`/api/admin/users/${person.userId}/phone-change/confirm`)
      .send({ new_phone: newPhone, code: harness.lastCode(newPhone), reason: 'New SIM, ID checked' })
      .expect(200);

    const { db } = database.current;
    const inApp = await db
      .selectFrom('in_app_notifications')
      .select('type')
      .where('user_id', '=', person.userId)
      .where('type', '=', 'phone_changed')
      .execute();
    expect(inApp).toHaveLength(1);
    const queued = await db
      .selectFrom('notification_log')
      .select(['channel', 'recipient'])
      .where('user_id', '=', person.userId)
      .where('template_key', '=', 'phone_changed')
      .execute();
    expect(queued.filter((row) => row.channel === 'email')).toEqual([
      { channel: 'email', recipient: 'wambui.phone@example.com' },
    ]);
    expect(
      queued
        .filter((row) => row.channel === 'sms')
        .map((row) => row.recipient)
        .sort(),
    ).toEqual([person.phone, newPhone].sort());
  });
});

describe('staff request limit (ADM-711)', () => {
  it('counts staff sessions against their own 120 per minute, not the 60 of public users', async () => {
    const { agent: staff } = await staffSession(harness, database.current.db, 'support_staff');
    let last = 0;
    for (let index = 0; index < 61; index += 1) last = (await staff.get('/api/users/me')).status;
    expect(last).toBe(200);
    const limited = await staff.get('/api/users/me');
    expect(limited.headers['ratelimit-limit']).toBe('120');
  });
});
