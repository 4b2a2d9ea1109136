import crypto from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { SIMULATOR_MOUNT_PATH } from '../../config-providers.js';
import { buildTestApp } from '../../test/app.js';
import { safePhone } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

const { database, harness } = useIdentityHarness();

const SCRIPT = '<script>alert("outbox")</script>';
const sent: { channel: 'sms' | 'email'; recipient: string; body: string }[] = [];

/** Each message a later millisecond than the one before, so "newest first" is a real order. */
async function nextTick(previous: number): Promise<number> {
  while (Date.now() <= previous) await new Promise((resolve) => setImmediate(resolve));
  return Date.now();
}

beforeAll(async () => {
  let last = 0;
  for (const [index, channel] of (['sms', 'email', 'sms'] as const).entries()) {
    last = await nextTick(last);
    const body = index === 2 ? `Tafuta: ${SCRIPT}` : `Tafuta: message ${index}`;
    if (channel === 'sms') {
      const recipient = safePhone();
      const result = await harness.services.sms.send({
        to: recipient,
        text: body,
        clientRef: crypto.randomUUID(),
      });
      expect(result.accepted).toBe(true);
      sent.push({ channel, recipient, body });
    } else {
      const recipient = `outbox-${index}@example.com`;
      const result = await harness.services.email.send({
        to: recipient,
        subject: 'Dev outbox check',
        text: body,
        html: `<p>${body}</p>`,
        tags: ['logout_all'],
        notificationId: crypto.randomUUID(),
        tracking: false,
      });
      expect(result.accepted).toBe(true);
      sent.push({ channel, recipient, body });
    }
  }
});

const get = (app: ReturnType<typeof buildTestApp>, path: string) =>
  request(app).get(path).set('X-Forwarded-Proto', 'https');

describe('the dev outbox (never in production)', () => {
  it('lists SMS and email newest first with channel, recipient, body and time', async () => {
    const response = await get(harness.app, '/api/dev/outbox');
    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    const entries = response.body.data as {
      channel: string;
      recipient: string;
      subject: string | null;
      body: string;
      time: string;
    }[];
    expect(entries.map((entry) => [entry.channel, entry.recipient, entry.body])).toEqual(
      [...sent].reverse().map((entry) => [entry.channel, entry.recipient, entry.body]),
    );
    expect(entries.find((entry) => entry.channel === 'email')!.subject).toBe('Dev outbox check');
    expect(entries.find((entry) => entry.channel === 'sms')!.subject).toBeNull();
    for (const entry of entries) expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(response.body.pagination).toEqual({ page: 1, limit: 50, total: 3, pages: 1 });
  });

  it('pages through the list', async () => {
    const response = await get(harness.app, '/api/dev/outbox?page=2&limit=2');
    expect(response.status).toBe(200);
    expect((response.body.data as { body: string }[]).map((entry) => entry.body)).toEqual([sent[0]!.body]);
    expect(response.body.pagination).toEqual({ page: 2, limit: 2, total: 3, pages: 2 });
    expect((await get(harness.app, '/api/dev/outbox?limit=0')).status).toBe(400);
  });

  it('shows the messages on a page with their text escaped', async () => {
    const response = await get(harness.app, '/dev/outbox');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toContain('Dev outbox');
    expect(response.text).toContain('&lt;script&gt;alert(&quot;outbox&quot;)&lt;/script&gt;');
    expect(response.text).not.toContain(SCRIPT);
    expect(response.text).toContain(sent[1]!.recipient);
  });

  it('is absent when no simulator is wired in', async () => {
    // The harness's services talk to real providers' protocol over loopback, so they carry no simulators.
    expect(harness.services.simulators).toBeUndefined();
    const app = buildTestApp(database.current.db, { services: harness.services });
    const api = await get(app, '/api/dev/outbox');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('NOT_FOUND');
    // The page path falls through to the web app's own shell (SPA fallback), never to the outbox.
    const page = await get(app, '/dev/outbox');
    expect(page.text).not.toContain('Dev outbox');
    expect(page.text).not.toContain(sent[0]!.recipient);
    expect((await get(app, `${SIMULATOR_MOUNT_PATH}/sms/sim/sms/messages`)).body.messages).toBeUndefined();
    const send = await request(app)
      .post(`${SIMULATOR_MOUNT_PATH}/sms/sms/send`)
      .set('X-Forwarded-Proto', 'https')
      .send({ to: sent[0]!.recipient, message: 'Tafuta: hello' });
    expect(send.status).toBe(404);
  });
});
