import type { ServiceTypeName } from '@tafuta/contracts/constants';

/**
 * Money and dates as the owner's money screens show them. Amounts arrive as two-decimal strings
 * (API-07) and are never turned into floating-point numbers: the text is only regrouped.
 * UI-DS-18 / UI-TX-04: "KES 1,392.00" on financial screens (checkout, transactions), "KES 1,392" in
 * prices. UI-DS-19/20/22: every date and time in EAT, 24-hour clock outside English.
 */

export function formatKes(amount: string, options: { cents: boolean } = { cents: true }): string {
  const [whole = '0', cents = '00'] = amount.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = cents.padEnd(2, '0').slice(0, 2);
  const showCents = options.cents || fraction !== '00';
  return `KES ${grouped}${showCents ? `.${fraction}` : ''}`;
}

const NAIROBI = 'Africa/Nairobi';

/** Today's calendar day in Nairobi, "2026-08-21". */
export function nairobiToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: NAIROBI }).format(now);
}

/** Whole days from one calendar day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A calendar day moved by whole months, the day clamped to the month's length. */
export function addMonthsToDay(day: string, months: number): string {
  const [year = 1970, month = 1, date = 1] = day.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, last));
  return target.toISOString().slice(0, 10);
}

const usesLocaleMonths = (language: string) => language === 'en' || language === 'sw';

/** "21 Aug 2026"; Kiswahili month names; numeric for Kikamba and Gikuyu (UI-DS-19). */
export function formatDay(day: string, language: string): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T12:00:00Z` : day);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language === 'sw' ? 'sw-KE' : 'en-GB', {
    timeZone: NAIROBI,
    day: usesLocaleMonths(language) ? 'numeric' : '2-digit',
    month: usesLocaleMonths(language) ? 'short' : '2-digit',
    year: 'numeric',
  }).format(date);
}

/** "21 Aug 2026, 2:30 pm" in English; 24-hour elsewhere (UI-DS-20). */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = new Intl.DateTimeFormat(language === 'en' ? 'en-KE' : 'en-GB', {
    timeZone: NAIROBI,
    hour: language === 'en' ? 'numeric' : '2-digit',
    minute: '2-digit',
    hour12: language === 'en',
  })
    .format(date)
    .replace(/\s?([AP])M$/i, (_, half: string) => ` ${half.toLowerCase()}m`);
  return `${formatDay(iso, language)}, ${time}`;
}

/** The order services are offered in (payments.md PAY-020). */
export const SERVICE_ORDER: readonly ServiceTypeName[] = [
  'website_hosting',
  'image_gallery',
  'search_promotion',
  'ads',
  'premium_listing',
];
