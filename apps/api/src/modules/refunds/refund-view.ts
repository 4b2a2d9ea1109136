import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoSeconds, paginate } from '../../http/envelope.js';
import { notFound } from '../../http/errors.js';
import { formatKes } from '../../lib/money.js';
import { listRequests, requestItems, requestRow, type RefundListFilters } from './refunds.repo.js';

/** ADM-312's refund card: the request, who asked and recorded it, the months per line and the money. */

type Db = Kysely<Database>;

const iso = (value: Date | null) => (value === null ? null : isoSeconds(value));

export async function refundView(db: Db, requestId: string) {
  const request = await requestRow(db, requestId);
  if (!request) throw notFound('No such refund request');
  const [business, people, items, receipt] = await Promise.all([
    db
      .selectFrom('businesses')
      .select(['business_id', 'business_name'])
      .where('business_id', '=', request.business_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('users')
      .select(['user_id', 'full_name', 'phone'])
      .where('user_id', 'in', [request.requested_by, request.created_by])
      .execute(),
    requestItems(db, requestId),
    request.tx_id === null
      ? Promise.resolve(undefined)
      : db
          .selectFrom('receipts')
          .select(['receipt_id', 'receipt_number'])
          .where('tx_id', '=', request.tx_id)
          .executeTakeFirst(),
  ]);
  const person = (userId: string) => people.find((row) => row.user_id === userId);
  return {
    request_id: request.request_id,
    request_number: request.request_number,
    status: request.status,
    business: { business_id: business.business_id, business_name: business.business_name },
    requested_by: {
      user_id: request.requested_by,
      full_name: person(request.requested_by)?.full_name ?? null,
      phone: person(request.requested_by)?.phone ?? null,
    },
    created_by: { user_id: request.created_by, full_name: person(request.created_by)?.full_name ?? null },
    requested_at: isoSeconds(request.requested_at),
    notes: request.notes,
    refund_amount_kes: formatKes(Number(request.refund_amount_cents)),
    vat_reversed_kes: formatKes(Number(request.vat_reversed_cents)),
    processing_fee_kes: formatKes(Number(request.processing_fee_cents)),
    processing_fee_vat_kes: formatKes(Number(request.processing_fee_vat_cents)),
    net_refund_kes: formatKes(Number(request.net_refund_cents)),
    approved_by: request.approved_by,
    approved_at: iso(request.approved_at),
    self_approved: request.self_approved,
    rejected_by: request.rejected_by,
    rejected_at: iso(request.rejected_at),
    reject_reason: request.reject_reason,
    processed_by: request.processed_by,
    processed_at: iso(request.processed_at),
    cash_paid_kes: request.cash_paid_cents === null ? null : formatKes(Number(request.cash_paid_cents)),
    paid_at: iso(request.paid_at),
    tx_id: request.tx_id,
    receipt_id: receipt?.receipt_id ?? null,
    receipt_number: receipt?.receipt_number ?? null,
    items: items.map((item) => ({
      service_type: item.service_type,
      months_to_refund: item.months_to_refund,
      source_item_id: item.source_item_id,
      source_tx_id: item.source_tx_id,
      amount_per_month_kes: formatKes(Number(item.amount_per_month_cents)),
      subtotal_kes: formatKes(Number(item.subtotal_cents)),
      vat_kes: formatKes(Number(item.vat_cents)),
      net_kes: formatKes(Number(item.net_cents)),
      period_start: item.period_start,
      period_end: item.period_end,
    })),
  };
}

export async function refundList(db: Db, filters: RefundListFilters) {
  const { ids, total } = await listRequests(db, filters);
  const data = [];
  for (const id of ids) data.push(await refundView(db, id));
  return { data, pagination: paginate(filters.page, filters.limit, total) };
}
