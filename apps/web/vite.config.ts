import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { VitePWA } from 'vite-plugin-pwa';
import { bootLoader } from './build/boot-loader';
import { i18nCore } from './build/i18n-core';
import { pwaIcons } from './build/pwa-icons';

const BRAND_ORANGE = '#ED4C22';

/**
 * The libraries every public page needs before its first paint. They change far less often than the app,
 * so one long-cached vendor chunk survives most deploys (PRD-06 "vendor chunk splitting"). Only these:
 * a catch-all node_modules group would drag libraries used by lazy routes alone (forms, dialogs) into
 * the initial download and break the 120 KB budget (scripts/check-web-budget.mjs).
 */
const VENDOR_MODULES =
  /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser|i18next|react-i18next)[\\/]/;
/**
 * A group takes every matching module in the graph, lazy-only ones included. react-i18next's <Trans>
 * (and its HTML parser) is used by the registration page alone, so it stays with that chunk (~5 KB gz).
 */
const LAZY_ONLY_VENDOR = /[\\/]react-i18next[\\/]dist[\\/]es[\\/](Trans|TransWithoutContext|unescape)\.js$/;
const isVendor = (id: string): boolean => VENDOR_MODULES.test(id) && !LAZY_ONLY_VENDOR.test(id);
/** The app chunk's own modules: the app (main.tsx imports it after the first paint) and its routes. */
const APP_MODULES = /[\\/]apps[\\/]web[\\/]src[\\/](app|router)\.tsx$/;
/** First-view modules with an import() of their own (catalogues): see `shellChunk`. */
const WITH_DYNAMIC_IMPORT = /[\\/]apps[\\/]web[\\/]src[\\/]i18n[\\/]index\.ts$/;

/**
 * Everything else the first view loads travels as one chunk, `shell`: what app.tsx and router.tsx
 * import, with all of its dependencies (the group's default) but the vendor ones. Left to Rolldown,
 * the modules the first view shares with lazy pages (the owner dashboard reuses the header, logo,
 * cards, phone and session code…) became a dozen tiny initial chunks, and a lazy page importing one
 * module of the app chunk split the i18n setup out of it; every extra chunk costs a request and gzip
 * bytes on 3G (the 120 KB budget, scripts/check-web-budget.mjs). With this group the app chunk keeps
 * only app.tsx, router.tsx and i18n/index.ts, which nothing lazy imports.
 * Modules with an import() stay out of it (`\0` ids are Vite's: its preload helper, the English core
 * catalogue): the group would take Vite's preload helper along as their dependency, the boot entry
 * would then import this chunk statically and fetch it before the first paint instead of after it
 * (main.tsx; build/boot-loader.ts fails the build if the entry imports anything).
 */
function shellChunk(id: string, ctx: { getModuleInfo(id: string): { importers: string[] } | null }) {
  if (id.startsWith('\0') || APP_MODULES.test(id) || WITH_DYNAMIC_IMPORT.test(id) || isVendor(id))
    return null;
  return ctx.getModuleInfo(id)?.importers.some((importer) => APP_MODULES.test(importer)) ? 'shell' : null;
}

