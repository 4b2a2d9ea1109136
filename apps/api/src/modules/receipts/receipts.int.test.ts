import { sql } from 'kysely';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { addMonths, nairobiDate } from '../../lib/nairobi-date.js';
import { castFor, expectDocumented, type Cast } from '../../test/business-kit.js';
import { browser, OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { completedPurchase, setSellerIdentity, TEST_SELLER } from '../../test/purchase-kit.js';

/**
 * PAY-224..226: receipts drawn on demand, who may download them, the lists, the SMS short link (ERRATA 24)
 * and the PDFs attached to outbox emails (PAY-300).
 */

const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '10000' },
});
const db = () => database.current.db;

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** Superagent's parser for a binary body (supertest leaves application/pdf as a stream otherwise). */
function binary(res: unknown, done: (error: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

async function purchaseFor(cast: Cast) {
  const today = nairobiDate(new Date());
  const day = Math.min(Number(today.slice(8, 10)), 28);
  return completedPurchase(db(), {
    businessId: cast.businessId,
    payerId: cast.owner.userId,
    lines: [
      { serviceType: 'website_hosting', months: 6, periodStart: today, periodEnd: addMonths(today, 6, day) },
      {
        serviceType: 'image_gallery',
        months: 1,
        discountPercentage: 33,
        periodStart: today,
        periodEnd: addMonths(today, 1, day),
      },
    ],
  });
}

describe('receipts', () => {
  it('the PDF carries the legal identity, receipt number, lines and VAT (PAY-225)', async () => {
    await setSellerIdentity(db());
    const cast = await castFor(harness, db());
    const purchase = await purchaseFor(cast);
    const response = await cast.owner.agent
      .get(`/api/receipts/${purchase.receiptId}/download`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="${purchase.receiptNumber}.pdf"`,
    );
    expect(response.headers['cache-control']).toBe('private, no-store');
    const text = await pdfText(response.body as Buffer);
    for (const expected of [
      'Tax receipt',
      TEST_SELLER.tafuta_business_name,
      TEST_SELLER.tafuta_kra_pin,
      TEST_SELLER.tafuta_vat_registration_number,
      TEST_SELLER.tafuta_business_registration_number,
      purchase.receiptNumber,
      'EAT',
      'M-Pesa via PesaPal',
      'Website hosting',
      'Image gallery',
      // Website 6 months: 1,392.00 with 192.00 VAT; gallery at 33 % off: 77.00 with 10.62 VAT (PAY-054 A, E).
      '1,392.00',
      '192.00',
      '77.00',
      '10.62',
      '33%',
      'VAT 16%',
      '1,469.00',
      'Prices in KES',
      cast.businessName,
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('download access: Owner and business Admin 200, Employee and strangers 404, staff 200 (PAY-226)', async () => {
    const cast = await castFor(harness, db());
    const purchase = await purchaseFor(cast);
    const url = `/api/receipts/${purchase.receiptId}/download`;
    await cast.owner.agent.get(url).expect(200);
    await cast.admin.agent.get(url).expect(200);
    await cast.support.agent.get(url).expect(200);
    for (const agent of [cast.employee.agent, cast.stranger.agent]) {
      const refused = await agent.get(url).expect(404);
      expect(refused.body.error.code).toBe('NOT_FOUND');
    }
    await browser(harness).get(url).expect(401);
    await cast.owner.agent.get('/api/receipts/not-a-uuid/download').expect(404);
  });

  it('lists receipts and transactions for Owners and Admins, paginated, with filters', async () => {
    const cast = await castFor(harness, db());
    const first = await purchaseFor(cast);
    const second = await purchaseFor(cast);
    const receipts = await cast.admin.agent
      .get(`/api/businesses/${cast.businessId}/receipts?limit=1`)
      .expect(200);
    expectDocumented('get', '/api/businesses/{id}/receipts', receipts);
    expect(receipts.body.pagination).toMatchObject({ page: 1, limit: 1, total: 2, pages: 2 });
    expect([first.receiptId, second.receiptId]).toContain(receipts.body.data[0].receipt_id);
    await cast.employee.agent.get(`/api/businesses/${cast.businessId}/receipts`).expect(404);

    const transactions = await cast.owner.agent
      .get(`/api/businesses/${cast.businessId}/transactions?status=completed&from=${nairobiDate(new Date())}`)
      .expect(200);
    expectDocumented('get', '/api/businesses/{id}/transactions', transactions);
    expect(transactions.body.data).toHaveLength(2);
    expect(transactions.body.data[0]).toMatchObject({
      transaction_type: 'purchase',
      amount_kes: '1469.00',
      items: [
        { service_type: 'image_gallery', months: 1 },
        { service_type: 'website_hosting', months: 6 },
      ],
    });
    const none = await cast.owner.agent
      .get(`/api/businesses/${cast.businessId}/transactions?status=refunded`)
      .expect(200);
    expect(none.body.data).toEqual([]);
    await cast.owner.agent.get(`/api/businesses/${cast.businessId}/transactions?status=lost`).expect(400);
    await cast.employee.agent.get(`/api/transactions/${first.txId}`).expect(404);
    const detail = await cast.support.agent.get(`/api/transactions/${first.txId}`).expect(200);
    expect(detail.body.data.line_items).toHaveLength(2);
  });

  it('searches transactions by part of a receipt number or by a service, in any language (UI-TX-02)', async () => {
    const cast = await castFor(harness, db());
    const hosting = await purchaseFor(cast);
    const today = nairobiDate(new Date());
    const ads = await completedPurchase(db(), {
      businessId: cast.businessId,
      payerId: cast.owner.userId,
      lines: [
        {
          serviceType: 'ads',
          months: 1,
          periodStart: today,
          periodEnd: addMonths(today, 1, Math.min(Number(today.slice(8, 10)), 28)),
        },
      ],
    });
    const search = async (q: string) => {
      const response = await cast.admin.agent
        .get(`/api/businesses/${cast.businessId}/transactions`)
        .query({ q })
        .expect(200);
      expectDocumented('get', '/api/businesses/{id}/transactions', response);
      return (response.body.data as { tx_id: string }[]).map((row) => row.tx_id).sort();
    };
    expect(await search(ads.receiptNumber.toLowerCase())).toEqual([ads.txId]);
    expect(await search(hosting.receiptNumber.slice(-5))).toEqual([hosting.txId]);
    expect(await search('Website')).toEqual([hosting.txId]);
    expect(await search('tovuti')).toEqual([hosting.txId]);
    expect(await search('matangazo')).toEqual([ads.txId]);
    expect(await search('image_gallery')).toEqual([hosting.txId]);
    expect(await search('TFT')).toEqual([hosting.txId, ads.txId].sort());
    // Wildcards a person types are matched as themselves, not as "anything".
    expect(await search('%')).toEqual([]);
    expect(await search('nothing like this')).toEqual([]);
    const combined = await cast.owner.agent
      .get(`/api/businesses/${cast.businessId}/transactions`)
      .query({ q: 'ads', status: 'refunded' })
      .expect(200);
    expect(combined.body.data).toEqual([]);
    await cast.owner.agent
      .get(`/api/businesses/${cast.businessId}/transactions`)
      .query({ q: 'x'.repeat(65) })
      .expect(400);
  });

  it('the /r/ short link is never a bearer link (ERRATA 24)', async () => {
    const cast = await castFor(harness, db());
    const purchase = await purchaseFor(cast);
    const link = `/r/${purchase.receiptNumber}`;
    const anonymous = await browser(harness).get(link).expect(302);
    expect(anonymous.headers.location).toBe(`/login?returnTo=${encodeURIComponent(link)}`);
    const owner = await cast.owner.agent.get(link).expect(302);
    expect(owner.headers.location).toBe(`/api/receipts/${purchase.receiptId}/download`);
    // A signed-in stranger learns nothing: the web app's own page answers (its not-found route).
    const stranger = await cast.stranger.agent.get(link).expect(404);
    expect(stranger.headers['content-type']).toContain('text/html');
    expect(stranger.headers.location).toBeUndefined();
  });

  it('an outbox email naming receipts goes out with the PDFs attached (PAY-300)', async () => {
    const cast = await castFor(harness, db());
    const purchase = await purchaseFor(cast);
    await harness.deliver();
    const address = `owner-${purchase.receiptNumber.toLowerCase()}@example.test`;
    await db()
      .insertInto('notification_log')
      .values({
        user_id: cast.owner.userId,
        template_key: 'payment_confirmed',
        category: 'transactional',
        channel: 'email',
        language: 'en',
        recipient: address,
        subject: 'Payment received',
        body: 'Your receipt is attached.',
        attachments: sql`${JSON.stringify({ receipt_ids: [purchase.receiptId] })}::jsonb`,
      })
      .execute();
    await harness.deliver();
    const [mail] = harness.mail.messages({ to: address });
    expect(mail?.attachments).toHaveLength(1);
    expect(mail!.attachments[0]).toMatchObject({
      filename: `${purchase.receiptNumber}.pdf`,
      contentType: 'application/pdf',
    });
    expect(await pdfText(mail!.attachments[0]!.content)).toContain(purchase.receiptNumber);
  });
});
