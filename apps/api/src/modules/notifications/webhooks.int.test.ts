import crypto from 'node:crypto';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { mailgunSignature } from '../../integrations/email/webhook.js';
import { createUser } from '../../test/factories.js';
import { safePhone } from '../../test/identity-flows.js';
import { TEST_CALLBACK_TOKEN, TEST_SIGNING_KEY, useIdentityHarness } from '../../test/identity-harness.js';

const { database, harness } = useIdentityHarness();
const { harness: atHarness } = useIdentityHarness({ smsProvider: 'africastalking' }, database);

const db = () => database.current.db;

const rowById = (id: string) =>
  db().selectFrom('notification_log').selectAll().where('notification_id', '=', id).executeTakeFirstOrThrow();

/** One sent message of the given channel, through the real outbox and the simulators. */
async function sentMessage(channel: 'sms' | 'email', via = harness, email?: string) {
  const user = await createUser(db(), {
    phone: safePhone(),
    email: email ?? `user-${crypto.randomUUID()}@example.com`,
  });
  await db()
    .transaction()
    .execute((trx) =>
      via.services.notifier.enqueue(trx, { userId: user.user_id, templateKey: 'logout_all' }),
    );
  await via.deliver();
  const row = await db()
    .selectFrom('notification_log')
    .selectAll()
    .where('user_id', '=', user.user_id)
    .where('channel', '=', channel)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe('sent');
  expect(row.provider_message_id).toBeTruthy();
  return { user, row };
}

const smsReport = (provider: string, token = TEST_CALLBACK_TOKEN) =>
  request(harness.app)
    .post(`/api/integrations/sms/${provider}/delivery?token=${encodeURIComponent(token)}`)
    .set('X-Forwarded-Proto', 'https');

const vintexReport = (messageId: string, status: string, token?: string) =>
  smsReport('vintex', token).send({
    message_id: messageId,
    reference: null,
    status,
    timestamp: new Date().toISOString(),
  });

interface EventOptions {
  id?: string;
  token?: string;
  timestamp?: number;
  key?: string;
  data: Record<string, unknown>;
}

function mailgunEvent(options: EventOptions) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const token = options.token ?? crypto.randomBytes(25).toString('hex');
  return request(harness.app)
    .post('/api/integrations/mailgun/events')
    .set('X-Forwarded-Proto', 'https')
    .send({
      signature: {
        timestamp,
        token,
        signature: mailgunSignature(options.key ?? TEST_SIGNING_KEY, timestamp, token),
      },
      'event-data': {
        id: options.id ?? crypto.randomBytes(16).toString('base64url'),
        timestamp: Date.now() / 1000,
        ...options.data,
      },
    });
}

const eventFor = (row: { notification_id: string; provider_message_id: string | null }, data: object) => ({
  message: { headers: { 'message-id': row.provider_message_id } },
  'user-variables': { notification_id: row.notification_id },
  ...data,
});

describe('SMS delivery reports (INT-240, INT-241, INT-501)', () => {
  it('marks a sent message delivered', async () => {
    const { row } = await sentMessage('sms');
    const response = await vintexReport(row.provider_message_id!, 'delivered');
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    const after = await rowById(row.notification_id);
    expect(after.status).toBe('delivered');
    expect(after.delivered_at).toBeInstanceOf(Date);
  });

  it('refuses a report with the wrong token and changes nothing', async () => {
    const { row } = await sentMessage('sms');
    expect((await vintexReport(row.provider_message_id!, 'delivered', 'not-the-token')).status).toBe(403);
    expect(
      (await smsReport('vintex', '').send({ message_id: row.provider_message_id, status: 'delivered' }))
        .status,
    ).toBe(403);
    expect(await rowById(row.notification_id)).toMatchObject({ status: 'sent', delivered_at: null });
  });

  it('never moves a delivered message back, and ignores repeats', async () => {
    const { row } = await sentMessage('sms');
    await vintexReport(row.provider_message_id!, 'delivered');
    const delivered = await rowById(row.notification_id);
    expect((await vintexReport(row.provider_message_id!, 'sent')).status).toBe(200);
    expect((await vintexReport(row.provider_message_id!, 'delivered')).status).toBe(200);
    expect((await vintexReport(row.provider_message_id!, 'failed')).status).toBe(200);
    expect(await rowById(row.notification_id)).toEqual(delivered);
  });

  it('records a failed report with its reason', async () => {
    const { row } = await sentMessage('sms');
    await smsReport('vintex').send({
      message_id: row.provider_message_id,
      status: 'failed',
      reason: 'AbsentSubscriber',
    });
    expect(await rowById(row.notification_id)).toMatchObject({ status: 'failed', error: 'AbsentSubscriber' });
  });

  it('answers 200 for a message it does not know', async () => {
    expect((await vintexReport(`vx-${crypto.randomUUID()}`, 'delivered')).status).toBe(200);
  });

  it('reads Africa’s Talking’s form-encoded reports', async () => {
    const { row } = await sentMessage('sms', atHarness);
    expect(row.provider).toBe('africastalking');
    expect(row.provider_message_id).toMatch(/^ATXid_/);
    const response = await smsReport('africastalking').type('form').send({
      id: row.provider_message_id,
      status: 'Success',
      phoneNumber: row.recipient,
      networkCode: '63902',
      retryCount: '0',
    });
    expect(response.status).toBe(200);
    expect(await rowById(row.notification_id)).toMatchObject({ status: 'delivered' });
  });
});

