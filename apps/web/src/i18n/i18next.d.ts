import type en from './locales/en.json';

// Types t() keys against the English catalogue, so a typo in a key is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
