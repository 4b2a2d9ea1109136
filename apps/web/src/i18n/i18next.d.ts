import type adminEn from './admin/en.json';
import type en from './locales/en.json';
import type { ConfigCatalogue } from './config/catalogue';

// Types t() keys against the English catalogue, so a typo in a key is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // `admin`: the back office's own namespace, loaded with the lazy /admin chunk (pages/admin/AdminApp.tsx).
    // `config`: the owner dashboard's namespace, one file per area (i18n/config/<area>/<lang>.json),
    // loaded with the lazy /config chunk (pages/config/ConfigApp.tsx).
    resources: { translation: typeof en; admin: typeof adminEn; config: ConfigCatalogue };
  }
}
