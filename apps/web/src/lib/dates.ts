/**
 * UI-DS-19/22: dates in EAT. English "21 Feb 2026", Kiswahili month names from the locale, and numeric
 * "21/02/2026" for Kikamba and Kikuyu (browsers have no locale data for them).
 */
export function formatDate(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (language === 'en' || language === 'sw') {
    return new Intl.DateTimeFormat(language === 'sw' ? 'sw-KE' : 'en-GB', {
      timeZone: 'Africa/Nairobi',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    }).format(date);
  }
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Africa/Nairobi',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);
}
