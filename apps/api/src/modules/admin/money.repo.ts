import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PaidServiceType, TransactionStatus } from '../../db/schema-payments.js';
import type { InstantRange } from './time-range.js';

/** SQL of the staff transaction screens (ADM-300..305). Filters run on transactions.created_at (indexed). */

type Db = Kysely<Database>;

export interface TransactionFilter {
  range: InstantRange;
  status?: TransactionStatus | undefined;
  type?: 'purchase' | 'refund' | undefined;
  serviceType?: PaidServiceType | undefined;
  needsAttention?: boolean | undefined;
  q?: string | undefined;
}

type Joined = SelectQueryBuilder<
  Database & { t: Database['transactions']; b: Database['businesses'] },
  't' | 'b',
  object
>;

function filtered(db: Db, filter: TransactionFilter): Joined {
  let query = db
    .selectFrom('transactions as t')
    .innerJoin('businesses as b', 'b.business_id', 't.business_id')
    .where('t.created_at', '>=', filter.range.from)
    .where('t.created_at', '<', filter.range.to) as unknown as Joined;
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.type) query = query.where('t.transaction_type', '=', filter.type);
  if (filter.needsAttention !== undefined)
    query = query.where('t.needs_attention', '=', filter.needsAttention);
  const serviceType = filter.serviceType;
  if (serviceType) {
    // A refund transaction has no items of its own: its services are the refund request's lines.
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('transaction_items as i')
            .select(sql`1`.as('one'))
            .whereRef('i.tx_id', '=', 't.tx_id')
            .where('i.service_type', '=', serviceType),
        ),
        eb.exists(
          eb
            .selectFrom('refund_requests as rr')
            .innerJoin('refund_items as ri', 'ri.request_id', 'rr.request_id')
            .select(sql`1`.as('one'))
            .whereRef('rr.tx_id', '=', 't.tx_id')
            .where('ri.service_type', '=', serviceType),
        ),
      ]),
    );
  }
  const q = filter.q;
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('b.business_name', 'ilike', like),
        eb('t.reference_number', '=', q),
        eb(sql<string>`t.payment_id::text`, '=', q.toLowerCase()),
        eb.exists(
          eb
            .selectFrom('receipts as r')
            .select(sql`1`.as('one'))
            .whereRef('r.tx_id', '=', 't.tx_id')
            .where('r.receipt_number', '=', q.toUpperCase()),
        ),
        eb.exists(
          eb
            .selectFrom('payments as p')
            .select(sql`1`.as('one'))
            .whereRef('p.payment_id', '=', 't.payment_id')
            .where((inner) =>
              inner.or([
                inner('p.pesapal_order_tracking_id', '=', q),
                inner('p.pesapal_confirmation_code', '=', q),
              ]),
            ),
        ),
      ]),
    );
  }
  return query;
}

export async function countTransactions(db: Db, filter: TransactionFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** ADM-301 over the filtered set. Refunded purchases still count as collected (their refunds are separate). */
export async function transactionTotals(db: Db, filter: TransactionFilter) {
  const collected = sql`t.transaction_type = 'purchase' and t.status in ('completed', 'refunded')`;
  const refunded = sql`t.transaction_type = 'refund' and t.status = 'completed'`;
  return filtered(db, filter)
    .select([
      sql<number>`count(*)::int`.as('count'),
      sql<string>`coalesce(sum(t.amount_cents) filter (where ${collected}), 0)::bigint`.as('gross'),
      sql<string>`coalesce(sum(t.vat_cents) filter (where ${collected}), 0)::bigint`.as('vat'),
      sql<string>`coalesce(sum(t.net_cents) filter (where ${collected}), 0)::bigint`.as('net'),
      sql<string>`coalesce(sum(t.amount_cents) filter (where ${refunded}), 0)::bigint`.as('refunds'),
      sql<string>`coalesce(sum(t.net_cents) filter (where ${refunded}), 0)::bigint`.as('refunds_net'),
    ])
    .executeTakeFirstOrThrow();
}

const LIST_COLUMNS = [
  't.tx_id',
  't.created_at',
  't.completed_at',
  't.business_id',
  'b.business_name',
  't.transaction_type',
  't.status',
  't.amount_cents',
  't.vat_cents',
  't.net_cents',
  't.reference_number',
  't.receipt_id',
  't.needs_attention',
  't.attention_reason',
  't.payment_id',
] as const;

export type TransactionListRow = Awaited<ReturnType<typeof transactionPage>>[number];

/** Newest first; `after` is the keyset of the last row of the previous batch (CSV export). */
export function transactionPage(
  db: Db,
  filter: TransactionFilter,
  page: { limit: number; offset?: number; after?: { createdAt: Date; txId: string } },
) {
  let query = filtered(db, filter)
    .leftJoin('receipts as r', 'r.receipt_id', 't.receipt_id')
    .leftJoin('payments as p', 'p.payment_id', 't.payment_id')
    .select([...LIST_COLUMNS, 'r.receipt_number', 'p.pesapal_order_tracking_id'])
    .orderBy('t.created_at', 'desc')
    .orderBy('t.tx_id', 'desc')
    .limit(page.limit);
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('t.created_at', '<', after.createdAt),
        eb.and([eb('t.created_at', '=', after.createdAt), eb('t.tx_id', '<', after.txId)]),
      ]),
    );
  }
  if (page.offset) query = query.offset(page.offset);
  return query.execute();
}

