import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InitiateReply, QuoteReply } from '@tafuta/contracts';
import type { Express } from 'express';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, expect } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import type { Database } from '../db/schema.js';
import type { PaidServiceType } from '../db/schema-payments.js';
import type { PesapalGateway } from '../integrations/pesapal/gateway.js';
import type { PesapalSimulator } from '../integrations/pesapal/simulator.js';
import { priceLine } from '../lib/vat.js';
import type { SettlementDeps } from '../modules/payments/settlement.js';
import { TEST_APP_URL } from './app.js';
import type { IdentityHarness } from './identity-harness.js';
import { standIn } from './stand-in.js';

/** Shared steps of the payments integration tests: a listening app, checkout, pending payments, row reads. */

type Db = Kysely<Database>;

export interface CartLine {
  business_id: string;
  service_type: PaidServiceType;
  months: number;
}

export interface StartedPayment {
  paymentId: string;
  orderTrackingId: string;
  amountCents: number;
}

const LAUNCH_PRICES: Record<PaidServiceType, number> = {
  website_hosting: 20_000,
  ads: 20_000,
  search_promotion: 15_000,
  image_gallery: 10_000,
  premium_listing: 50_000,
};

/**
 * The app on a loopback port, so the PesaPal simulator's IPNs reach the real endpoint over real HTTP
 * (`harness.pesapal.routeIpnsTo(server.ipnUrl)`).
 */
export interface ListeningApp {
  url: string;
  ipnUrl: string;
  close(): Promise<void>;
}

