/**
 * The PesaPal simulator's browser and notification side (INT-135, INT-140, INT-170): the payment page,
 * its form posts, and IPNs over real HTTP to a listening server, by GET and POST, repeated and delayed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../test/memory-logger.js';
import { startSimulatorServer, type SimulatorServer } from '../simulator-server.js';
import { createPesapalClient, type PesapalClient } from './client.js';
import { createPesapalSimulator, type PesapalSimulator } from './simulator.js';

const KEY = 'sim-test-key';
const SECRET = 'sim-test-secret';
const CALLBACK = 'https://tafuta.ke/config/payments/return?lang=sw';
const CANCEL = 'https://tafuta.ke/config/payments/return?cancelled=1';

interface ReceivedIpn {
  method: string;
  url: string;
  body: string;
  at: number;
}

/** Stands in for the app's IPN endpoint: records each call and acknowledges it as INT-142 says. */
async function ipnReceiver() {
  const received: ReceivedIpn[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body, at: Date.now() });
      const fields =
        req.method === 'POST'
          ? (JSON.parse(body) as Record<string, string>)
          : Object.fromEntries(new URL(req.url ?? '', 'http://x').searchParams);
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          orderNotificationType: fields.OrderNotificationType,
          orderTrackingId: fields.OrderTrackingId,
          orderMerchantReference: fields.OrderMerchantReference,
          status: 200,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/payments/webhook`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let sim: PesapalSimulator;
let server: SimulatorServer;
let receiver: Awaited<ReturnType<typeof ipnReceiver>>;
let pesapal: PesapalClient;
let references = 0;

beforeAll(async () => {
  sim = createPesapalSimulator({ consumerKey: KEY, consumerSecret: SECRET, maxOrders: 5 });
  server = await startSimulatorServer(sim.router);
  receiver = await ipnReceiver();
});

afterAll(async () => {
  await Promise.all([server.close(), receiver.close()]);
});

beforeEach(() => {
  sim.reset();
  receiver.received.length = 0;
  pesapal = createPesapalClient({
    baseUrl: server.url,
    consumerKey: KEY,
    consumerSecret: SECRET,
    logger: createMemoryLogger().logger,
    backoffBaseMs: 1,
  });
});

/** Registers the receiver (by POST, or by GET through the raw API) and submits one order. */
async function newOrder(options: { ipnMethod?: 'GET' | 'POST'; cancellationUrl?: string } = {}) {
  let ipnId: string;
  if (options.ipnMethod === 'GET') {
    const token = (await (
      await fetch(`${server.url}/api/Auth/RequestToken`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ consumer_key: KEY, consumer_secret: SECRET }),
      })
    ).json()) as { token: string };
    const registered = (await (
      await fetch(`${server.url}/api/URLSetup/RegisterIPN`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token.token}` },
        body: JSON.stringify({ url: receiver.url, ipn_notification_type: 'GET' }),
      })
    ).json()) as { ipn_id: string; ipn_notification_type_description: string };
    expect(registered.ipn_notification_type_description).toBe('GET');
    ipnId = registered.ipn_id;
  } else {
    ipnId = await pesapal.ensureIpnRegistered(receiver.url);
  }
  references += 1;
  const merchantReference = `ref-${references}-${Date.now()}`;
  const submitted = await pesapal.submitOrder({
    merchantReference,
    amountKes: 2262,
    description: 'Tafuta services: 3 items for Doreen <Beauty> Parlour',
    callbackUrl: CALLBACK,
    ...(options.cancellationUrl ? { cancellationUrl: options.cancellationUrl } : {}),
    notificationId: ipnId,
    billing: { phone: '+254712345678' },
  });
  return { ...submitted, merchantReference };
}

const postForm = (url: string, action: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action }).toString(),
    redirect: 'manual',
  });

