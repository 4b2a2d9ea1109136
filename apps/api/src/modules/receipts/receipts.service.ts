import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoSeconds, paginate } from '../../http/envelope.js';
import { notFound } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { formatKes } from '../../lib/money.js';
import { lastServiceDate } from '../../lib/nairobi-date.js';
import type { Actor } from '../auth/permissions.js';
import { assertMoneyAccess } from './money-access.js';
import { loadReceiptDocument } from './receipt-document.js';
import { receiptFilename, renderReceiptPdf } from './receipt-pdf.js';
import {
  businessReceipts,
  businessTransactions,
  itemsOf,
  receiptByNumber,
  receiptHeader,
  refundsLinkedTo,
  transactionRow,
  type TransactionFilters,
} from './receipts.repo.js';

type Db = Kysely<Database>;

export interface MoneyDeps {
  db: Db;
  logger: Logger;
}

export const downloadPath = (receiptId: string) => `/api/receipts/${receiptId}/download`;

/** PAY-226: the PDF of a receipt the actor may see; anyone else learns nothing (404). */
export async function receiptPdfForActor(
  deps: MoneyDeps,
  actor: Actor,
  receiptId: string,
): Promise<{ filename: string; pdf: Buffer }> {
  const header = await receiptHeader(deps.db, receiptId);
  if (!header) throw notFound('No such receipt');
  await assertMoneyAccess(deps.db, actor, header.business_id, 'receipt', deps.logger);
  const document = await loadReceiptDocument(deps.db, receiptId);
  if (!document) throw notFound('No such receipt');
  return { filename: receiptFilename(document.receiptNumber), pdf: await renderReceiptPdf(document) };
}

/**
 * ERRATA 24: `/r/{receipt_number}` is never a bearer link. The receipt id comes back only to someone
 * allowed to download it; unknown numbers and other people's receipts look the same (undefined).
 */
export async function receiptIdForShortLink(
  deps: MoneyDeps,
  actor: Actor,
  receiptNumber: string,
): Promise<string | undefined> {
  if (!/^[A-Z]{2,10}-\d{4}-\d{5,}$/.test(receiptNumber)) return undefined;
  const receipt = await receiptByNumber(deps.db, receiptNumber);
  if (!receipt) return undefined;
  try {
    await assertMoneyAccess(deps.db, actor, receipt.business_id, 'receipt');
  } catch {
    return undefined;
  }
  return receipt.receipt_id;
}

export async function listBusinessReceipts(
  deps: MoneyDeps,
  actor: Actor,
  businessId: string,
  query: { page: number; limit: number },
) {
  await assertMoneyAccess(deps.db, actor, businessId, 'business', deps.logger);
  const { rows, total } = await businessReceipts(deps.db, businessId, query.page, query.limit);
  return {
    data: rows.map((row) => ({
      receipt_id: row.receipt_id,
      receipt_number: row.receipt_number,
      receipt_type: row.receipt_type,
      tx_id: row.tx_id,
      amount_kes: formatKes(Number(row.amount_cents)),
      vat_kes: formatKes(Number(row.vat_cents)),
      net_kes: formatKes(Number(row.net_cents)),
      issued_at: isoSeconds(row.issued_at),
      download_url: downloadPath(row.receipt_id),
    })),
    pagination: paginate(query.page, query.limit, total),
  };
}

type TxRow = NonNullable<Awaited<ReturnType<typeof transactionRow>>>;
type ItemRow = Awaited<ReturnType<typeof itemsOf>>[number];

function transactionView(row: TxRow, items: ItemRow[]) {
  return {
    tx_id: row.tx_id,
    payment_id: row.payment_id,
    business_id: row.business_id,
    transaction_type: row.transaction_type,
    status: row.status,
    amount_kes: formatKes(Number(row.amount_cents)),
    vat_kes: formatKes(Number(row.vat_cents)),
    net_kes: formatKes(Number(row.net_cents)),
    vat_rate: String(row.vat_rate),
    payment_method: row.payment_method,
    reference_number: row.reference_number,
    refunded_amount_kes: formatKes(Number(row.refunded_amount_cents)),
    receipt_id: row.receipt_id,
    receipt_number: row.receipt_number,
    receipt_url: row.receipt_id === null ? null : downloadPath(row.receipt_id),
    created_at: isoSeconds(row.created_at),
    completed_at: row.completed_at === null ? null : isoSeconds(row.completed_at),
    items: items.map((item) => ({ service_type: item.service_type, months: item.months_purchased })),
  };
}

export async function listBusinessTransactions(
  deps: MoneyDeps,
  actor: Actor,
  businessId: string,
  filters: TransactionFilters,
) {
  await assertMoneyAccess(deps.db, actor, businessId, 'business', deps.logger);
  const { rows, total } = await businessTransactions(deps.db, businessId, filters);
  const items = await itemsOf(
    deps.db,
    rows.map((row) => row.tx_id),
  );
  return {
    data: rows.map((row) =>
      transactionView(
        row,
        items.filter((item) => item.tx_id === row.tx_id),
      ),
    ),
    pagination: paginate(filters.page, filters.limit, total),
  };
}

/** PAY-141/142 with the items in full and the refunds linked to it (ADM-302's "linked refund"). */
export async function transactionDetail(deps: MoneyDeps, actor: Actor, txId: string) {
  const row = await transactionRow(deps.db, txId);
  if (!row) throw notFound('No such transaction');
  await assertMoneyAccess(deps.db, actor, row.business_id, 'transaction', deps.logger);
  const [items, refunds] = await Promise.all([itemsOf(deps.db, [txId]), refundsLinkedTo(deps.db, txId)]);
  return {
    ...transactionView(row, items),
    buyer_kra_pin: row.buyer_kra_pin,
    line_items: items.map((item) => ({
      item_id: item.item_id,
      service_type: item.service_type,
      months_purchased: item.months_purchased,
      unit_price_kes: formatKes(Number(item.unit_price_cents)),
      discount_percentage: item.discount_percentage,
      discount_kes: formatKes(Number(item.discount_cents)),
      subtotal_kes: formatKes(Number(item.subtotal_cents)),
      vat_kes: formatKes(Number(item.vat_cents)),
      total_kes: formatKes(Number(item.total_cents)),
      months_refunded: item.months_refunded,
      gross_refunded_kes: formatKes(Number(item.gross_refunded_cents)),
      period_start: item.period_start,
      period_end: item.period_end,
      last_service_date: item.period_end === null ? null : lastServiceDate(item.period_end),
    })),
    refunds: refunds.map((refund) => ({
      request_id: refund.request_id,
      request_number: refund.request_number,
      status: refund.status,
      refund_amount_kes: formatKes(Number(refund.refund_amount_cents)),
      net_refund_kes: formatKes(Number(refund.net_refund_cents)),
      refund_tx_id: refund.tx_id,
      receipt_id: refund.receipt_id,
      receipt_number: refund.receipt_number,
    })),
  };
}
