import { LANGUAGES, type Language } from '@tafuta/contracts';

/**
 * UI-WEB-03: the language of a website page is `?lang=` → the `tafuta_lang` cookie (shared with the PWA,
 * UI-I18N-15) → Accept-Language → English. A `?lang=` choice is remembered in the cookie.
 */

export const LANGUAGE_COOKIE = 'tafuta_lang';
const ONE_YEAR_S = 365 * 24 * 60 * 60;

export type LanguageSource = 'query' | 'cookie' | 'header' | 'default';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function cookieLanguage(cookieHeader: string | undefined): Language | null {
  const raw = /(?:^|;\s*)tafuta_lang=([^;]*)/.exec(cookieHeader ?? '')?.[1];
  if (raw === undefined) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw).trim();
  } catch {
    return null;
  }
  return isLanguage(value) ? value : null;
}

/** RFC 9110 §12.5.4: the supported language with the highest q (q=0 means "not this"); ties keep order. */
export function acceptLanguage(header: string | undefined): Language | null {
  let best: { language: Language; q: number } | null = null;
  for (const part of (header ?? '').slice(0, 512).split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const base = tag.trim().toLowerCase().split('-')[0];
    if (!isLanguage(base)) continue;
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (!best || q > best.q) best = { language: base, q };
  }
  return best?.language ?? null;
}

export function pickSiteLanguage(input: {
  query: unknown;
  cookie: string | undefined;
  acceptLanguage: string | undefined;
}): { language: Language; source: LanguageSource } {
  if (isLanguage(input.query)) return { language: input.query, source: 'query' };
  const fromCookie = cookieLanguage(input.cookie);
  if (fromCookie) return { language: fromCookie, source: 'cookie' };
  const fromHeader = acceptLanguage(input.acceptLanguage);
  if (fromHeader) return { language: fromHeader, source: 'header' };
  return { language: 'en', source: 'default' };
}

/**
 * The Set-Cookie value for a `?lang=` choice. On the real domain it is set for the apex, so tafuta.ke and
 * every website share it; on `*.localhost` a Domain attribute would be refused by browsers, so host-only.
 */
export function languageCookie(
  language: Language,
  options: { apexDomain: string; localHost: boolean; secure: boolean },
): string {
  const domain = options.localHost ? '' : `; Domain=.${options.apexDomain}`;
  return `${LANGUAGE_COOKIE}=${language}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax${domain}${
    options.secure ? '; Secure' : ''
  }`;
}
