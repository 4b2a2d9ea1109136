import { describe, expect, it } from 'vitest';
import { addMonthsToDay, daysBetween, formatDay, formatKes } from './format';
import { NO_FILTERS, periodRange, transactionQuery } from './transactions';

describe('money and days on the owner screens', () => {
  it('regroups the API amount without floating point (UI-DS-18, UI-TX-04)', () => {
    expect(formatKes('1392.00')).toBe('KES 1,392.00');
    expect(formatKes('1392.00', { cents: false })).toBe('KES 1,392');
    expect(formatKes('77.72', { cents: false })).toBe('KES 77.72');
    expect(formatKes('1234567.05')).toBe('KES 1,234,567.05');
    expect(formatKes('-440.80')).toBe('KES 440.80');
  });

  it('counts and moves calendar days in whole days and months', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetween('2026-03-02', '2026-02-27')).toBe(-3);
    expect(addMonthsToDay('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonthsToDay('2026-01-15', -3)).toBe('2025-10-15');
    expect(addMonthsToDay('2024-03-31', -1)).toBe('2024-02-29');
  });

  it('prints a calendar day as the same day whatever the clock (UI-DS-19/22)', () => {
    expect(formatDay('2026-08-21', 'en')).toBe('21 Aug 2026');
    expect(formatDay('2026-08-21', 'kam')).toBe('21/08/2026');
    // An instant late on 20 Aug UTC is already 21 Aug in Nairobi.
    expect(formatDay('2026-08-20T22:30:00Z', 'en')).toBe('21 Aug 2026');
  });
});

describe('transaction filters (UI-TX-02)', () => {
  const today = '2026-05-20';
  it('turns each period into inclusive EAT days', () => {
    expect(periodRange({ ...NO_FILTERS, period: 'thisMonth' }, today)).toEqual({ from: '2026-05-01' });
    expect(periodRange({ ...NO_FILTERS, period: 'last3Months' }, today)).toEqual({ from: '2026-02-20' });
    expect(periodRange({ ...NO_FILTERS, period: 'thisYear' }, today)).toEqual({ from: '2026-01-01' });
    expect(periodRange({ ...NO_FILTERS, period: 'all', from: '2026-01-01' }, today)).toEqual({});
    expect(periodRange({ ...NO_FILTERS, period: 'custom', from: '2026-03-01', to: '' }, today)).toEqual({
      from: '2026-03-01',
    });
  });

  it('sends only the filters that are set', () => {
    expect(transactionQuery(NO_FILTERS, today)).toEqual({});
    expect(
      transactionQuery({ ...NO_FILTERS, status: 'reversed', q: '  TFT-2026 ', period: 'thisYear' }, today),
    ).toEqual({
      from: '2026-01-01',
      status: 'reversed',
      q: 'TFT-2026',
    });
  });
});
