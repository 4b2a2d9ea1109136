/** INT-500 contract tests: the real PesaPal client against the simulator on loopback. */
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../test/memory-logger.js';
import { startSimulatorServer, type SimulatorServer } from '../simulator-server.js';
import {
  createPesapalClient,
  orderDescription,
  parsePesapalUtc,
  PesapalError,
  type PesapalClientOptions,
  type SubmitOrderInput,
} from './client.js';
import { createPesapalSimulator, type PesapalSimulator } from './simulator.js';

const KEY = 'pesapal-consumer-key-4711';
const SECRET = 'pesapal-consumer-secret-4711-abcdef';
const IPN_URL = 'https://tafuta.ke/api/payments/webhook';

let sim: PesapalSimulator;
let server: SimulatorServer;
const memory = createMemoryLogger();

beforeAll(async () => {
  sim = createPesapalSimulator({ consumerKey: KEY, consumerSecret: SECRET });
  server = await startSimulatorServer(sim.router);
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  sim.reset();
});

const client = (overrides: Partial<PesapalClientOptions> = {}) =>
  createPesapalClient({
    baseUrl: server.url,
    consumerKey: KEY,
    consumerSecret: SECRET,
    logger: memory.logger,
    version: '0.0.0-test',
    backoffBaseMs: 1,
    ...overrides,
  });

let references = 0;
function order(notificationId: string, overrides: Partial<SubmitOrderInput> = {}): SubmitOrderInput {
  references += 1;
  return {
    merchantReference: `0f7d3b6e-2c1a-4b7e-9d0f-${String(references).padStart(12, '0')}`,
    amountKes: 2262,
    description: 'Tafuta services: 3 items for Doreen Beauty Parlour',
    callbackUrl: 'https://tafuta.ke/config/payments/return',
    notificationId,
    billing: { phone: '0712345678', email: 'doreen@example.com', firstName: 'Doreen', lastName: 'Mutua' },
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<PesapalError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PesapalError) return error;
    throw error;
  }
  throw new Error('expected a PesapalError');
}

/** A client with a registered IPN and one submitted order. */
async function submitted(overrides: Partial<PesapalClientOptions> = {}) {
  const pesapal = client(overrides);
  const ipnId = await pesapal.ensureIpnRegistered(IPN_URL);
  const input = order(ipnId);
  const result = await pesapal.submitOrder(input);
  return { pesapal, ipnId, input, ...result };
}

describe('token (INT-110, INT-111)', () => {
  it('20 concurrent callers share one token request, and later calls reuse it', async () => {
    const pesapal = client();
    const lists = await Promise.all(Array.from({ length: 20 }, () => pesapal.listIpns()));
    expect(lists).toHaveLength(20);
    expect(sim.calls('token')).toBe(1);
    expect(sim.calls('ipn_list')).toBe(20);
    await pesapal.listIpns();
    expect(sim.calls('token')).toBe(1);
  });

  it('a token refused with 401 is replaced once and the call still succeeds', async () => {
    const { pesapal, orderTrackingId } = await submitted();
    sim.expireTokens();
    const status = await pesapal.getTransactionStatus(orderTrackingId);
    expect(status.status).toBe('PENDING');
    expect(sim.calls('token')).toBe(2);
    expect(sim.calls('status')).toBe(2);
  });

  it('wrong consumer credentials are an auth error, and the secret never reaches a log line', async () => {
    const wrongSecret = `${SECRET}-wrong`;
    const error = await failure(client({ consumerSecret: wrongSecret }).listIpns());
    expect(error.kind).toBe('auth');
    expect(error.operation).toBe('request_token');
    expect(error.details.code).toBe('invalid_consumer_key_or_secret_provided');
    expect(error.apiCode).toBe('EXTERNAL_SERVICE_ERROR');
    const logged = JSON.stringify(memory.lines);
    expect(logged).not.toContain(wrongSecret);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toMatch(/Bearer/i);
    expect(error.message).not.toContain(SECRET);
  });
});

describe('token expiry with a 2 s token (INT-500)', () => {
  let shortSim: PesapalSimulator;
  let shortServer: SimulatorServer;
  beforeAll(async () => {
    shortSim = createPesapalSimulator({ consumerKey: KEY, consumerSecret: SECRET, tokenTtlSeconds: 2 });
    shortServer = await startSimulatorServer(shortSim.router);
  });
  afterAll(async () => {
    await shortServer.close();
  });

  it('fetches a new token before the old one runs out, without failing the caller', async () => {
    const pesapal = client({ baseUrl: shortServer.url });
    await pesapal.listIpns();
    await pesapal.listIpns();
    expect(shortSim.calls('token')).toBe(1);
    // Used for half its 2 s life, then replaced ahead of expiry.
    await delay(1_100);
    await pesapal.listIpns();
    expect(shortSim.calls('token')).toBe(2);
    expect(shortSim.calls('ipn_list')).toBe(3);
  });
});

