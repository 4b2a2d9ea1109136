import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { VitePWA } from 'vite-plugin-pwa';

const BRAND_ORANGE = '#ED4C22';

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    VitePWA({
      registerType: 'autoUpdate',
      // 'script' emits an external /registerSW.js, which the server's CSP (script-src 'self') allows.
      injectRegister: 'script',
      manifest: {
        id: '/',
        name: 'Tafuta',
        short_name: 'Tafuta',
        description: 'Find local businesses near you in Kenya.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: BRAND_ORANGE,
        background_color: '#ffffff',
        icons: [
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icon-maskable.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The plugin only turns these on for injectRegister 'auto'. With 'script' they must be set here,
        // or a new service worker would wait until every Tafuta tab is closed. If a lazy chunk of the old
        // version is then missing, RouteError offers a reload.
        skipWaiting: true,
        clientsClaim: true,
        // Only build output is precached (the manifest icons are added by the plugin); never /api.
        globPatterns: ['**/*.{js,css,html}'],
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
              request.mode === 'navigate' && !/^\/(api|media)\//.test(url.pathname),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'tafuta-pages',
              // On a weak 3G signal, fall back to the cached shell rather than spin for ages.
              networkTimeoutSeconds: 4,
              cacheableResponse: { statuses: [200] },
              // First visit to a URL while offline: boot the precached shell; the client router does the rest.
              precacheFallback: { fallbackURL: 'index.html' },
              plugins: [
                {
                  // The server answers every app route with the same index.html, so keep one copy under one
                  // key: the cache holds only the newest shell, not stale per-URL copies whose hashed
                  // assets a later deploy has deleted.
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
            // signed-in person's replies must never outlive their session in a cache. /api/health is left
            // out too: a cached "healthy" shown while offline would be a lie.
            urlPattern: ({ url, sameOrigin }) =>
              sameOrigin &&
              /^\/api\/(categories|regions|search|public\/|services\/pricing|terms\/current|photos\/config)/.test(
                url.pathname,
              ),
            handler: 'NetworkFirst',
            method: 'GET',
            options: {
              cacheName: 'tafuta-api',
              networkTimeoutSeconds: 6,
              cacheableResponse: { statuses: [200] },
              expiration: { maxEntries: 100, maxAgeSeconds: 24 * 60 * 60 },
            },
          },
        ],
      },
    }),
  ],
  build: { outDir: 'dist' },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
