/**
 * Kenyan phone numbers in the browser (UI-AUTH-01, UI-DS-21). The server normalises again (PHN-02);
 * this only lets the form say "that is not a Kenyan mobile number" before a round trip.
 */

const E164_KENYA = /^\+254[17]\d{8}$/;

/** `07…`, `01…`, `7…`, `1…`, `254…`, `+254…`, with spaces or dashes → `+2547…`, else null. */
export function normaliseKenyanMobile(input: string): string | null {
  const compact = input.replace(/[\s\-().]/g, '');
  let national: string | null = null;
  if (/^\+254\d+$/.test(compact)) national = compact.slice(4);
  else if (/^254\d+$/.test(compact)) national = compact.slice(3);
  else if (/^0\d+$/.test(compact)) national = compact.slice(1);
  else if (/^[17]\d+$/.test(compact)) national = compact;
  if (national === null) return null;
  const e164 = `+254${national}`;
  return E164_KENYA.test(e164) ? e164 : null;
}

/** `+254712345678` → `0712 345 678`; anything else is shown as given. */
export function formatLocalPhone(e164: string): string {
  const match = /^\+254(\d{3})(\d{3})(\d{3})$/.exec(e164);
  return match ? `0${match[1]} ${match[2]} ${match[3]}` : e164;
}

/** UI-ACT-01: E.164 in the link, so it dials from anywhere. */
export function telLink(e164: string): string {
  return `tel:${e164.replace(/[^\d+]/g, '')}`;
}

/** UI-ACT-02: wa.me wants the number without "+", and the greeting URL-encoded. */
export function whatsappLink(e164: string, greeting: string): string {
  return `https://wa.me/${e164.replace(/\D/g, '')}?text=${encodeURIComponent(greeting)}`;
}
