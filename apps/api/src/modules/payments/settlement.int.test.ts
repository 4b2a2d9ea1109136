import crypto from 'node:crypto';
import type { PaymentStatusReply } from '@tafuta/contracts';
import { describe, expect, it } from 'vitest';
import { addMonths, nairobiDate } from '../../lib/nairobi-date.js';
import { TEST_APP_URL } from '../../test/app.js';
import { signedInPerson, type SignedIn } from '../../test/business-kit.js';
import { createBusiness } from '../../test/factories.js';
import { OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import {
  ageTimeline,
  initiateThroughApi,
  paymentEvents,
  paymentRow,
  receiptsOfPayment,
  settlementDepsOf,
  subscriptionOf,
  trackingIdOf,
  useListeningApp,
} from '../../test/payment-kit.js';
import { reconcilePayments } from './reconciliation.js';

/** PAY-361, one check at a time: the real initiate endpoint, the simulator, IPNs over loopback HTTP. */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });
const db = () => database.current.db;
// IPNs reach the real webhook over loopback HTTP.
useListeningApp(harness);

const settlementDeps = () => settlementDepsOf(harness, db());

const word = () => `pz${crypto.randomBytes(3).toString('hex')}`;
const today = () => nairobiDate(new Date());
const dayOfToday = () => Number(today().slice(8, 10));

async function ownerWithBusinesses(count: number): Promise<{ owner: SignedIn; businessIds: string[] }> {
  const owner = await signedInPerson(harness, db());
  const businessIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const business = await createBusiness(db(), { ownerId: owner.userId, status: 'active' });
    businessIds.push(business.business_id);
  }
  return { owner, businessIds };
}

/** One business, one line of ads: the smallest payment. */
async function adsPayment(months = 1) {
  const { owner, businessIds } = await ownerWithBusinesses(1);
  const [businessId] = businessIds as [string];
  const started = await initiateThroughApi(owner.agent, [
    { business_id: businessId, service_type: 'ads', months },
  ]);
  return { owner, businessId, ...started, trackingId: trackingIdOf(harness.pesapal, started.paymentId) };
}

const outcomes = async (paymentId: string) =>
  (await paymentEvents(db(), paymentId)).map((event) => event.outcome);

