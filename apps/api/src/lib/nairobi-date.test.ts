import { describe, expect, it } from 'vitest';
import {
  addMonths,
  daysBetween,
  formatDisplayDate,
  formatNairobiDateTime,
  lastServiceDate,
  nairobiDate,
  nairobiMidnight,
  nairobiYear,
} from './nairobi-date.js';

describe('month arithmetic (PAY-182)', () => {
  it('keeps the anchor day without drift from 31 January', () => {
    expect(addMonths('2026-01-31', 1, 31)).toBe('2026-02-28');
    expect(addMonths('2026-02-28', 1, 31)).toBe('2026-03-31');
    expect(addMonths('2026-01-31', 3, 31)).toBe('2026-04-30');
  });

  it('lands on 29 February in a leap year', () => {
    expect(addMonths('2028-01-31', 1, 31)).toBe('2028-02-29');
    expect(addMonths('2027-01-29', 1, 29)).toBe('2027-02-28');
  });

  it('moves 30-day months to 31-day months on the anchor', () => {
    expect(addMonths('2026-04-30', 1, 30)).toBe('2026-05-30');
    expect(addMonths('2026-04-30', 1, 31)).toBe('2026-05-31');
  });

  it('extends across years and moves back for refunds', () => {
    expect(addMonths('2026-02-21', 6, 21)).toBe('2026-08-21');
    expect(addMonths('2026-08-21', 3, 21)).toBe('2026-11-21');
    expect(addMonths('2026-11-15', 3, 15)).toBe('2027-02-15');
    expect(addMonths('2027-01-15', -7, 15)).toBe('2026-06-15');
    expect(addMonths('2026-01-15', -1, 15)).toBe('2025-12-15');
  });

  it('refuses fractions of a month', () => {
    expect(() => addMonths('2026-01-01', 0.5, 1)).toThrow(RangeError);
  });
});

describe('Nairobi days', () => {
  it('changes day and year at 00:00 EAT, which is 21:00 UTC', () => {
    expect(nairobiDate(new Date('2026-12-31T20:59:59Z'))).toBe('2026-12-31');
    expect(nairobiDate(new Date('2026-12-31T21:00:00Z'))).toBe('2027-01-01');
    expect(nairobiYear(new Date('2026-12-31T20:59:59Z'))).toBe(2026);
    expect(nairobiYear(new Date('2026-12-31T21:00:00Z'))).toBe(2027);
    expect(nairobiMidnight('2027-01-01').toISOString()).toBe('2026-12-31T21:00:00.000Z');
  });

  it('counts days and names the last day of service', () => {
    expect(daysBetween('2026-02-21', '2026-08-21')).toBe(181);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(lastServiceDate('2026-03-01')).toBe('2026-02-28');
  });

  it('formats dates for customers and documents', () => {
    expect(formatDisplayDate('2026-08-21')).toBe('21 Aug 2026');
    expect(formatNairobiDateTime(new Date('2026-08-21T11:05:00Z'))).toBe('21 Aug 2026, 14:05 EAT');
  });
});
