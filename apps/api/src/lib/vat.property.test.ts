import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceLine, processingFee, refundFromLine, vatPortion } from './vat.js';

/**
 * Properties of the PAY-052/255/256 arithmetic over many generated carts: the totals a customer pays are
 * whole shillings, VAT and net always add back to the gross, rounding only ever favours the customer, and
 * refunds never return more than was paid.
 */

/** VAT rates as system_config may hold them (ADM-451: 0–1, at most 4 places), as exact decimal text. */
const vatRate = fc.integer({ min: 0, max: 9999 }).map((basisPoints) => (basisPoints / 10_000).toFixed(4));
/** Whole-shilling fees (PAY-022), not only multiples of 25. */
const unitPriceCents = fc.integer({ min: 1, max: 100_000 }).map((kes) => kes * 100);
const months = fc.integer({ min: 1, max: 12 });
const discount = fc.integer({ min: 0, max: 90 });
const line = fc.record({ unitPriceCents, months, vatRate, discountPercentage: discount });

describe('priceLine properties (PAY-052/053)', () => {
  it('charges whole shillings per line, so every cart total is whole shillings too', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 50 }), (lines) => {
        const totals = lines.map((input) => priceLine(input).lineGrossCents);
        for (const total of totals) expect(total % 100).toBe(0);
        expect(totals.reduce((sum, value) => sum + value, 0) % 100).toBe(0);
      }),
    );
  });

  it('splits each line exactly: VAT + net = gross, and list net − net = discount', () => {
    fc.assert(
      fc.property(line, (input) => {
        const priced = priceLine(input);
        expect(priced.lineVatCents + priced.lineNetCents).toBe(priced.lineGrossCents);
        expect(priced.listNetCents - priced.lineNetCents).toBe(priced.discountCents);
        expect(priced.lineVatCents).toBe(vatPortion(priced.lineGrossCents, input.vatRate));
        expect(priced.lineVatCents).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('rounds in the customer’s favour: never above the exact discounted price, never a shilling below it', () => {
    fc.assert(
      fc.property(line, (input) => {
        const priced = priceLine(input);
        // Exact price in cents × 10^6 (rate has ≤ 4 places, percentage is whole): integers only.
        const rateMillionths = BigInt(Math.round(Number(input.vatRate) * 10_000)) * 100n;
        const exact =
          (BigInt(input.unitPriceCents * input.months) *
            (1_000_000n + rateMillionths) *
            BigInt(100 - input.discountPercentage)) /
          100n;
        const charged = BigInt(priced.lineGrossCents) * 1_000_000n;
        expect(charged <= exact).toBe(true);
        expect(exact - charged < 100n * 1_000_000n).toBe(true);
        expect(priced.discountCents).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('never charges more with a bigger discount', () => {
    fc.assert(
      fc.property(line, discount, (input, other) => {
        const [low, high] = [
          Math.min(input.discountPercentage, other),
          Math.max(input.discountPercentage, other),
        ];
        expect(priceLine({ ...input, discountPercentage: high }).lineGrossCents).toBeLessThanOrEqual(
          priceLine({ ...input, discountPercentage: low }).lineGrossCents,
        );
      }),
    );
  });
});

describe('refund properties (PAY-255/256)', () => {
  it('never refunds more than was paid, and refunding month by month returns exactly the line', () => {
    fc.assert(
      fc.property(
        line,
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 12 }),
        (input, steps) => {
          const priced = priceLine(input);
          let gross = priced.lineGrossCents;
          let vat = priced.lineVatCents;
          let left = input.months;
          let refunded = 0;
          for (const step of steps) {
            if (left === 0) break;
            const k = Math.min(step, left);
            const result = refundFromLine({
              remainingGrossCents: gross,
              remainingVatCents: vat,
              remainingMonths: left,
              months: k,
              vatRate: input.vatRate,
            });
            expect(result.refundGrossCents).toBeGreaterThanOrEqual(0);
            expect(result.refundGrossCents).toBeLessThanOrEqual(gross);
            expect(result.vatReversedCents).toBeLessThanOrEqual(vat);
            expect(result.retainedGrossCents % 100).toBe(0);
            refunded += result.refundGrossCents;
            gross -= result.refundGrossCents;
            vat -= result.vatReversedCents;
            left -= k;
          }
          expect(refunded).toBeLessThanOrEqual(priced.lineGrossCents);
          if (left === 0) {
            expect(refunded).toBe(priced.lineGrossCents);
            expect(gross).toBe(0);
            expect(vat).toBe(0);
          }
        },
      ),
    );
  });

  it('keeps the processing fee whole shillings and inside the refund', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        vatRate,
        (kes, pct, rate) => {
          const refundAmountCents = kes * 100;
          const fee = processingFee({ refundAmountCents, feePercentage: pct, vatRate: rate });
          expect(fee.feeCents % 100).toBe(0);
          expect(fee.feeCents).toBeLessThanOrEqual(refundAmountCents);
          expect(fee.feeVatCents).toBeLessThanOrEqual(fee.feeCents);
        },
      ),
    );
  });
});
