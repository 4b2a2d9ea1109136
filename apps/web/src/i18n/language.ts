/** UI languages shipped today; the API also knows 'kam' and 'ki', which have no translations yet. */
export const APP_LANGUAGES = ['en', 'sw'] as const;
export type AppLanguage = (typeof APP_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: AppLanguage = 'en';

const STORAGE_KEY = 'tafuta.lang';

export function isAppLanguage(value: unknown): value is AppLanguage {
  return typeof value === 'string' && (APP_LANGUAGES as readonly string[]).includes(value);
}

// localStorage throws in some private-browsing modes and when storage is disabled, so every access
// is guarded: losing the saved choice is better than a blank page.
function readStoredLanguage(): AppLanguage | null {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isAppLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
}

export function storeLanguage(language: AppLanguage): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted; the choice still applies for this visit.
  }
}

/** The saved choice wins; otherwise follow the phone's language settings if Kiswahili is listed first. */
export function detectInitialLanguage(): AppLanguage {
  const stored = readStoredLanguage();
  if (stored) return stored;
  const preferred = navigator.languages[0] ?? navigator.language;
  return preferred.toLowerCase().startsWith('sw') ? 'sw' : DEFAULT_LANGUAGE;
}
