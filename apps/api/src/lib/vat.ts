/**
 * The price, VAT and refund arithmetic of payments.md (PAY-052, PAY-255, PAY-256), exact: every
 * intermediate value is a fraction of bigints, and only the two rounding rules of PAY-004 ever round.
 */

/** A VAT rate such as "0.16" as the fraction 16/100 (never a binary float). */
interface Rate {
  num: bigint;
  den: bigint;
}

function parseDecimal(text: string): Rate {
  const match = /^(\d{1,6})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`Not a decimal number: ${text}`);
  const fraction = match[2] ?? '';
  const den = 10n ** BigInt(fraction.length);
  return { num: BigInt(match[1] ?? '0') * den + BigInt(fraction || '0'), den };
}

export function parseRate(text: string): Rate {
  const rate = parseDecimal(text);
  if (rate.num >= rate.den) throw new RangeError(`A VAT rate must be below 1: ${text}`);
  return rate;
}

/** round2: half-up (away from zero) to the cent, of the non-negative fraction a/b cents. */
function roundHalfUp(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

/** floorKES: down to a whole shilling, of the non-negative fraction a/b cents; the result is in cents. */
function floorShilling(a: bigint, b: bigint): bigint {
  return (a / (b * 100n)) * 100n;
}

function toNumber(value: bigint): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new RangeError('Amount out of range');
  return result;
}

/** round2(gross × r / (1 + r)): the VAT inside a VAT-inclusive amount. */
export function vatPortion(grossCents: number, vatRate: string): number {
  const r = parseRate(vatRate);
  return toNumber(roundHalfUp(BigInt(grossCents) * r.num, r.den + r.num));
}

export interface PricedLine {
  listNetCents: number;
  /** Exact list_gross may have a fraction of a cent; it is shown rounded (it only feeds step 3). */
  listGrossCents: number;
  lineGrossCents: number;
  lineVatCents: number;
  lineNetCents: number;
  discountCents: number;
}

/** PAY-052, steps 1–6, for one service × one business. */
export function priceLine(input: {
  unitPriceCents: number;
  months: number;
  vatRate: string;
  discountPercentage: number;
}): PricedLine {
  const { unitPriceCents, months, discountPercentage: p } = input;
  if (!Number.isSafeInteger(unitPriceCents) || unitPriceCents <= 0) throw new RangeError('unit price');
  if (!Number.isInteger(months) || months < 1) throw new RangeError('months');
  if (!Number.isInteger(p) || p < 0 || p > 90) throw new RangeError('discount percentage');
  const r = parseRate(input.vatRate);
  const listNet = BigInt(unitPriceCents) * BigInt(months);
  // list_gross = list_net × (1 + r) = list_net × (den + num) / den
  const grossNum = listNet * (r.den + r.num);
  const lineGross = floorShilling(grossNum * BigInt(100 - p), r.den * 100n);
  const lineVat = roundHalfUp(lineGross * r.num, r.den + r.num);
  const lineNet = lineGross - lineVat;
  return {
    listNetCents: toNumber(listNet),
    listGrossCents: toNumber(roundHalfUp(grossNum, r.den)),
    lineGrossCents: toNumber(lineGross),
    lineVatCents: toNumber(lineVat),
    lineNetCents: toNumber(lineNet),
    discountCents: toNumber(listNet - lineNet),
  };
}

/**
 * PAY-255: refunding `months` of the `remainingMonths` not yet refunded on a purchase line that still
 * holds `remainingGrossCents` (and `remainingVatCents` of VAT). Refunding every remaining month returns
 * exactly what is left.
 */
export function refundFromLine(input: {
  remainingGrossCents: number;
  remainingVatCents: number;
  remainingMonths: number;
  months: number;
  vatRate: string;
}): { refundGrossCents: number; vatReversedCents: number; retainedGrossCents: number } {
  const { remainingGrossCents: U, remainingVatCents, remainingMonths: u, months: k } = input;
  if (!Number.isInteger(k) || k < 1 || k > u) throw new RangeError('months to refund');
  const r = parseRate(input.vatRate);
  const retained = floorShilling(BigInt(U) * BigInt(u - k), BigInt(u));
  const retainedVat = roundHalfUp(retained * r.num, r.den + r.num);
  return {
    refundGrossCents: toNumber(BigInt(U) - retained),
    vatReversedCents: toNumber(BigInt(remainingVatCents) - retainedVat),
    retainedGrossCents: toNumber(retained),
  };
}

/** PAY-256: the processing fee is whole shillings (rounded down, in the customer's favour), VAT-inclusive. */
export function processingFee(input: {
  refundAmountCents: number;
  /** system_config.refund_processing_fee_percentage, e.g. "5" or "2.5". */
  feePercentage: string | number;
  vatRate: string;
}): { feeCents: number; feeVatCents: number } {
  const pct = parseDecimal(String(input.feePercentage));
  if (pct.num > 100n * pct.den) throw new RangeError('A fee percentage must be 0–100');
  const fee = floorShilling(BigInt(input.refundAmountCents) * pct.num, pct.den * 100n);
  return { feeCents: toNumber(fee), feeVatCents: vatPortion(toNumber(fee), input.vatRate) };
}
