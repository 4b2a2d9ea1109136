import { describe, expect, it } from 'vitest';
import { priceLine, processingFee, refundFromLine, vatPortion } from './vat.js';

const HOSTING = 20000;
const ADS = 20000;
const PROMOTION = 15000;
const GALLERY = 10000;

describe('priceLine: the worked examples of PAY-054', () => {
  it.each([
    [
      'A hosting × 6',
      HOSTING,
      6,
      0,
      {
        listNetCents: 120000,
        listGrossCents: 139200,
        lineGrossCents: 139200,
        lineVatCents: 19200,
        lineNetCents: 120000,
        discountCents: 0,
      },
    ],
    [
      'B ads × 3',
      ADS,
      3,
      0,
      {
        listNetCents: 60000,
        listGrossCents: 69600,
        lineGrossCents: 69600,
        lineVatCents: 9600,
        lineNetCents: 60000,
        discountCents: 0,
      },
    ],
    [
      'C promotion × 1',
      PROMOTION,
      1,
      0,
      {
        listNetCents: 15000,
        listGrossCents: 17400,
        lineGrossCents: 17400,
        lineVatCents: 2400,
        lineNetCents: 15000,
        discountCents: 0,
      },
    ],
    [
      'D hosting × 6, 50 %',
      HOSTING,
      6,
      50,
      {
        listNetCents: 120000,
        listGrossCents: 139200,
        lineGrossCents: 69600,
        lineVatCents: 9600,
        lineNetCents: 60000,
        discountCents: 60000,
      },
    ],
    [
      'E gallery × 1, 33 %',
      GALLERY,
      1,
      33,
      {
        listNetCents: 10000,
        listGrossCents: 11600,
        lineGrossCents: 7700,
        lineVatCents: 1062,
        lineNetCents: 6638,
        discountCents: 3362,
      },
    ],
  ])('%s', (_label, unitPriceCents, months, discountPercentage, expected) => {
    expect(priceLine({ unitPriceCents, months, discountPercentage, vatRate: '0.16' })).toEqual(expected);
  });

  it('adds the cart A+B+C to 2,262.00 with VAT 312.00 and net 1,950.00', () => {
    const lines = [
      priceLine({ unitPriceCents: HOSTING, months: 6, discountPercentage: 0, vatRate: '0.16' }),
      priceLine({ unitPriceCents: ADS, months: 3, discountPercentage: 0, vatRate: '0.16' }),
      priceLine({ unitPriceCents: PROMOTION, months: 1, discountPercentage: 0, vatRate: '0.16' }),
    ];
    const sum = (key: 'lineGrossCents' | 'lineVatCents' | 'lineNetCents') =>
      lines.reduce((total, line) => total + line[key], 0);
    expect([sum('lineGrossCents'), sum('lineVatCents'), sum('lineNetCents')]).toEqual([
      226200, 31200, 195000,
    ]);
  });

  it('rounds a price that is not a multiple of 25 down to a whole shilling', () => {
    // 130 × 1.16 = 150.80 → the customer pays 150, and the 0.80 is booked as discount.
    const line = priceLine({ unitPriceCents: 13000, months: 1, discountPercentage: 0, vatRate: '0.16' });
    expect(line).toMatchObject({
      lineGrossCents: 15000,
      lineVatCents: 2069,
      lineNetCents: 12931,
      discountCents: 69,
    });
  });

  it('refuses months, prices and discounts outside the rules', () => {
    expect(() =>
      priceLine({ unitPriceCents: 100, months: 0, discountPercentage: 0, vatRate: '0.16' }),
    ).toThrow();
    expect(() =>
      priceLine({ unitPriceCents: 100, months: 1.5, discountPercentage: 0, vatRate: '0.16' }),
    ).toThrow();
    expect(() =>
      priceLine({ unitPriceCents: 100, months: 1, discountPercentage: 91, vatRate: '0.16' }),
    ).toThrow();
    expect(() =>
      priceLine({ unitPriceCents: 100, months: 1, discountPercentage: 0, vatRate: '1.5' }),
    ).toThrow();
  });
});

describe('refunds: PAY-257 and PAY-258', () => {
  it('worked example 1: 2 of 5 months of 1,160.00', () => {
    const refund = refundFromLine({
      remainingGrossCents: 116000,
      remainingVatCents: 16000,
      remainingMonths: 5,
      months: 2,
      vatRate: '0.16',
    });
    expect(refund).toEqual({ refundGrossCents: 46400, vatReversedCents: 6400, retainedGrossCents: 69600 });
    const fee = processingFee({
      refundAmountCents: refund.refundGrossCents,
      feePercentage: '5',
      vatRate: '0.16',
    });
    expect(fee).toEqual({ feeCents: 2300, feeVatCents: 317 });
    expect(refund.refundGrossCents - fee.feeCents).toBe(44100);
    expect(refund.vatReversedCents - fee.feeVatCents).toBe(6083);
    expect(refund.refundGrossCents - refund.vatReversedCents - (fee.feeCents - fee.feeVatCents)).toBe(38017);
  });

  it('worked example 2: 6 months from the March line and 1 from the January line', () => {
    const march = refundFromLine({
      remainingGrossCents: 69600,
      remainingVatCents: 9600,
      remainingMonths: 6,
      months: 6,
      vatRate: '0.16',
    });
    const january = refundFromLine({
      remainingGrossCents: 139200,
      remainingVatCents: 19200,
      remainingMonths: 6,
      months: 1,
      vatRate: '0.16',
    });
    expect(march).toMatchObject({ refundGrossCents: 69600, vatReversedCents: 9600 });
    expect(january).toMatchObject({
      refundGrossCents: 23200,
      vatReversedCents: 3200,
      retainedGrossCents: 116000,
    });
    const amount = march.refundGrossCents + january.refundGrossCents;
    expect(amount).toBe(92800);
    expect(processingFee({ refundAmountCents: amount, feePercentage: 5, vatRate: '0.16' })).toEqual({
      feeCents: 4600,
      feeVatCents: 634,
    });
  });

  it('returns exactly what is left when every remaining month is refunded', () => {
    expect(
      refundFromLine({
        remainingGrossCents: 7700,
        remainingVatCents: 1062,
        remainingMonths: 1,
        months: 1,
        vatRate: '0.16',
      }),
    ).toEqual({ refundGrossCents: 7700, vatReversedCents: 1062, retainedGrossCents: 0 });
  });

  it('refuses to refund more months than remain', () => {
    expect(() =>
      refundFromLine({
        remainingGrossCents: 100,
        remainingVatCents: 0,
        remainingMonths: 2,
        months: 3,
        vatRate: '0.16',
      }),
    ).toThrow();
  });
});

describe('vatPortion', () => {
  it('rounds half up to the cent', () => {
    expect(vatPortion(7700, '0.16')).toBe(1062);
    expect(vatPortion(2300, '0.16')).toBe(317);
    expect(vatPortion(0, '0.16')).toBe(0);
  });
});
