/**
 * admin.md §0: staff see times in Africa/Nairobi as "21 Aug 2026 14:30" and money as "1,392.00 KES".
 * The API sends instants in UTC and amounts as two-decimal strings (ERRATA 5).
 */
const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Africa/Nairobi',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Africa/Nairobi',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date).replace(',', '');
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  // A calendar day ("2026-08-21") is already a Nairobi day: format it at noon UTC so no zone shifts it.
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/** "1,392.00 KES" from the API's "1392.00" (or a number of shillings). */
export function formatKes(amount: string | number | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const [whole = '0', cents = '00'] = String(amount).split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}.${cents.padEnd(2, '0').slice(0, 2)} KES`;
}

/** Whole hours since an instant, for the queue's "2 days ago". */
export function ageHours(iso: string, now: Date = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 3_600_000));
}

/** Nairobi calendar day of an instant, "2026-08-21", for date inputs and range filters. */
export function nairobiDay(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(date);
}

/** The start of a Nairobi day as an instant (EAT is UTC+3 all year, no DST). */
export function nairobiStart(day: string): string {
  return new Date(`${day}T00:00:00+03:00`).toISOString();
}

/** The end (exclusive) of a Nairobi day as an instant. */
export function nairobiEnd(day: string): string {
  return new Date(new Date(`${day}T00:00:00+03:00`).getTime() + 86_400_000).toISOString();
}

/** ADM-600: "+12 %" / "−5 %", "—" when there is nothing to compare with. */
export function percentChange(current: number, previous: number): string {
  if (!previous) return '—';
  const change = Math.round(((current - previous) / previous) * 100);
  return `${change >= 0 ? '+' : '−'}${Math.abs(change)} %`;
}
