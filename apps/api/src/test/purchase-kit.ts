import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PaidServiceType } from '../db/schema-payments.js';
import { addDays, addMonths, nairobiDate } from '../lib/nairobi-date.js';
import { priceLine } from '../lib/vat.js';
import { issueReceipt } from '../modules/receipts/receipt-issue.js';

/**
 * Completed purchases written straight into the payments tables (as crediting leaves them), so receipt,
 * refund and subscription tests do not depend on a PesaPal round trip. Prices are the launch fees.
 */

type Db = Kysely<Database>;

const LAUNCH_PRICE_CENTS: Record<PaidServiceType, number> = {
  website_hosting: 20_000,
  ads: 20_000,
  search_promotion: 15_000,
  image_gallery: 10_000,
  premium_listing: 50_000,
};

/** The seller identity receipts print (ADM-451 keys; the seed leaves them empty until launch). */
export const TEST_SELLER = {
  tafuta_business_name: 'eBiashara Rahisi Ltd',
  tafuta_kra_pin: 'P051234567X',
  tafuta_vat_registration_number: '0123456Z',
  tafuta_business_address: 'Kenyatta Avenue, Machakos',
  tafuta_business_registration_number: 'PVT-2024-ABC123',
  tafuta_support_phone: '+254700123456',
};

export async function setSellerIdentity(db: Db): Promise<void> {
  for (const [key, value] of Object.entries(TEST_SELLER)) {
    await db.updateTable('system_config').set({ value }).where('key', '=', key).execute();
  }
}

export interface PurchaseLineInput {
  serviceType: PaidServiceType;
  months: number;
  discountPercentage?: number;
  periodStart: string;
  periodEnd: string;
}

/** One completed payment with one purchase transaction, its items and its receipt. */
export async function completedPurchase(
  db: Db,
  input: { businessId: string; payerId: string; lines: PurchaseLineInput[]; completedAt?: Date },
) {
  const completedAt = input.completedAt ?? new Date();
  const priced = input.lines.map((line) => ({
    line,
    price: priceLine({
      unitPriceCents: LAUNCH_PRICE_CENTS[line.serviceType],
      months: line.months,
      vatRate: '0.16',
      discountPercentage: line.discountPercentage ?? 0,
    }),
  }));
  const gross = priced.reduce((sum, { price }) => sum + price.lineGrossCents, 0);
  const vat = priced.reduce((sum, { price }) => sum + price.lineVatCents, 0);
  return db.transaction().execute(async (trx) => {
    const payment = await trx
      .insertInto('payments')
      .values({
        payer_user_id: input.payerId,
        amount_cents: gross,
        status: 'completed',
        idempotency_key: crypto.randomUUID(),
        request_hash: 'purchase-kit',
        created_at: completedAt,
        expires_at: new Date(completedAt.getTime() + 30 * 60_000),
        completed_at: completedAt,
        pesapal_order_tracking_id: crypto.randomUUID(),
        pesapal_payment_method: 'M-Pesa',
        pesapal_confirmation_code: `QK${crypto.randomBytes(4).toString('hex').toUpperCase()}`,
      })
      .returning('payment_id')
      .executeTakeFirstOrThrow();
    const tx = await trx
      .insertInto('transactions')
      .values({
        payment_id: payment.payment_id,
        business_id: input.businessId,
        transaction_type: 'purchase',
        amount_cents: gross,
        vat_cents: vat,
        net_cents: gross - vat,
        vat_rate: '0.16',
        payment_method: 'pesapal',
        status: 'completed',
        created_at: completedAt,
        completed_at: completedAt,
      })
      .returning('tx_id')
      .executeTakeFirstOrThrow();
    const percentages = [...new Set(input.lines.map((line) => line.discountPercentage ?? 0))].filter(
      (p) => p > 0,
    );
    const discounts = new Map<number, string>();
    for (const percentage of percentages) {
      const discount = await trx
        .insertInto('discounts')
        .values({
          business_id: input.businessId,
          discount_type: '5+ employees at minimum wage',
          discount_percentage: percentage,
          criteria: 'Checked payroll at the office',
          granted_by: input.payerId,
          expires_at: addMonths(nairobiDate(completedAt), 12, 1),
        })
        .returning('discount_id')
        .executeTakeFirstOrThrow();
      discounts.set(percentage, discount.discount_id);
    }
    const items = await trx
      .insertInto('transaction_items')
      .values(
        priced.map(({ line, price }) => ({
          tx_id: tx.tx_id,
          service_type: line.serviceType,
          months_purchased: line.months,
          unit_price_cents: LAUNCH_PRICE_CENTS[line.serviceType],
          discount_id: discounts.get(line.discountPercentage ?? 0) ?? null,
          discount_percentage: line.discountPercentage || null,
          discount_cents: price.discountCents,
          subtotal_cents: price.lineNetCents,
          vat_cents: price.lineVatCents,
          total_cents: price.lineGrossCents,
          period_start: line.periodStart,
          period_end: line.periodEnd,
        })),
      )
      .returning(['item_id', 'service_type'])
      .execute();
    const receipt = await issueReceipt(trx, {
      txId: tx.tx_id,
      receiptType: 'purchase',
      issuedAt: completedAt,
    });
    return { paymentId: payment.payment_id, txId: tx.tx_id, items, ...receipt };
  });
}

/** The subscription row crediting would leave: one term from `startDate` to `expirationDate`. */
export async function setSubscription(
  db: Db,
  input: {
    businessId: string;
    serviceType: PaidServiceType;
    startDate: string;
    anchorDay: number;
    expirationDate: string;
    monthsPaid: number;
    complimentaryMonths?: number;
    status?: 'active' | 'expired' | 'cancelled';
  },
) {
  const values = {
    status: input.status ?? ('active' as const),
    start_date: input.startDate,
    anchor_day: input.anchorDay,
    expiration_date: input.expirationDate,
    months_paid: input.monthsPaid,
    complimentary_months: input.complimentaryMonths ?? 0,
  };
  return db
    .insertInto('service_subscriptions')
    .values({ business_id: input.businessId, service_type: input.serviceType, ...values })
    .onConflict((oc) => oc.columns(['business_id', 'service_type']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * An expiry `monthsAhead` whole months after today plus a few days, on an anchor day every month has, so
 * exactly `monthsAhead` months are refundable today (PAY-253).
 */
export function expiryWithWholeMonthsLeft(
  monthsAhead: number,
  now: Date = new Date(),
): { expiry: string; anchorDay: number } {
  let start = addDays(nairobiDate(now), 5);
  if (Number(start.slice(8, 10)) > 28) start = addMonths(start, 1, 1);
  const anchorDay = Number(start.slice(8, 10));
  return { expiry: addMonths(start, monthsAhead, anchorDay), anchorDay };
}
