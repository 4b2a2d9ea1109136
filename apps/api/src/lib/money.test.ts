import { describe, expect, it } from 'vitest';
import { displayKes, formatKes, MoneyInputError, parseKes, parseWholeKes } from './money.js';

describe('parseKes', () => {
  it.each([
    ['1392.00', 139200],
    ['1392', 139200],
    ['0.5', 50],
    ['77.72', 7772],
    ['0', 0],
  ])('%s → %i cents', (text, cents) => expect(parseKes(text)).toBe(cents));

  it.each(['-1', '1e3', '12.345', '', ' 12', '1,392', 'abc', '01', '.5', 'NaN', 'Infinity', '1234567890123'])(
    'refuses %j',
    (text) => expect(() => parseKes(text)).toThrow(MoneyInputError),
  );

  it('refuses cents where whole shillings are required', () => {
    expect(parseWholeKes('2262.00')).toBe(226200);
    expect(() => parseWholeKes('2262.50')).toThrow(MoneyInputError);
  });
});

describe('formatting', () => {
  it('writes two decimals for the API', () => {
    expect(formatKes(139200)).toBe('1392.00');
    expect(formatKes(7)).toBe('0.07');
    expect(formatKes(-4640)).toBe('-46.40');
    expect(() => formatKes(1.5)).toThrow(RangeError);
  });

  it('drops zero cents for people', () => {
    expect(displayKes(139200)).toBe('KES 1,392');
    expect(displayKes(7772)).toBe('KES 77.72');
  });
});
