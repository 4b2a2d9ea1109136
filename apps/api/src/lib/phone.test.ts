import { describe, expect, it } from 'vitest';
import { maskPhone, normaliseBusinessPhone, normaliseKenyanMobile } from './phone.js';

describe('normaliseKenyanMobile (PHN-01, PHN-02)', () => {
  it.each([
    // The examples of PHN-02, in order.
    ['0712 345 678', '+254712345678'],
    ['712345678', '+254712345678'],
    ['254712345678', '+254712345678'],
    ['+254 (0)712-345-678', '+254712345678'],
    ['00254712345678', '+254712345678'],
    ['0110 123456', '+254110123456'],
    // Each step on its own.
    ['  +254712345678  ', '+254712345678'],
    ['+2540712345678', '+254712345678'],
    ['002540712345678', '+254712345678'],
    ['(0712) 345-678', '+254712345678'],
    ['0712.345.678', '+254712345678'],
    ['[0712] 345 678', '+254712345678'],
    ['0712\u00a0345\u00a0678', '+254712345678'],
    ['\u202f0712 345 678\u00a0', '+254712345678'],
    ['0712\t345678', '+254712345678'],
    ['110123456', '+254110123456'],
    ['254110123456', '+254110123456'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseKenyanMobile(input)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['only non-breaking spaces', '\u00a0\u00a0'],
    ['letters', 'O712345678'],
    ['letters mixed in', '0712abc678'],
    ['too short', '071234567'],
    ['too long', '07123456789'],
    ['too long with country code', '+2547123456789'],
    ['Tanzanian number', '+255712345678'],
    ['Tanzanian number with 00', '00255712345678'],
    ['Kenyan landline range', '0812345678'],
    ['Nairobi landline', '0201234567'],
    ['bare 9 digits outside 7/1', '812345678'],
    ['plus in the middle', '0712+345678'],
    ['two trunk zeros', '+25400712345678'],
    ['country code only', '+254'],
    ['non-ASCII digits', '٠٧١٢٣٤٥٦٧٨'],
  ])('rejects %s', (_label, input) => {
    expect(normaliseKenyanMobile(input)).toBeNull();
  });

  it('every accepted value matches PHN-01', () => {
    for (const input of ['0712 345 678', '0110 123456', '+254 (0)712-345-678']) {
      expect(normaliseKenyanMobile(input)).toMatch(/^\+254(7|1)\d{8}$/);
    }
  });
});

describe('normaliseKenyanMobile with tester prefixes (PHN-05)', () => {
  const options = { testPrefixes: ['+1555'] };

  it('accepts a number under a tester prefix, in any common spelling', () => {
    expect(normaliseKenyanMobile('+1 555 123 4567', options)).toBe('+15551234567');
    expect(normaliseKenyanMobile('0015551234567', options)).toBe('+15551234567');
  });

  it('still normalises Kenyan numbers as usual', () => {
    expect(normaliseKenyanMobile('0712 345 678', options)).toBe('+254712345678');
  });

  it('rejects other countries, and the same number without the option', () => {
    expect(normaliseKenyanMobile('+14155551234', options)).toBeNull();
    expect(normaliseKenyanMobile('+15551234567')).toBeNull();
  });

  it('rejects tester numbers that are too short or too long', () => {
    expect(normaliseKenyanMobile('+155512', options)).toBeNull();
    expect(normaliseKenyanMobile('+1555123456789012', options)).toBeNull();
  });

  it('accepts prefixes written without the plus, and ignores empty ones', () => {
    expect(normaliseKenyanMobile('+15551234567', { testPrefixes: ['1555'] })).toBe('+15551234567');
    expect(normaliseKenyanMobile('+4915112345678', { testPrefixes: ['', ' ', '+'] })).toBeNull();
  });
});

describe('normaliseBusinessPhone (PHN-03)', () => {
  it.each([
    ['0712 345 678', '+254712345678'],
    ['020 123 4567', '+254201234567'],
    ['+254 (0)20 1234567', '+254201234567'],
    ['044 21234 5', '+25444212345'],
    ['25444212345', '+25444212345'],
    ['0110 123456', '+254110123456'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseBusinessPhone(input)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['too short', '0441234'],
    ['too long', '07123456789'],
    ['zero after the country code twice', '+25400201234567'],
    ['foreign', '+255712345678'],
    ['letters', 'call me'],
  ])('rejects %s', (_label, input) => {
    expect(normaliseBusinessPhone(input)).toBeNull();
  });
});

describe('maskPhone (PHN-07)', () => {
  it('keeps the prefix and the last three digits', () => {
    expect(maskPhone('+254712345678')).toBe('+254712***678');
    expect(maskPhone('+254110123456')).toBe('+254110***456');
  });

  it('hides short values entirely', () => {
    expect(maskPhone('+2547')).toBe('***');
  });
});
