/**
 * UI languages (ui.md §14.1). Codes are ISO 639 everywhere (UI-I18N-01); names are endonyms so each
 * reads correctly whatever the current UI language is. `luo` is registered later, disabled.
 */
export const APP_LANGUAGES = ['en', 'sw', 'kam', 'ki'] as const;
export type AppLanguage = (typeof APP_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: AppLanguage = 'en';

export const LANGUAGE_INFO: Record<AppLanguage, { name: string; badge: string; locale: string }> = {
  en: { name: 'English', badge: 'EN', locale: 'en-KE' },
  sw: { name: 'Kiswahili', badge: 'SW', locale: 'sw-KE' },
  kam: { name: 'Kĩkamba', badge: 'KAM', locale: 'en-KE' },
  ki: { name: 'Gĩkũyũ', badge: 'KIK', locale: 'en-KE' },
};

const COOKIE = 'tafuta_lang';
const ONE_YEAR_S = 365 * 24 * 60 * 60;

export function isAppLanguage(value: unknown): value is AppLanguage {
  return typeof value === 'string' && (APP_LANGUAGES as readonly string[]).includes(value);
}

export function readLanguageCookie(cookie: string): AppLanguage | null {
  const match = /(?:^|;\s*)tafuta_lang=([^;]*)/.exec(cookie);
  const value = match?.[1] ? decodeURIComponent(match[1]) : null;
  return isAppLanguage(value) ? value : null;
}

/**
 * UI-I18N-15: on tafuta.ke the cookie is set for `.tafuta.ke`, so business websites on subdomains read
 * the same choice. Elsewhere (localhost, staging hosts) it stays host-only.
 */
export function languageCookie(language: AppLanguage, hostname: string, secure: boolean): string {
  const domain = /(^|\.)tafuta\.ke$/.test(hostname) ? '; Domain=.tafuta.ke' : '';
  return `${COOKIE}=${language}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax${domain}${secure ? '; Secure' : ''}`;
}

export type LanguageSwitch = (language: AppLanguage, options?: { remember: boolean }) => Promise<void>;

let languageSwitch: LanguageSwitch = () => Promise.resolve();

/**
 * Switches at once without reload; `remember` (the default) writes the shared cookie (UI-I18N-14/15).
 * i18n/index.ts does the work and registers it here when the app starts: it fetches catalogues with
 * import(), and the modules the first view shares with lazy pages (header switcher, sign-in, the
 * dashboard's account screen) must not import such a module, or the build splits it out of the app
 * chunk into an extra request (vite.config.ts).
 */
export function changeLanguage(language: AppLanguage, options?: { remember: boolean }): Promise<void> {
  return languageSwitch(language, options);
}

export function provideLanguageSwitch(implementation: LanguageSwitch): void {
  languageSwitch = implementation;
}

/** UI-I18N-13 without the account step (that one applies once /api/users/me answers). */
export function detectInitialLanguage(input: {
  search: string;
  cookie: string;
  browserLanguages: readonly string[];
}): AppLanguage {
  const fromUrl = new URLSearchParams(input.search).get('lang');
  if (isAppLanguage(fromUrl)) return fromUrl;
  const fromCookie = readLanguageCookie(input.cookie);
  if (fromCookie) return fromCookie;
  for (const tag of input.browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isAppLanguage(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}
