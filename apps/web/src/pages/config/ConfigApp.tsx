import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { Loading } from '../../components/Loading';
import { ConfigShell } from '../../components/config/ConfigShell';
import { BusinessFrame } from '../../components/config/BusinessFrame';
import { loadConfigCatalogues } from '../../i18n/config/catalogue';
import { useMe } from '../../lib/session';

/**
 * The owner dashboard (ui.md §10), one lazily loaded chunk reached through /config/* (router.tsx), so
 * the public bundle never carries it. Every screen is its own chunk again: an owner on 3G who opens
 * Photos does not download the checkout. Chunk names start with "Config" so the service worker never
 * precaches them (vite.config.ts, UI-PWA-05).
 */
const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

const ConfigHomePage = page(() => import('./home/ConfigHomePage'));
const ConfigNotificationsPage = page(() => import('./home/ConfigNotificationsPage'));
const ConfigCreateBusinessPage = page(() => import('./business/ConfigCreateBusinessPage'));
const ConfigOverviewPage = page(() => import('./business/ConfigOverviewPage'));
const ConfigSettingsPage = page(() => import('./business/ConfigSettingsPage'));
const ConfigProfilePage = page(() => import('./profile/ConfigProfilePage'));
const ConfigPhotosPage = page(() => import('./photos/ConfigPhotosPage'));
const ConfigWebsitePage = page(() => import('./website/ConfigWebsitePage'));
const ConfigServicesPage = page(() => import('./services/ConfigServicesPage'));
const ConfigCartPage = page(() => import('./services/ConfigCartPage'));
const ConfigTransactionsPage = page(() => import('./services/ConfigTransactionsPage'));
const ConfigReceiptPage = page(() => import('./services/ConfigReceiptPage'));
const ConfigHistoryPage = page(() => import('./history/ConfigHistoryPage'));
const ConfigHistoryVersionPage = page(() => import('./history/ConfigHistoryVersionPage'));
const ConfigTeamPage = page(() => import('./team/ConfigTeamPage'));
const ConfigAccountPage = page(() => import('./account/ConfigAccountPage'));

/** UI-AUTH-08: signed-out visitors go to log in and come back to the screen they asked for. */
function RequireSignIn() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (!me.data) {
    const returnTo = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?returnTo=${returnTo}`} replace />;
  }
  return <Outlet />;
}

export default function ConfigApp() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    void loadConfigCatalogues().then(() => setReady(true));
  }, []);
  if (!ready) return <Loading />;
  return (
    <Routes>
      <Route element={<RequireSignIn />}>
        <Route
          element={
            <ConfigShell>
              <Suspense fallback={<Loading />}>
                <Outlet />
              </Suspense>
            </ConfigShell>
          }
        >
          <Route index element={<ConfigHomePage />} />
          <Route path="notifications" element={<ConfigNotificationsPage />} />
          <Route path="profile" element={<ConfigAccountPage />} />
          <Route path="cart" element={<ConfigCartPage />} />
          <Route path="receipts/:receiptId" element={<ConfigReceiptPage />} />
          <Route path="business/new" element={<ConfigCreateBusinessPage />} />
          <Route path="business/:id" element={<BusinessFrame />}>
            <Route index element={<ConfigOverviewPage />} />
            <Route path="profile" element={<ConfigProfilePage />} />
            <Route path="photos" element={<ConfigPhotosPage />} />
            <Route path="website" element={<ConfigWebsitePage />} />
            <Route path="services" element={<ConfigServicesPage />} />
            <Route path="transactions" element={<ConfigTransactionsPage />} />
            <Route path="history" element={<ConfigHistoryPage />} />
            <Route path="history/:version" element={<ConfigHistoryVersionPage />} />
            <Route path="users" element={<ConfigTeamPage />} />
            <Route path="settings" element={<ConfigSettingsPage />} />
          </Route>
          <Route path="*" element={<Navigate to="/config" replace />} />
        </Route>
      </Route>
    </Routes>
  );
}
