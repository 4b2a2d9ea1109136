import i18n from 'i18next';
import account from './account/en.json';
import business from './business/en.json';
import history from './history/en.json';
import photos from './photos/en.json';
import services from './services/en.json';
import shell from './shell/en.json';
import team from './team/en.json';
import website from './website/en.json';

/**
 * The owner dashboard's strings: the `config` namespace, one file per area so each screen's strings
 * sit beside each other (`t('photos.title', { ns: 'config' })` or `useTranslation('config')`).
 * English ships inside the lazy /config chunk; Kiswahili is its own chunk fetched with it. Kikamba
 * and Gikuyu fall back to English in the dashboard (ui.md §14.1 allows fallback per string).
 * config-catalogues.test.ts keeps Kiswahili complete.
 */
export const CONFIG_EN = { account, business, history, photos, services, shell, team, website };
export type ConfigCatalogue = typeof CONFIG_EN;

const swLoaders = import.meta.glob<Record<string, unknown>>('./*/sw.json', { import: 'default' });

let swLoad: Promise<void> | undefined;

async function loadKiswahili(): Promise<void> {
  const entries = await Promise.all(
    Object.entries(swLoaders).map(async ([path, load]) => [path.split('/')[1], await load()] as const),
  );
  i18n.addResourceBundle('sw', 'config', Object.fromEntries(entries), true, true);
}

/** Adds the namespace for English and, when needed, Kiswahili; resolves once both are in. */
export function loadConfigCatalogues(): Promise<void> {
  if (!i18n.hasResourceBundle('en', 'config')) i18n.addResourceBundle('en', 'config', CONFIG_EN);
  const wantsSwahili = i18n.resolvedLanguage === 'sw' || i18n.language === 'sw';
  if (!wantsSwahili) return Promise.resolve();
  swLoad ??= loadKiswahili().catch(() => {
    swLoad = undefined; // offline: English stays; the next language change tries again
  });
  return swLoad;
}

// A switch to Kiswahili while in the dashboard fetches its strings then.
i18n.on('languageChanged', (language) => {
  if (language === 'sw' && i18n.hasResourceBundle('en', 'config')) void loadConfigCatalogues();
});
