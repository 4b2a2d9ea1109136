import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enCore from 'virtual:i18n-core/en';
import {
  APP_LANGUAGES,
  DEFAULT_LANGUAGE,
  detectInitialLanguage,
  languageCookie,
  provideLanguageSwitch,
  type AppLanguage,
} from './language';

/**
 * Catalogues come in two parts (build/i18n-core.ts): the core — what the first view (header, footer,
 * list view, 404) shows — and the whole file. English's core ships in the entry bundle, so a raw key is
 * never shown (UI-I18N-09) and the entry stays under its 120 KB budget; another language's core is a
 * small chunk fetched before the first render. Whole catalogues are separate chunks (UI-I18N-05),
 * added right after the first render (components re-render on `added`) and awaited by every lazy page
 * (`loadCatalogues`, router.tsx) so a page never renders before its strings.
 */
const coreLoaders: Record<Exclude<AppLanguage, 'en'>, () => Promise<{ default: unknown }>> = {
  sw: () => import('virtual:i18n-core/sw'),
  kam: () => import('virtual:i18n-core/kam'),
  ki: () => import('virtual:i18n-core/ki'),
};
const fullLoaders: Record<AppLanguage, () => Promise<{ default: unknown }>> = {
  en: () => import('./locales/en.json'),
  sw: () => import('./locales/sw.json'),
  kam: () => import('./locales/kam.json'),
  ki: () => import('./locales/ki.json'),
};

async function addCatalogue(language: AppLanguage, load: () => Promise<{ default: unknown }>) {
  try {
    const catalogue = await load();
    i18n.addResourceBundle(language, 'translation', catalogue.default, true, true);
  } catch {
    // Offline with an uncached chunk: English stays on screen rather than nothing.
  }
}

const fullLoads = new Map<AppLanguage, Promise<void>>();

function loadFull(language: AppLanguage): Promise<void> {
  let load = fullLoads.get(language);
  if (!load) {
    load = addCatalogue(language, fullLoaders[language]);
    fullLoads.set(language, load);
  }
  return load;
}

/** The whole catalogues of English (every fallback) and the current language. */
export function loadCatalogues(): Promise<void> {
  const current = i18n.resolvedLanguage ?? DEFAULT_LANGUAGE;
  return Promise.all([loadFull(DEFAULT_LANGUAGE), loadFull(current as AppLanguage)]).then(() => undefined);
}

async function ensureCore(language: AppLanguage): Promise<void> {
  if (language === 'en' || i18n.hasResourceBundle(language, 'translation')) return;
  await addCatalogue(language, coreLoaders[language]);
}

// Keep <html lang> in step so screen readers pick the right voice (UI-A11Y-09).
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

/** Initialise before the first render so the first paint is already translated. */
export async function initI18n(): Promise<void> {
  const initial = detectInitialLanguage({
    search: window.location.search,
    cookie: document.cookie,
    browserLanguages: navigator.languages ?? [navigator.language],
  });
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: enCore } },
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: APP_LANGUAGES,
    initAsync: false,
    // React already escapes rendered strings.
    interpolation: { escapeValue: false },
    // Re-render when a whole catalogue arrives after the first paint.
    react: { bindI18nStore: 'added' },
    // A missing key is logged while developing and silently falls back in production.
    saveMissing: import.meta.env.DEV,
    // eslint-disable-next-line no-console -- a development aid only; production never saves missing keys.
    missingKeyHandler: (_languages, _namespace, key) => console.warn(`i18n: missing key ${key}`),
  });
  if (initial !== DEFAULT_LANGUAGE) {
    await ensureCore(initial);
    await i18n.changeLanguage(initial);
  } else document.documentElement.lang = DEFAULT_LANGUAGE;
}

/** `changeLanguage` of ./language.ts: both whole catalogues first, so no string flashes in English. */
async function switchLanguage(
  language: AppLanguage,
  options: { remember: boolean } = { remember: true },
): Promise<void> {
  await Promise.all([loadFull(language), loadFull(DEFAULT_LANGUAGE)]);
  await i18n.changeLanguage(language);
  if (options.remember) {
    document.cookie = languageCookie(
      language,
      window.location.hostname,
      window.location.protocol === 'https:',
    );
  }
}

provideLanguageSwitch(switchLanguage);

export default i18n;
