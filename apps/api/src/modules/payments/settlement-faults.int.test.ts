import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { addMonths, nairobiDate } from '../../lib/nairobi-date.js';
import { signedInPerson } from '../../test/business-kit.js';
import { createBusiness, createUser } from '../../test/factories.js';
import { OTP_TEST_CODE, staffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import {
  type CartLine,
  insertPendingPayment,
  paymentEvents,
  paymentRow,
  receiptsOfPayment,
  subscriptionOf,
  useListeningApp,
} from '../../test/payment-kit.js';

/** The faults of issue 5: tampering, unknown orders, PesaPal timing out, a crash before the ack, a failing database. */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });
const db = () => database.current.db;
const server = useListeningApp(harness);

async function pending(
  items: (businessId: string) => Omit<CartLine, 'business_id'>[] = () => [{ service_type: 'ads', months: 1 }],
) {
  const payer = await createUser(db(), { phone_verified_at: new Date() });
  const business = await createBusiness(db(), { ownerId: payer.user_id, status: 'active' });
  const lines = items(business.business_id).map((line) => ({ ...line, business_id: business.business_id }));
  const started = await insertPendingPayment(db(), harness.services.pesapal, {
    payerUserId: payer.user_id,
    items: lines,
  });
  return { ...started, businessId: business.business_id, payerId: payer.user_id };
}

/** An IPN sent the way PesaPal does (GET), straight to the listening app. */
async function sendIpn(trackingId: string, reference: string, type = 'IPNCHANGE') {
  const url = new URL(server.ipnUrl);
  url.search = new URLSearchParams({
    OrderTrackingId: trackingId,
    OrderMerchantReference: reference,
    OrderNotificationType: type,
  }).toString();
  const response = await fetch(url);
  return { http: response.status, body: (await response.json()) as Record<string, unknown> };
}

const outcomes = async (paymentId: string) =>
  (await paymentEvents(db(), paymentId)).map((event) => event.outcome);
const lastReceiptNumber = async () =>
  (await db().selectFrom('receipt_counters').select('last_number').executeTakeFirst())?.last_number ?? 0;

describe('what PesaPal says must match the order (PAY-151 step 4)', () => {
  it('refuses a paid order of another reference named in a tampered IPN', async () => {
    const target = await pending();
    // A cheap order the attacker paid, under a reference of their own.
    const cheap = await harness.services.pesapal.client.submitOrder({
      merchantReference: `other-${crypto.randomBytes(4).toString('hex')}`,
      amountKes: 1,
      description: 'x',
      callbackUrl: harness.services.pesapal.callbackUrl,
      notificationId: await harness.services.pesapal.ipnId(),
      billing: { phone: '+254700000001' },
    });
    await harness.pesapal.complete(cheap.orderTrackingId, { outcome: 'COMPLETED', deliverIpn: false });
    const ack = await sendIpn(cheap.orderTrackingId, target.paymentId);
    expect(ack).toEqual({
      http: 200,
      body: {
        orderNotificationType: 'IPNCHANGE',
        orderTrackingId: cheap.orderTrackingId,
        orderMerchantReference: target.paymentId,
        status: 200,
      },
    });
    expect(await paymentRow(db(), target.paymentId)).toMatchObject({
      status: 'pending',
      needs_attention: true,
      attention_reason: 'reference_mismatch',
    });
    expect(await outcomes(target.paymentId)).toEqual(['reference_mismatch']);
    expect(await receiptsOfPayment(db(), target.paymentId)).toHaveLength(0);
  });

  it('refuses another currency', async () => {
    const payment = await pending();
    await harness.pesapal.complete(payment.orderTrackingId, { outcome: 'COMPLETED', currency: 'USD' });
    expect((await paymentRow(db(), payment.paymentId)).attention_reason).toBe('currency_mismatch');
    expect(await subscriptionOf(db(), payment.businessId, 'ads')).toBeUndefined();
  });

  it('logs an IPN for an unknown order for staff and acknowledges it (PAY-154)', async () => {
    const trackingId = crypto.randomUUID();
    const reference = crypto.randomUUID();
    const ack = await sendIpn(trackingId, reference);
    expect(ack.http).toBe(200);
    expect(ack.body.status).toBe(200);
    const event = await db()
      .selectFrom('payment_events')
      .selectAll()
      .where('order_tracking_id', '=', trackingId)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      payment_id: null,
      outcome: 'unknown_order',
      merchant_reference: reference,
    });
  });
});

