import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBusiness, createUser } from '../../test/factories.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import {
  ageTimeline,
  insertPendingPayment,
  settlementDepsOf,
  useListeningApp,
  type StartedPayment,
} from '../../test/payment-kit.js';
import { reconcilePayments } from './reconciliation.js';

/**
 * Issue 5's "Done when": 1,000 IPN deliveries for 100 payments, duplicated and shuffled, from 8 concurrent
 * senders over real HTTP, give exactly 100 credits and 100 gap-free receipts; several reconciliation runs
 * at once never check the same payment twice.
 */

const { database, harness } = useIdentityHarness();
const db = () => database.current.db;
const server = useListeningApp(harness);

const SERVICES = ['ads', 'search_promotion', 'website_hosting', 'image_gallery'] as const;

/** `count` pending payments over `businesses` businesses (several payments race for one subscription row). */
async function pendingPayments(count: number, businesses: number) {
  const payer = await createUser(db(), { phone_verified_at: new Date() });
  const ids: string[] = [];
  for (let i = 0; i < businesses; i += 1) {
    ids.push((await createBusiness(db(), { ownerId: payer.user_id, status: 'active' })).business_id);
  }
  const payments: (StartedPayment & { businessId: string; months: number })[] = [];
  for (let i = 0; i < count; i += 1) {
    const businessId = ids[i % businesses]!;
    const months = (i % 3) + 1;
    const started = await insertPendingPayment(db(), harness.services.pesapal, {
      payerUserId: payer.user_id,
      items: [{ business_id: businessId, service_type: SERVICES[i % SERVICES.length]!, months }],
    });
    payments.push({ ...started, businessId, months });
  }
  return payments;
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = crypto.randomInt(0, i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const counterNow = async () =>
  (await db().selectFrom('receipt_counters').select('last_number').executeTakeFirst())?.last_number ?? 0;

describe('exactly-once crediting under load', () => {
  it('credits 100 payments exactly once from 1,000 shuffled, duplicated IPNs sent by 8 senders', async () => {
    const payments = await pendingPayments(100, 25);
    for (const payment of payments) {
      await harness.pesapal.complete(payment.orderTrackingId, { outcome: 'COMPLETED', deliverIpn: false });
    }
    const firstNumber = (await counterNow()) + 1;
    const deliveries = shuffle(payments.flatMap((payment) => Array.from({ length: 10 }, () => payment)));
    expect(deliveries).toHaveLength(1_000);

    // PesaPal's sources are not fixed (INT-141); the per-address limit of 60 a minute applies to each.
    let next = 0;
    const acks: number[] = [];
    const sender = async () => {
      for (let index = next++; index < deliveries.length; index = next++) {
        const payment = deliveries[index]!;
        const fields = {
          OrderTrackingId: payment.orderTrackingId,
          OrderMerchantReference: payment.paymentId,
          OrderNotificationType: 'IPNCHANGE',
        };
        const headers = { 'X-Forwarded-For': `203.0.113.${index % 25}` };
        const response =
          index % 2 === 0
            ? await fetch(`${server.ipnUrl}?${new URLSearchParams(fields).toString()}`, { headers })
            : await fetch(server.ipnUrl, {
                method: 'POST',
                headers: { ...headers, 'Content-Type': 'application/json' },
                body: JSON.stringify(fields),
              });
        expect(response.status).toBe(200);
        acks.push(((await response.json()) as { status: number }).status);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, sender));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(acks.filter((status) => status === 200)).toHaveLength(1_000);

    const ids = payments.map((payment) => payment.paymentId);
    const events = await db()
      .selectFrom('payment_events')
      .select(['outcome'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('payment_id', 'in', ids)
      .groupBy('outcome')
      .execute();
    expect(Object.fromEntries(events.map((row) => [row.outcome, Number(row.n)]))).toEqual({
      credited: 100,
      duplicate: 900,
    });
    const completed = await db()
      .selectFrom('payments')
      .select('payment_id')
      .where('payment_id', 'in', ids)
      .where('status', '=', 'completed')
      .execute();
    expect(completed).toHaveLength(100);

    const receipts = await db()
      .selectFrom('receipts as r')
      .innerJoin('transactions as t', 't.tx_id', 'r.tx_id')
      .select('r.receipt_number')
      .where('t.payment_id', 'in', ids)
      .execute();
    expect(receipts).toHaveLength(100);
    const numbers = receipts
      .map((receipt) => Number(receipt.receipt_number.split('-')[2]))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => firstNumber + i));
    expect(await counterNow()).toBe(firstNumber + 99);

    // Every subscription holds exactly the months its payments bought.
    const bought = new Map<string, number>();
    payments.forEach((payment, i) => {
      const key = `${payment.businessId}/${SERVICES[i % SERVICES.length]}`;
      bought.set(key, (bought.get(key) ?? 0) + payment.months);
    });
    const subscriptions = await db()
      .selectFrom('service_subscriptions')
      .select(['business_id', 'service_type', 'months_paid'])
      .where('business_id', 'in', [...new Set(payments.map((payment) => payment.businessId))])
      .execute();
    expect(
      Object.fromEntries(
        subscriptions.map((row) => [`${row.business_id}/${row.service_type}`, row.months_paid]),
      ),
    ).toEqual(Object.fromEntries(bought));
  }, 60_000);

  it('settles stuck payments from concurrent reconciliation runs, each payment checked once', async () => {
    const payments = await pendingPayments(20, 5);
    for (const payment of payments) {
      await harness.pesapal.complete(payment.orderTrackingId, { outcome: 'COMPLETED', deliverIpn: false });
      await ageTimeline(db(), payment.paymentId, 4);
    }
    const deps = settlementDepsOf(harness, db());
    const runs = await Promise.all([
      reconcilePayments(deps),
      reconcilePayments(deps),
      reconcilePayments(deps),
    ]);
    expect(runs.reduce((sum, run) => sum + run.claimed, 0)).toBe(20);
    const ids = payments.map((payment) => payment.paymentId);
    const events = await db()
      .selectFrom('payment_events')
      .select(['payment_id', 'outcome', 'source'])
      .where('payment_id', 'in', ids)
      .execute();
    expect(events).toHaveLength(20);
    expect(events.every((event) => event.outcome === 'credited' && event.source === 'status_poll')).toBe(
      true,
    );
    // The next run finds nothing due: completed payments leave the schedule.
    expect((await reconcilePayments(deps)).claimed).toBe(0);
  }, 30_000);
});
