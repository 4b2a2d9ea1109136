import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, loadCatalogues } from './i18n';
import { primeFirstView } from './lib/first-view';
import { AppRoutes, preloadRoute } from './router';

/**
 * The app proper, imported by main.tsx once the page has painted. The catalogue of the visitor's
 * language is loaded first, so the first render is already translated; a page the server pre-rendered
 * (lib/first-view.ts) also gets its route chunk before React takes the markup over, so no loading
 * fallback ever replaces it (that was the detail page's layout shift). TanStack Query is not set up
 * here: the lazy pages that use it bring its provider (router.tsx).
 */
export async function startApp(container: HTMLElement): Promise<void> {
  await Promise.all([initI18n(), preloadRoute(window.location.pathname)]);
  primeFirstView();
  createRoot(container).render(
    <StrictMode>
      <AppRoutes />
    </StrictMode>,
  );
  // The whole catalogues (errors, sign-in …) follow the first render instead of delaying it.
  void loadCatalogues();
}