export interface LineRow {
  tx_id: string;
  service_type: PaidServiceType | 'processing_fee';
  months: number;
  unit_price_cents: number;
  discount_percentage: number | null;
  discount_cents: number;
  subtotal_cents: number;
  vat_cents: number;
  total_cents: number;
}

/**
 * The lines of a set of transactions: purchase items as bought; refund transactions as the months given
 * back (negative) plus one line for the processing fee kept (positive), so a refund's lines add up to
 * minus the cash paid out, as its receipt says.
 */
export async function linesOf(db: Db, txIds: readonly string[]): Promise<LineRow[]> {
  if (txIds.length === 0) return [];
  const purchase = await db
    .selectFrom('transaction_items')
    .select([
      'tx_id',
      'service_type',
      'months_purchased as months',
      'unit_price_cents',
      'discount_percentage',
      'discount_cents',
      'subtotal_cents',
      'vat_cents',
      'total_cents',
    ])
    .where('tx_id', 'in', txIds)
    .orderBy('tx_id')
    .orderBy('created_at')
    .orderBy('item_id')
    .execute();
  const refund = await db
    .selectFrom('refund_requests as rr')
    .innerJoin('refund_items as ri', 'ri.request_id', 'rr.request_id')
    .select([
      'rr.tx_id',
      'ri.service_type',
      'ri.months_to_refund as months',
      'ri.amount_per_month_cents as unit_price_cents',
      'ri.net_cents',
      'ri.vat_cents',
      'ri.subtotal_cents as gross_cents',
    ])
    .where('rr.tx_id', 'in', txIds)
    .orderBy('ri.created_at')
    .orderBy('ri.item_id')
    .execute();
  const fees = await db
    .selectFrom('refund_requests')
    .select(['tx_id', 'processing_fee_cents', 'processing_fee_vat_cents'])
    .where('tx_id', 'in', txIds)
    .execute();
  const lines: LineRow[] = purchase.map((row) => ({
    ...row,
    unit_price_cents: Number(row.unit_price_cents),
    discount_cents: Number(row.discount_cents),
    subtotal_cents: Number(row.subtotal_cents),
    vat_cents: Number(row.vat_cents),
    total_cents: Number(row.total_cents),
  }));
  for (const row of refund) {
    lines.push({
      tx_id: row.tx_id!,
      service_type: row.service_type,
      months: -row.months,
      unit_price_cents: Number(row.unit_price_cents),
      discount_percentage: null,
      discount_cents: 0,
      subtotal_cents: -Number(row.net_cents),
      vat_cents: -Number(row.vat_cents),
      total_cents: -Number(row.gross_cents),
    });
  }
  return [...lines, ...fees.map((fee) => feeLine(fee))];
}

function feeLine(fee: {
  tx_id: string | null;
  processing_fee_cents: number;
  processing_fee_vat_cents: number;
}): LineRow {
  const total = Number(fee.processing_fee_cents);
  const vat = Number(fee.processing_fee_vat_cents);
  return {
    tx_id: fee.tx_id!,
    service_type: 'processing_fee' as const,
    months: 0,
    unit_price_cents: total,
    discount_percentage: null,
    discount_cents: 0,
    subtotal_cents: total - vat,
    vat_cents: vat,
    total_cents: total,
  };
}

export function paymentOf(db: Db, paymentId: string) {
  return db
    .selectFrom('payments as p')
    .innerJoin('users as u', 'u.user_id', 'p.payer_user_id')
    .select([
      'p.payment_id',
      'p.status',
      'p.amount_cents',
      'p.pesapal_order_tracking_id',
      'p.pesapal_confirmation_code',
      'p.pesapal_payment_method',
      'p.failure_reason',
      'u.user_id',
      'u.full_name',
      'u.phone',
    ])
    .where('p.payment_id', '=', paymentId)
    .executeTakeFirst();
}

export function paymentEventsOf(db: Db, paymentId: string) {
  return db
    .selectFrom('payment_events')
    .select([
      'event_id',
      'received_at',
      'source',
      'outcome',
      'status_code',
      'status_description',
      'amount',
      'currency',
      'confirmation_code',
    ])
    .where('payment_id', '=', paymentId)
    .orderBy('received_at')
    .orderBy('event_id')
    .execute();
}

export function transactionForStaff(db: Db, txId: string) {
  return db
    .selectFrom('transactions as t')
    .innerJoin('businesses as b', 'b.business_id', 't.business_id')
    .leftJoin('receipts as r', 'r.receipt_id', 't.receipt_id')
    .leftJoin('users as resolver', 'resolver.user_id', 't.resolved_by')
    .selectAll('t')
    .select(['b.business_name', 'r.receipt_number', 'resolver.full_name as resolved_by_name'])
    .where('t.tx_id', '=', txId)
    .executeTakeFirst();
}

export function refundsOfTransaction(db: Db, txId: string) {
  return db
    .selectFrom('refund_requests as rr')
    .select(['rr.request_id', 'rr.request_number', 'rr.status', 'rr.net_refund_cents', 'rr.tx_id'])
    .where((eb) =>
      eb.or([
        eb('rr.tx_id', '=', txId),
        eb.exists(
          eb
            .selectFrom('refund_items as ri')
            .innerJoin('transaction_items as ti', 'ti.item_id', 'ri.source_item_id')
            .select(sql`1`.as('one'))
            .whereRef('ri.request_id', '=', 'rr.request_id')
            .where('ti.tx_id', '=', txId),
        ),
      ]),
    )
    .orderBy('rr.requested_at')
    .execute();
}
