import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditRows, expectDocumented } from '../../test/business-kit.js';
import { createBusiness } from '../../test/factories.js';
import { useStaffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { completedPurchase } from '../../test/purchase-kit.js';
import { addMonths, nairobiDate } from '../../lib/nairobi-date.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const admin = useStaffSession(harness, database, 'admin');
const support = useStaffSession(harness, database, 'support_staff');
const db = () => database.current.db;

interface Seeded {
  hardware: string;
  formula: string;
  websiteTx: string;
  websiteReceipt: string;
  adsTx: string;
  failedTx: string;
  refundTx: string;
}
let seeded: Seeded;

/**
 * Two completed purchases (website 3 months: 600.00 + 96.00 VAT; ads 1 month: 200.00 + 32.00), one failed
 * purchase flagged for attention, and one completed refund paying out 110.20 (net 95.00). Known answers:
 * gross 928.00, VAT 128.00, net 800.00, refunds 110.20, revenue 800.00 − 95.00 = 705.00.
 */
async function seed(): Promise<Seeded> {
  const hardware = await createBusiness(db(), {
    status: 'active',
    content: { profile: { en: { business_name: 'Zebra Hardware' } } },
  });
  const formula = await createBusiness(db(), {
    status: 'active',
    content: { profile: { en: { business_name: '=Zebra Formula' } } },
  });
  const today = nairobiDate(new Date());
  const website = await completedPurchase(db(), {
    businessId: hardware.business_id,
    payerId: hardware.ownerId,
    lines: [
      { serviceType: 'website_hosting', months: 3, periodStart: today, periodEnd: addMonths(today, 3, 1) },
    ],
  });
  const ads = await completedPurchase(db(), {
    businessId: formula.business_id,
    payerId: formula.ownerId,
    lines: [{ serviceType: 'ads', months: 1, periodStart: today, periodEnd: addMonths(today, 1, 1) }],
  });
  await db()
    .insertInto('payment_events')
    .values({
      payment_id: website.paymentId,
      source: 'ipn_get',
      outcome: 'credited',
      status_code: 1,
      amount: '696.00',
      currency: 'KES',
    })
    .execute();
  const failedPayment = await db()
    .insertInto('payments')
    .values({
      payer_user_id: hardware.ownerId,
      amount_cents: 23_200,
      status: 'failed',
      failure_reason: 'declined',
      idempotency_key: crypto.randomUUID(),
      request_hash: 'money-test',
      expires_at: new Date(Date.now() + 30 * 60_000),
      needs_attention: true,
    })
    .returning('payment_id')
    .executeTakeFirstOrThrow();
  const failed = await db()
    .insertInto('transactions')
    .values({
      payment_id: failedPayment.payment_id,
      business_id: hardware.business_id,
      transaction_type: 'purchase',
      amount_cents: 23_200,
      vat_cents: 3_200,
      net_cents: 20_000,
      vat_rate: '0.16',
      payment_method: 'pesapal',
      status: 'failed',
      needs_attention: true,
      attention_reason: 'amount_mismatch',
    })
    .returning('tx_id')
    .executeTakeFirstOrThrow();
  const refund = await db()
    .insertInto('transactions')
    .values({
      business_id: hardware.business_id,
      transaction_type: 'refund',
      amount_cents: 11_020,
      vat_cents: 1_520,
      net_cents: 9_500,
      vat_rate: '0.16',
      payment_method: 'cash',
      reference_number: 'RF-001',
      status: 'completed',
      completed_at: new Date(),
    })
    .returning('tx_id')
    .executeTakeFirstOrThrow();
  return {
    hardware: hardware.business_id,
    formula: formula.business_id,
    websiteTx: website.txId,
    websiteReceipt: website.receiptNumber,
    adsTx: ads.txId,
    failedTx: failed.tx_id,
    refundTx: refund.tx_id,
  };
}

beforeAll(async () => {
  seeded = await seed();
});

function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) =>
      [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)]
        .map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'))
        .slice(0, -1),
    );
}

describe('transaction list (ADM-300/301)', () => {
  it('lists the filtered set newest first with footer totals that have known answers', async () => {
    const res = await support.agent.get('/api/admin/transactions?q=zebra&limit=2').expect(200);
    expectDocumented('GET', '/api/admin/transactions', res);
    expect(res.body.pagination).toMatchObject({ total: 4, pages: 2 });
    expect(res.body.data).toHaveLength(2);
    expect(res.body.totals).toEqual({
      count: 4,
      gross_kes: '928.00',
      vat_kes: '128.00',
      net_kes: '800.00',
      refunds_kes: '110.20',
      revenue_kes: '705.00',
    });
    expect(res.body.data[0].tx_id).toBe(seeded.refundTx);
  });

  it('filters by status, type, service, attention and searches receipt numbers', async () => {
    const ids = async (query: string) =>
      (
        (await support.agent.get(`/api/admin/transactions?${query}`).expect(200)).body.data as {
          tx_id: string;
        }[]
      ).map((row) => row.tx_id);
    expect(await ids('q=zebra&status=failed')).toEqual([seeded.failedTx]);
    expect(await ids('q=zebra&type=refund')).toEqual([seeded.refundTx]);
    expect(await ids('q=zebra&service_type=ads')).toEqual([seeded.adsTx]);
    expect(await ids('q=zebra&needs_attention=true')).toEqual([seeded.failedTx]);
    expect(await ids(`q=${seeded.websiteReceipt}`)).toEqual([seeded.websiteTx]);
    expect(await ids('q=zebra&status=reversed')).toEqual([]);
    expect(await ids('q=zebra&range=last_month')).toEqual([]);
    const website = (await support.agent.get(`/api/admin/transactions?q=${seeded.websiteReceipt}`)).body
      .data[0];
    expect(website).toMatchObject({
      amount_kes: '696.00',
      items: [{ service_type: 'website_hosting', months: 3 }],
      receipt_number: seeded.websiteReceipt,
    });
  });

  it('refuses a bad filter with INVALID_INPUT', async () => {
    const res = await support.agent.get('/api/admin/transactions?status=lost').expect(400);
    expect(res.body.error.code).toBe('INVALID_INPUT');
  });
});

