import { describe, expect, it } from 'vitest';
import type { PesapalStatus } from '../../integrations/pesapal/status.js';
import { serviceList } from './settlement-notices.js';
import { mismatchOf } from './settlement.js';

const payment = { payment_id: 'p-1', pesapal_order_tracking_id: 't-1', amount_cents: 226_200 };
const status = (overrides: Partial<PesapalStatus> = {}): PesapalStatus => ({
  statusCode: 1,
  status: 'COMPLETED',
  statusDescription: 'Completed',
  amount: 2262,
  currency: 'KES',
  merchantReference: 'p-1',
  orderTrackingId: 't-1',
  confirmationCode: 'SBL3ABC1XY',
  paymentMethod: 'MpesaKE',
  paymentAccount: '2547xxxxx678',
  createdDate: null,
  raw: {},
  ...overrides,
});

describe('mismatchOf (PAY-151 step 4, INT-152)', () => {
  it('accepts the order exactly as placed', () => {
    expect(mismatchOf(payment, status(), true)).toBeNull();
    expect(mismatchOf(payment, status({ amount: 2262.0000001 }), true)).toBeNull();
  });

  it('names each difference', () => {
    expect(mismatchOf(payment, status({ merchantReference: 'p-2' }), true)).toBe('reference_mismatch');
    expect(mismatchOf(payment, status({ orderTrackingId: 't-2' }), true)).toBe('reference_mismatch');
    expect(mismatchOf(payment, status({ currency: 'USD' }), true)).toBe('currency_mismatch');
    expect(mismatchOf(payment, status({ amount: 2261 }), true)).toBe('amount_mismatch');
    expect(mismatchOf(payment, status({ amount: 2261.99 }), true)).toBe('amount_mismatch');
    expect(mismatchOf(payment, status({ amount: null }), true)).toBe('amount_mismatch');
  });

  it('checks only the references of an answer that moves no money', () => {
    expect(mismatchOf(payment, status({ status: 'FAILED', amount: 1 }), false)).toBeNull();
    expect(mismatchOf(payment, status({ status: 'FAILED', merchantReference: null }), false)).toBeNull();
    expect(mismatchOf(payment, status({ merchantReference: null }), true)).toBe('reference_mismatch');
    expect(mismatchOf(payment, status({ status: 'FAILED', merchantReference: 'x' }), false)).toBe(
      'reference_mismatch',
    );
  });
});

describe('serviceList (PAY-300, ERRATA 22)', () => {
  const lines = [
    { businessId: 'b1', businessName: 'Mama Mboga', serviceType: 'ads' as const, periodEnd: '2026-05-21' },
    {
      businessId: 'b1',
      businessName: 'Mama Mboga',
      serviceType: 'website_hosting' as const,
      periodEnd: '2026-08-21',
    },
  ];
  it('prints the last day with service, website first', () => {
    expect(serviceList(lines, 'en', false)).toBe('Website to 20 Aug 2026, Ads to 20 May 2026');
    expect(serviceList(lines, 'sw', false)).toBe('Tovuti hadi 20 Aug 2026, Matangazo hadi 20 May 2026');
  });
  it('groups by business for a cart of several', () => {
    const several = [
      ...lines,
      {
        businessId: 'b2',
        businessName: 'Duka',
        serviceType: 'search_promotion' as const,
        periodEnd: '2026-03-01',
      },
    ];
    expect(serviceList(several, 'en', true)).toBe(
      'Duka: Promotion to 28 Feb 2026; Mama Mboga: Website to 20 Aug 2026, Ads to 20 May 2026',
    );
  });
});
