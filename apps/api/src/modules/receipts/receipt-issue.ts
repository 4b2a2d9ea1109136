/**
 * Receipt numbers and receipt rows (PAY-220..223). A number is taken from the counter row of the EAT year
 * inside the caller's transaction — the one that completes the payment or the refund — so the row stays
 * locked until that transaction ends and a rollback takes the number back with it: numbers are gap-free
 * and never reused (PAY-222). Purchase and refund receipts share one sequence (PAY-221).
 *
 * Lock order (PAY-151): payment → transactions → subscriptions → receipt counter. Callers take the counter
 * last, after every other row they change, and hold it only until their commit.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { BuyerSnapshot, SellerSnapshot } from '../../db/schema-payments.js';
import { nairobiYear } from '../../lib/nairobi-date.js';
import { maskPhone } from '../../lib/phone.js';

type Trx = Transaction<Database>;

export const DEFAULT_RECEIPT_PREFIX = 'TFT';

/** PAY-221: the receipt year is the EAT year of issue, so 31 Dec 21:00 UTC already counts as next year. */
export function receiptYear(issuedAt: Date): number {
  return nairobiYear(issuedAt);
}

/** `TFT-2026-00001`: five digits, growing to six and more rather than wrapping (PAY-221). */
export function formatReceiptNumber(prefix: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`Bad receipt sequence ${sequence}`);
  return `${prefix}-${year}-${String(sequence).padStart(5, '0')}`;
}

/** The system_config keys of the seller block (ADM-451). */
const SELLER_KEYS = {
  legal_name: 'tafuta_business_name',
  kra_pin: 'tafuta_kra_pin',
  vat_number: 'tafuta_vat_registration_number',
  address: 'tafuta_business_address',
  registration_number: 'tafuta_business_registration_number',
  support_phone: 'tafuta_support_phone',
} as const;

async function configValues(trx: Trx): Promise<Map<string, string>> {
  const rows = await trx
    .selectFrom('system_config')
    .select(['key', 'value'])
    .where('key', 'in', [...Object.values(SELLER_KEYS), 'receipt_number_prefix'])
    .execute();
  return new Map(rows.map((row) => [row.key, row.value]));
}

/** The seller identity as it stands now; the receipt keeps this copy whatever changes later (PAY-224). */
export function sellerSnapshot(config: Map<string, string>): SellerSnapshot {
  const value = (key: string) => config.get(key) ?? '';
  return {
    legal_name: value(SELLER_KEYS.legal_name),
    kra_pin: value(SELLER_KEYS.kra_pin),
    vat_number: value(SELLER_KEYS.vat_number),
    address: value(SELLER_KEYS.address),
    registration_number: value(SELLER_KEYS.registration_number),
    support_phone: value(SELLER_KEYS.support_phone),
  };
}

/**
 * Takes the next number of the year: the upsert creates the year's row on its first receipt and otherwise
 * increments it, holding the row lock until the caller's transaction ends.
 */
export async function allocateReceiptNumber(trx: Trx, issuedAt: Date, prefix: string): Promise<string> {
  const year = receiptYear(issuedAt);
  const row = await trx
    .insertInto('receipt_counters')
    .values({ year, last_number: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet((eb) => ({ last_number: eb('receipt_counters.last_number', '+', 1) })),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return formatReceiptNumber(prefix, year, row.last_number);
}

export interface IssueReceiptInput {
  txId: string;
  receiptType: 'purchase' | 'refund';
  /** The tax point: the payment's completed_at, or the refund's completion (PAY-056). */
  issuedAt: Date;
  /** Staff member for refund receipts; null for the automatic purchase receipts (PAY-220). */
  issuedBy?: string | null;
  /** Who paid (purchases: taken from the payment when left out; refunds: the requesting user). */
  payerUserId?: string | null;
  /** Refund receipts: the purchase receipts refunded (PAY-262). */
  relatedReceiptNumbers?: string[];
}

export interface IssuedReceipt {
  receiptId: string;
  receiptNumber: string;
}

/**
 * One receipt for one transaction (PAY-223), inside the transaction that completes it: the amounts are the
 * transaction's, the seller and buyer blocks are copied as they are now, and `transactions.receipt_id`
 * points at the new row. The unique `receipts.tx_id` refuses a second receipt for the same transaction.
 */
export async function issueReceipt(trx: Trx, input: IssueReceiptInput): Promise<IssuedReceipt> {
  const tx = await trx
    .selectFrom('transactions as t')
    .innerJoin('businesses as b', 'b.business_id', 't.business_id')
    .leftJoin('payments as p', 'p.payment_id', 't.payment_id')
    .select([
      't.tx_id',
      't.business_id',
      't.amount_cents',
      't.vat_cents',
      't.net_cents',
      't.buyer_kra_pin',
      'b.business_name',
      'b.business_tag',
      'p.payer_user_id',
    ])
    .where('t.tx_id', '=', input.txId)
    .executeTakeFirstOrThrow();
  const payerId = input.payerUserId ?? tx.payer_user_id;
  const payer = payerId
    ? await trx
        .selectFrom('users')
        .select(['full_name', 'phone'])
        .where('user_id', '=', payerId)
        .executeTakeFirst()
    : undefined;
  const buyer: BuyerSnapshot = {
    business_name: tx.business_name,
    business_tag: tx.business_tag,
    payer_name: payer?.full_name ?? null,
    payer_phone_masked: payer?.phone ? maskPhone(payer.phone) : null,
    buyer_kra_pin: tx.buyer_kra_pin,
  };
  const config = await configValues(trx);
  const prefix = config.get('receipt_number_prefix')?.trim() || DEFAULT_RECEIPT_PREFIX;
  // Everything above only reads; the counter is locked last (PAY-151 lock order).
  const receiptNumber = await allocateReceiptNumber(trx, input.issuedAt, prefix);
  const receipt = await trx
    .insertInto('receipts')
    .values({
      receipt_number: receiptNumber,
      receipt_type: input.receiptType,
      tx_id: tx.tx_id,
      business_id: tx.business_id,
      amount_cents: tx.amount_cents,
      vat_cents: tx.vat_cents,
      net_cents: tx.net_cents,
      issued_at: input.issuedAt,
      issued_by: input.issuedBy ?? null,
      seller_snapshot: JSON.stringify(sellerSnapshot(config)),
      buyer_snapshot: JSON.stringify(buyer),
      related_receipt_numbers: input.relatedReceiptNumbers ?? [],
    })
    .returning('receipt_id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('transactions')
    .set({ receipt_id: receipt.receipt_id })
    .where('tx_id', '=', tx.tx_id)
    .execute();
  return { receiptId: receipt.receipt_id, receiptNumber };
}
