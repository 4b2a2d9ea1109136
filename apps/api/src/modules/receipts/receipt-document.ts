import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { BuyerSnapshot, PaidServiceType, SellerSnapshot } from '../../db/schema-payments.js';

/**
 * What a receipt PDF shows (PAY-224/225/262), loaded from the receipt row, its transaction and the
 * purchase items or refund items. The PDF is drawn from this on demand; nothing is stored as a file, so
 * a template change applies to old receipts while the data and identities shown stay as issued.
 */

type Db = Kysely<Database> | Transaction<Database>;

export interface PurchaseLine {
  serviceType: PaidServiceType;
  months: number;
  periodStart: string | null;
  /** expiration-style end (first day without service); the PDF prints the day before (ERRATA 22). */
  periodEnd: string | null;
  unitPriceCents: number;
  discountPercentage: number | null;
  discountCents: number;
  netCents: number;
  vatCents: number;
  totalCents: number;
}

export interface RefundLine {
  serviceType: PaidServiceType;
  months: number;
  periodStart: string | null;
  periodEnd: string | null;
  netCents: number;
  vatCents: number;
  grossCents: number;
}

export interface ReceiptDocument {
  receiptId: string;
  receiptNumber: string;
  kind: 'purchase' | 'refund';
  issuedAt: Date;
  businessId: string;
  seller: SellerSnapshot;
  buyer: BuyerSnapshot;
  supportPhone: string;
  vatRate: string;
  amountCents: number;
  vatCents: number;
  netCents: number;
  kra: {
    cuSerialNumber: string | null;
    cuInvoiceNumber: string | null;
    verificationUrl: string | null;
    signedAt: Date | null;
  } | null;
  purchase?: {
    paymentMethod: string;
    confirmationCode: string | null;
    merchantReference: string | null;
    lines: PurchaseLine[];
  };
  refund?: {
    requestNumber: string;
    relatedReceiptNumbers: string[];
    lines: RefundLine[];
    refundAmountCents: number;
    vatReversedCents: number;
    feeCents: number;
    feeVatCents: number;
    cashPaidCents: number;
    paidAt: Date | null;
    paidBy: string | null;
  };
}

const parseJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** "M-Pesa via PesaPal"; the wallet or card name as PesaPal reported it, when it did. */
function methodLabel(method: 'pesapal' | 'cash', reported: string | null): string {
  if (method === 'cash') return 'Cash';
  return reported ? `${reported} via PesaPal` : 'PesaPal';
}

export async function loadReceiptDocument(db: Db, receiptId: string): Promise<ReceiptDocument | undefined> {
  const row = await db
    .selectFrom('receipts as r')
    .innerJoin('transactions as t', 't.tx_id', 'r.tx_id')
    .leftJoin('payments as p', 'p.payment_id', 't.payment_id')
    .select([
      'r.receipt_id',
      'r.receipt_number',
      'r.receipt_type',
      'r.issued_at',
      'r.business_id',
      'r.amount_cents',
      'r.vat_cents',
      'r.net_cents',
      'r.seller_snapshot',
      'r.buyer_snapshot',
      'r.related_receipt_numbers',
      'r.kra_cu_serial_number',
      'r.kra_cu_invoice_number',
      'r.kra_verification_url',
      'r.kra_signed_at',
      't.tx_id',
      't.vat_rate',
      't.payment_method',
      't.reference_number',
      'p.payment_id',
      'p.pesapal_payment_method',
      'p.pesapal_confirmation_code',
    ])
    .where('r.receipt_id', '=', receiptId)
    .executeTakeFirst();
  if (!row) return undefined;
  const seller = parseJson(row.seller_snapshot);
  const supportPhone =
    seller.support_phone ??
    (
      await db
        .selectFrom('system_config')
        .select('value')
        .where('key', '=', 'tafuta_support_phone')
        .executeTakeFirst()
    )?.value ??
    '';
  const anyKra =
    row.kra_cu_serial_number ?? row.kra_cu_invoice_number ?? row.kra_verification_url ?? row.kra_signed_at;
  const document: ReceiptDocument = {
    receiptId: row.receipt_id,
    receiptNumber: row.receipt_number,
    kind: row.receipt_type,
    issuedAt: row.issued_at,
    businessId: row.business_id,
    seller,
    buyer: parseJson(row.buyer_snapshot),
    supportPhone,
    vatRate: String(row.vat_rate),
    amountCents: Number(row.amount_cents),
    vatCents: Number(row.vat_cents),
    netCents: Number(row.net_cents),
    kra:
      anyKra === null
        ? null
        : {
            cuSerialNumber: row.kra_cu_serial_number,
            cuInvoiceNumber: row.kra_cu_invoice_number,
            verificationUrl: row.kra_verification_url,
            signedAt: row.kra_signed_at,
          },
  };

  if (row.receipt_type === 'purchase') {
    const items = await db
      .selectFrom('transaction_items')
      .selectAll()
      .where('tx_id', '=', row.tx_id)
      .orderBy('service_type')
      .execute();
    document.purchase = {
      paymentMethod: methodLabel(row.payment_method, row.pesapal_payment_method),
      confirmationCode: row.pesapal_confirmation_code ?? row.reference_number,
      merchantReference: row.payment_id,
      lines: items.map((item) => ({
        serviceType: item.service_type,
        months: item.months_purchased,
        periodStart: item.period_start,
        periodEnd: item.period_end,
        unitPriceCents: Number(item.unit_price_cents),
        discountPercentage: item.discount_percentage,
        discountCents: Number(item.discount_cents),
        netCents: Number(item.subtotal_cents),
        vatCents: Number(item.vat_cents),
        totalCents: Number(item.total_cents),
      })),
    };
    return document;
  }

  const request = await db
    .selectFrom('refund_requests as q')
    .leftJoin('users as u', 'u.user_id', 'q.processed_by')
    .select([
      'q.request_id',
      'q.request_number',
      'q.refund_amount_cents',
      'q.vat_reversed_cents',
      'q.processing_fee_cents',
      'q.processing_fee_vat_cents',
      'q.cash_paid_cents',
      'q.net_refund_cents',
      'q.paid_at',
      'u.full_name as paid_by',
    ])
    .where('q.tx_id', '=', row.tx_id)
    .executeTakeFirst();
  if (!request) return document;
  const items = await db
    .selectFrom('refund_items')
    .selectAll()
    .where('request_id', '=', request.request_id)
    .orderBy('service_type')
    .orderBy('created_at')
    .execute();
  document.refund = {
    requestNumber: request.request_number,
    relatedReceiptNumbers: row.related_receipt_numbers,
    lines: items.map((item) => ({
      serviceType: item.service_type,
      months: item.months_to_refund,
      periodStart: item.period_start,
      periodEnd: item.period_end,
      netCents: Number(item.net_cents),
      vatCents: Number(item.vat_cents),
      grossCents: Number(item.subtotal_cents),
    })),
    refundAmountCents: Number(request.refund_amount_cents),
    vatReversedCents: Number(request.vat_reversed_cents),
    feeCents: Number(request.processing_fee_cents),
    feeVatCents: Number(request.processing_fee_vat_cents),
    cashPaidCents: Number(request.cash_paid_cents ?? request.net_refund_cents),
    paidAt: request.paid_at,
    paidBy: request.paid_by,
  };
  return document;
}