export function listen(app: Express): Promise<ListeningApp> {
  const server = http.createServer(app);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      resolve({
        url,
        ipnUrl: `${url}/api/payments/webhook`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/**
 * For one test file: the harness's app listening on loopback from `beforeAll`, with the simulator's IPNs
 * routed to it, and closed in `afterAll`. Read it inside tests only (it is a stand-in until then).
 */
export function useListeningApp(harness: Pick<IdentityHarness, 'app' | 'pesapal'>): ListeningApp {
  let started: ListeningApp | undefined;
  beforeAll(async () => {
    started = await listen(harness.app);
    harness.pesapal.routeIpnsTo(started.ipnUrl);
  });
  afterAll(async () => {
    await started?.close();
  });
  return standIn(() => {
    if (!started) throw new Error('The listening app is only available inside tests');
    return started;
  });
}

/** What settlement and reconciliation need, taken from the harness's own services. */
export function settlementDepsOf(harness: IdentityHarness, db: Db): SettlementDeps {
  return {
    db,
    logger: harness.logger,
    notifier: harness.services.notifier,
    events: harness.services.directoryEvents,
    pesapal: harness.services.pesapal,
    appUrl: TEST_APP_URL,
  };
}

/** Checkout as the owner does it: quote, then initiate with the quoted total (PAY-104/105). */
export async function initiateThroughApi(
  agent: TestAgent,
  items: CartLine[],
  subdomains: { business_id: string; subdomain: string }[] = [],
): Promise<{ paymentId: string; amountKes: string; redirectUrl: string }> {
  const quote = await agent.post('/api/payments/quote').send({ items, subdomains, buyer_kra_pins: [] });
  expect(quote.status, JSON.stringify(quote.body)).toBe(200);
  const quoted = (quote.body as { data: QuoteReply }).data;
  const initiated = await agent
    .post('/api/payments/initiate')
    .set('Idempotency-Key', crypto.randomUUID())
    .send({ items, subdomains, buyer_kra_pins: [], expected_total_kes: quoted.amount_kes });
  expect(initiated.status, JSON.stringify(initiated.body)).toBe(201);
  const reply = (initiated.body as { data: InitiateReply }).data;
  return { paymentId: reply.payment_id, amountKes: reply.amount_kes, redirectUrl: reply.redirect_url };
}

/**
 * A pending payment written straight to the tables the way initiation writes them (launch prices, VAT
 * 16 %, no discount), and its order raised at the simulator through the real client. For tests that need
 * many payments quickly (initiation is limited to 10 per user per hour).
 */
export async function insertPendingPayment(
  db: Db,
  gateway: PesapalGateway,
  input: { payerUserId: string; items: CartLine[]; holds?: { businessId: string; name: string }[] },
): Promise<StartedPayment> {
  const priced = input.items.map((line) => ({
    line,
    price: priceLine({
      unitPriceCents: LAUNCH_PRICES[line.service_type],
      months: line.months,
      vatRate: '0.16',
      discountPercentage: 0,
    }),
  }));
  const amountCents = priced.reduce((sum, { price }) => sum + price.lineGrossCents, 0);
  const paymentId = await db.transaction().execute(async (trx) => {
    const payment = await trx
      .insertInto('payments')
      .values({
        payer_user_id: input.payerUserId,
        amount_cents: amountCents,
        idempotency_key: crypto.randomUUID(),
        request_hash: 'payment-kit',
        expires_at: new Date(Date.now() + 30 * 60_000),
        next_check_at: new Date(Date.now() + 60_000),
      })
      .returning('payment_id')
      .executeTakeFirstOrThrow();
    const businesses = [...new Set(input.items.map((line) => line.business_id))];
    for (const businessId of businesses) {
      const lines = priced.filter(({ line }) => line.business_id === businessId);
      const sum = (pick: (price: (typeof lines)[number]['price']) => number) =>
        lines.reduce((total, { price }) => total + pick(price), 0);
      const tx = await trx
        .insertInto('transactions')
        .values({
          payment_id: payment.payment_id,
          business_id: businessId,
          transaction_type: 'purchase',
          amount_cents: sum((price) => price.lineGrossCents),
          vat_cents: sum((price) => price.lineVatCents),
          net_cents: sum((price) => price.lineNetCents),
          vat_rate: '0.16',
          payment_method: 'pesapal',
          status: 'pending',
        })
        .returning('tx_id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('transaction_items')
        .values(
          lines.map(({ line, price }) => ({
            tx_id: tx.tx_id,
            service_type: line.service_type,
            months_purchased: line.months,
            unit_price_cents: LAUNCH_PRICES[line.service_type],
            subtotal_cents: price.lineNetCents,
            vat_cents: price.lineVatCents,
            total_cents: price.lineGrossCents,
          })),
        )
        .execute();
    }
    for (const hold of input.holds ?? []) {
      await trx
        .insertInto('subdomains')
        .values({
          name: hold.name,
          business_id: hold.businessId,
          state: 'held',
          held_until: new Date(Date.now() + 30 * 60_000),
          held_for_payment_id: payment.payment_id,
        })
        .execute();
    }
    return payment.payment_id;
  });
  const order = await gateway.client.submitOrder({
    merchantReference: paymentId,
    amountKes: amountCents / 100,
    description: 'Tafuta services',
    callbackUrl: gateway.callbackUrl,
    notificationId: await gateway.ipnId(),
    billing: { phone: '+254700000000' },
  });
  await db
    .updateTable('payments')
    .set({ pesapal_order_tracking_id: order.orderTrackingId, redirect_url: order.redirectUrl })
    .where('payment_id', '=', paymentId)
    .execute();
  return { paymentId, orderTrackingId: order.orderTrackingId, amountCents };
}

/** The simulator's tracking id of a payment raised through the initiate endpoint. */
export function trackingIdOf(simulator: PesapalSimulator, paymentId: string): string {
  const order = simulator.orderByReference(paymentId);
  if (!order) throw new Error(`The simulator has no order for ${paymentId}`);
  return order.orderTrackingId;
}

export async function paymentRow(db: Db, paymentId: string) {
  return db.selectFrom('payments').selectAll().where('payment_id', '=', paymentId).executeTakeFirstOrThrow();
}

export async function paymentEvents(db: Db, paymentId: string) {
  return db
    .selectFrom('payment_events')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .orderBy('received_at')
    .execute();
}

export async function subscriptionOf(db: Db, businessId: string, serviceType: PaidServiceType) {
  return db
    .selectFrom('service_subscriptions')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('service_type', '=', serviceType)
    .executeTakeFirst();
}

export async function receiptsOfPayment(db: Db, paymentId: string) {
  return db
    .selectFrom('receipts as r')
    .innerJoin('transactions as t', 't.tx_id', 'r.tx_id')
    .select(['r.receipt_id', 'r.receipt_number', 'r.business_id', 'r.amount_cents', 't.tx_id'])
    .where('t.payment_id', '=', paymentId)
    .orderBy('r.receipt_number')
    .execute();
}

/** Moves a payment's clock back: created `minutesAgo` minutes ago, expiry and next check as initiation set them. */
export async function ageTimeline(db: Db, paymentId: string, minutesAgo: number): Promise<void> {
  const created = new Date(Date.now() - minutesAgo * 60_000);
  await db
    .updateTable('payments')
    .set({
      created_at: created,
      expires_at: new Date(created.getTime() + 30 * 60_000),
      next_check_at: new Date(Date.now() - 1_000),
    })
    .where('payment_id', '=', paymentId)
    .execute();
}
