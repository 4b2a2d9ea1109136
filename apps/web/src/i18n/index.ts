import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import sw from './locales/sw.json';
import {
  APP_LANGUAGES,
  DEFAULT_LANGUAGE,
  detectInitialLanguage,
  storeLanguage,
  type AppLanguage,
} from './language';

// Both catalogues are bundled: they are a few hundred bytes gzipped each, far cheaper on 3G than
// a second round trip to fetch the active one. `satisfies` makes the build fail if sw.json misses a key.
const resources = {
  en: { translation: en },
  sw: { translation: sw satisfies typeof en },
};

// Keep <html lang> in step so screen readers pick the right voice and browsers offer the right
// hyphenation/translation. Registered before init() so the initial language is applied too.
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources,
  lng: detectInitialLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: APP_LANGUAGES,
  // Resources are in memory, so initialise synchronously and render translated text on first paint.
  initAsync: false,
  // React already escapes rendered strings.
  interpolation: { escapeValue: false },
});

export function setLanguage(language: AppLanguage): void {
  storeLanguage(language);
  void i18n.changeLanguage(language);
}

export default i18n;
