import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderResponse } from '../http.js';
import { createMemoryLogger } from '../../test/memory-logger.js';
import { startSimulatorServer, type SimulatorServer } from '../simulator-server.js';
import {
  createMailgunClient,
  formatRecipient,
  mapMailgunResponse,
  type MailgunClientOptions,
} from './mailgun.js';
import type { EmailMessage } from './provider.js';
import { createMailgunSimulator, type MailgunSimulator } from './simulator.js';

const API_KEY = 'mg-KEY-secret-789';
const DOMAIN = 'mg.tafuta.ke';
const FROM = 'Tafuta <no-reply@mg.tafuta.ke>';

let simulator: MailgunSimulator;
let server: SimulatorServer;
const memory = createMemoryLogger();

beforeAll(async () => {
  simulator = createMailgunSimulator({ apiKey: API_KEY, signingKey: 'signing-key' });
  server = await startSimulatorServer(simulator.router);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  simulator.reset();
});

const client = (overrides: Partial<MailgunClientOptions> = {}) =>
  createMailgunClient({
    baseUrl: server.url,
    apiKey: API_KEY,
    domain: DOMAIN,
    from: FROM,
    version: '0.0.0-test',
    logger: memory.logger,
    backoffBaseMs: 1,
    ...overrides,
  });

const PDF = Buffer.from('%PDF-1.4\n\x00\x01\x02\xff receipt TFT-2026-00001\n%%EOF', 'latin1');

const message = (overrides: Partial<EmailMessage> = {}): EmailMessage => ({
  to: 'doreen@example.com',
  toName: 'Doreen Wanjiru',
  subject: 'Malipo yamethibitishwa',
  text: 'Asante kwa malipo yako.',
  html: '<p>Asante kwa malipo yako.</p>',
  tags: ['payment_confirmed', 'transactional'],
  notificationId: '5b0e8a52-2f4b-4c1e-9a7e-1f1d2c3b4a59',
  tracking: false,
  ...overrides,
});

