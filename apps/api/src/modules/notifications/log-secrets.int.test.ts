import crypto from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailgunSignature } from '../../integrations/email/webhook.js';
import { createMemoryLogger, type MemoryLogger } from '../../integrations/memory-logger.js';
import { useTestDatabase } from '../../test/database.js';
import { createUser } from '../../test/factories.js';
import {
  startIdentityHarness,
  TEST_CALLBACK_TOKEN,
  TEST_PROVIDER_KEY,
  TEST_SIGNING_KEY,
  type IdentityHarness,
} from '../../test/identity-harness.js';
import { hashPassword } from '../auth/passwords.js';

const database = useTestDatabase();
let harness: IdentityHarness;
let memory: MemoryLogger;

const db = () => database.current.db;

function phone(): string {
  for (;;) {
    const digits = String(crypto.randomInt(10_000_000, 99_999_999));
    if (!/(0000|0001|0402|0500)$/.test(digits)) return `+2547${digits}`;
  }
}

const post = (path: string) => request(harness.app).post(path).set('X-Forwarded-Proto', 'https');

/** Everything the app logged, as text; errors keep their message and stack. */
function capturedText(): string {
  return JSON.stringify(memory.lines, (_key, value: unknown) =>
    value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value,
  );
}

/** A secret counts as leaked when it appears on its own, not as a few digits inside some id. */
const appears = (text: string, secret: string) =>
  new RegExp(`(?<![0-9A-Za-z])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`).test(text);

beforeAll(async () => {
  memory = createMemoryLogger('debug');
  harness = await startIdentityHarness(database.current, { logger: memory.logger });
});
afterAll(async () => harness.close());

describe('secrets stay out of the logs (INT-031, INT-504, ALOG-03)', () => {
  it('logs no code, token, key or password through sign-up, reset, staff sign-in and callbacks', async () => {
    const secrets: Record<string, string> = {
      callback_token: TEST_CALLBACK_TOKEN,
      signing_key: TEST_SIGNING_KEY,
      provider_key: TEST_PROVIDER_KEY,
    };

    // Registration and sign-in by code.
    const member = phone();
    const registered = await post('/api/auth/register').send({
      phone: member,
      full_name: 'Mwende Musyoka',
      email: `mwende-${crypto.randomBytes(4).toString('hex')}@example.com`,
      terms_version: '1.0',
      privacy_version: '1.0',
    });
    expect(registered.status).toBe(201);
    secrets.registration_code = harness.lastCode(member);
    expect(
      (await post('/api/auth/verify-otp').send({ phone: member, code: secrets.registration_code })).status,
    ).toBe(200);

    // Password reset by code.
    const resetter = await createUser(db(), {
      phone: phone(),
      phone_verified_at: new Date(),
      email: `reset-${crypto.randomUUID()}@example.com`,
    });
    expect((await post('/api/auth/password/reset').send({ phone: resetter.phone })).status).toBe(200);
    secrets.reset_code = harness.lastCode(resetter.phone!);
    secrets.new_password = 'Kilimo-Bora-2026!';
    const reset = await post('/api/auth/password/update').send({
      phone: resetter.phone,
      code: secrets.reset_code,
      new_password: secrets.new_password,
    });
    expect(reset.status).toBe(200);

    // Staff sign-in, once wrong and once right.
    secrets.staff_password = 'Staff-Password-2026!';
    secrets.wrong_password = 'Wrong-Password-2026!';
    const staff = await createUser(db(), { phone: phone(), phone_verified_at: new Date() });
    const staffEmail = `admin-${crypto.randomBytes(4).toString('hex')}@tafuta.ke`;
    await db()
      .insertInto('admin_users')
      .values({
        user_id: staff.user_id,
        login_email: staffEmail,
        role: 'admin',
        password_hash: await hashPassword(secrets.staff_password),
      })
      .execute();
    expect(
      (await post('/api/admin/auth/login').send({ email: staffEmail, password: secrets.wrong_password }))
        .status,
    ).toBe(401);
    expect(
      (await post('/api/admin/auth/login').send({ email: staffEmail, password: secrets.staff_password }))
        .status,
    ).toBe(200);

    // The queued notices go out, and the providers call back.
    expect((await harness.deliver()).sent).toBeGreaterThanOrEqual(2);
    const sms = await db()
      .selectFrom('notification_log')
      .select('provider_message_id')
      .where('user_id', '=', resetter.user_id)
      .where('channel', '=', 'sms')
      .where('template_key', '<>', 'otp_code')
      .executeTakeFirstOrThrow();
    const report = { message_id: sms.provider_message_id, status: 'delivered' };
    expect(
      (await post(`/api/integrations/sms/vintex/delivery?token=${TEST_CALLBACK_TOKEN}`).send(report)).status,
    ).toBe(200);
    expect(
      (await post('/api/integrations/sms/vintex/delivery?token=wrong-token-value-123').send(report)).status,
    ).toBe(403);

    const email = await db()
      .selectFrom('notification_log')
      .select(['notification_id', 'provider_message_id'])
      .where('user_id', '=', resetter.user_id)
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    const timestamp = String(Math.floor(Date.now() / 1000));
    secrets.webhook_token = crypto.randomBytes(25).toString('hex');
    secrets.webhook_signature = mailgunSignature(TEST_SIGNING_KEY, timestamp, secrets.webhook_token);
    const event = {
      signature: { timestamp, token: secrets.webhook_token, signature: secrets.webhook_signature },
      'event-data': {
        id: crypto.randomBytes(16).toString('base64url'),
        event: 'delivered',
        timestamp: Date.now() / 1000,
        message: { headers: { 'message-id': email.provider_message_id } },
        'user-variables': { notification_id: email.notification_id },
      },
    };
    expect((await post('/api/integrations/mailgun/events').send(event)).status).toBe(200);
    expect((await post('/api/integrations/mailgun/events').send(event)).status).toBe(406);
    const forged = { ...event, signature: { ...event.signature, signature: 'f'.repeat(64) } };
    expect((await post('/api/integrations/mailgun/events').send(forged)).status).toBe(406);

    await new Promise((resolve) => setImmediate(resolve));
    const text = capturedText();
    // The scan is only worth something if the flows above were logged at all.
    expect(text).toContain('integration call');
    expect(text).toContain('SMS delivery report refused');
    expect(text).toContain('Mailgun event refused');
    expect(text).toContain('/api/integrations/sms/vintex/delivery');
    for (const [name, secret] of Object.entries(secrets)) {
      expect(appears(text, secret), `the logs hold ${name}`).toBe(false);
    }
    // Phone numbers and addresses appear masked, if at all.
    for (const personal of [member, resetter.phone!, resetter.email!, staffEmail]) {
      expect(appears(text, personal), personal).toBe(false);
    }

    // ADM-530: the logged copy of an OTP message has the code masked.
    const otpRows = await db()
      .selectFrom('notification_log')
      .select('body')
      .where('template_key', '=', 'otp_code')
      .where('recipient', 'in', [member, resetter.phone!])
      .execute();
    expect(otpRows).toHaveLength(2);
    for (const row of otpRows) {
      expect(row.body).toContain('******');
      expect(row.body).not.toContain(secrets.registration_code);
      expect(row.body).not.toContain(secrets.reset_code);
    }
  });
});
