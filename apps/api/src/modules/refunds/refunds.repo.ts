import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PaidServiceType, RefundStatus } from '../../db/schema-payments.js';
import type { PurchaseLineState } from './refund-plan.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function configValue(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('system_config').select('value').where('key', '=', key).executeTakeFirst())
    ?.value;
}

export async function subscriptionsFor(
  db: Db,
  businessId: string,
  serviceTypes: readonly PaidServiceType[],
  options: { forUpdate?: boolean } = {},
) {
  let query = db
    .selectFrom('service_subscriptions')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('service_type', 'in', serviceTypes)
    // PAY-151 lock order: subscriptions ordered by (business_id, service_type).
    .orderBy('service_type');
  if (options.forUpdate) query = query.forUpdate();
  return query.execute();
}

/**
 * Months of a service already claimed by other open (pending or approved) requests, per source item, so
 * two requests cannot promise the same months.
 */
export async function claimedMonths(db: Db, businessId: string, exceptRequestId?: string) {
  let query = db
    .selectFrom('refund_items as i')
    .innerJoin('refund_requests as q', 'q.request_id', 'i.request_id')
    .select(['i.service_type', 'i.source_item_id', sql<number>`sum(i.months_to_refund)::int`.as('months')])
    .where('q.business_id', '=', businessId)
    .where('q.status', 'in', ['pending', 'approved'])
    .groupBy(['i.service_type', 'i.source_item_id']);
  if (exceptRequestId) query = query.where('q.request_id', '<>', exceptRequestId);
  return query.execute();
}

/**
 * PAY-254: the completed purchase lines of the current term of one service, newest first (the latest
 * bought months lie furthest in the future), with what is left on each.
 */
export async function purchaseLines(
  db: Db,
  input: { businessId: string; serviceType: PaidServiceType; termStart: string },
): Promise<PurchaseLineState[]> {
  const rows = await db
    .selectFrom('transaction_items as ti')
    .innerJoin('transactions as t', 't.tx_id', 'ti.tx_id')
    .leftJoin('receipts as r', 'r.receipt_id', 't.receipt_id')
    .select([
      'ti.item_id',
      'ti.tx_id',
      'ti.months_purchased',
      'ti.months_refunded',
      'ti.total_cents',
      'ti.gross_refunded_cents',
      'ti.vat_cents',
      'ti.vat_refunded_cents',
      't.vat_rate',
      'r.receipt_number',
    ])
    .where('t.business_id', '=', input.businessId)
    .where('t.transaction_type', '=', 'purchase')
    .where('t.status', 'in', ['completed', 'refunded'])
    .where('ti.service_type', '=', input.serviceType)
    .where('ti.period_start', '>=', input.termStart)
    .whereRef('ti.months_refunded', '<', 'ti.months_purchased')
    .orderBy('ti.period_end', 'desc')
    .orderBy('t.completed_at', 'desc')
    .execute();
  return rows.map((row) => ({
    itemId: row.item_id,
    txId: row.tx_id,
    receiptNumber: row.receipt_number,
    vatRate: String(row.vat_rate),
    monthsLeft: row.months_purchased - row.months_refunded,
    grossLeftCents: Number(row.total_cents) - Number(row.gross_refunded_cents),
    vatLeftCents: Number(row.vat_cents) - Number(row.vat_refunded_cents),
  }));
}

export async function nextRequestNumber(db: Db): Promise<string> {
  const result = await sql<{ n: string }>`select nextval('refund_request_number_seq')::text as n`.execute(db);
  return `RF-${result.rows[0]!.n.padStart(3, '0')}`;
}

export async function requestRow(db: Db, requestId: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('refund_requests').selectAll().where('request_id', '=', requestId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function requestByKey(db: Db, createdBy: string, idempotencyKey: string) {
  return db
    .selectFrom('refund_requests')
    .selectAll()
    .where('created_by', '=', createdBy)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

export async function requestItems(db: Db, requestId: string) {
  return db
    .selectFrom('refund_items as i')
    .innerJoin('transaction_items as ti', 'ti.item_id', 'i.source_item_id')
    .selectAll('i')
    .select('ti.tx_id as source_tx_id')
    .where('i.request_id', '=', requestId)
    .orderBy('i.service_type')
    .orderBy('i.period_end', 'desc')
    .execute();
}

export interface RefundListFilters {
  status?: RefundStatus | undefined;
  businessId?: string | undefined;
  /** Refund number, business name or owner phone fragment (ADM-312). */
  q?: string | undefined;
  page: number;
  limit: number;
}

export async function listRequests(db: Db, filters: RefundListFilters) {
  let query = db
    .selectFrom('refund_requests as q')
    .innerJoin('businesses as b', 'b.business_id', 'q.business_id');
  if (filters.status) query = query.where('q.status', '=', filters.status);
  if (filters.businessId) query = query.where('q.business_id', '=', filters.businessId);
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('q.request_number', 'ilike', like),
        eb('b.business_name', 'ilike', like),
        eb('q.requested_by', 'in', eb.selectFrom('users').select('user_id').where('phone', 'like', like)),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    query
      .select(['q.request_id'])
      .orderBy('q.requested_at', 'desc')
      .limit(filters.limit)
      .offset((filters.page - 1) * filters.limit)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { ids: rows.map((row) => row.request_id), total: total.n };
}