describe('Mailgun client against the simulator (INT-300..302, INT-320)', () => {
  it('sends every INT-301 field as multipart, attachment included', async () => {
    const result = await client({ testMode: true }).send(
      message({
        tags: ['payment_confirmed', 'transactional', 'third', 'fourth'],
        replyTo: 'support@tafuta.ke',
        listUnsubscribeUrl: 'https://tafuta.ke/unsubscribe?t=abc',
        listUnsubscribePostUrl: 'https://tafuta.ke/api/preferences/unsubscribe?token=abc',
        attachments: [{ filename: 'TFT-2026-00001.pdf', content: PDF, contentType: 'application/pdf' }],
      }),
    );
    expect(result).toMatchObject({ accepted: true, httpStatus: 200, retryable: false });
    const [stored] = simulator.messages({ to: 'doreen@example.com' });
    expect(stored).toMatchObject({
      domain: DOMAIN,
      from: FROM,
      to: 'Doreen Wanjiru <doreen@example.com>',
      subject: 'Malipo yamethibitishwa',
      text: 'Asante kwa malipo yako.',
      html: '<p>Asante kwa malipo yako.</p>',
      tags: ['payment_confirmed', 'transactional', 'third'],
      variables: { notification_id: '5b0e8a52-2f4b-4c1e-9a7e-1f1d2c3b4a59' },
      options: { tracking: 'no', testmode: 'yes' },
      headers: {
        'Reply-To': 'support@tafuta.ke',
        'List-Unsubscribe': '<https://tafuta.ke/api/preferences/unsubscribe?token=abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    expect(stored?.attachments).toHaveLength(1);
    expect(stored?.attachments[0]).toMatchObject({
      filename: 'TFT-2026-00001.pdf',
      contentType: 'application/pdf',
    });
    expect(stored?.attachments[0]?.content.equals(PDF)).toBe(true);
  });

  it('returns the message id without angle brackets', async () => {
    const result = await client().send(message());
    const [stored] = simulator.messages();
    expect(result.providerMessageId).toBe(stored?.id);
    expect(result.providerMessageId).toMatch(/^[^<>]+@mg\.tafuta\.ke$/);
  });

  it('leaves out optional fields that were not given and turns tracking on when asked', async () => {
    await client().send(message({ tracking: true, toName: 'Wanjiru, Doreen "D"' }));
    const [stored] = simulator.messages();
    expect(stored?.options).toEqual({ tracking: 'yes' });
    expect(stored?.headers).toEqual({});
    expect(stored?.to).toBe('"Wanjiru, Doreen \\"D\\"" <doreen@example.com>');
  });

  it('refuses a bad address with invalid_request, not retried', async () => {
    const result = await client().send(message({ to: 'nobody@fail.test' }), { attempts: 3 });
    expect(result).toEqual({
      accepted: false,
      providerMessageId: null,
      httpStatus: 400,
      errorCode: 'invalid_request',
      retryable: false,
    });
  });

  it('reports a wrong key as auth', async () => {
    const result = await client({ apiKey: 'wrong' }).send(message());
    expect(result).toMatchObject({ accepted: false, httpStatus: 401, errorCode: 'auth', retryable: false });
  });

  it('reports an outage as retryable', async () => {
    simulator.setDown(true);
    const result = await client().send(message(), { attempts: 2 });
    expect(result).toMatchObject({
      accepted: false,
      httpStatus: 503,
      errorCode: 'provider_error',
      retryable: true,
    });
  });

  it('reports an unreachable Mailgun as retryable with no HTTP status', async () => {
    const result = await client({ baseUrl: 'http://127.0.0.1:9' }).send(message());
    expect(result).toMatchObject({
      accepted: false,
      httpStatus: null,
      errorCode: 'provider_error',
      retryable: true,
    });
  });

  it('accepts urlencoded sends too and lists messages newest first', async () => {
    const auth = `Basic ${Buffer.from(`api:${API_KEY}`).toString('base64')}`;
    for (const subject of ['first', 'second']) {
      const response = await fetch(`${server.url}/v3/${DOMAIN}/messages`, {
        method: 'POST',
        headers: { Authorization: auth },
        body: new URLSearchParams({ from: FROM, to: 'amina@example.com', subject, text: 'x', 'v:k': 'v' }),
      });
      expect(response.status).toBe(200);
    }
    const listed = await fetch(`${server.url}/sim/mail/messages?to=amina@example.com`);
    const body = (await listed.json()) as { messages: { subject: string; variables: unknown }[] };
    expect(body.messages.map((mail) => mail.subject)).toEqual(['second', 'first']);
    expect(body.messages[0]?.variables).toEqual({ k: 'v' });
  });

  it('keeps the API key and the email body out of the logs (INT-031)', () => {
    const logged = JSON.stringify(memory.lines);
    expect(memory.lines.length).toBeGreaterThan(0);
    for (const secret of [API_KEY, 'Asante', Buffer.from(`api:${API_KEY}`).toString('base64')]) {
      expect(logged).not.toContain(secret);
    }
  });
});

describe('mapMailgunResponse (INT-302)', () => {
  const answer = (status: number, bodyText = '{}'): ProviderResponse => ({
    status,
    headers: new Headers(),
    bodyText,
  });

  it.each([
    [403, 'auth', false],
    [404, 'unknown_domain', false],
    [413, 'too_large', false],
    [429, 'provider_error', true],
    [500, 'provider_error', true],
    [502, 'provider_error', true],
  ] as const)('maps HTTP %i to %s (retryable: %s)', (status, errorCode, retryable) => {
    expect(mapMailgunResponse(answer(status))).toMatchObject({ accepted: false, errorCode, retryable });
  });

  it('does not count a 200 without an id as sent', () => {
    expect(mapMailgunResponse(answer(200, '{"message":"Queued"}'))).toMatchObject({
      accepted: false,
      retryable: false,
    });
  });
});

describe('formatRecipient', () => {
  it('keeps header injection out of the display name', () => {
    expect(formatRecipient('a@b.ke', 'Amina\r\nBcc: x@y.z')).toBe('"Amina Bcc: x@y.z" <a@b.ke>');
    expect(formatRecipient('a@b.ke')).toBe('a@b.ke');
  });
});
