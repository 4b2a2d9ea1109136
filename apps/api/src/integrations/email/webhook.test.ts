import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../test/memory-logger.js';
import { startSimulatorServer, type SimulatorServer } from '../simulator-server.js';
import { createMailgunClient } from './mailgun.js';
import { createMailgunSimulator, type MailgunSimulator } from './simulator.js';
import { mailgunSignature, parseMailgunEvent, verifyMailgunSignature } from './webhook.js';

const SIGNING_KEY = 'key-SIGNING-secret-321';
const TOKEN = 'e0b5477167110d68991efc6b9f89f0a11066af27834600e123';
const TIMESTAMP = '1771664400';
const NOW_MS = Number(TIMESTAMP) * 1000;

describe('verifyMailgunSignature (INT-311)', () => {
  const signed = { signingKey: SIGNING_KEY, timestamp: TIMESTAMP, token: TOKEN, nowMs: NOW_MS };
  const signature = mailgunSignature(SIGNING_KEY, TIMESTAMP, TOKEN);

  it('accepts a correctly signed, fresh event', () => {
    expect(verifyMailgunSignature({ ...signed, signature })).toEqual({ ok: true });
    expect(verifyMailgunSignature({ ...signed, signature: signature.toUpperCase() })).toEqual({ ok: true });
    expect(verifyMailgunSignature({ ...signed, signature, nowMs: NOW_MS + 300_000 })).toEqual({ ok: true });
  });

  it('refuses a wrong signature', () => {
    const wrong = mailgunSignature('another-key', TIMESTAMP, TOKEN);
    expect(verifyMailgunSignature({ ...signed, signature: wrong })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyMailgunSignature({ ...signed, token: `${TOKEN}x`, signature })).toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('refuses a timestamp more than 300 s away, in either direction', () => {
    expect(verifyMailgunSignature({ ...signed, signature, nowMs: NOW_MS + 301_000 })).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifyMailgunSignature({ ...signed, signature, nowMs: NOW_MS - 301_000 })).toMatchObject({
      reason: 'stale',
    });
    expect(
      verifyMailgunSignature({ ...signed, signature, nowMs: NOW_MS + 60_000, maxAgeSeconds: 30 }),
    ).toMatchObject({
      reason: 'stale',
    });
  });

  it.each([
    ['a short signature', { signature: 'abc' }],
    ['a non-hex signature', { signature: 'z'.repeat(64) }],
    ['a missing signature', { signature: undefined }],
    ['a non-numeric timestamp', { signature, timestamp: 'yesterday' }],
    ['an empty token', { signature, token: '' }],
    ['a numeric token', { signature, token: 42 }],
  ])('calls %s malformed', (_label, override) => {
    expect(verifyMailgunSignature({ ...signed, ...override })).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('parseMailgunEvent (INT-310)', () => {
  const example = {
    signature: { timestamp: TIMESTAMP, token: TOKEN, signature: '12d99f5a'.repeat(8) },
    'event-data': {
      id: 'Ase7i2zsRYeDXztHGENqRA',
      event: 'failed',
      severity: 'permanent',
      reason: 'bounce',
      timestamp: 1771664400.123,
      recipient: 'doreen@example.com',
      'delivery-status': { code: 550, message: '5.1.1 mailbox does not exist' },
      message: { headers: { 'message-id': '20260221090000.1.ABCDEF@mg.tafuta.ke' } },
      'user-variables': { notification_id: '5b0e8a52-2f4b-4c1e-9a7e-1f1d2c3b4a59' },
      flags: { 'is-test-mode': false },
    },
  };

  it('reads the spec example', () => {
    expect(parseMailgunEvent(example)).toEqual({
      signature: example.signature,
      event: {
        id: 'Ase7i2zsRYeDXztHGENqRA',
        event: 'failed',
        severity: 'permanent',
        reason: 'bounce',
        recipient: 'doreen@example.com',
        timestamp: 1771664400.123,
        messageId: '20260221090000.1.ABCDEF@mg.tafuta.ke',
        notificationId: '5b0e8a52-2f4b-4c1e-9a7e-1f1d2c3b4a59',
      },
    });
  });

  it('tolerates missing optional parts and angle brackets around the message id', () => {
    const minimal = {
      signature: example.signature,
      'event-data': {
        id: 'x',
        event: 'delivered',
        timestamp: '1771664400',
        reason: null,
        message: { headers: { 'message-id': '<a@b>' } },
      },
    };
    expect(parseMailgunEvent(minimal)?.event).toEqual({
      id: 'x',
      event: 'delivered',
      timestamp: 1771664400,
      messageId: 'a@b',
    });
  });

  it.each([
    ['no body', undefined],
    ['no signature', { 'event-data': example['event-data'] }],
    ['no event id', { ...example, 'event-data': { ...example['event-data'], id: undefined } }],
    ['a bad timestamp', { ...example, 'event-data': { ...example['event-data'], timestamp: 'now' } }],
  ])('returns null for %s', (_label, body) => {
    expect(parseMailgunEvent(body)).toBeNull();
  });
});

describe('events posted by the Mailgun simulator', () => {
  const received: unknown[] = [];
  let receiver: SimulatorServer;
  let simServer: SimulatorServer;
  let simulator: MailgunSimulator;

  beforeAll(async () => {
    const router = express.Router();
    router.post('/events', express.json(), (req, res) => {
      received.push(req.body);
      res.status(200).end();
    });
    receiver = await startSimulatorServer(router);
    simulator = createMailgunSimulator({
      signingKey: SIGNING_KEY,
      eventsUrl: `${receiver.url}/events`,
      eventDelayMs: 5,
    });
    simServer = await startSimulatorServer(simulator.router);
  });

  afterAll(async () => {
    await Promise.all([receiver.close(), simServer.close()]);
  });

  const verify = (body: unknown) => {
    const parsed = parseMailgunEvent(body);
    if (!parsed) throw new Error('unparseable event');
    return { parsed, check: verifyMailgunSignature({ signingKey: SIGNING_KEY, ...parsed.signature }) };
  };

  async function eventFor(messageId: string | null) {
    const deadline = Date.now() + 2_000;
    for (;;) {
      const found = received.map(verify).find(({ parsed }) => parsed.event.messageId === messageId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no event arrived');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('posts signed delivered and permanent-failure events carrying the notification id', async () => {
    const mailgun = createMailgunClient({
      baseUrl: simServer.url,
      apiKey: 'unused',
      domain: 'mg.tafuta.ke',
      from: 'Tafuta <no-reply@mg.tafuta.ke>',
      version: '0',
      logger: createMemoryLogger().logger,
    });
    const base = { subject: 's', text: 't', html: '<p>t</p>', tags: [], tracking: false };
    const ok = await mailgun.send({ ...base, to: 'ok@example.com', notificationId: 'n-ok' });
    const bounce = await mailgun.send({ ...base, to: 'gone@bounce.test', notificationId: 'n-bounce' });

    const delivered = await eventFor(ok.providerMessageId);
    expect(delivered.check).toEqual({ ok: true });
    expect(delivered.parsed.event).toMatchObject({ event: 'delivered', notificationId: 'n-ok' });

    const failed = await eventFor(bounce.providerMessageId);
    expect(failed.check).toEqual({ ok: true });
    expect(failed.parsed.event).toMatchObject({
      event: 'failed',
      severity: 'permanent',
      reason: 'bounce',
      recipient: 'gone@bounce.test',
      notificationId: 'n-bounce',
    });
    expect(
      received.filter((body) => verify(body).parsed.event.messageId === bounce.providerMessageId),
    ).toHaveLength(1);
  });

  it('posts events on demand with a bad signature, an old timestamp or a repeated token', async () => {
    const [mail] = simulator.messages();
    const messageId = mail?.id ?? 'missing';
    const last = () => verify(received.at(-1));

    const bad = await simulator.postEvent({ messageId, event: 'complained', badSignature: true });
    expect(bad.status).toBe(200);
    expect(last().check).toEqual({ ok: false, reason: 'bad_signature' });

    await simulator.postEvent({ messageId, event: 'unsubscribed', oldTimestamp: true });
    expect(last().check).toEqual({ ok: false, reason: 'stale' });

    const first = await simulator.postEvent({ messageId, event: 'failed', severity: 'temporary' });
    expect(last().parsed.event).toMatchObject({ event: 'failed', severity: 'temporary' });
    const replay = await simulator.postEvent({ messageId, event: 'delivered', reuseToken: first.token });
    expect(replay.token).toBe(first.token);
    // A replayed token still carries a valid signature: catching it is the caller's token cache.
    expect(last().check).toEqual({ ok: true });
    expect(last().parsed.signature.token).toBe(first.token);
  });
});
