import { describe, expect, it } from 'vitest';
import { formatReceiptNumber, receiptYear, sellerSnapshot } from './receipt-issue.js';

describe('receipt numbers (PAY-221)', () => {
  it('formats prefix, year and a five-digit counter that grows past 99999', () => {
    expect(formatReceiptNumber('TFT', 2026, 1)).toBe('TFT-2026-00001');
    expect(formatReceiptNumber('TFT', 2026, 42)).toBe('TFT-2026-00042');
    expect(formatReceiptNumber('TFT', 2026, 99_999)).toBe('TFT-2026-99999');
    expect(formatReceiptNumber('TFT', 2026, 100_000)).toBe('TFT-2026-100000');
  });

  it('refuses a counter that is not a positive whole number', () => {
    expect(() => formatReceiptNumber('TFT', 2026, 0)).toThrow(RangeError);
    expect(() => formatReceiptNumber('TFT', 2026, 1.5)).toThrow(RangeError);
  });

  it('rolls the year over at 00:00 EAT on 1 January, not at midnight UTC', () => {
    expect(receiptYear(new Date('2026-12-31T20:59:59.999Z'))).toBe(2026);
    expect(receiptYear(new Date('2026-12-31T21:00:00.000Z'))).toBe(2027);
    expect(receiptYear(new Date('2027-01-01T00:30:00.000Z'))).toBe(2027);
    expect(receiptYear(new Date('2027-01-01T00:00:00+03:00'))).toBe(2027);
  });

  it('copies the seller block from system_config, blanks where a key is unset', () => {
    const seller = sellerSnapshot(
      new Map([
        ['tafuta_business_name', 'eBiashara Rahisi Ltd'],
        ['tafuta_kra_pin', 'P051234567X'],
      ]),
    );
    expect(seller).toEqual({
      legal_name: 'eBiashara Rahisi Ltd',
      kra_pin: 'P051234567X',
      vat_number: '',
      address: '',
      registration_number: '',
      support_phone: '',
    });
  });
});
