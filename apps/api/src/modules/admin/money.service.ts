import type { Kysely } from 'kysely';
import type { AdminTransactionDetail, AdminTransactionsQuery, TransactionTotals } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { conflict, invalidInput, notFound } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { formatKes } from '../../lib/money.js';
import { addDays, lastServiceDate, nairobiDate } from '../../lib/nairobi-date.js';
import type { CsvCell } from './csv.js';
import type { AdminActor } from './staff-actor.js';
import { dayCount, dayRangeInstants, type DayRange } from './time-range.js';
import {
  linesOf,
  paymentEventsOf,
  paymentOf,
  refundsOfTransaction,
  transactionForStaff,
  type LineRow,
  type TransactionFilter,
  type TransactionListRow,
} from './money.repo.js';

/** Rules of the staff transaction screens (ADM-300..305). */

type Db = Kysely<Database>;

const kes = (cents: number | string) => formatKes(Number(cents));
const downloadPath = (receiptId: string) => `/api/receipts/${receiptId}/download`;

/** ADM-300's presets in EAT days; from/to without a preset mean "custom". Default: last 30 days. */
export function resolvePreset(
  query: Pick<AdminTransactionsQuery, 'range' | 'from' | 'to'>,
  now = new Date(),
): DayRange {
  const today = nairobiDate(now);
  const preset = query.range ?? (query.from || query.to ? 'custom' : 'last_30_days');
  const firstOfMonth = `${today.slice(0, 8)}01`;
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'last_7_days':
      return { from: addDays(today, -6), to: today };
    case 'last_30_days':
      return { from: addDays(today, -29), to: today };
    case 'this_month':
      return { from: firstOfMonth, to: today };
    case 'last_month': {
      const lastDay = addDays(firstOfMonth, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
    case 'custom': {
      const to = query.to ?? today;
      const range = { from: query.from ?? addDays(to, -29), to };
      if (dayCount(range) < 1) {
        throw invalidInput('from must not be after to', [{ field: 'from', code: 'out_of_range' }]);
      }
      return range;
    }
  }
}

export function toFilter(query: AdminTransactionsQuery, days: DayRange): TransactionFilter {
  return {
    range: dayRangeInstants(days),
    status: query.status,
    type: query.type,
    serviceType: query.service_type,
    needsAttention: query.needs_attention,
    q: query.q,
  };
}

export function totalsView(row: {
  count: number;
  gross: string;
  vat: string;
  net: string;
  refunds: string;
  refunds_net: string;
}): TransactionTotals {
  return {
    count: row.count,
    gross_kes: kes(row.gross),
    vat_kes: kes(row.vat),
    net_kes: kes(row.net),
    refunds_kes: kes(row.refunds),
    revenue_kes: kes(Number(row.net) - Number(row.refunds_net)),
  };
}

export function transactionRowView(row: TransactionListRow, lines: LineRow[]) {
  return {
    tx_id: row.tx_id,
    created_at: isoSeconds(row.created_at),
    completed_at: row.completed_at ? isoSeconds(row.completed_at) : null,
    business_id: row.business_id,
    business_name: row.business_name,
    transaction_type: row.transaction_type,
    status: row.status,
    amount_kes: kes(row.amount_cents),
    vat_kes: kes(row.vat_cents),
    net_kes: kes(row.net_cents),
    items: lines
      .filter((line) => line.service_type !== 'processing_fee')
      .map((line) => ({
        service_type: line.service_type as Exclude<LineRow['service_type'], 'processing_fee'>,
        months: Math.abs(line.months),
      })),
    reference_number: row.reference_number,
    pesapal_order_tracking_id: row.pesapal_order_tracking_id,
    receipt_id: row.receipt_id,
    receipt_number: row.receipt_number,
    receipt_url: row.receipt_id ? downloadPath(row.receipt_id) : null,
    needs_attention: row.needs_attention,
    attention_reason: row.attention_reason,
  };
}

/** ADM-305: date, receipt number, business, service, months, unit price, discount, subtotal, VAT, total, status, reference. */
export const TRANSACTION_CSV_HEADER = [
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
] as const;

/** Amounts as plain numbers with 2 decimals (ADM-700), so a spreadsheet sums them. */
const amount = (cents: number) => Number((cents / 100).toFixed(2));

export function transactionCsvRows(row: TransactionListRow, lines: LineRow[]): CsvCell[][] {
  const head = [
    row.completed_at ?? row.created_at,
    row.tx_id,
    row.transaction_type,
    row.receipt_number ?? '',
  ];
  const tail = [row.status, row.reference_number ?? row.pesapal_order_tracking_id ?? ''];
  if (lines.length === 0) {
    // A transaction without lines (none at launch) still shows in the books.
    return [
      [
        ...head,
        row.business_name,
        '',
        '',
        '',
        '',
        '',
        amount(Number(row.net_cents)),
        amount(Number(row.vat_cents)),
        amount(Number(row.amount_cents)),
        ...tail,
      ],
    ];
  }
  return lines.map((line) => [
    ...head,
    row.business_name,
    line.service_type,
    line.months,
    amount(line.unit_price_cents),
    line.discount_percentage ?? 0,
    amount(line.discount_cents),
    amount(line.subtotal_cents),
    amount(line.vat_cents),
    amount(line.total_cents),
    ...tail,
  ]);
}

/** ADM-302: everything staff need to judge one transaction, payment events included. */
export async function staffTransactionDetail(db: Db, txId: string): Promise<AdminTransactionDetail> {
  const tx = await transactionForStaff(db, txId);
  if (!tx) throw notFound('No such transaction');
  const [lines, payment, events, refunds] = await Promise.all([
    linesOf(db, [txId]),
    tx.payment_id ? paymentOf(db, tx.payment_id) : undefined,
    tx.payment_id ? paymentEventsOf(db, tx.payment_id) : [],
    refundsOfTransaction(db, txId),
  ]);
  const periods = await db
    .selectFrom('transaction_items')
    .select(['service_type', 'period_start', 'period_end', 'months_refunded'])
    .where('tx_id', '=', txId)
    .execute();
  return {
    tx_id: tx.tx_id,
    transaction_type: tx.transaction_type,
    status: tx.status,
    business: { business_id: tx.business_id, business_name: tx.business_name },
    amount_kes: kes(tx.amount_cents),
    vat_kes: kes(tx.vat_cents),
    net_kes: kes(tx.net_cents),
    vat_rate: String(tx.vat_rate),
    refunded_amount_kes: kes(tx.refunded_amount_cents),
    payment_method: tx.payment_method,
    reference_number: tx.reference_number,
    buyer_kra_pin: tx.buyer_kra_pin,
    created_at: isoSeconds(tx.created_at),
    completed_at: tx.completed_at ? isoSeconds(tx.completed_at) : null,
    failure_reason: tx.failure_reason,
    notes: tx.notes,
    line_items: lines.map((line) => {
      const period = periods.find((p) => p.service_type === line.service_type && line.months > 0);
      return {
        service_type: line.service_type,
        months: line.months,
        unit_price_kes: kes(line.unit_price_cents),
        discount_percentage: line.discount_percentage,
        discount_kes: kes(line.discount_cents),
        subtotal_kes: kes(line.subtotal_cents),
        vat_kes: kes(line.vat_cents),
        total_kes: kes(line.total_cents),
        months_refunded: period?.months_refunded ?? 0,
        period_start: period?.period_start ?? null,
        last_service_date: period?.period_end ? lastServiceDate(period.period_end) : null,
      };
    }),
    payment: payment
      ? {
          payment_id: payment.payment_id,
          status: payment.status,
          amount_kes: kes(payment.amount_cents),
          payer: { user_id: payment.user_id, full_name: payment.full_name, phone: payment.phone },
          pesapal_order_tracking_id: payment.pesapal_order_tracking_id,
          merchant_reference: payment.payment_id,
          confirmation_code: payment.pesapal_confirmation_code,
          payment_method: payment.pesapal_payment_method,
          failure_reason: payment.failure_reason,
          events: events.map((event) => ({
            event_id: event.event_id,
            received_at: isoSeconds(event.received_at),
            source: event.source,
            outcome: event.outcome,
            status_code: event.status_code,
            status_description: event.status_description,
            amount: event.amount === null ? null : String(event.amount),
            currency: event.currency,
            confirmation_code: event.confirmation_code,
          })),
        }
      : null,
    receipt:
      tx.receipt_id && tx.receipt_number
        ? {
            receipt_id: tx.receipt_id,
            receipt_number: tx.receipt_number,
            download_url: downloadPath(tx.receipt_id),
          }
        : null,
    refunds: refunds.map((refund) => ({
      request_id: refund.request_id,
      request_number: refund.request_number,
      status: refund.status,
      net_refund_kes: kes(refund.net_refund_cents),
      refund_tx_id: refund.tx_id,
    })),
    needs_attention: tx.needs_attention,
    attention_reason: tx.attention_reason,
    resolution:
      tx.resolved_at && tx.resolved_by
        ? {
            resolved_at: isoSeconds(tx.resolved_at),
            resolved_by: { user_id: tx.resolved_by, full_name: tx.resolved_by_name },
            note: tx.resolution_note ?? '',
          }
        : null,
  };
}

/**
 * ADM-304: clears the flag after staff fixed the cause. The row lock makes two staff resolving at once
 * end with one resolution and one 409; the payment's own flag clears when none of its transactions is
 * still flagged. Audited in the same transaction.
 */
export async function resolveTransaction(db: Db, actor: AdminActor, txId: string, note: string) {
  return db.transaction().execute(async (trx) => {
    const tx = await trx
      .selectFrom('transactions as t')
      .innerJoin('businesses as b', 'b.business_id', 't.business_id')
      .select([
        't.tx_id',
        't.payment_id',
        't.needs_attention',
        't.attention_reason',
        't.status',
        'b.business_name',
      ])
      .where('t.tx_id', '=', txId)
      .forUpdate('t')
      .executeTakeFirst();
    if (!tx) throw notFound('No such transaction');
    if (!tx.needs_attention) throw conflict('This transaction is not flagged as needing attention');
    const now = new Date();
    await trx
      .updateTable('transactions')
      .set({ needs_attention: false, resolved_at: now, resolved_by: actor.userId, resolution_note: note })
      .where('tx_id', '=', txId)
      .execute();
    if (tx.payment_id) {
      const stillFlagged = await trx
        .selectFrom('transactions')
        .select('tx_id')
        .where('payment_id', '=', tx.payment_id)
        .where('needs_attention', '=', true)
        .executeTakeFirst();
      if (!stillFlagged) {
        await trx
          .updateTable('payments')
          .set({ needs_attention: false })
          .where('payment_id', '=', tx.payment_id)
          .execute();
      }
    }
    await writeAuditInTransaction(trx, {
      ...actor.audit,
      action: 'payment_issue_resolved',
      entityType: 'transaction',
      entityId: txId,
      entityLabel: tx.business_name,
      oldValue: { needs_attention: true, attention_reason: tx.attention_reason, status: tx.status },
      newValue: { needs_attention: false },
      reason: note,
    });
    return { tx_id: txId, needs_attention: false, resolved_at: isoSeconds(now), note };
  });
}