describe('pay → IPN → services active (PAY-361)', () => {
  it('credits a two-business cart once, with one receipt per business and the INT-142 acknowledgement', async () => {
    const { owner, businessIds } = await ownerWithBusinesses(2);
    const [first, second] = businessIds as [string, string];
    await db()
      .updateTable('users')
      .set({ email: `${word()}@example.co.ke` })
      .where('user_id', '=', owner.userId)
      .execute();
    const name = word();
    const started = await initiateThroughApi(
      owner.agent,
      [
        { business_id: first, service_type: 'website_hosting', months: 6 },
        { business_id: first, service_type: 'ads', months: 3 },
        { business_id: second, service_type: 'search_promotion', months: 1 },
      ],
      [{ business_id: first, subdomain: name }],
    );
    expect(started.amountKes).toBe('2262.00');
    const trackingId = trackingIdOf(harness.pesapal, started.paymentId);

    const [delivery] = await harness.pesapal.complete(trackingId, { outcome: 'COMPLETED' });
    expect(delivery?.httpStatus).toBe(200);
    expect(JSON.parse(delivery?.responseBody ?? '{}')).toEqual({
      orderNotificationType: 'IPNCHANGE',
      orderTrackingId: trackingId,
      orderMerchantReference: started.paymentId,
      status: 200,
    });

    const payment = await paymentRow(db(), started.paymentId);
    expect(payment).toMatchObject({ status: 'completed', needs_attention: false, pesapal_status_code: 1 });
    expect(payment.pesapal_confirmation_code).toBeTruthy();
    const hosting = await subscriptionOf(db(), first, 'website_hosting');
    expect(hosting).toMatchObject({
      status: 'active',
      start_date: today(),
      expiration_date: addMonths(today(), 6, dayOfToday()),
      months_paid: 6,
    });
    expect((await subscriptionOf(db(), first, 'ads'))?.expiration_date).toBe(
      addMonths(today(), 3, dayOfToday()),
    );
    expect((await subscriptionOf(db(), second, 'search_promotion'))?.months_paid).toBe(1);

    const receipts = await receiptsOfPayment(db(), started.paymentId);
    expect(receipts).toHaveLength(2);
    expect(receipts.map((receipt) => receipt.business_id).sort()).toEqual([first, second].sort());
    const [a, b] = receipts.map((receipt) => Number(receipt.receipt_number.split('-')[2]));
    expect(b).toBe(a! + 1);
    expect(receipts[0]?.receipt_number).toMatch(new RegExp(`^TFT-${today().slice(0, 4)}-\\d{5}$`));

    const items = await db()
      .selectFrom('transaction_items as i')
      .innerJoin('transactions as t', 't.tx_id', 'i.tx_id')
      .select(['i.service_type', 'i.period_start', 'i.period_end', 't.status', 't.receipt_id'])
      .where('t.payment_id', '=', started.paymentId)
      .execute();
    expect(
      items.every((item) => item.status === 'completed' && item.receipt_id && item.period_start === today()),
    ).toBe(true);
    // The held name became the website's address, its DNS record queued (ERRATA 26).
    const subdomain = await db()
      .selectFrom('subdomains')
      .select(['state', 'subdomain_id'])
      .where('name', '=', name)
      .where('state', '<>', 'released')
      .executeTakeFirstOrThrow();
    expect(subdomain.state).toBe('assigned');
    const dnsJob = await db()
      .selectFrom('dns_jobs')
      .select('action')
      .where('subdomain_id', '=', subdomain.subdomain_id)
      .executeTakeFirst();
    expect(dnsJob?.action).toBe('ensure');

    // PAY-300: one message per payment: SMS, email carrying both receipts, in-app.
    const messages = await db()
      .selectFrom('notification_log')
      .select(['channel', 'body', 'attachments'])
      .where('user_id', '=', owner.userId)
      .where('template_key', '=', 'payment_confirmed')
      .execute();
    expect(messages.map((message) => message.channel).sort()).toEqual(['email', 'sms']);
    const sms = messages.find((message) => message.channel === 'sms')!;
    expect(sms.body).toContain('Payment of KES 2,262 received for 2 businesses.');
    expect(sms.body).toContain(
      `${TEST_APP_URL}/config/payments/return?OrderMerchantReference=${started.paymentId}`,
    );
    const email = messages.find((message) => message.channel === 'email')!;
    expect([...(email.attachments?.receipt_ids ?? [])].sort()).toEqual(
      receipts.map((receipt) => receipt.receipt_id).sort(),
    );
    const inApp = await db()
      .selectFrom('in_app_notifications')
      .select('type')
      .where('user_id', '=', owner.userId)
      .where('type', '=', 'payment_confirmed')
      .execute();
    expect(inApp).toHaveLength(1);

    // The return page's poll sees it paid, with the receipts.
    const status = await owner.agent.get(`/api/payments/${started.paymentId}/status`).expect(200);
    expect(status.body.data).toMatchObject({
      status: 'completed',
      amount_kes: '2262.00',
      failure_reason: null,
    });
    const reply = (status.body as { data: PaymentStatusReply }).data;
    expect(reply.transactions.map((tx) => tx.receipt_number).sort()).toEqual(
      receipts.map((receipt) => receipt.receipt_number).sort(),
    );
  });

  it('names the services in one SMS segment for a single business (PAY-300)', async () => {
    const { owner, paymentId, trackingId } = await adsPayment(3);
    await harness.pesapal.complete(trackingId, { outcome: 'COMPLETED' });
    const [receipt] = await receiptsOfPayment(db(), paymentId);
    const sms = await db()
      .selectFrom('notification_log')
      .select(['body', 'segments'])
      .where('user_id', '=', owner.userId)
      .where('template_key', '=', 'payment_confirmed')
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    expect(sms.body).toMatch(
      /^Tafuta: Payment of KES 696 received for .+\. Ads to \d{1,2} \w{3} \d{4}\. Receipt: /,
    );
    expect(sms.body).toContain(`${TEST_APP_URL}/r/${receipt?.receipt_number}`);
    expect(sms.segments).toBe(1);
  });

  it('credits once when the same IPN arrives 5 times at once', async () => {
    const { paymentId, trackingId, businessId } = await adsPayment(2);
    const deliveries = await harness.pesapal.complete(trackingId, { outcome: 'COMPLETED', times: 5 });
    expect(deliveries).toHaveLength(5);
    for (const delivery of deliveries) expect(JSON.parse(delivery.responseBody ?? '{}').status).toBe(200);
    expect((await outcomes(paymentId)).sort()).toEqual([
      'credited',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(await receiptsOfPayment(db(), paymentId)).toHaveLength(1);
    expect((await subscriptionOf(db(), businessId, 'ads'))?.months_paid).toBe(2);
  });

  it('gives the same result whether the IPN or the return page comes first', async () => {
    const ipnFirst = await adsPayment();
    await harness.pesapal.complete(ipnFirst.trackingId, { outcome: 'COMPLETED' });
    const afterIpn = await ipnFirst.owner.agent.get(`/api/payments/${ipnFirst.paymentId}/status`).expect(200);

    const pageFirst = await adsPayment();
    await harness.pesapal.complete(pageFirst.trackingId, { outcome: 'COMPLETED', deliverIpn: false });
    const beforeIpn = await pageFirst.owner.agent
      .get(`/api/payments/${pageFirst.paymentId}/status`)
      .expect(200);
    const [late] = await harness.pesapal.deliverIpn(pageFirst.trackingId);
    expect(JSON.parse(late?.responseBody ?? '{}').status).toBe(200);

    for (const [run, reply] of [
      [ipnFirst, afterIpn],
      [pageFirst, beforeIpn],
    ] as const) {
      expect(reply.body.data.status).toBe('completed');
      expect(reply.body.data.transactions[0].receipt_number).toMatch(/^TFT-/);
      expect((await subscriptionOf(db(), run.businessId, 'ads'))?.months_paid).toBe(1);
      expect(await receiptsOfPayment(db(), run.paymentId)).toHaveLength(1);
    }
    expect(await outcomes(ipnFirst.paymentId)).toEqual(['credited']);
    expect(await outcomes(pageFirst.paymentId)).toEqual(['credited', 'duplicate']);
    expect((await paymentEvents(db(), pageFirst.paymentId))[0]?.source).toBe('owner_status_check');
  });

  it('does not credit a COMPLETED amount one shilling short, and flags it', async () => {
    const { paymentId, trackingId, businessId } = await adsPayment();
    const [delivery] = await harness.pesapal.complete(trackingId, { outcome: 'COMPLETED', amount: 231 });
    expect(JSON.parse(delivery?.responseBody ?? '{}').status).toBe(200);
    expect(await paymentRow(db(), paymentId)).toMatchObject({
      status: 'pending',
      needs_attention: true,
      attention_reason: 'amount_mismatch',
    });
    expect(await outcomes(paymentId)).toEqual(['amount_mismatch']);
    expect(await subscriptionOf(db(), businessId, 'ads')).toBeUndefined();
    expect(await receiptsOfPayment(db(), paymentId)).toHaveLength(0);
    const flagged = await db()
      .selectFrom('transactions')
      .select('needs_attention')
      .where('payment_id', '=', paymentId)
      .execute();
    expect(flagged.every((tx) => tx.needs_attention)).toBe(true);
  });
});

describe('reconciliation (PAY-160..162)', () => {
  it('completes a payment by polling when no IPN ever comes', async () => {
    const { paymentId, trackingId, businessId } = await adsPayment();
    await harness.pesapal.complete(trackingId, { outcome: 'COMPLETED', deliverIpn: false });
    await ageTimeline(db(), paymentId, 2);
    const summary = await reconcilePayments(settlementDeps());
    expect(summary.outcomes.credited).toBeGreaterThanOrEqual(1);
    expect((await paymentRow(db(), paymentId)).status).toBe('completed');
    expect((await paymentEvents(db(), paymentId))[0]).toMatchObject({
      source: 'status_poll',
      outcome: 'credited',
    });
    expect((await subscriptionOf(db(), businessId, 'ads'))?.status).toBe('active');
  });

  it('fails an unpaid payment at 30 minutes, then credits it when paid at minute 40 (late completion)', async () => {
    const { owner, businessIds } = await ownerWithBusinesses(1);
    const [businessId] = businessIds as [string];
    const name = word();
    const started = await initiateThroughApi(
      owner.agent,
      [{ business_id: businessId, service_type: 'website_hosting', months: 1 }],
      [{ business_id: businessId, subdomain: name }],
    );
    const trackingId = trackingIdOf(harness.pesapal, started.paymentId);
    // Minute 10: still unpaid, still pending.
    await ageTimeline(db(), started.paymentId, 10);
    await reconcilePayments(settlementDeps());
    expect((await paymentRow(db(), started.paymentId)).status).toBe('pending');
    // Minute 31: the final check finds nothing paid.
    await ageTimeline(db(), started.paymentId, 31);
    await reconcilePayments(settlementDeps());
    const failed = await paymentRow(db(), started.paymentId);
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'timeout' });
    // PAY-161: asked again one hour after creation.
    expect(failed.next_check_at!.getTime()).toBeGreaterThan(failed.created_at.getTime() + 59 * 60_000);
    const hold = await db()
      .selectFrom('subdomains')
      .select(['state'])
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    expect(hold.state).toBe('released');
    const failedNotices = await db()
      .selectFrom('notification_log')
      .select(['channel', 'body'])
      .where('user_id', '=', owner.userId)
      .where('template_key', '=', 'payment_failed')
      .execute();
    expect(failedNotices.map((notice) => notice.channel)).toEqual(['sms']);
    expect(failedNotices[0]?.body).toContain('Your payment of KES 232 was not completed.');

    // Minute 40: the money arrives after all.
    await harness.pesapal.complete(trackingId, { outcome: 'COMPLETED' });
    expect(await paymentRow(db(), started.paymentId)).toMatchObject({
      status: 'completed',
      needs_attention: true,
      attention_reason: 'late_completion',
    });
    expect((await paymentEvents(db(), started.paymentId)).at(-1)?.outcome).toBe('late_completion');
    expect((await subscriptionOf(db(), businessId, 'website_hosting'))?.status).toBe('active');
    expect(await receiptsOfPayment(db(), started.paymentId)).toHaveLength(1);
    const assigned = await db()
      .selectFrom('subdomains')
      .select('state')
      .where('name', '=', name)
      .where('state', '=', 'assigned')
      .execute();
    expect(assigned).toHaveLength(1);
  });

  it('marks a REVERSED payment reversed and flagged, keeping the months', async () => {
    const { paymentId, trackingId, businessId } = await adsPayment(2);
    await harness.pesapal.complete(trackingId, { outcome: 'COMPLETED' });
    const before = await subscriptionOf(db(), businessId, 'ads');
    await harness.pesapal.complete(trackingId, { outcome: 'REVERSED' });
    expect(await paymentRow(db(), paymentId)).toMatchObject({
      status: 'reversed',
      needs_attention: true,
      attention_reason: 'reversed',
    });
    const txs = await db()
      .selectFrom('transactions')
      .select('status')
      .where('payment_id', '=', paymentId)
      .execute();
    expect(txs.map((tx) => tx.status)).toEqual(['reversed']);
    expect(await subscriptionOf(db(), businessId, 'ads')).toMatchObject({
      months_paid: before?.months_paid,
      expiration_date: before?.expiration_date,
      status: 'active',
    });
    expect(await outcomes(paymentId)).toEqual(['credited', 'reversed']);
  });

  it('treats a FAILED answer as declined: failed, holds released, the payer told', async () => {
    const { owner, paymentId, trackingId } = await adsPayment();
    await harness.pesapal.complete(trackingId, { outcome: 'FAILED' });
    expect(await paymentRow(db(), paymentId)).toMatchObject({ status: 'failed', failure_reason: 'declined' });
    const notices = await db()
      .selectFrom('in_app_notifications')
      .select('type')
      .where('user_id', '=', owner.userId)
      .where('type', '=', 'payment_failed')
      .execute();
    expect(notices).toHaveLength(1);
  });
});
