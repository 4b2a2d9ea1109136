/**
 * KES amounts: integer cents inside the system, strings with exactly two decimals at the API edge
 * (PAY-002, ERRATA 5). Parsing is strict so that a float such as 1e3 or 12.345 never becomes money.
 */

export class MoneyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyInputError';
  }
}

const KES_TEXT = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

/** "1392.00", "1392.5" or "1392" → 139200 / 139250 / 139200 cents. Negatives, exponents and >2 decimals are refused. */
export function parseKes(text: string): number {
  if (typeof text !== 'string' || !KES_TEXT.test(text)) {
    throw new MoneyInputError('Enter an amount in shillings with at most 2 decimals, e.g. 1392.00');
  }
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** As parseKes, and the amount must be whole shillings (M-Pesa and cash move no cents, PAY-051). */
export function parseWholeKes(text: string): number {
  const cents = parseKes(text);
  if (cents % 100 !== 0) throw new MoneyInputError('The amount must be whole shillings');
  return cents;
}

/** 139200 → "1392.00" (API form; no grouping). */
export function formatKes(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 139200 → "KES 1,392" (owner screens and SMS drop zero cents, PAY-002); 7772 → "KES 77.72". */
export function displayKes(cents: number): string {
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100).toLocaleString('en-US');
  const fraction = abs % 100 === 0 ? '' : `.${String(abs % 100).padStart(2, '0')}`;
  return `${cents < 0 ? '-' : ''}KES ${whole}${fraction}`;
}
