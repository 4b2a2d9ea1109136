import type { PaidServiceType } from '../../db/schema-payments.js';
import { addMonths } from '../../lib/nairobi-date.js';
import { processingFee, refundFromLine } from '../../lib/vat.js';

/**
 * The refund rules of payments.md §8 as pure functions: which months may be refunded (PAY-253), which
 * purchase lines they come from (PAY-254) and what they are worth (PAY-255/256). The service feeds them
 * rows it has locked; the tests feed them the spec's worked examples.
 */

/**
 * Whole months left after today: the largest R with `expiration − R months > today` (PAY-253, the month
 * in progress never counts). Month steps use the subscription's anchor day (PAY-182).
 */
export function wholeMonthsRemaining(expirationDate: string, anchorDay: number, today: string): number {
  let months = 0;
  // Bounded: nobody holds more than the 24-month horizon plus a few complimentary years.
  while (months < 600 && addMonths(expirationDate, -(months + 1), anchorDay) > today) months += 1;
  return months;
}

export interface SubscriptionTerm {
  expirationDate: string;
  anchorDay: number;
  monthsPaid: number;
  complimentaryMonths: number;
  status: 'active' | 'expired' | 'cancelled';
}

/** A `service_subscriptions` row as the refund rules read it. */
export function termOfRow(row: {
  expiration_date: string;
  anchor_day: number;
  months_paid: number;
  complimentary_months: number;
  status: SubscriptionTerm['status'];
}): SubscriptionTerm {
  return {
    expirationDate: row.expiration_date,
    anchorDay: row.anchor_day,
    monthsPaid: row.months_paid,
    complimentaryMonths: row.complimentary_months,
    status: row.status,
  };
}

/**
 * PAY-253 with PAY-189: paid months are used first and complimentary months last, so the months still
 * ahead are complimentary first; those are never refundable. `reserved` are months already claimed by
 * other open requests for the same service.
 */
export function refundableMonths(term: SubscriptionTerm, today: string, reserved = 0): number {
  if (term.status !== 'active' || term.expirationDate <= today) return 0;
  const remaining = wholeMonthsRemaining(term.expirationDate, term.anchorDay, today);
  const complimentaryAhead = Math.min(term.complimentaryMonths, remaining);
  return Math.max(0, Math.min(remaining - complimentaryAhead, term.monthsPaid) - reserved);
}

export interface PurchaseLineState {
  itemId: string;
  txId: string;
  receiptNumber: string | null;
  vatRate: string;
  /** Months not yet refunded (or claimed by another open request). */
  monthsLeft: number;
  grossLeftCents: number;
  vatLeftCents: number;
}

export interface PlannedRefundItem {
  serviceType: PaidServiceType;
  sourceItemId: string;
  sourceTxId: string;
  sourceReceiptNumber: string | null;
  months: number;
  grossCents: number;
  vatCents: number;
  netCents: number;
  amountPerMonthCents: number;
  /** The stretch of the subscription these months covered, removed at completion. */
  periodStart: string;
  periodEnd: string;
}

/**
 * PAY-254/255: take `months` from the lines newest first (they cover the months furthest in the future),
 * each valued at what was paid for it. `lines` must already be newest first. Returns undefined when the
 * lines hold fewer months than asked (the caller answers 409).
 */
export function planServiceRefund(input: {
  serviceType: PaidServiceType;
  months: number;
  lines: readonly PurchaseLineState[];
  expirationDate: string;
  anchorDay: number;
}): PlannedRefundItem[] | undefined {
  let left = input.months;
  let end = input.expirationDate;
  const planned: PlannedRefundItem[] = [];
  for (const line of input.lines) {
    if (left === 0) break;
    if (line.monthsLeft <= 0) continue;
    const take = Math.min(left, line.monthsLeft);
    const value = refundFromLine({
      remainingGrossCents: line.grossLeftCents,
      remainingVatCents: line.vatLeftCents,
      remainingMonths: line.monthsLeft,
      months: take,
      vatRate: line.vatRate,
    });
    const start = addMonths(input.expirationDate, -(input.months - left + take), input.anchorDay);
    planned.push({
      serviceType: input.serviceType,
      sourceItemId: line.itemId,
      sourceTxId: line.txId,
      sourceReceiptNumber: line.receiptNumber,
      months: take,
      grossCents: value.refundGrossCents,
      vatCents: value.vatReversedCents,
      netCents: value.refundGrossCents - value.vatReversedCents,
      amountPerMonthCents: Math.floor(value.refundGrossCents / take),
      periodStart: start,
      periodEnd: end,
    });
    end = start;
    left -= take;
  }
  return left === 0 ? planned : undefined;
}

export interface RefundTotals {
  refundAmountCents: number;
  vatReversedCents: number;
  processingFeeCents: number;
  processingFeeVatCents: number;
  netRefundCents: number;
  /** The refund transaction (PAY-257's last row): cash out, VAT and net net of the fee. */
  transaction: { amountCents: number; vatCents: number; netCents: number };
}

/** PAY-256/257: the request's totals and the refund transaction's amounts. */
export function refundTotals(
  items: readonly Pick<PlannedRefundItem, 'grossCents' | 'vatCents'>[],
  feePercentage: number,
  vatRate: string,
): RefundTotals {
  const refundAmountCents = items.reduce((sum, item) => sum + item.grossCents, 0);
  const vatReversedCents = items.reduce((sum, item) => sum + item.vatCents, 0);
  const fee = processingFee({ refundAmountCents, feePercentage, vatRate });
  const netRefundCents = refundAmountCents - fee.feeCents;
  const vatCents = vatReversedCents - fee.feeVatCents;
  return {
    refundAmountCents,
    vatReversedCents,
    processingFeeCents: fee.feeCents,
    processingFeeVatCents: fee.feeVatCents,
    netRefundCents,
    transaction: { amountCents: netRefundCents, vatCents, netCents: netRefundCents - vatCents },
  };
}
