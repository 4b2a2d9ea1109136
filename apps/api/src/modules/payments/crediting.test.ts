import { describe, expect, it } from 'vitest';
import { inLockOrder, planCredit, type SubscriptionTerm } from './crediting.js';

const active = (overrides: Partial<SubscriptionTerm> = {}): SubscriptionTerm => ({
  status: 'active',
  start_date: '2026-02-21',
  anchor_day: 21,
  expiration_date: '2026-08-21',
  months_paid: 6,
  complimentary_months: 0,
  ...overrides,
});

describe('planCredit (PAY-182..185)', () => {
  it('starts a new term today when there is no subscription (PAY-183)', () => {
    expect(planCredit(undefined, 6, '2026-02-21')).toEqual({
      newTerm: true,
      term: {
        status: 'active',
        start_date: '2026-02-21',
        anchor_day: 21,
        expiration_date: '2026-08-21',
        months_paid: 6,
        complimentary_months: 0,
      },
      periodStart: '2026-02-21',
      periodEnd: '2026-08-21',
    });
  });

  it('extends a running term from its expiry, not from today (PAY-184 example)', () => {
    const plan = planCredit(active(), 3, '2026-05-10');
    expect(plan.newTerm).toBe(false);
    expect(plan.term).toMatchObject({
      start_date: '2026-02-21',
      expiration_date: '2026-11-21',
      months_paid: 9,
    });
    expect([plan.periodStart, plan.periodEnd]).toEqual(['2026-08-21', '2026-11-21']);
  });

  it('keeps the anchor day through short months (PAY-182: 31 Jan → 28 Feb → 31 Mar)', () => {
    const first = planCredit(undefined, 1, '2026-01-31');
    expect(first.term.expiration_date).toBe('2026-02-28');
    const second = planCredit(first.term, 1, '2026-02-10');
    expect(second.term.expiration_date).toBe('2026-03-31');
    expect(planCredit(undefined, 1, '2028-01-31').term.expiration_date).toBe('2028-02-29');
  });

  it('starts a new term for an expired or cancelled subscription, keeping nothing of the old one', () => {
    for (const status of ['expired', 'cancelled'] as const) {
      const plan = planCredit(active({ status, complimentary_months: 2 }), 2, '2026-09-05');
      expect(plan.newTerm).toBe(true);
      expect(plan.term).toMatchObject({
        start_date: '2026-09-05',
        anchor_day: 5,
        expiration_date: '2026-11-05',
      });
      expect(plan.term.complimentary_months).toBe(0);
    }
  });

  it('treats a row still marked active but past its expiry as lapsed (PAY-181)', () => {
    const plan = planCredit(active({ expiration_date: '2026-08-21' }), 1, '2026-08-21');
    expect(plan.newTerm).toBe(true);
    expect(plan.periodStart).toBe('2026-08-21');
    expect(planCredit(active(), 1, '2026-08-20').newTerm).toBe(false);
  });

  it('refuses a month count that is not a positive whole number', () => {
    expect(() => planCredit(undefined, 0, '2026-01-01')).toThrow(RangeError);
  });

  it('orders items by (business, service) — the subscription lock order', () => {
    const items = [
      { businessId: 'b', serviceType: 'ads' },
      { businessId: 'a', serviceType: 'website_hosting' },
      { businessId: 'a', serviceType: 'ads' },
    ];
    expect(inLockOrder(items)).toEqual([items[2], items[1], items[0]]);
  });
});
