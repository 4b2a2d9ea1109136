import { useQueryClient } from '@tanstack/react-query';
import { LogOut, Menu, X } from 'lucide-react';
import { Suspense, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import { ME_KEY, rememberSignedIn } from '../../lib/session';
import { ErrorNotice, Loading } from './AdminUi';
import { allowed, STAFF_KEY, useStaff, type StaffPower, type StaffRole } from './AdminStaff';

interface NavItem {
  to: string;
  label: string;
  power?: StaffPower;
}

/** ADM-051, items a role cannot use left out (ADM-005). */
function useNavigation(role: StaffRole): { group: string; items: NavItem[] }[] {
  const { t } = useTranslation('admin');
  const groups: { group: string; items: NavItem[] }[] = [
    { group: t('nav.home'), items: [{ to: '/admin', label: t('nav.dashboard') }] },
    {
      group: t('nav.businesses'),
      items: [
        { to: '/admin/businesses/pending', label: t('nav.pending') },
        { to: '/admin/businesses', label: t('nav.allBusinesses') },
        { to: '/admin/businesses?status=suspended', label: t('nav.suspended') },
      ],
    },
    {
      group: t('nav.users'),
      items: [
        { to: '/admin/users', label: t('nav.allUsers') },
        { to: '/admin/users?status=suspended', label: t('nav.suspendedUsers') },
      ],
    },
    {
      group: t('nav.money'),
      items: [
        { to: '/admin/transactions', label: t('nav.transactions') },
        { to: '/admin/refunds', label: t('nav.refunds') },
        { to: '/admin/discounts', label: t('nav.discounts') },
        { to: '/admin/services/active', label: t('nav.activeServices') },
      ],
    },
    {
      group: t('nav.catalogue'),
      items: [
        { to: '/admin/categories', label: t('nav.categories') },
        { to: '/admin/regions', label: t('nav.regions') },
        { to: '/admin/fees', label: t('nav.fees'), power: 'fees.manage' },
      ],
    },
    {
      group: t('nav.logs'),
      items: [
        { to: '/admin/logs/auth', label: t('nav.authLogs') },
        { to: '/admin/logs/audit', label: t('nav.auditLogs') },
      ],
    },
    {
      group: t('nav.system'),
      items: [
        { to: '/admin/system/config', label: t('nav.config'), power: 'system.view_config' },
        { to: '/admin/system/admins', label: t('nav.staff'), power: 'system.staff_accounts' },
        { to: '/admin/notifications', label: t('nav.notifications') },
      ],
    },
    { group: t('nav.analytics'), items: [{ to: '/admin/analytics', label: t('nav.analytics') }] },
  ];
  return groups
    .map(({ group, items }) => ({
      group,
      items: items.filter((item) => !item.power || allowed(role, item.power)),
    }))
    .filter(({ items }) => items.length > 0);
}

function SideNav({ role, onNavigate }: { role: StaffRole; onNavigate: () => void }) {
  const { t } = useTranslation('admin');
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <nav aria-label={t('nav.label')} className="space-y-4">
      {useNavigation(role).map(({ group, items }) => (
        <div key={group}>
          <p className="mb-1 text-small font-semibold text-grey-600 uppercase">{group}</p>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end
                  onClick={onNavigate}
                  className={() =>
                    `block rounded-lg px-2 py-1.5 ${here === item.to ? 'bg-brand-50 font-semibold text-brand-800' : 'hover:bg-grey-50'}`
                  }
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/**
 * ADM-050..052: the back office's frame. Signed-out visitors (or a public session) go to /admin/login;
 * an expired session on any later call lands there too, with "Session expired" (ADM-035).
 */
export function AdminShell() {
  const { t } = useTranslation('admin');
  const staff = useStaff();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);

  if (staff.isPending) return <Loading />;
  if (staff.isError) return <ErrorNotice error={staff.error} onRetry={() => void staff.refetch()} />;
  if (!staff.data?.staff_role) {
    const returnTo = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/admin/login?returnTo=${returnTo}`} replace />;
  }
  const me = staff.data;
  const role = me.staff_role as StaffRole;

  const signOut = async () => {
    try {
      await apiSend('POST', '/auth/logout');
    } finally {
      rememberSignedIn(false);
      queryClient.setQueryData(STAFF_KEY, null);
      queryClient.setQueryData(ME_KEY, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] === 'admin' });
      void navigate('/admin/login', { replace: true });
    }
  };

  return (
    <div className="min-h-dvh bg-grey-50 text-ink">
      <meta name="robots" content="noindex, nofollow" />
      <header className="flex items-center justify-between gap-3 border-b border-grey-200 bg-white px-4 py-2">
        <div className="flex items-center gap-2">
          <button
            type="button"
            className="btn-ghost lg:hidden"
            aria-expanded={open}
            aria-label={open ? t('nav.close') : t('nav.open')}
            onClick={() => setOpen(!open)}
          >
            {open ? <X aria-hidden /> : <Menu aria-hidden />}
          </button>
          <span className="text-h3 font-extrabold text-brand-700">{t('shell.brand')}</span>
          <span className="rounded-full bg-ink px-2 py-0.5 text-small font-semibold text-white">
            {t('shell.admin')}
          </span>
        </div>
        <div className="flex items-center gap-3">
          <span className="hidden text-small sm:inline" data-testid="admin-identity">
            {t('shell.signedInAs', { name: me.full_name, role: t(`roles.${role}`) })}
          </span>
          <button type="button" className="btn-ghost" onClick={() => void signOut()}>
            <LogOut aria-hidden size={18} />
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <div className="flex">
        <aside
          className={`${open ? 'block' : 'hidden'} w-full shrink-0 border-r border-grey-200 bg-white p-4 lg:block lg:w-60`}
        >
          <SideNav role={role} onNavigate={() => setOpen(false)} />
        </aside>
        <main id="main" className={`${open ? 'hidden' : 'block'} min-w-0 flex-1 p-4 lg:block lg:p-6`}>
          <Suspense fallback={<Loading />}>
            <Outlet context={role} />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
