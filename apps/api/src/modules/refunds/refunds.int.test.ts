import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditRows, castFor, expectDocumented, queuedNotices, type Cast } from '../../test/business-kit.js';
import { OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import {
  completedPurchase,
  expiryWithWholeMonthsLeft,
  setSellerIdentity,
  setSubscription,
} from '../../test/purchase-kit.js';
import { addMonths } from '../../lib/nairobi-date.js';
import { formatReceiptNumber } from '../receipts/receipt-issue.js';
import { receiptFilename } from '../receipts/receipt-pdf.js';

/**
 * PAY-363 / ADM-743 through the HTTP API: create → approve → complete deducts the months and books a cash
 * refund transaction with the next receipt number; the spec's worked examples to the cent; completing
 * after the months were used up is refused and changes nothing.
 */

const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '10000' },
});
const db = () => database.current.db;

async function lastReceiptNumber(): Promise<{ year: number; last: number }> {
  const row = await db()
    .selectFrom('receipt_counters')
    .select(['year', 'last_number'])
    .orderBy('year', 'desc')
    .executeTakeFirstOrThrow();
  return { year: row.year, last: row.last_number };
}

/** PAY-258's history, shifted so that exactly 7 months are refundable today. */
async function pay258(cast: Cast) {
  const { expiry, anchorDay } = expiryWithWholeMonthsLeft(7);
  const start = addMonths(expiry, -12, anchorDay);
  const middle = addMonths(expiry, -6, anchorDay);
  const january = await completedPurchase(db(), {
    businessId: cast.businessId,
    payerId: cast.owner.userId,
    lines: [{ serviceType: 'website_hosting', months: 6, periodStart: start, periodEnd: middle }],
  });
  const march = await completedPurchase(db(), {
    businessId: cast.businessId,
    payerId: cast.owner.userId,
    lines: [
      {
        serviceType: 'website_hosting',
        months: 6,
        discountPercentage: 50,
        periodStart: middle,
        periodEnd: expiry,
      },
    ],
  });
  const subscription = await setSubscription(db(), {
    businessId: cast.businessId,
    serviceType: 'website_hosting',
    startDate: start,
    anchorDay,
    expirationDate: expiry,
    monthsPaid: 12,
  });
  return { january, march, subscription, expiry, anchorDay };
}

const create = (cast: Cast, body: Record<string, unknown>, key: string = crypto.randomUUID()) =>
  cast.staffAdmin.agent.post('/api/refunds/request').set('Idempotency-Key', key).send(body);