describe('transaction CSV export (ADM-305)', () => {
  it('refuses support staff (403, logged as access_denied)', async () => {
    const res = await support.agent.get('/api/admin/transactions?format=csv').expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const denied = await db()
      .selectFrom('audit_logs')
      .select('new_value')
      .where('action', '=', 'access_denied')
      .where('actor_id', '=', support.userId)
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('streams one row per line item, guards formulas, and is audited', async () => {
    const res = await admin.agent.get('/api/admin/transactions?format=csv&q=zebra').buffer(true).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/tafuta-transactions-\d{8}-\d{4}\.csv/);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([
      'date',
      'tx_id',
      'type',
      'receipt_number',
      'business',
      'service',
      'months',
      'unit_price',
      'discount_percentage',
      'discount',
      'subtotal',
      'vat',
      'total',
      'status',
      'reference',
    ]);
    expect(rows).toHaveLength(5);
    const ads = rows.find((row) => row[1] === seeded.adsTx)!;
    expect(ads[4]).toBe("'=Zebra Formula");
    expect(ads.slice(5, 14)).toEqual(['ads', '1', '200', '0', '0', '200', '32', '232', 'completed']);
    expect(ads[0]).toMatch(/\+03:00$/);
    const exported = await db()
      .selectFrom('audit_logs')
      .select('new_value')
      .where('action', '=', 'data_exported')
      .where('actor_id', '=', admin.userId)
      .execute();
    expect(exported.map((row) => row.new_value as { dataset: string; row_count: number })).toContainEqual(
      expect.objectContaining({ dataset: 'transactions', row_count: 4 }),
    );
  });
});

describe('transaction detail (ADM-302)', () => {
  it('shows line items, payer, references and every payment event to support staff', async () => {
    const res = await support.agent.get(`/api/admin/transactions/${seeded.websiteTx}`).expect(200);
    expectDocumented('GET', '/api/admin/transactions/{tx_id}', res);
    const detail = res.body.data;
    expect(detail.line_items).toEqual([
      expect.objectContaining({
        service_type: 'website_hosting',
        months: 3,
        subtotal_kes: '600.00',
        vat_kes: '96.00',
      }),
    ]);
    expect(detail.payment.events).toEqual([
      expect.objectContaining({ source: 'ipn_get', outcome: 'credited' }),
    ]);
    expect(detail.payment.merchant_reference).toBe(detail.payment.payment_id);
    expect(detail.receipt.receipt_number).toBe(seeded.websiteReceipt);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    await support.agent.get('/api/admin/transactions/00000000-0000-4000-8000-000000000000').expect(404);
    await support.agent.get('/api/admin/transactions/nope').expect(404);
  });
});

describe('resolve needs attention (ADM-304)', () => {
  it('refuses support staff, lets an admin resolve once, audits it, and answers 409 after', async () => {
    const path = `/api/admin/transactions/${seeded.failedTx}/resolve`;
    const refused = await support.agent.post(path).send({ note: 'Checked with PesaPal' }).expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    await admin.agent.post(path).send({ note: 'x' }).expect(400);

    const res = await admin.agent
      .post(path)
      .send({ note: 'Customer paid 1 KES less; refunded at office' })
      .expect(200);
    expectDocumented('POST', '/api/admin/transactions/{tx_id}/resolve', res);
    const row = await db()
      .selectFrom('transactions')
      .select(['needs_attention', 'resolved_by', 'resolution_note'])
      .where('tx_id', '=', seeded.failedTx)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      needs_attention: false,
      resolved_by: admin.userId,
      resolution_note: 'Customer paid 1 KES less; refunded at office',
    });
    expect(await auditRows(db(), 'payment_issue_resolved', seeded.failedTx)).toHaveLength(1);

    const again = await admin.agent.post(path).send({ note: 'Second try at it' }).expect(409);
    expect(again.body.error.code).toBe('CONFLICT');
    const detail = await support.agent.get(`/api/admin/transactions/${seeded.failedTx}`).expect(200);
    expect(detail.body.data.resolution).toMatchObject({ resolved_by: { user_id: admin.userId } });
  });
});
