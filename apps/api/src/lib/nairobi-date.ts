/**
 * Calendar days in Africa/Nairobi (EAT, UTC+3, no daylight saving): every date rule of payments.md
 * (PAY-003) — expiry, reminders, receipt years — uses them. Dates travel as 'YYYY-MM-DD' text, the way
 * the database pool hands `date` columns over.
 */

const EAT_OFFSET_MS = 3 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(date: string): { y: number; m: number; d: number } {
  const match = DATE_TEXT.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

function text(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The EAT calendar date of an instant. */
export function nairobiDate(at: Date): string {
  return new Date(at.getTime() + EAT_OFFSET_MS).toISOString().slice(0, 10);
}

/** The EAT year of an instant (receipt numbers roll over at 00:00 EAT on 1 January, PAY-221). */
export function nairobiYear(at: Date): number {
  return new Date(at.getTime() + EAT_OFFSET_MS).getUTCFullYear();
}

/** 00:00 EAT of a calendar date, as an instant. */
export function nairobiMidnight(date: string): Date {
  const { y, m, d } = parts(date);
  return new Date(Date.UTC(y, m - 1, d) - EAT_OFFSET_MS);
}

/**
 * PAY-182: move the month by n (negative n moves back) and set the day to min(anchorDay, last day of
 * that month), so a term that started on the 31st comes back to the 31st whenever the month has one.
 */
export function addMonths(date: string, n: number, anchorDay: number): string {
  if (!Number.isInteger(n)) throw new RangeError('Whole months only');
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) throw new RangeError('anchor day');
  const { y, m } = parts(date);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return text(year, month, Math.min(anchorDay, daysInMonth(year, month)));
}

export function addDays(date: string, n: number): string {
  const { y, m, d } = parts(date);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = parts(from);
  const b = parts(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / DAY_MS);
}

/** ERRATA 22: the last day with service is the day before `expiration_date`. */
export function lastServiceDate(expirationDate: string): string {
  return addDays(expirationDate, -1);
}

/** '2026-08-21' → '21 Aug 2026', the form customer texts use. */
export function formatDisplayDate(date: string): string {
  const { y, m, d } = parts(date);
  return `${d} ${MONTHS[m - 1] ?? ''} ${y}`;
}

/** An instant as EAT wall time for documents: '21 Aug 2026, 14:05 EAT'. */
export function formatNairobiDateTime(at: Date): string {
  const local = new Date(at.getTime() + EAT_OFFSET_MS);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${formatDisplayDate(local.toISOString().slice(0, 10))}, ${hh}:${mm} EAT`;
}