describe('IPN registration (INT-120, INT-121)', () => {
  it('registers a URL once, however often and however concurrently it is asked', async () => {
    const pesapal = client();
    const ids = await Promise.all([
      pesapal.ensureIpnRegistered(IPN_URL),
      pesapal.ensureIpnRegistered(IPN_URL),
    ]);
    const again = await pesapal.ensureIpnRegistered(`${IPN_URL}/`);
    // A restarted process finds the registration through GetIpnList.
    const restarted = await client().ensureIpnRegistered(IPN_URL);
    expect(new Set([...ids, again, restarted]).size).toBe(1);
    expect(sim.ipns()).toEqual([{ ipnId: ids[0], url: IPN_URL, method: 'POST' }]);
    expect(sim.calls('register_ipn')).toBe(1);
    expect(await pesapal.listIpns()).toEqual([expect.objectContaining({ url: IPN_URL, ipnId: ids[0] })]);
  });
});

describe('SubmitOrderRequest (INT-130, INT-131)', () => {
  it('creates the order and answers with the tracking id and the payment page', async () => {
    const { orderTrackingId, redirectUrl, input, ipnId } = await submitted();
    expect(redirectUrl).toBe(`${server.url}/sim/pay/${orderTrackingId}`);
    expect(sim.order(orderTrackingId)).toMatchObject({
      merchantReference: input.merchantReference,
      amount: 2262,
      currency: 'KES',
      description: input.description,
      callbackUrl: input.callbackUrl,
      notificationId: ipnId,
      state: 'PENDING',
      billing: expect.objectContaining({
        phone_number: '0712345678',
        email_address: 'doreen@example.com',
        first_name: 'Doreen',
        last_name: 'Mutua',
        country_code: 'KE',
      }),
    });
  });

  it('a duplicate merchant reference is refused: PAYMENT_FAILED', async () => {
    const { pesapal, input } = await submitted();
    const error = await failure(pesapal.submitOrder(input));
    expect(error).toMatchObject({ kind: 'rejected', operation: 'submit_order' });
    expect(error.details.code).toBe('duplicate_order_reference');
    expect(error.apiCode).toBe('PAYMENT_FAILED');
    expect(sim.orders()).toHaveLength(1);
  });

  it('an unregistered notification id is refused', async () => {
    const error = await failure(client().submitOrder(order('not-a-registered-ipn')));
    expect(error.kind).toBe('rejected');
    expect(error.details.code).toBe('invalid_notification_id');
  });

  it('a timeout is final: the order is never sent twice (PAY-107)', async () => {
    const pesapal = client({ submitTimeoutMs: 150 });
    const ipnId = await pesapal.ensureIpnRegistered(IPN_URL);
    sim.failNext('submit', { kind: 'timeout', delayMs: 400 });
    const error = await failure(pesapal.submitOrder(order(ipnId)));
    expect(error.kind).toBe('timeout');
    expect(error.apiCode).toBe('EXTERNAL_SERVICE_ERROR');
    await delay(500);
    // PesaPal did create it, which is why the payment is failed rather than re-sent.
    expect(sim.calls('submit')).toBe(1);
    expect(sim.orders()).toHaveLength(1);
  });

  it('a 503 is not repeated either', async () => {
    const pesapal = client();
    const ipnId = await pesapal.ensureIpnRegistered(IPN_URL);
    sim.failNext('submit', { kind: '503' });
    const error = await failure(pesapal.submitOrder(order(ipnId)));
    expect(error).toMatchObject({ kind: 'unavailable', details: { httpStatus: 503 } });
    expect(sim.calls('submit')).toBe(1);
  });

  it('an unreachable gateway is unavailable', async () => {
    const error = await failure(client({ baseUrl: 'http://127.0.0.1:9' }).submitOrder(order('x')));
    expect(error.kind).toBe('unavailable');
    expect(error.apiCode).toBe('EXTERNAL_SERVICE_ERROR');
  });
});