describe('Mailgun events (INT-310..312, INT-502)', () => {
  it('accepts a correctly signed delivered event', async () => {
    const { row } = await sentMessage('email');
    const response = await mailgunEvent({ data: eventFor(row, { event: 'delivered' }) });
    expect(response.status).toBe(200);
    const after = await rowById(row.notification_id);
    expect(after.status).toBe('delivered');
    expect(after.delivered_at).toBeInstanceOf(Date);
  });

  it('matches by message-id when the notification id is missing', async () => {
    const { row } = await sentMessage('email');
    const response = await mailgunEvent({
      data: { event: 'delivered', message: { headers: { 'message-id': `<${row.provider_message_id}>` } } },
    });
    expect(response.status).toBe(200);
    expect((await rowById(row.notification_id)).status).toBe('delivered');
  });

  it('refuses a wrong signature, an old timestamp and a repeated token with 406', async () => {
    const { row } = await sentMessage('email');
    const data = eventFor(row, { event: 'delivered' });
    expect((await mailgunEvent({ data, key: 'not-the-signing-key' })).status).toBe(406);
    const old = Math.floor(Date.now() / 1000) - 301;
    expect((await mailgunEvent({ data, timestamp: old })).status).toBe(406);
    expect(await rowById(row.notification_id)).toMatchObject({ status: 'sent', delivered_at: null });

    const token = crypto.randomBytes(25).toString('hex');
    expect(
      (await mailgunEvent({ data: eventFor(row, { event: 'failed', severity: 'temporary' }), token })).status,
    ).toBe(200);
    expect((await mailgunEvent({ data, token })).status).toBe(406);
    expect(await rowById(row.notification_id)).toMatchObject({ status: 'sent', delivered_at: null });
  });

  it('handles one event id once, whatever token it comes with', async () => {
    const { row } = await sentMessage('email');
    const id = crypto.randomBytes(16).toString('base64url');
    const data = eventFor(row, { event: 'delivered' });
    expect((await mailgunEvent({ id, data })).status).toBe(200);
    expect((await rowById(row.notification_id)).status).toBe('delivered');
    await db()
      .updateTable('notification_log')
      .set({ status: 'sent', delivered_at: null })
      .where('notification_id', '=', row.notification_id)
      .execute();
    expect((await mailgunEvent({ id, data })).status).toBe(200);
    expect((await rowById(row.notification_id)).status).toBe('sent');
  });

  it('fails a permanent bounce and marks the address bouncing', async () => {
    const { user, row } = await sentMessage('email');
    const response = await mailgunEvent({
      data: eventFor(row, {
        event: 'failed',
        severity: 'permanent',
        reason: 'bounce',
        recipient: user.email,
      }),
    });
    expect(response.status).toBe(200);
    expect(await rowById(row.notification_id)).toMatchObject({ status: 'failed', error: 'bounce' });
    const after = await db()
      .selectFrom('users')
      .select('email_bouncing_at')
      .where('user_id', '=', user.user_id)
      .executeTakeFirstOrThrow();
    expect(after.email_bouncing_at).toBeInstanceOf(Date);
  });

  it('turns marketing email off after a complaint, with evidence and a system audit row', async () => {
    const { user, row } = await sentMessage('email');
    await db()
      .insertInto('notification_preferences')
      .values({ user_id: user.user_id, marketing_email_opt_in: true })
      .execute();
    const response = await mailgunEvent({
      data: eventFor(row, { event: 'complained', recipient: user.email }),
    });
    expect(response.status).toBe(200);
    const prefs = await db()
      .selectFrom('notification_preferences')
      .select('marketing_email_opt_in')
      .where('user_id', '=', user.user_id)
      .executeTakeFirstOrThrow();
    expect(prefs.marketing_email_opt_in).toBe(false);
    const evidence = await db()
      .selectFrom('marketing_consent_events')
      .select(['channel', 'opted_in', 'source'])
      .where('user_id', '=', user.user_id)
      .execute();
    expect(evidence).toEqual([{ channel: 'email', opted_in: false, source: 'provider_complaint' }]);
    const audit = await db()
      .selectFrom('audit_logs')
      .select(['actor_type', 'actor_id', 'action', 'entity_type'])
      .where('entity_id', '=', user.user_id)
      .execute();
    expect(audit).toEqual([
      { actor_type: 'system', actor_id: null, action: 'marketing_email_opt_out', entity_type: 'user' },
    ]);
  });
});
