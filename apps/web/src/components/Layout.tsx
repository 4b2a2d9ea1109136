import { Suspense } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Footer } from './Footer';
import { Header } from './Header';
import { Loading } from './Loading';
import { RouteErrorBoundary } from './RouteErrorBoundary';

export function Layout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <div className="flex min-h-dvh flex-col bg-white text-ink">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-30 focus:rounded-lg focus:bg-white focus:px-4 focus:py-3 focus:text-ink"
      >
        {t('nav.skipToContent')}
      </a>
      <Header />
      {/* tabIndex lets the skip link move keyboard focus into main, not just scroll to it. */}
      <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
        {/* Lazy routes suspend here while their chunk downloads; a failed one shows RouteError. */}
        <RouteErrorBoundary key={pathname}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </RouteErrorBoundary>
      </main>
      <Footer />
    </div>
  );
}
