import './index.css';

/**
 * The entry: deliberately tiny (no static imports but the stylesheet, which the server inlines). The
 * server sends the first view of `/`, landing and detail pages as HTML (apps/api/src/http/
 * web-first-view.ts), so on 3G the page should paint that HTML first and fetch the app after. Loading
 * the app at once had Chromium fetch ~120 KB of JS at high priority and run it before the first paint,
 * and Lighthouse's 3G model then charged the whole bundle to FCP and LCP (docs/web.md, Performance). So
 * the app is imported after the first frame has been painted; Vite's preload helper then fetches its
 * chunks in parallel. The budget check counts this import as initial JS (scripts/check-web-budget.mjs).
 * In the build this module itself is started after the paint by an inline loader (build/boot-loader.ts,
 * allowed by its CSP hash); the wait below is then one frame more, and it keeps `vite dev` the same.
 */
const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing the #root element');

let started = false;
function boot(): void {
  if (started) return;
  started = true;
  void import('./app').then(({ startApp }) => startApp(container!));
}

if (document.visibilityState === 'visible') {
  // The rAF callback runs just before the next frame is painted; the timeout, right after it.
  requestAnimationFrame(() => setTimeout(boot, 0));
  // A tab that never paints (rAF paused) still starts.
  setTimeout(boot, 1500);
} else {
  boot();
}

// The service worker (was vite-plugin-pwa's /registerSW.js, a parser-blocking script): registered once
// the page has loaded, so it never competes with the first view. The build's inline loader starts this
// module after the first paint, often after `load` has fired: then at once.
if ('serviceWorker' in navigator) {
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' });
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