export default defineConfig({
  plugins: [
    react(),
    bootLoader(),
    tailwindcss(),
    pwaIcons(),
    i18nCore(),
    VitePWA({
      registerType: 'autoUpdate',
      // src/main.tsx registers /sw.js itself after `load`. The plugin's /registerSW.js was a
      // parser-blocking script in <head>, on the first view's critical path.
      injectRegister: false,
      // ui.md UI-PWA-01 word for word; icons per UI-PWA-02 (PNGs rendered by build/pwa-icons.ts).
      manifest: {
        id: '/',
        name: 'Tafuta',
        short_name: 'Tafuta',
        description: 'Find local businesses in Kenya',
        lang: 'en',
        start_url: '/?source=pwa',
        scope: '/',
        display: 'standalone',
        // Locking to portrait would break WCAG 1.3.4.
        orientation: 'any',
        theme_color: BRAND_ORANGE,
        background_color: '#FFFFFF',
        categories: ['business', 'shopping'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
        shortcuts: [
          {
            name: 'Search',
            url: '/search',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
          },
          {
            name: 'My businesses',
            url: '/config',
            icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
          },
        ],
      },
      workbox: {
        // The plugin only turns these on for injectRegister 'auto'. With 'script' they must be set here,
        // or a new service worker would wait until every Tafuta tab is closed. If a lazy chunk of the old
        // version is then missing, RouteError offers a reload.
        skipWaiting: true,
        clientsClaim: true,
        // Only build output is precached (the manifest icons are added by the plugin); never /api.
        // UI-PWA-05 wants dashboard and admin chunks left out: their route chunks are named after their
        // pages (Config*, Admin*), so they are ignored here and load from the network when needed.
        globPatterns: ['**/*.{js,css,html,svg}'],
        globIgnores: ['**/assets/{Config,Admin,Dashboard}*'],
        // No precached app-shell route: it would be registered before runtimeCaching and answer every
        // navigation from cache, so the NetworkFirst navigation rule below would never run.
        navigateFallback: null,
        // Inert while navigateFallback is null; kept so re-enabling it can never swallow API or media URLs.
        navigateFallbackDenylist: [/^\/api\//, /^\/media\//],
        // Workbox copies these matchers and plugins into sw.js with Function#toString, so they must not
        // reference anything outside their own bodies (no shared constants, no imports).
        runtimeCaching: [
          {
            urlPattern: ({ request, url }) =>
              request.mode === 'navigate' && !/^\/(api|media|dev)\//.test(url.pathname),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'tafuta-pages',
              // UI-PWA-06: ten seconds of silence on a stalled 3G link counts as offline; the request
              // keeps running and refreshes the cache when it ends.
              networkTimeoutSeconds: 10,
              cacheableResponse: { statuses: [200] },
              // First visit to a URL while offline: boot the precached shell; the client router does the
              // rest (a page whose data is not saved on the phone shows the offline view).
              precacheFallback: { fallbackURL: 'index.html' },
              plugins: [
                {
                  // The server answers every app route with the same index.html, so keep one copy under one
                  // key: the cache holds only the newest shell, not stale per-URL copies whose hashed
                  // assets a later deploy has deleted. This is also why the start URL (/?source=pwa)
                  // answers offline.
                  cacheKeyWillBeUsed: ({ request }) => Promise.resolve(new URL('/', request.url).href),
                  // Under that shared key, a navigation to a non-HTML file must not replace the shell.
                  cacheWillUpdate: ({ response }) =>
                    Promise.resolve(
                      response.headers.get('content-type')?.includes('text/html') ? response : null,
                    ),
                },
              ],
            },
          },
          {
            // Only public reference and search data (API-12 marks these cacheable): phones are shared, so a
            // signed-in person's replies must never outlive their session in a cache (UI-PWA-08). The
            // server marks those `private`/`no-store`, and the plugin refuses such replies as a second
            // guard. /api/health is left out too: a cached "healthy" shown while offline would be a lie.
            urlPattern: ({ url, sameOrigin }) =>
              sameOrigin &&
              /^\/api\/(categories|regions|search|public\/|services\/pricing|terms\/current|photos\/config)/.test(
                url.pathname,
              ),
            handler: 'NetworkFirst',
            method: 'GET',
            options: {
              cacheName: 'tafuta-api',
              networkTimeoutSeconds: 10,
              cacheableResponse: { statuses: [200] },
              // UI-PWA-07: 60 entries, 7 days, least recently used out first.
              expiration: { maxEntries: 60, maxAgeSeconds: 7 * 24 * 60 * 60 },
              plugins: [
                {
                  cacheWillUpdate: ({ response }) =>
                    Promise.resolve(
                      /no-store|private/.test(response.headers.get('cache-control') ?? '') ? null : response,
                    ),
                },
              ],
            },
          },
          {
            // Business photos and locale catalogues (UI-PWA-06/07): network-first too, so an owner's new
            // logo shows at once when online, and the last copy shows when not.
            urlPattern: ({ url, sameOrigin }) => sameOrigin && /^\/(media|locales)\//.test(url.pathname),
            handler: 'NetworkFirst',
            method: 'GET',
            options: {
              cacheName: 'tafuta-media',
              networkTimeoutSeconds: 10,
              cacheableResponse: { statuses: [200] },
              expiration: { maxEntries: 150, maxAgeSeconds: 7 * 24 * 60 * 60 },
            },
          },
        ],
      },
    }),
  ],
  resolve: {
    // The contracts' zod-free value lists, from source: the build needs no prior contracts build.
    alias: {
      '@tafuta/contracts/constants': fileURLToPath(
        new URL('../../packages/contracts/src/constants.ts', import.meta.url),
      ),
      '@tafuta/contracts/weekdays': fileURLToPath(
        new URL('../../packages/contracts/src/weekdays.ts', import.meta.url),
      ),
      '@tafuta/contracts/photos': fileURLToPath(
        new URL('../../packages/contracts/src/photos.ts', import.meta.url),
      ),
    },
  },
  build: {
    outDir: 'dist',
    // dist/.vite/manifest.json maps the entry to its static imports: the budget check reads it.
    manifest: true,
    // The polyfill was 0.5 KB of the entry; a browser without modulepreload just fetches on import.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor', test: isVendor },
            { name: shellChunk, debugName: 'shell' },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
