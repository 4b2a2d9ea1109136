import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import i18n from 'i18next';
import adminEn from '../../i18n/admin/en.json';
import { ApiError } from '../../lib/api';
import { AdminShell } from '../../components/admin/AdminShell';
import { Loading } from '../../components/admin/AdminUi';
import { STAFF_KEY } from '../../components/admin/AdminStaff';

/**
 * The back office (admin.md), one lazily loaded chunk reached only through /admin/* (router.tsx): nothing
 * here is imported by a public route, so the public bundle budget never pays for it. Each screen is its
 * own chunk again; chart.js lives only in the analytics chunk. Only English is required for the back
 * office at launch (ADM-050): its strings are the `admin` namespace, added here, so they never weigh on
 * the public catalogues; other languages fall back to English.
 */
if (!i18n.hasResourceBundle('en', 'admin')) i18n.addResourceBundle('en', 'admin', adminEn);

const AdminLoginPage = lazy(() => import('./AdminLoginPage'));
const AdminPasswordPage = lazy(() => import('./AdminPasswordPage'));
const AdminDashboardPage = lazy(() => import('./AdminDashboardPage'));
const AdminQueuePage = lazy(() => import('./AdminQueuePage'));
const AdminBusinessPage = lazy(() => import('./AdminBusinessPage'));
const AdminBusinessesPage = lazy(() => import('./AdminBusinessesPage'));
const AdminUsersPage = lazy(() => import('./AdminUsersPage'));
const AdminUserPage = lazy(() => import('./AdminUserPage'));
const AdminCataloguePage = lazy(() => import('./AdminCataloguePage'));
const AdminFeesPage = lazy(() => import('./AdminFeesPage'));
const AdminLogsPage = lazy(() => import('./AdminLogsPage'));
const AdminConfigPage = lazy(() => import('./AdminConfigPage'));
const AdminStaffPage = lazy(() => import('./AdminStaffPage'));
const AdminMessagingPage = lazy(() => import('./AdminMessagingPage'));
const AdminAnalyticsPage = lazy(() => import('./AdminAnalyticsPage'));
const AdminMoneyPage = lazy(() => import('./AdminMoneyPage'));
const AdminTransactionPage = lazy(() => import('./AdminTransactionPage'));
const AdminServicesPage = lazy(() => import('./AdminServicesPage'));
const AdminRefundsPage = lazy(() => import('./AdminRefundsPage'));
const AdminDiscountsPage = lazy(() => import('./AdminDiscountsPage'));
const AdminNotFound = lazy(() => import('./AdminNotFound'));

/** ADM-035: a staff call answered 401 means the session ended; the shell then shows the sign-in page. */
function useSessionWatch() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        const error: unknown = event.query.state.error;
        const key = event.query.queryKey as readonly unknown[];
        if (
          event.type === 'updated' &&
          key[0] === 'admin' &&
          key[1] !== 'me' &&
          error instanceof ApiError &&
          error.status === 401
        ) {
          void queryClient.invalidateQueries({ queryKey: STAFF_KEY });
        }
      }),
    [queryClient],
  );
}

export default function AdminApp() {
  useSessionWatch();
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="login" element={<AdminLoginPage />} />
        <Route path="reset-password" element={<AdminPasswordPage />} />
        <Route path="set-password" element={<AdminPasswordPage />} />
        <Route element={<AdminShell />}>
          <Route index element={<AdminDashboardPage />} />
          <Route path="businesses/pending" element={<AdminQueuePage />} />
          <Route path="businesses" element={<AdminBusinessesPage />} />
          <Route path="businesses/:id" element={<AdminBusinessPage />} />
          <Route path="users" element={<AdminUsersPage />} />
          <Route path="users/:id" element={<AdminUserPage />} />
          <Route path="categories" element={<AdminCataloguePage kind="categories" />} />
          <Route path="regions" element={<AdminCataloguePage kind="regions" />} />
          <Route path="fees" element={<AdminFeesPage />} />
          <Route path="logs/auth" element={<AdminLogsPage kind="auth" />} />
          <Route path="logs/audit" element={<AdminLogsPage kind="audit" />} />
          <Route path="system/config" element={<AdminConfigPage />} />
          <Route path="system/admins" element={<AdminStaffPage />} />
          <Route path="notifications" element={<AdminMessagingPage />} />
          <Route path="analytics" element={<AdminAnalyticsPage />} />
          <Route path="transactions" element={<AdminMoneyPage />} />
          <Route path="transactions/:id" element={<AdminTransactionPage />} />
          <Route path="services/active" element={<AdminServicesPage />} />
          {/* Links the dashboard's alerts carry (dashboard.service.ts). */}
          <Route
            path="services/expiring"
            element={<Navigate to="/admin/services/active?expiring=7" replace />}
          />
          <Route path="analytics/health" element={<Navigate to="/admin/analytics" replace />} />
          <Route path="refunds" element={<AdminRefundsPage />} />
          <Route path="discounts" element={<AdminDiscountsPage />} />
          <Route path="*" element={<AdminNotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
