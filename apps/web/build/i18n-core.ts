import fs from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * `virtual:i18n-core/<lang>`: the part of a catalogue the first view (header, footer, list view, 404)
 * needs, cut from src/i18n/locales/<lang>.json at build time. The entry bundle carries only English's
 * core (~1.5 KB gz instead of 5.6: the 120 KB initial-JS budget, issue 8 item 6); the whole catalogue is
 * a lazy chunk that i18n/index.ts adds right after the first render and before any lazy page renders.
 * The catalogue files stay whole, so the key-parity test and the typed keys are unchanged.
 */

/** Top-level sections used by the entry bundle's components (checked by i18n/core.test.ts). */
export const CORE_SECTIONS = [
  'meta',
  'nav',
  'language',
  'home',
  'region',
  'search',
  'list',
  'prompt',
  'card',
  'hours',
  'error',
  'common',
  'footer',
  'notFound',
] as const;

/** The error messages the list view can show before the whole catalogue has arrived (lib/errors.ts). */
export const CORE_ERRORS = [
  'UNKNOWN_ERROR',
  'NETWORK_ERROR',
  'SERVICE_UNAVAILABLE',
  'NOT_FOUND',
  'CATEGORY_NOT_FOUND',
  'REGION_NOT_FOUND',
  'RATE_LIMIT_EXCEEDED',
  'RATE_LIMIT_EXCEEDED_wait',
  'seconds_one',
  'seconds_other',
  'minutes_one',
  'minutes_other',
] as const;

export function coreCatalogue(catalogue: Record<string, unknown>): Record<string, unknown> {
  const core: Record<string, unknown> = {};
  for (const section of CORE_SECTIONS) if (section in catalogue) core[section] = catalogue[section];
  const errors = (catalogue.errors ?? {}) as Record<string, unknown>;
  const coreErrors: Record<string, unknown> = {};
  for (const key of CORE_ERRORS) if (key in errors) coreErrors[key] = errors[key];
  core.errors = coreErrors;
  return core;
}

const PREFIX = 'virtual:i18n-core/';

export function i18nCore(): Plugin {
  let root = process.cwd();
  return {
    name: 'tafuta-i18n-core',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : null;
    },
    // The whole catalogues as dist/locales/<lang>.json too: the server reads them to write the first
    // view's text into index.html (apps/api/src/http/web-first-view.ts).
    async generateBundle() {
      const dir = path.resolve(root, 'src', 'i18n', 'locales');
      for (const file of await fs.readdir(dir)) {
        if (!/^[a-z]{2,3}\.json$/.test(file)) continue;
        const source = JSON.stringify(JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')));
        this.emitFile({ type: 'asset', fileName: `locales/${file}`, source });
      }
    },
    async load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const language = id.slice(PREFIX.length + 1);
      if (!/^[a-z]{2,3}$/.test(language)) throw new Error(`i18n-core: bad language "${language}"`);
      const file = path.resolve(root, 'src', 'i18n', 'locales', `${language}.json`);
      this.addWatchFile(file);
      const catalogue = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
      return `export default ${JSON.stringify(coreCatalogue(catalogue))};`;
    },
  };
}
