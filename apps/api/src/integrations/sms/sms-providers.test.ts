import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../http.js';
import { createMemoryLogger } from '../../test/memory-logger.js';
import { startSimulatorServer, type SimulatorServer } from '../simulator-server.js';
import { createSmsProvider, type CreateSmsProviderOptions } from './index.js';
import { createSmsSimulator, type SmsSimulator } from './simulator.js';

const SIM_KEY = 'sim-KEY-secret-123';
const CALLBACK_TOKEN = 'callback-TOKEN-secret-456';
const AT_USERNAME = 'tafuta';
const TEXT = 'Tafuta: your code is 482913';

interface Report {
  provider: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  body: unknown;
}

let simulator: SmsSimulator;
let simServer: SimulatorServer;
let receiver: SimulatorServer;
const reports: Report[] = [];
const memory = createMemoryLogger();

beforeAll(async () => {
  const router = express.Router();
  router.use(express.json(), express.urlencoded({ extended: false }));
  router.post('/:provider/delivery', (req, res) => {
    reports.push({
      provider: String(req.params.provider),
      headers: req.headers,
      query: req.query,
      body: req.body,
    });
    res.status(200).end();
  });
  receiver = await startSimulatorServer(router);
  simulator = createSmsSimulator({
    apiKey: SIM_KEY,
    atUsername: AT_USERNAME,
    dlrDelayMs: 10,
    atCallbackUrl: `${receiver.url}/africastalking/delivery?token=${CALLBACK_TOKEN}`,
  });
  simServer = await startSimulatorServer(simulator.router);
});

afterAll(async () => {
  await Promise.all([simServer.close(), receiver.close()]);
});

beforeEach(() => {
  simulator.reset();
  reports.length = 0;
});