describe('faults on the way (PAY-152, PAY-153)', () => {
  it('answers 500 when the status query times out, credits nothing, and credits on the retry', async () => {
    const payment = await pending();
    await harness.pesapal.complete(payment.orderTrackingId, { outcome: 'COMPLETED', deliverIpn: false });
    harness.pesapal.failNext('status', { kind: 'timeout', delayMs: 3_700, count: 2 });
    const ack = await sendIpn(payment.orderTrackingId, payment.paymentId);
    expect(ack).toMatchObject({ http: 200, body: { status: 500 } });
    expect((await paymentRow(db(), payment.paymentId)).status).toBe('pending');
    expect(await outcomes(payment.paymentId)).toEqual(['gateway_error']);
    expect(await receiptsOfPayment(db(), payment.paymentId)).toHaveLength(0);

    expect((await sendIpn(payment.orderTrackingId, payment.paymentId)).body.status).toBe(200);
    expect((await paymentRow(db(), payment.paymentId)).status).toBe('completed');
  }, 20_000);

  it('credits nothing twice when the acknowledgement is lost after crediting', async () => {
    const payment = await pending();
    // A proxy that lets the IPN through, waits for the app to finish, then drops the connection — as if
    // the process died between commit and answer. PesaPal sees no acknowledgement and sends it again.
    let forwarded = 0;
    const proxy = http.createServer((req, res) => {
      void fetch(`${server.url}${req.url}`, { method: req.method })
        .then((answer) => answer.text())
        .then(() => {
          forwarded += 1;
          res.socket?.destroy();
        });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    try {
      harness.pesapal.routeIpnsTo(`http://127.0.0.1:${port}/api/payments/webhook`);
      const [lost] = await harness.pesapal.complete(payment.orderTrackingId, {
        outcome: 'COMPLETED',
        method: 'GET',
      });
      expect(lost?.error).toBeTruthy();
      expect(forwarded).toBe(1);
    } finally {
      harness.pesapal.routeIpnsTo(server.ipnUrl);
      proxy.closeAllConnections();
      proxy.close();
    }
    const [again] = await harness.pesapal.deliverIpn(payment.orderTrackingId);
    expect(JSON.parse(again?.responseBody ?? '{}').status).toBe(200);
    expect(await outcomes(payment.paymentId)).toEqual(['credited', 'duplicate']);
    expect(await receiptsOfPayment(db(), payment.paymentId)).toHaveLength(1);
    expect((await subscriptionOf(db(), payment.businessId, 'ads'))?.months_paid).toBe(1);
  });

  it('rolls back a credit the database refuses, flags the third failure, and keeps receipt numbers gap-free', async () => {
    const payment = await pending();
    await harness.pesapal.complete(payment.orderTrackingId, { outcome: 'COMPLETED', deliverIpn: false });
    const numberBefore = await lastReceiptNumber();
    await sql`create function refuse_receipts() returns trigger language plpgsql as $$
      begin raise exception 'injected receipt failure'; end $$`.execute(db());
    await sql`create trigger refuse_receipts before insert on receipts for each row execute function refuse_receipts()`.execute(
      db(),
    );
    try {
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        expect((await sendIpn(payment.orderTrackingId, payment.paymentId)).body.status).toBe(500);
      }
    } finally {
      await sql`drop trigger refuse_receipts on receipts`.execute(db());
      await sql`drop function refuse_receipts()`.execute(db());
    }
    expect(await paymentRow(db(), payment.paymentId)).toMatchObject({
      status: 'pending',
      credit_failures: 3,
      needs_attention: true,
      attention_reason: 'credit_failed',
    });
    expect(await subscriptionOf(db(), payment.businessId, 'ads')).toBeUndefined();
    expect(await lastReceiptNumber()).toBe(numberBefore);
    expect(await outcomes(payment.paymentId)).toEqual(['gateway_error', 'gateway_error', 'gateway_error']);

    expect((await sendIpn(payment.orderTrackingId, payment.paymentId)).body.status).toBe(200);
    const [receipt] = await receiptsOfPayment(db(), payment.paymentId);
    expect(Number(receipt?.receipt_number.split('-')[2])).toBe(numberBefore + 1);
  });
});

describe('the IPN endpoint (INT-140..142)', () => {
  it('answers 400 and does nothing for malformed ids', async () => {
    const agent = request(harness.app);
    await agent.get('/api/payments/webhook?OrderTrackingId=bad%20id&OrderMerchantReference=x').expect(400);
    await agent
      .post('/api/payments/webhook')
      .send({ OrderTrackingId: 'a'.repeat(65), OrderMerchantReference: 'x' })
      .expect(400);
    await agent.post('/api/payments/webhook').send({}).expect(400);
  });

  it('takes form-encoded POSTs and acknowledges RECURRING without asking PesaPal', async () => {
    const before = harness.pesapal.calls('status');
    const reply = await request(harness.app)
      .post('/api/payments/webhook')
      .type('form')
      .send({
        OrderTrackingId: 'abc-123',
        OrderMerchantReference: 'ref-1',
        OrderNotificationType: 'RECURRING',
      })
      .expect(200);
    expect(reply.body).toEqual({
      orderNotificationType: 'RECURRING',
      orderTrackingId: 'abc-123',
      orderMerchantReference: 'ref-1',
      status: 200,
    });
    expect(harness.pesapal.calls('status')).toBe(before);
  });

  it('limits one address to 60 IPNs a minute (INT-141)', async () => {
    const agent = request(harness.app);
    const from = `198.51.100.${crypto.randomInt(1, 250)}`;
    for (let i = 0; i < 60; i += 1) {
      await agent.get('/api/payments/webhook').set('X-Forwarded-For', from).expect(400);
    }
    const limited = await agent.get('/api/payments/webhook').set('X-Forwarded-For', from).expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    await agent.get('/api/payments/webhook').set('X-Forwarded-For', '198.51.100.251').expect(400);
  });
});

describe('payment status endpoint (PAY-155) and crediting arithmetic (PAY-362)', () => {
  it('shows the payment to its payer and Support+ only', async () => {
    const payer = await signedInPerson(harness, db());
    const business = await createBusiness(db(), { ownerId: payer.userId, status: 'active' });
    const payment = await insertPendingPayment(db(), harness.services.pesapal, {
      payerUserId: payer.userId,
      items: [{ business_id: business.business_id, service_type: 'ads', months: 1 }],
    });
    const mine = await payer.agent.get(`/api/payments/${payment.paymentId}/status`).expect(200);
    expect(mine.body.data).toMatchObject({
      payment_id: payment.paymentId,
      status: 'pending',
      amount_kes: '232.00',
    });
    const stranger = await signedInPerson(harness, db());
    await stranger.agent.get(`/api/payments/${payment.paymentId}/status`).expect(404);
    await stranger.agent.get(`/api/payments/${crypto.randomUUID()}/status`).expect(404);
    const support = await staffSession(harness, db(), 'support_staff');
    expect(
      (await support.agent.get(`/api/payments/${payment.paymentId}/status`).expect(200)).body.data.status,
    ).toBe('pending');
    await request(harness.app).get(`/api/payments/${payment.paymentId}/status`).expect(401);
  });

  it('extends a renewal from the old expiry: 6 months, then 3 more', async () => {
    const first = await pending(() => [{ service_type: 'search_promotion', months: 6 }]);
    await harness.pesapal.complete(first.orderTrackingId, { outcome: 'COMPLETED' });
    const today = nairobiDate(new Date());
    const anchor = Number(today.slice(8, 10));
    const sixMonths = addMonths(today, 6, anchor);
    expect(await subscriptionOf(db(), first.businessId, 'search_promotion')).toMatchObject({
      expiration_date: sixMonths,
      months_paid: 6,
      anchor_day: anchor,
    });
    const renewal = await insertPendingPayment(db(), harness.services.pesapal, {
      payerUserId: first.payerId,
      items: [{ business_id: first.businessId, service_type: 'search_promotion', months: 3 }],
    });
    await harness.pesapal.complete(renewal.orderTrackingId, { outcome: 'COMPLETED' });
    expect(await subscriptionOf(db(), first.businessId, 'search_promotion')).toMatchObject({
      start_date: today,
      expiration_date: addMonths(sixMonths, 3, anchor),
      months_paid: 9,
    });
    const item = await db()
      .selectFrom('transaction_items as i')
      .innerJoin('transactions as t', 't.tx_id', 'i.tx_id')
      .select(['i.period_start', 'i.period_end'])
      .where('t.payment_id', '=', renewal.paymentId)
      .executeTakeFirstOrThrow();
    expect(item).toEqual({ period_start: sixMonths, period_end: addMonths(sixMonths, 3, anchor) });
    // The listing's promotion follows the subscription (business_listings triggers).
    const listing = await db()
      .selectFrom('business_listings')
      .select('promoted_until')
      .where('business_id', '=', first.businessId)
      .executeTakeFirst();
    expect(listing?.promoted_until).toBe(addMonths(sixMonths, 3, anchor));
  });
});