describe('payment page', () => {
  it('renders the order as plain HTML with one form and no script', async () => {
    const { redirectUrl } = await newOrder();
    const response = await fetch(redirectUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('name="viewport"');
    expect(html).toContain('KES 2,262.00');
    expect(html).toContain('Doreen &lt;Beauty&gt; Parlour');
    expect(html).not.toContain('<Beauty>');
    expect(html).not.toContain('<script');
    expect(html).toMatch(/<form method="post"/);
    for (const action of ['pay', 'pay-short', 'fail', 'cancel']) {
      expect(html).toContain(`name="action" value="${action}"`);
    }
    expect((await fetch(`${server.url}/sim/pay/no-such-order`)).status).toBe(404);
  });

  it('Pay: records COMPLETED, sends the IPN, then sends the browser to callback_url', async () => {
    const { redirectUrl, orderTrackingId, merchantReference } = await newOrder();
    const response = await postForm(redirectUrl, 'pay');
    expect(response.status).toBe(303);
    const back = new URL(response.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe('https://tafuta.ke/config/payments/return');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      lang: 'sw',
      OrderTrackingId: orderTrackingId,
      OrderMerchantReference: merchantReference,
      OrderNotificationType: 'CALLBACKURL',
    });
    // Sent before the redirect, by POST as registered, with INT-140's JSON body.
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ method: 'POST', url: '/api/payments/webhook' });
    expect(JSON.parse(receiver.received[0]!.body)).toEqual({
      OrderTrackingId: orderTrackingId,
      OrderMerchantReference: merchantReference,
      OrderNotificationType: 'IPNCHANGE',
    });
    expect(sim.ipnLog()[0]).toMatchObject({ httpStatus: 200, error: null });
    expect(JSON.parse(sim.ipnLog()[0]!.responseBody ?? '')).toEqual({
      orderNotificationType: 'IPNCHANGE',
      orderTrackingId,
      orderMerchantReference: merchantReference,
      status: 200,
    });
    expect(await pesapal.getTransactionStatus(orderTrackingId)).toMatchObject({ status: 'COMPLETED' });
    // The page of a paid order offers only a reversal.
    const html = await (await fetch(redirectUrl)).text();
    expect(html).toContain('value="reverse"');
    expect(html).not.toContain('value="pay"');
  });

  it('Fail and Pay 1 KES less record what they say', async () => {
    const failed = await newOrder();
    await postForm(failed.redirectUrl, 'fail');
    expect(await pesapal.getTransactionStatus(failed.orderTrackingId)).toMatchObject({
      status: 'FAILED',
      statusCode: 2,
    });
    const short = await newOrder();
    await postForm(short.redirectUrl, 'pay-short');
    expect(await pesapal.getTransactionStatus(short.orderTrackingId)).toMatchObject({
      status: 'COMPLETED',
      amount: 2261,
    });
    expect(receiver.received).toHaveLength(2);
  });

  it('Cancel goes to cancellation_url, sends no IPN, and leaves the order INVALID', async () => {
    const { redirectUrl, orderTrackingId } = await newOrder({ cancellationUrl: CANCEL });
    const response = await postForm(redirectUrl, 'cancel');
    const back = new URL(response.headers.get('location') ?? '');
    expect(back.searchParams.get('cancelled')).toBe('1');
    expect(back.searchParams.get('OrderTrackingId')).toBe(orderTrackingId);
    expect(receiver.received).toHaveLength(0);
    expect(await pesapal.getTransactionStatus(orderTrackingId)).toMatchObject({ status: 'INVALID' });
  });

  it('callback_first sends the browser back before a delayed IPN', async () => {
    const { redirectUrl } = await newOrder();
    const response = await postForm(`${redirectUrl}?callback_first=1&ipn_delay_ms=150`, 'pay');
    expect(response.status).toBe(303);
    expect(receiver.received).toHaveLength(0);
    await expect.poll(() => receiver.received.length, { timeout: 2_000 }).toBe(1);
  });
});

describe('IPN delivery', () => {
  it('uses GET with the three query parameters when the IPN was registered for GET', async () => {
    const { orderTrackingId, merchantReference } = await newOrder({ ipnMethod: 'GET' });
    const [delivery] = await sim.complete(orderTrackingId, { outcome: 'COMPLETED' });
    expect(delivery).toMatchObject({ method: 'GET', httpStatus: 200 });
    const query = new URL(receiver.received[0]!.url, 'http://x').searchParams;
    expect(receiver.received[0]!.method).toBe('GET');
    expect(Object.fromEntries(query)).toEqual({
      OrderTrackingId: orderTrackingId,
      OrderMerchantReference: merchantReference,
      OrderNotificationType: 'IPNCHANGE',
    });
  });

  it('sends duplicates at once when asked (ipn_copies)', async () => {
    const { orderTrackingId } = await newOrder();
    const deliveries = await sim.complete(orderTrackingId, { outcome: 'COMPLETED', times: 5 });
    expect(deliveries).toHaveLength(5);
    expect(receiver.received).toHaveLength(5);
    expect(sim.ipnLog()).toHaveLength(5);
  });

  it('a delayed IPN arrives after the status already shows the result', async () => {
    const { orderTrackingId } = await newOrder();
    const started = Date.now();
    const sending = sim.complete(orderTrackingId, { outcome: 'COMPLETED', delayMs: 200 });
    expect((await pesapal.getTransactionStatus(orderTrackingId)).status).toBe('COMPLETED');
    expect(receiver.received).toHaveLength(0);
    await sending;
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.at - started).toBeGreaterThanOrEqual(190);
  });

  it('skip_ipn leaves the result to polling, and an unreachable IPN URL is logged, not thrown', async () => {
    const { orderTrackingId } = await newOrder();
    expect(await sim.complete(orderTrackingId, { outcome: 'FAILED', deliverIpn: false })).toEqual([]);
    expect(receiver.received).toHaveLength(0);
    sim.routeIpnsTo('http://127.0.0.1:9/api/payments/webhook');
    const [lost] = await sim.deliverIpn(orderTrackingId);
    expect(lost).toMatchObject({ httpStatus: null, error: expect.any(String) });
  });

  it('the HTTP control API acts on an order and /sim/ipn-log shows the acknowledgements', async () => {
    const { orderTrackingId } = await newOrder();
    const response = await fetch(`${server.url}/sim/orders/${orderTrackingId}/pay-short`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ipn_copies: 2 }),
    });
    const body = (await response.json()) as { order: { state: string; paid: { amount: number } } };
    expect(body.order).toMatchObject({ state: 'COMPLETED', paid: { amount: 2261 } });
    const log = (await (await fetch(`${server.url}/sim/ipn-log`)).json()) as { httpStatus: number }[];
    expect(log).toHaveLength(2);
    expect(log.every((entry) => entry.httpStatus === 200)).toBe(true);
  });
});

describe('bounded state', () => {
  it('keeps only the newest orders past the cap', async () => {
    const created = [];
    for (let n = 0; n < 7; n += 1) created.push(await newOrder());
    expect(sim.orders()).toHaveLength(5);
    expect(sim.order(created[0]!.orderTrackingId)).toBeUndefined();
    expect(sim.order(created[6]!.orderTrackingId)).toBeDefined();
  });
});
