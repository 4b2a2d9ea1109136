import { describe, expect, it } from 'vitest';
import {
  planServiceRefund,
  refundableMonths,
  refundTotals,
  wholeMonthsRemaining,
  type PurchaseLineState,
} from './refund-plan.js';

const line = (overrides: Partial<PurchaseLineState>): PurchaseLineState => ({
  itemId: 'item',
  txId: 'tx',
  receiptNumber: 'TFT-2026-00001',
  vatRate: '0.16',
  monthsLeft: 1,
  grossLeftCents: 0,
  vatLeftCents: 0,
  ...overrides,
});

describe('refundable months (PAY-253, PAY-189)', () => {
  it('counts whole months strictly after today, never the month in progress', () => {
    // PAY-258: expiry 15 Jan 2027 seen on 20 May 2026 → 7.
    expect(wholeMonthsRemaining('2027-01-15', 15, '2026-05-20')).toBe(7);
    // On the boundary day itself the month starting today is in progress: 15 Jun − 1 month = 15 May is not > 15 May.
    expect(wholeMonthsRemaining('2026-06-15', 15, '2026-05-15')).toBe(0);
    expect(wholeMonthsRemaining('2026-06-15', 15, '2026-05-14')).toBe(1);
    expect(wholeMonthsRemaining('2026-06-16', 16, '2026-05-15')).toBe(1);
    // Anchor day 31 across February (PAY-182): 31 Mar − 1 month = 28 Feb (2026 is not a leap year).
    expect(wholeMonthsRemaining('2026-03-31', 31, '2026-02-27')).toBe(1);
    expect(wholeMonthsRemaining('2026-03-31', 31, '2026-02-28')).toBe(0);
    expect(wholeMonthsRemaining('2028-03-31', 31, '2028-02-28')).toBe(1);
    expect(wholeMonthsRemaining('2028-03-31', 31, '2028-02-29')).toBe(0);
  });

  it('leaves out complimentary months still ahead, and months other requests claim', () => {
    const term = {
      expirationDate: '2027-01-15',
      anchorDay: 15,
      monthsPaid: 12,
      complimentaryMonths: 2,
      status: 'active' as const,
    };
    expect(refundableMonths(term, '2026-05-20')).toBe(5);
    expect(refundableMonths(term, '2026-05-20', 3)).toBe(2);
    expect(refundableMonths({ ...term, complimentaryMonths: 0 }, '2026-05-20')).toBe(7);
    // Only paid months can come back: 1 paid month and 6 complimentary ahead → nothing.
    expect(refundableMonths({ ...term, monthsPaid: 1, complimentaryMonths: 6 }, '2026-05-20')).toBe(1);
    expect(refundableMonths({ ...term, monthsPaid: 1, complimentaryMonths: 7 }, '2026-05-20')).toBe(0);
    expect(refundableMonths({ ...term, status: 'cancelled' }, '2026-05-20')).toBe(0);
    expect(refundableMonths({ ...term, expirationDate: '2026-05-20' }, '2026-05-20')).toBe(0);
  });
});

describe('refund arithmetic (PAY-255..258)', () => {
  it('PAY-257: 2 of 5 months of 1,160.00 → 464.00, fee 23.00, cash 441.00', () => {
    const planned = planServiceRefund({
      serviceType: 'website_hosting',
      months: 2,
      lines: [line({ monthsLeft: 5, grossLeftCents: 116_000, vatLeftCents: 16_000 })],
      expirationDate: '2026-08-01',
      anchorDay: 1,
    })!;
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({
      months: 2,
      grossCents: 46_400,
      vatCents: 6_400,
      netCents: 40_000,
      periodStart: '2026-06-01',
      periodEnd: '2026-08-01',
    });
    const totals = refundTotals(planned, 5, '0.16');
    expect(totals).toEqual({
      refundAmountCents: 46_400,
      vatReversedCents: 6_400,
      processingFeeCents: 2_300,
      processingFeeVatCents: 317,
      netRefundCents: 44_100,
      transaction: { amountCents: 44_100, vatCents: 6_083, netCents: 38_017 },
    });
  });

  it('PAY-258: 7 months, newest line first, over a discounted and a full-price purchase', () => {
    const today = '2026-05-20';
    const term = {
      expirationDate: '2027-01-15',
      anchorDay: 15,
      monthsPaid: 12,
      complimentaryMonths: 0,
      status: 'active' as const,
    };
    expect(refundableMonths(term, today)).toBe(7);
    const planned = planServiceRefund({
      serviceType: 'website_hosting',
      months: 7,
      lines: [
        line({ itemId: 'march', monthsLeft: 6, grossLeftCents: 69_600, vatLeftCents: 9_600 }),
        line({ itemId: 'january', monthsLeft: 6, grossLeftCents: 139_200, vatLeftCents: 19_200 }),
      ],
      expirationDate: term.expirationDate,
      anchorDay: term.anchorDay,
    })!;
    expect(planned.map((item) => [item.sourceItemId, item.months, item.grossCents, item.vatCents])).toEqual([
      ['march', 6, 69_600, 9_600],
      ['january', 1, 23_200, 3_200],
    ]);
    expect(planned.map((item) => [item.periodStart, item.periodEnd])).toEqual([
      ['2026-07-15', '2027-01-15'],
      ['2026-06-15', '2026-07-15'],
    ]);
    const totals = refundTotals(planned, 5, '0.16');
    expect(totals).toMatchObject({
      refundAmountCents: 92_800,
      vatReversedCents: 12_800,
      processingFeeCents: 4_600,
      processingFeeVatCents: 634,
      netRefundCents: 88_200,
    });
  });

  it('refunding every remaining month returns exactly what is left, and asks for no more than the lines hold', () => {
    const lines = [line({ monthsLeft: 3, grossLeftCents: 7_700, vatLeftCents: 1_062 })];
    const all = planServiceRefund({
      serviceType: 'image_gallery',
      months: 3,
      lines,
      expirationDate: '2026-09-10',
      anchorDay: 10,
    })!;
    expect(all[0]).toMatchObject({ grossCents: 7_700, vatCents: 1_062 });
    expect(
      planServiceRefund({
        serviceType: 'image_gallery',
        months: 4,
        lines,
        expirationDate: '2026-09-10',
        anchorDay: 10,
      }),
    ).toBeUndefined();
  });
});