async function waitFor<T>(find: () => T | undefined, timeoutMs = 2_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let refCounter = 0;
const message = (to: string, text = TEXT) => ({ to, text, clientRef: `notif-${(refCounter += 1)}` });

describe.each([{ provider: 'vintex' as const }, { provider: 'africastalking' as const }])(
  'SMS adapter $provider against the simulator (INT-501)',
  ({ provider }) => {
    const client = (overrides: Partial<CreateSmsProviderOptions> = {}) =>
      createSmsProvider({
        provider,
        baseUrl: simServer.url,
        apiKey: SIM_KEY,
        senderId: 'TAFUTA',
        atUsername: AT_USERNAME,
        callbackBaseUrl: receiver.url,
        callbackToken: CALLBACK_TOKEN,
        version: '0.0.0-test',
        logger: memory.logger,
        backoffBaseMs: 1,
        ...overrides,
      });

    it('sends an accepted message and returns its id, segments and cost', async () => {
      const result = await client().send(message('+254712345678'));
      expect(result).toMatchObject({ accepted: true, retryable: false, segments: 1 });
      expect(result.providerMessageId).toEqual(expect.any(String));
      expect(result.costKes).toBeGreaterThan(0);
      const [stored] = simulator.messages({ to: '+254712345678' });
      expect(stored).toMatchObject({
        messageId: result.providerMessageId,
        text: TEXT,
        senderId: 'TAFUTA',
        provider,
      });
      const listed = await fetch(
        `${simServer.url}/sim/sms/messages?to=${encodeURIComponent('+254712345678')}`,
      );
      const body = (await listed.json()) as { messages: { message_id: string }[] };
      expect(body.messages.map((sms) => sms.message_id)).toEqual([result.providerMessageId]);
    });

    it('counts segments of long and UCS-2 texts', async () => {
      const result = await client().send(message('+254712345678', `ĩ${'a'.repeat(70)}`));
      expect(result.segments).toBe(2);
    });

    it('refuses a number the provider calls invalid without retrying', async () => {
      const result = await client().send(message('+254712340000'), { attempts: 3 });
      expect(result).toMatchObject({ accepted: false, errorCode: 'invalid_number', retryable: false });
      expect(simulator.sendCount()).toBe(1);
    });

    it('refuses numbers that are not Kenyan mobiles before any HTTP call, except allowed test ranges', async () => {
      for (const to of ['0712345678', '+255712345678', '+254212345678', '+2547123456789', '+15555550123']) {
        expect(await client().send(message(to))).toMatchObject({
          errorCode: 'invalid_number',
          retryable: false,
        });
      }
      expect(simulator.sendCount()).toBe(0);
      const allowed = await client({ allowedExtraPrefixes: ['+1555'] }).send(message('+15555550123'));
      expect(allowed.accepted).toBe(true);
    });

    it('reports no credit as a permanent failure', async () => {
      const result = await client().send(message('+254712340402'), { attempts: 3 });
      expect(result).toMatchObject({ accepted: false, errorCode: 'no_credit', retryable: false });
      expect(simulator.sendCount()).toBe(1);
    });

    it('treats HTTP 500 as a retryable provider error and repeats it inline when asked', async () => {
      const once = await client().send(message('+254712340500'));
      expect(once).toMatchObject({ accepted: false, errorCode: 'provider_error', retryable: true });
      simulator.reset();
      await client().send(message('+254712340500'), { attempts: 3 });
      expect(simulator.sendCount()).toBe(3);
    });

    it('reports a wrong API key as auth, not retryable', async () => {
      const result = await client({ apiKey: 'wrong-key' }).send(message('+254712345678'), { attempts: 3 });
      expect(result).toMatchObject({ accepted: false, errorCode: 'auth', retryable: false });
      expect(simulator.sendCount()).toBe(1);
    });

    it('reports a provider outage as retryable', async () => {
      simulator.setDown(true);
      const result = await client().send(message('+254712345678'));
      expect(result).toMatchObject({ accepted: false, errorCode: 'provider_error', retryable: true });
    });

    it('reports an unreachable provider as retryable', async () => {
      const result = await client({ baseUrl: 'http://127.0.0.1:9' }).send(message('+254712345678'));
      expect(result).toMatchObject({ accepted: false, errorCode: 'provider_error', retryable: true });
    });

    it('receives and parses delivery reports: delivered and failed', async () => {
      const sms = client();
      const delivered = await sms.send(message('+254712345678'));
      const failed = await sms.send(message('+254712340001'));
      const parse = (id: string | null) =>
        waitFor(() => {
          const parsed = reports.map((report) => sms.parseDeliveryReport(report));
          return parsed.find((report) => report?.providerMessageId === id) ?? undefined;
        });
      const deliveredReport = await parse(delivered.providerMessageId);
      expect(deliveredReport).toMatchObject({ status: 'delivered' });
      expect(await parse(failed.providerMessageId)).toMatchObject({
        status: 'failed',
        reason: 'AbsentSubscriber',
      });
      if (provider === 'africastalking') expect(deliveredReport.networkCode).toBe('63902');
      expect(reports.every((report) => report.provider === provider)).toBe(true);
      expect(reports.every((report) => report.query.token === CALLBACK_TOKEN)).toBe(true);
    });

    it('parses nothing from a body in the wrong shape', () => {
      const sms = client();
      for (const body of [
        undefined,
        null,
        'garbage',
        { status: 'delivered' },
        { id: 'x', message_id: 'y' },
      ]) {
        expect(sms.parseDeliveryReport({ headers: {}, body, query: {} })).toBeNull();
      }
    });

    it('fails fast after 5 failures and lets a trial through after 60 s (INT-024)', async () => {
      let now = 0;
      const breaker = new CircuitBreaker({ now: () => now });
      const sms = client({ breaker });
      simulator.setDown(true);
      for (let i = 0; i < 5; i += 1) await sms.send(message('+254712345678'));
      expect(simulator.sendCount()).toBe(5);
      const fast = await sms.send(message('+254712345678'));
      expect(fast).toMatchObject({
        errorCode: 'provider_error',
        retryable: true,
        providerStatus: 'circuit_open',
      });
      expect(simulator.sendCount()).toBe(5);
      now += 60_000;
      simulator.setDown(false);
      expect((await sms.send(message('+254712345678'))).accepted).toBe(true);
      expect(simulator.sendCount()).toBe(6);
      expect(breaker.state).toBe('closed');
    });

    it('keeps keys, tokens, message texts and phone numbers out of the logs (INT-031)', () => {
      const logged = JSON.stringify(memory.lines);
      expect(memory.lines.length).toBeGreaterThan(0);
      for (const secret of [SIM_KEY, CALLBACK_TOKEN, '482913', '712345678'])
        expect(logged).not.toContain(secret);
    });
  },
);

describe('VintEx assumed contract specifics', () => {
  const vintex = () =>
    createSmsProvider({
      provider: 'vintex',
      baseUrl: simServer.url,
      apiKey: SIM_KEY,
      senderId: 'TAFUTA',
      callbackBaseUrl: receiver.url,
      callbackToken: CALLBACK_TOKEN,
      version: '0.0.0-test',
      logger: memory.logger,
    });

  it('treats the reference as an idempotency key: one stored message, the same id', async () => {
    const first = await vintex().send({ to: '+254712345678', text: TEXT, clientRef: 'same-ref' });
    const second = await vintex().send({ to: '+254712345678', text: TEXT, clientRef: 'same-ref' });
    expect(second.accepted).toBe(true);
    expect(second.providerMessageId).toBe(first.providerMessageId);
    expect(simulator.messages()).toHaveLength(1);
  });

  it('maps an unknown sender id to sender_id', async () => {
    const result = await vintex().send({ ...message('+254712345678'), senderId: 'NOT A VALID ID' });
    expect(result).toMatchObject({ accepted: false, errorCode: 'sender_id', retryable: false });
  });

  it('is named simulator when it is the simulator', () => {
    const sms = createSmsProvider({
      provider: 'simulator',
      baseUrl: simServer.url,
      senderId: 'TAFUTA',
      callbackBaseUrl: receiver.url,
      version: '0',
      logger: memory.logger,
    });
    expect(sms.name).toBe('simulator');
  });

  it('sends each delivery report twice when asked, as real gateways sometimes do', async () => {
    const duplicating = createSmsSimulator({ dlrDelayMs: 1, duplicateDlr: true });
    const server = await startSimulatorServer(duplicating.router);
    try {
      const sent = await createSmsProvider({
        provider: 'simulator',
        baseUrl: server.url,
        senderId: 'TAFUTA',
        callbackBaseUrl: receiver.url,
        callbackToken: CALLBACK_TOKEN,
        version: '0',
        logger: memory.logger,
      }).send(message('+254712345678'));
      await waitFor(() => (reports.length >= 2 ? true : undefined));
      expect(reports.map((report) => (report.body as { message_id: string }).message_id)).toEqual([
        sent.providerMessageId,
        sent.providerMessageId,
      ]);
    } finally {
      await server.close();
    }
  });
});
