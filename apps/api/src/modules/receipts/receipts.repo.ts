import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PaidServiceType, TransactionStatus } from '../../db/schema-payments.js';
import { nairobiMidnight, addDays } from '../../lib/nairobi-date.js';
import { SERVICE_NAMES, SERVICE_TYPES } from '../subscriptions/service-names.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function receiptHeader(db: Db, receiptId: string) {
  return db
    .selectFrom('receipts')
    .select(['receipt_id', 'receipt_number', 'business_id'])
    .where('receipt_id', '=', receiptId)
    .executeTakeFirst();
}

export async function receiptByNumber(db: Db, receiptNumber: string) {
  return db
    .selectFrom('receipts')
    .select(['receipt_id', 'receipt_number', 'business_id'])
    .where('receipt_number', '=', receiptNumber)
    .executeTakeFirst();
}

export async function businessReceipts(db: Db, businessId: string, page: number, limit: number) {
  const [rows, total] = await Promise.all([
    db
      .selectFrom('receipts')
      .select([
        'receipt_id',
        'receipt_number',
        'receipt_type',
        'tx_id',
        'amount_cents',
        'vat_cents',
        'net_cents',
        'issued_at',
      ])
      .where('business_id', '=', businessId)
      .orderBy('issued_at', 'desc')
      .orderBy('receipt_number', 'desc')
      .limit(limit)
      .offset((page - 1) * limit)
      .execute(),
    db
      .selectFrom('receipts')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('business_id', '=', businessId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

export interface TransactionFilters {
  /** EAT calendar dates, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  status?: TransactionStatus | undefined;
  /** Part of a receipt number, or words naming a service. */
  q?: string | undefined;
  page: number;
  limit: number;
}

/**
 * UI-TX-02's search names a service the way the owner reads it: its type ("website_hosting") or its
 * name in English or Kiswahili ("website", "tovuti"), any case.
 */
export function servicesMatching(text: string): PaidServiceType[] {
  const wanted = text.trim().toLowerCase();
  if (wanted === '') return [];
  const asType = wanted.replace(/[\s-]+/g, '_');
  return SERVICE_TYPES.filter(
    (type) =>
      type.includes(asType) ||
      Object.values(SERVICE_NAMES).some((names) => names[type].toLowerCase().includes(wanted)),
  );
}

/** LIKE's wildcards typed by a person are matched literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** UI-TX-01: newest first; served by transactions (business_id, created_at). */
export async function businessTransactions(db: Db, businessId: string, filters: TransactionFilters) {
  let query = db
    .selectFrom('transactions as t')
    .leftJoin('receipts as r', 'r.receipt_id', 't.receipt_id')
    .where('t.business_id', '=', businessId);
  if (filters.from) query = query.where('t.created_at', '>=', nairobiMidnight(filters.from));
  if (filters.to) query = query.where('t.created_at', '<', nairobiMidnight(addDays(filters.to, 1)));
  if (filters.status) query = query.where('t.status', '=', filters.status);
  const search = filters.q?.trim();
  if (search) {
    const services = servicesMatching(search);
    query = query.where((eb) =>
      eb.or([
        eb('r.receipt_number', 'ilike', `%${likeLiteral(search)}%`),
        ...(services.length > 0
          ? [
              eb.exists(
                eb
                  .selectFrom('transaction_items as i')
                  .select('i.item_id')
                  .whereRef('i.tx_id', '=', 't.tx_id')
                  .where('i.service_type', 'in', services),
              ),
            ]
          : []),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    query
      .selectAll('t')
      .select(['r.receipt_number'])
      .orderBy('t.created_at', 'desc')
      .orderBy('t.tx_id')
      .limit(filters.limit)
      .offset((filters.page - 1) * filters.limit)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

export async function transactionRow(db: Db, txId: string) {
  return db
    .selectFrom('transactions as t')
    .leftJoin('receipts as r', 'r.receipt_id', 't.receipt_id')
    .selectAll('t')
    .select(['r.receipt_number'])
    .where('t.tx_id', '=', txId)
    .executeTakeFirst();
}

export async function itemsOf(db: Db, txIds: readonly string[]) {
  if (txIds.length === 0) return [];
  return db
    .selectFrom('transaction_items')
    .selectAll()
    .where('tx_id', 'in', txIds)
    .orderBy('service_type')
    .execute();
}

/**
 * Refunds linked to a transaction: for a purchase, the requests drawing on its items; for a refund
 * transaction, the request it completed.
 */
export async function refundsLinkedTo(db: Db, txId: string) {
  return db
    .selectFrom('refund_requests as q')
    .leftJoin('receipts as r', 'r.tx_id', 'q.tx_id')
    .select([
      'q.request_id',
      'q.request_number',
      'q.status',
      'q.refund_amount_cents',
      'q.net_refund_cents',
      'q.tx_id',
      'r.receipt_id',
      'r.receipt_number',
    ])
    .where((eb) =>
      eb.or([
        eb('q.tx_id', '=', txId),
        eb(
          'q.request_id',
          'in',
          eb
            .selectFrom('refund_items as i')
            .innerJoin('transaction_items as ti', 'ti.item_id', 'i.source_item_id')
            .select('i.request_id')
            .where('ti.tx_id', '=', txId),
        ),
      ]),
    )
    .orderBy('q.requested_at')
    .execute();
}
