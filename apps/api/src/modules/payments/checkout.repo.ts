import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PricedCart } from './checkout-cart.js';

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;

/** PAY-106: the payment an Idempotency-Key of this payer already made, whatever became of it. */
export async function paymentByKey(db: Db, payerUserId: string, idempotencyKey: string) {
  return db
    .selectFrom('payments')
    .select([
      'payment_id',
      'status',
      'failure_reason',
      'amount_cents',
      'redirect_url',
      'expires_at',
      'request_hash',
      'created_at',
    ])
    .select(sql<boolean>`created_at > now() - interval '24 hours'`.as('replayable'))
    .where('payer_user_id', '=', payerUserId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}
export type KeyedPayment = NonNullable<Awaited<ReturnType<typeof paymentByKey>>>;

/** PAY-109: the PIN last printed for each business, the default when the cart names none. */
export async function lastKraPins(db: Db, businessIds: readonly string[]): Promise<Map<string, string>> {
  if (businessIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('transactions')
    .select(['business_id', 'buyer_kra_pin'])
    .distinctOn('business_id')
    .where('business_id', 'in', [...businessIds])
    .where('transaction_type', '=', 'purchase')
    .where('buyer_kra_pin', 'is not', null)
    .orderBy('business_id')
    .orderBy('created_at', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.business_id, row.buyer_kra_pin!]));
}

/**
 * PAY-105: the payment (pending, 30 minutes to pay, first status check after 1 minute per PAY-160), one
 * purchase transaction per business and its items, with the unit price, discount and VAT rate copied so
 * later fee, VAT or discount changes never touch it (PAY-024, PAY-085).
 */
export async function insertPendingPayment(
  trx: Trx,
  input: {
    payerUserId: string;
    idempotencyKey: string;
    requestHash: string;
    ipnId: string;
    cart: PricedCart;
    kraPins: Map<string, string | null>;
  },
) {
  const payment = await trx
    .insertInto('payments')
    .values({
      payer_user_id: input.payerUserId,
      amount_cents: input.cart.grossCents,
      idempotency_key: input.idempotencyKey,
      request_hash: input.requestHash,
      pesapal_ipn_id: input.ipnId,
      expires_at: sql<Date>`now() + interval '30 minutes'`,
      next_check_at: sql<Date>`now() + interval '1 minute'`,
    })
    .returning(['payment_id', 'amount_cents', 'expires_at', 'status'])
    .executeTakeFirstOrThrow();
  for (const business of input.cart.businesses) {
    const tx = await trx
      .insertInto('transactions')
      .values({
        payment_id: payment.payment_id,
        business_id: business.businessId,
        transaction_type: 'purchase',
        amount_cents: business.grossCents,
        vat_cents: business.vatCents,
        net_cents: business.netCents,
        vat_rate: input.cart.vatRate,
        payment_method: 'pesapal',
        buyer_kra_pin: input.kraPins.get(business.businessId) ?? null,
        status: 'pending',
      })
      .returning('tx_id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('transaction_items')
      .values(
        business.lines.map((line) => ({
          tx_id: tx.tx_id,
          service_type: line.serviceType,
          months_purchased: line.months,
          unit_price_cents: line.unitPriceCents,
          discount_id: line.discount?.discount_id ?? null,
          discount_percentage: line.discount?.discount_percentage ?? null,
          discount_cents: line.priced.discountCents,
          subtotal_cents: line.priced.lineNetCents,
          vat_cents: line.priced.lineVatCents,
          total_cents: line.priced.lineGrossCents,
        })),
      )
      .execute();
  }
  return { ...payment, amount_cents: Number(payment.amount_cents) };
}

/** PAY-107/108: the payment and its transactions end without money (holds are released by the caller). */
export async function endPendingPayment(
  trx: Trx,
  paymentId: string,
  outcome: {
    status: 'failed' | 'cancelled';
    reason: 'gateway_unavailable' | 'declined' | 'cancelled';
    recheck: boolean;
  },
): Promise<void> {
  await trx
    .updateTable('payments')
    .set({
      status: outcome.status,
      failure_reason: outcome.reason,
      // PAY-161: a cancelled order may still be paid on PesaPal's page; it is looked at again after 1 h.
      // An order PesaPal never accepted has nothing to look up.
      next_check_at: outcome.recheck ? sql<Date>`now() + interval '1 hour'` : null,
    })
    .where('payment_id', '=', paymentId)
    .execute();
  await trx
    .updateTable('transactions')
    .set({ status: 'failed', failure_reason: outcome.reason })
    .where('payment_id', '=', paymentId)
    .where('status', '=', 'pending')
    .execute();
}

/** The payer's name and contacts for PesaPal's billing block (INT-130). */
export async function payerContact(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['full_name', 'phone', 'email'])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
}
