import crypto from 'node:crypto';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { mailgunSignature } from '../../integrations/email/webhook.js';
import { signUp, STAFF_PASSWORD, staffMember, verifiedAccount } from '../../test/identity-flows.js';
import {
  TEST_CALLBACK_TOKEN,
  TEST_PROVIDER_KEY,
  TEST_SIGNING_KEY,
  useIdentityHarness,
} from '../../test/identity-harness.js';
import { createMemoryLogger } from '../../test/memory-logger.js';

const memory = createMemoryLogger('debug');
const { database, harness } = useIdentityHarness({ logger: memory.logger });

const db = () => database.current.db;

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

describe('secrets stay out of the logs (INT-031, INT-504, ALOG-03)', () => {
  it('logs no code, token, key or password through sign-up, reset, staff sign-in and callbacks', async () => {
    const secrets: Record<string, string> = {
      callback_token: TEST_CALLBACK_TOKEN,
      signing_key: TEST_SIGNING_KEY,
      provider_key: TEST_PROVIDER_KEY,
    };

    // Registration and sign-in by code.
    const { phone: member, code: registrationCode } = await signUp(harness, {
      body: {
        full_name: 'Mwende Musyoka',
        email: `mwende-${crypto.randomBytes(4).toString('hex')}@example.com`,
      },
    });
    secrets.registration_code = registrationCode;

    // Password reset by code.
    const resetEmail = `reset-${crypto.randomUUID()}@example.com`;
    const resetter = await verifiedAccount(db(), { email: resetEmail });
    expect((await post('/api/auth/password/reset').send({ phone: resetter.phone })).status).toBe(200);
    secrets.reset_code = harness.lastCode(resetter.phone);
    secrets.new_password = 'Kilimo-Bora-2026!';
    const reset = await post('/api/auth/password/update').send({
      phone: resetter.phone,
      code: secrets.reset_code,
      new_password: secrets.new_password,
    });
    expect(reset.status).toBe(200);

    // Staff sign-in, once wrong and once right.
    secrets.staff_password = STAFF_PASSWORD;
    secrets.wrong_password = 'Wrong-Password-2026!';
    const { email: staffEmail } = await staffMember(db(), 'admin');
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
      .where('user_id', '=', resetter.userId)
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
      .where('user_id', '=', resetter.userId)
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
    for (const personal of [member, resetter.phone, resetEmail, staffEmail]) {
      expect(appears(text, personal), personal).toBe(false);
    }

    // ADM-530: the logged copy of an OTP message has the code masked.
    const otpRows = await db()
      .selectFrom('notification_log')
      .select('body')
      .where('template_key', '=', 'otp_code')
      .where('recipient', 'in', [member, resetter.phone])
      .execute();
    expect(otpRows).toHaveLength(2);
    for (const row of otpRows) {
      expect(row.body).toContain('******');
      expect(row.body).not.toContain(secrets.registration_code);
      expect(row.body).not.toContain(secrets.reset_code);
    }
  });
});