describe('GetTransactionStatus (INT-150, INT-151)', () => {
  it('answers PENDING before the customer acts', async () => {
    const { pesapal, orderTrackingId, input } = await submitted();
    const status = await pesapal.getTransactionStatus(orderTrackingId);
    expect(status).toMatchObject({
      statusCode: 0,
      status: 'PENDING',
      orderTrackingId,
      merchantReference: input.merchantReference,
      confirmationCode: null,
    });
    expect(status.raw.error).toMatchObject({ code: 'payment_details_not_found' });
  });

  it.each([
    ['COMPLETED', 1],
    ['FAILED', 2],
  ] as const)('reports %s with its code and PesaPal fields', async (outcome, code) => {
    const { pesapal, orderTrackingId, input } = await submitted();
    await sim.complete(orderTrackingId, { outcome, deliverIpn: false });
    const status = await pesapal.getTransactionStatus(orderTrackingId);
    expect(status).toMatchObject({
      statusCode: code,
      status: outcome,
      amount: 2262,
      currency: 'KES',
      merchantReference: input.merchantReference,
      orderTrackingId,
      paymentMethod: 'MpesaKE',
      paymentAccount: '2547xxxxx678',
    });
    if (outcome === 'COMPLETED') expect(status.confirmationCode).toMatch(/^S[A-Z0-9]{9}$/);
    else expect(status.confirmationCode).toBeNull();
    expect(status.createdDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
  });

  it('reports a reversal with the receipt code of the payment it reverses', async () => {
    const { pesapal, orderTrackingId } = await submitted();
    await sim.complete(orderTrackingId, { outcome: 'COMPLETED', deliverIpn: false });
    const paid = await pesapal.getTransactionStatus(orderTrackingId);
    await sim.complete(orderTrackingId, { outcome: 'REVERSED', deliverIpn: false });
    const reversed = await pesapal.getTransactionStatus(orderTrackingId);
    expect(reversed).toMatchObject({ statusCode: 3, status: 'REVERSED' });
    expect(reversed.confirmationCode).toBe(paid.confirmationCode);
  });

  it('reports a cancelled order as INVALID (code 0)', async () => {
    const { pesapal, orderTrackingId } = await submitted();
    sim.cancel(orderTrackingId);
    expect(await pesapal.getTransactionStatus(orderTrackingId)).toMatchObject({
      statusCode: 0,
      status: 'INVALID',
    });
  });

  it('shows a tampered amount and currency exactly as reported', async () => {
    const { pesapal, orderTrackingId } = await submitted();
    await sim.complete(orderTrackingId, {
      outcome: 'COMPLETED',
      amount: 2261,
      currency: 'USD',
      deliverIpn: false,
    });
    expect(await pesapal.getTransactionStatus(orderTrackingId)).toMatchObject({
      status: 'COMPLETED',
      amount: 2261,
      currency: 'USD',
    });
  });

  it('an unknown tracking id is a refusal, not a status', async () => {
    const pesapal = client();
    const error = await failure(pesapal.getTransactionStatus('b945e4af-80a5-4ec1-8706-e03f8332fb04'));
    expect(error).toMatchObject({ kind: 'rejected', operation: 'get_status' });
  });

  it('repeats a timed-out status query and succeeds', async () => {
    const { pesapal, orderTrackingId } = await submitted({ timeoutMs: 150 });
    sim.failNext('status', { kind: 'timeout', delayMs: 400 });
    const status = await pesapal.getTransactionStatus(orderTrackingId);
    expect(status.status).toBe('PENDING');
    expect(sim.calls('status')).toBe(2);
  });

  it('repeats 503 but not 500 (INT-021)', async () => {
    const { pesapal, orderTrackingId } = await submitted();
    sim.failNext('status', { kind: '503', count: 2 });
    expect((await pesapal.getTransactionStatus(orderTrackingId)).status).toBe('PENDING');
    expect(sim.calls('status')).toBe(3);

    sim.failNext('status', { kind: '500' });
    const error = await failure(pesapal.getTransactionStatus(orderTrackingId));
    expect(error).toMatchObject({ kind: 'unavailable', details: { httpStatus: 500 } });
    expect(sim.calls('status')).toBe(4);
  });

  it('gives up with a typed timeout once every attempt timed out', async () => {
    const { pesapal, orderTrackingId } = await submitted({ timeoutMs: 100 });
    sim.failNext('status', { kind: 'timeout', delayMs: 300, count: 2 });
    const error = await failure(pesapal.getTransactionStatus(orderTrackingId, { attempts: 2 }));
    expect(error).toMatchObject({ kind: 'timeout', details: { attempts: 2 } });
    expect(error.retryable).toBe(true);
  });

  it('logs each status result once at info, with the masked account and no token', async () => {
    const { pesapal, orderTrackingId } = await submitted();
    await sim.complete(orderTrackingId, { outcome: 'COMPLETED', deliverIpn: false });
    memory.lines.length = 0;
    await pesapal.getTransactionStatus(orderTrackingId, { paymentId: 'pay-1' });
    const result = memory.lines.find((line) => line.message === 'PesaPal payment status');
    expect(result).toMatchObject({
      level: 'info',
      order_tracking_id: orderTrackingId,
      payment_id: 'pay-1',
      status_code: 1,
      amount: 2262,
      payment_account: '2547xxxxx678',
    });
    const call = memory.lines.find((line) => line.operation === 'get_status');
    expect(call).toMatchObject({ integration: 'pesapal', order_tracking_id: orderTrackingId });
    expect(String(call?.path)).not.toContain('?');
    expect(JSON.stringify(memory.lines)).not.toMatch(/Bearer|consumer_secret/);
  });
});

describe('helpers', () => {
  it('reads PesaPal times with seven fractional digits and without a zone as UTC', () => {
    expect(parsePesapalUtc('2026-02-21T09:05:00.5177702Z')).toBe(Date.UTC(2026, 1, 21, 9, 5, 0, 517));
    expect(parsePesapalUtc('2026-02-21T09:05:00.5177702')).toBe(Date.UTC(2026, 1, 21, 9, 5, 0, 517));
    expect(parsePesapalUtc('soon')).toBeNull();
    expect(parsePesapalUtc(null)).toBeNull();
  });

  it('keeps an order description to 100 plain ASCII characters', () => {
    expect(orderDescription('Café   Ndizi — Nyeri')).toBe('Cafe Ndizi Nyeri');
    expect(orderDescription('x'.repeat(150))).toHaveLength(100);
  });
});
