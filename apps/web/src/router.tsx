import { lazy, Suspense, type ComponentType } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/Layout';
import { loadCatalogues } from './i18n';
import { Loading } from './components/Loading';
import { RouteErrorBoundary } from './components/RouteErrorBoundary';
import DirectoryPage from './pages/directory/DirectoryPage';

/**
 * ui.md §2 routes. The list view (home, search, landing pages) is in the entry bundle because nearly
 * every visit starts there; every other page is its own chunk (UI-PERF-04).
 *
 * Declarative mode (<BrowserRouter>/<Routes>) on purpose: createBrowserRouter pulls React Router's data
 * APIs (loaders, actions, fetchers, revalidation) into the entry, ~16 KB gzipped the app never used,
 * and the entry has a hard 120 KB budget (scripts/check-web-budget.mjs). Render errors are caught by
 * RouteErrorBoundary in Layout instead of `errorElement`.
 */

type PageModule<P> = Promise<{ default: ComponentType<P> }>;

/**
 * A lazy page; it renders once its chunk and the whole catalogues (i18n/index.ts) are in. `preload()`
 * fetches both ahead: once they are in, the page renders straight away, never through the Suspense
 * fallback (React.lazy would still suspend once on an already loaded module). main.tsx preloads the page
 * the server pre-rendered, so React replaces that markup with the same page, not with "Loading…".
 */
function lazyPage<P extends object>(load: () => PageModule<P>) {
  let loaded: ComponentType<P> | undefined;
  let pending: PageModule<P> | undefined;
  const preload = () =>
    (pending ??= Promise.all([load(), loadCatalogues()]).then(([page]) => {
      loaded = page.default;
      return page;
    }));
  const Lazy = lazy(preload);
  function Page(props: P) {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  }
  return Object.assign(Page, { preload });
}

/**
 * Pages that use TanStack Query (useQuery, useQueryClient, useSignOut) load it with their own chunk
 * through this wrapper, which mounts the shared QueryClientProvider (lib/query-client.tsx); without it
 * they would throw "No QueryClient set". The public shell and list view use lib/light-query.ts and
 * never download it.
 */
function lazyWithQuery<P extends object>(load: () => PageModule<P>) {
  return lazy(async () => {
    const [page, { withQueryClient }] = await Promise.all([
      load(),
      import('./lib/query-client'),
      loadCatalogues(),
    ]);
    return { default: withQueryClient(page.default) };
  });
}

const BusinessPage = lazyPage(() => import('./pages/business/BusinessPage'));
const CategoriesPage = lazyPage(() => import('./pages/CategoriesPage'));
const LegalPage = lazyWithQuery(() => import('./pages/LegalPage'));
const AboutPage = lazyPage(() => import('./pages/info/AboutPage'));
const ContactPage = lazyPage(() => import('./pages/info/ContactPage'));
const ListYourBusinessPage = lazyPage(() => import('./pages/info/ListYourBusinessPage'));
const OfflinePage = lazyPage(() => import('./pages/OfflinePage'));
const NotFoundPage = lazyPage(() => import('./pages/NotFoundPage'));
const LoginPage = lazyPage(() => import('./pages/auth/LoginPage'));
const VerifyCodePage = lazyWithQuery(() => import('./pages/auth/VerifyCodePage'));
const PasswordLoginPage = lazyWithQuery(() => import('./pages/auth/PasswordLoginPage'));
const RegisterPage = lazyWithQuery(() => import('./pages/auth/RegisterPage'));
const ForgotPasswordPage = lazyWithQuery(() => import('./pages/auth/ForgotPasswordPage'));
const PaymentReturnPage = lazyPage(() => import('./pages/payments/PaymentReturnPage'));
// The back office (admin.md) has its own frame and is one lazy chunk: public routes never import it.
const AdminApp = lazyWithQuery(() => import('./pages/admin/AdminApp'));
// The owner dashboard (ui.md §10) likewise: its own frame, one lazy chunk, every screen a chunk again.
const ConfigApp = lazyWithQuery(() => import('./pages/config/ConfigApp'));

/** Pages the server pre-renders besides the list view (apps/api/src/http/web-first-view.ts). */
const BUSINESS_PATH = /^\/business\/[^/]+\/?$/;

/** Loads the page chunk of `pathname` before the first render when the HTML already shows that page. */
export async function preloadRoute(pathname: string): Promise<void> {
  if (BUSINESS_PATH.test(pathname)) await BusinessPage.preload().catch(() => undefined);
}

export function AppRoutes() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<DirectoryPage mode="home" />} />
          <Route path="search" element={<DirectoryPage mode="search" />} />
          <Route path="category/:category" element={<DirectoryPage mode="landing" />} />
          <Route path="region/:region" element={<DirectoryPage mode="landing" />} />
          <Route path="region/:region/category/:category" element={<DirectoryPage mode="landing" />} />
          <Route path="categories" element={<CategoriesPage />} />
          <Route path="business/:tag" element={<BusinessPage />} />
          <Route path="terms" element={<LegalPage document="terms_of_service" />} />
          <Route path="privacy" element={<LegalPage document="privacy_policy" />} />
          <Route path="about" element={<AboutPage />} />
          <Route path="contact" element={<ContactPage />} />
          <Route path="list-your-business" element={<ListYourBusinessPage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="login/verify" element={<VerifyCodePage purpose="login" />} />
          <Route path="login/password" element={<PasswordLoginPage />} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="register/verify" element={<VerifyCodePage purpose="register" />} />
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
          <Route path="config/payments/return" element={<PaymentReturnPage />} />
          <Route path="offline" element={<OfflinePage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
        <Route
          path="config/*"
          element={
            <RouteErrorBoundary>
              <Suspense fallback={<Loading />}>
                <ConfigApp />
              </Suspense>
            </RouteErrorBoundary>
          }
        />
        <Route
          path="admin/*"
          element={
            <RouteErrorBoundary>
              <Suspense fallback={<Loading />}>
                <AdminApp />
              </Suspense>
            </RouteErrorBoundary>
          }
        />
      </Routes>
    </BrowserRouter>
  );
}