describe('refunds (PAY-250..263, ADM-310..316)', () => {
  it('PAY-258 end to end: 7 months from two purchases, fee 46.00, cash 882.00, next receipt number', async () => {
    await setSellerIdentity(db());
    const cast = await castFor(harness, db());
    const history = await pay258(cast);
    const key = crypto.randomUUID();
    const body = {
      business_id: cast.businessId,
      requested_by: cast.owner.userId,
      services: [{ service_type: 'website_hosting', months: 7 }],
      notes: 'Closing the website, asked at the office',
    };
    const created = await create(cast, body, key).expect(201);
    expectDocumented('post', '/api/refunds/request', created);
    expect(created.body.data).toMatchObject({
      status: 'pending',
      refund_amount_kes: '928.00',
      vat_reversed_kes: '128.00',
      processing_fee_kes: '46.00',
      processing_fee_vat_kes: '6.34',
      net_refund_kes: '882.00',
    });
    expect(created.body.data.request_number).toMatch(/^RF-\d{3,}$/);
    const items = created.body.data.items as {
      source_tx_id: string;
      months_to_refund: number;
      subtotal_kes: string;
    }[];
    expect(items.map((item) => [item.source_tx_id, item.months_to_refund, item.subtotal_kes])).toEqual([
      [history.march.txId, 6, '696.00'],
      [history.january.txId, 1, '232.00'],
    ]);
    const id = created.body.data.request_id as string;

    // The same key again: the same request, nothing new; another body with that key is refused.
    const again = await create(cast, body, key).expect(200);
    expect(again.body.data.request_id).toBe(id);
    await create(cast, { ...body, services: [{ service_type: 'website_hosting', months: 6 }] }, key).expect(
      409,
    );

    // Support staff may look but not act (ADM-003).
    await cast.support.agent.get(`/api/refunds/${id}`).expect(200);
    await cast.support.agent.patch(`/api/refunds/${id}/approve`).expect(403);
    const approved = await cast.staffAdmin.agent.patch(`/api/refunds/${id}/approve`).expect(200);
    expect(approved.body.data).toMatchObject({
      status: 'approved',
      self_approved: true,
      net_refund_kes: '882.00',
    });
    expect((await auditRows(db(), 'refund_approved', id))[0]?.new_value).toMatchObject({
      self_approved: true,
    });

    await cast.staffAdmin.agent
      .patch(`/api/refunds/${id}/complete`)
      .send({ cash_paid_kes: '880.00', paid_at: new Date().toISOString() })
      .expect(400);
    const before = await lastReceiptNumber();
    const ownerEmail = `owner-${crypto.randomUUID()}@example.com`;
    await db()
      .updateTable('users')
      .set({ email: ownerEmail })
      .where('user_id', '=', cast.owner.userId)
      .execute();
    const completed = await cast.staffAdmin.agent
      .patch(`/api/refunds/${id}/complete`)
      .send({ cash_paid_kes: '882.00', paid_at: new Date().toISOString(), notes: 'Paid at the counter' })
      .expect(200);
    expectDocumented('patch', '/api/refunds/{request_id}/complete', completed);
    expect(completed.body.data).toMatchObject({ status: 'completed', cash_paid_kes: '882.00' });
    // Purchase and refund receipts share one gap-free sequence (PAY-221/222).
    expect(completed.body.data.receipt_number).toBe(formatReceiptNumber('TFT', before.year, before.last + 1));

    const subscription = await db()
      .selectFrom('service_subscriptions')
      .selectAll()
      .where('subscription_id', '=', history.subscription.subscription_id)
      .executeTakeFirstOrThrow();
    expect(subscription).toMatchObject({
      months_paid: 5,
      expiration_date: addMonths(history.expiry, -7, history.anchorDay),
      status: 'active',
    });
    const refundTx = await db()
      .selectFrom('transactions')
      .selectAll()
      .where('tx_id', '=', completed.body.data.tx_id as string)
      .executeTakeFirstOrThrow();
    expect(refundTx).toMatchObject({
      transaction_type: 'refund',
      payment_method: 'cash',
      status: 'completed',
      amount_cents: 88_200,
      vat_cents: 12_800 - 634,
      net_cents: 88_200 - (12_800 - 634),
      reference_number: completed.body.data.request_number,
    });
    const purchases = await db()
      .selectFrom('transactions')
      .select(['tx_id', 'status', 'refunded_amount_cents'])
      .where('tx_id', 'in', [history.january.txId, history.march.txId])
      .execute();
    expect(purchases.find((tx) => tx.tx_id === history.march.txId)).toMatchObject({
      status: 'refunded',
      refunded_amount_cents: 69_600,
    });
    expect(purchases.find((tx) => tx.tx_id === history.january.txId)).toMatchObject({
      status: 'completed',
      refunded_amount_cents: 23_200,
    });
    const receipt = await db()
      .selectFrom('receipts')
      .selectAll()
      .where('tx_id', '=', refundTx.tx_id)
      .executeTakeFirstOrThrow();
    expect(receipt).toMatchObject({ receipt_type: 'refund', issued_by: cast.staffAdmin.userId });
    expect([...receipt.related_receipt_numbers].sort()).toEqual(
      [history.january.receiptNumber, history.march.receiptNumber].sort(),
    );
    expect(await auditRows(db(), 'refund_completed', id)).toHaveLength(1);
    expect(await auditRows(db(), 'refund_requested', id)).toHaveLength(1);
    expect(await queuedNotices(db(), 'refund_processed', [cast.owner.userId])).toHaveLength(1);
    const sms = await db()
      .selectFrom('notification_log')
      .select('body')
      .where('template_key', '=', 'refund_processed')
      .where('user_id', '=', cast.owner.userId)
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    expect(sms.body).toBe(
      `Tafuta: Refund of KES 882 for ${cast.businessName} paid in cash. Receipt: https://tafuta.ke/r/${receipt.receipt_number}`,
    );
    // PAY-262: the refund email carries the refund receipt as a PDF.
    await harness.deliver();
    const mail = harness.mail.messages({ to: ownerEmail });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.attachments.map((file) => [file.filename, file.contentType])).toEqual([
      [receiptFilename(receipt.receipt_number), 'application/pdf'],
    ]);
    expect(mail[0]!.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');

    // The owner's history now shows the refund and its receipt (PAY-226 access applies).
    const detail = await cast.owner.agent.get(`/api/transactions/${history.march.txId}`).expect(200);
    expectDocumented('get', '/api/transactions/{tx_id}', detail);
    expect(detail.body.data.refunds).toEqual([
      expect.objectContaining({
        request_id: id,
        status: 'completed',
        receipt_number: receipt.receipt_number,
      }),
    ]);
    await cast.owner.agent.get(`/api/receipts/${receipt.receipt_id}/download`).expect(200);
  });

  it('PAY-257: 2 of 5 months → 464.00 refunded, 23.00 fee, 441.00 cash; the refund transaction books 441.00 / 60.83 / 380.17', async () => {
    const cast = await castFor(harness, db());
    const { expiry, anchorDay } = expiryWithWholeMonthsLeft(4);
    const start = addMonths(expiry, -5, anchorDay);
    await completedPurchase(db(), {
      businessId: cast.businessId,
      payerId: cast.owner.userId,
      lines: [{ serviceType: 'website_hosting', months: 5, periodStart: start, periodEnd: expiry }],
    });
    await setSubscription(db(), {
      businessId: cast.businessId,
      serviceType: 'website_hosting',
      startDate: start,
      anchorDay,
      expirationDate: expiry,
      monthsPaid: 5,
    });
    const created = await create(cast, {
      business_id: cast.businessId,
      requested_by: cast.owner.userId,
      services: [{ service_type: 'website_hosting', months: 2 }],
      notes: 'Moving away',
    }).expect(201);
    expect(created.body.data).toMatchObject({
      refund_amount_kes: '464.00',
      vat_reversed_kes: '64.00',
      processing_fee_kes: '23.00',
      processing_fee_vat_kes: '3.17',
      net_refund_kes: '441.00',
    });
    const id = created.body.data.request_id as string;
    await cast.staffAdmin.agent.patch(`/api/refunds/${id}/approve`).expect(200);
    const done = await cast.staffAdmin.agent
      .patch(`/api/refunds/${id}/complete`)
      .send({ cash_paid_kes: '441', paid_at: new Date().toISOString() })
      .expect(200);
    const tx = await db()
      .selectFrom('transactions')
      .select(['amount_cents', 'vat_cents', 'net_cents'])
      .where('tx_id', '=', done.body.data.tx_id as string)
      .executeTakeFirstOrThrow();
    expect(tx).toEqual({ amount_cents: 44_100, vat_cents: 6_083, net_cents: 38_017 });
  });

  it('refuses months beyond the refundable ones, and completion after they were used up (409, nothing changes)', async () => {
    const cast = await castFor(harness, db());
    const { expiry, anchorDay } = expiryWithWholeMonthsLeft(3);
    const start = addMonths(expiry, -6, anchorDay);
    await completedPurchase(db(), {
      businessId: cast.businessId,
      payerId: cast.owner.userId,
      lines: [{ serviceType: 'ads', months: 6, periodStart: start, periodEnd: expiry }],
    });
    const subscription = await setSubscription(db(), {
      businessId: cast.businessId,
      serviceType: 'ads',
      startDate: start,
      anchorDay,
      expirationDate: expiry,
      monthsPaid: 6,
    });
    const body = {
      business_id: cast.businessId,
      requested_by: cast.owner.userId,
      notes: 'Ads no longer needed',
    };
    const tooMany = await create(cast, { ...body, services: [{ service_type: 'ads', months: 4 }] }).expect(
      409,
    );
    expect(tooMany.body.error.message).toContain('Only 3 month(s)');
    await create(cast, {
      ...body,
      requested_by: cast.stranger.userId,
      services: [{ service_type: 'ads', months: 1 }],
    }).expect(400);
    await create(cast, { ...body, services: [{ service_type: 'ads', months: 1.5 }] }).expect(400);
    const created = await create(cast, { ...body, services: [{ service_type: 'ads', months: 3 }] }).expect(
      201,
    );
    const id = created.body.data.request_id as string;
    // A second request cannot promise the same months.
    await create(cast, { ...body, services: [{ service_type: 'ads', months: 1 }] }).expect(409);
    await cast.staffAdmin.agent.patch(`/api/refunds/${id}/approve`).expect(200);

    // Time passes: a month of the approved three has been used by the time the customer comes back.
    const used = addMonths(expiry, -1, anchorDay);
    await db()
      .updateTable('service_subscriptions')
      .set({ expiration_date: used })
      .where('subscription_id', '=', subscription.subscription_id)
      .execute();
    const refused = await cast.staffAdmin.agent
      .patch(`/api/refunds/${id}/complete`)
      .send({ cash_paid_kes: created.body.data.net_refund_kes, paid_at: new Date().toISOString() })
      .expect(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    const after = await db()
      .selectFrom('service_subscriptions')
      .select(['months_paid', 'expiration_date'])
      .where('subscription_id', '=', subscription.subscription_id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ months_paid: 6, expiration_date: used });
    const refundTxs = await db()
      .selectFrom('transactions')
      .select('tx_id')
      .where('business_id', '=', cast.businessId)
      .where('transaction_type', '=', 'refund')
      .execute();
    expect(refundTxs).toEqual([]);

    // It can still be rejected; a rejected one cannot be approved.
    const rejected = await cast.staffAdmin.agent
      .patch(`/api/refunds/${id}/reject`)
      .send({ reason: 'Customer will raise a new request' })
      .expect(200);
    expect(rejected.body.data.status).toBe('rejected');
    await cast.staffAdmin.agent.patch(`/api/refunds/${id}/approve`).expect(409);
    const listed = await cast.support.agent
      .get(`/api/admin/refunds?status=rejected&business_id=${cast.businessId}`)
      .expect(200);
    expectDocumented('get', '/api/admin/refunds', listed);
    expect((listed.body.data as { request_id: string }[]).map((row) => row.request_id)).toEqual([id]);
  });
});
