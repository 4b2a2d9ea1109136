import { Bell, Building2, House, ShoppingBag, UserRound, type LucideIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { MyBusiness } from '../../lib/config/types';
import { sectionPath, sectionsFor } from './sections';

interface NavTarget {
  key: string;
  to: string;
  label: string;
  icon: LucideIcon;
  active: boolean;
}

/** Which of the four bottom tabs the current screen belongs to. */
function bottomTab(
  pathname: string,
  businessId: string | null,
): 'home' | 'business' | 'services' | 'account' | null {
  if (pathname === '/config/profile') return 'account';
  if (pathname === '/config/cart' || (businessId && pathname === `/config/business/${businessId}/services`))
    return 'services';
  if (pathname.startsWith('/config/business/') && !pathname.startsWith('/config/business/new'))
    return 'business';
  if (pathname === '/config' || pathname === '/config/' || pathname === '/config/notifications')
    return 'home';
  return null;
}

/**
 * UI-DASH-02 mobile: fixed bottom navigation, 56 px plus the safe-area inset. Business and Services
 * follow the current business and are hidden while the person has none.
 */
export function BottomNav({ businessId }: { businessId: string | null }) {
  const { t } = useTranslation('config');
  const { pathname } = useLocation();
  const tab = bottomTab(pathname, businessId);
  const items: NavTarget[] = [
    { key: 'home', to: '/config', label: t('shell.nav.home'), icon: House, active: tab === 'home' },
    ...(businessId
      ? [
          {
            key: 'business',
            to: `/config/business/${businessId}`,
            label: t('shell.nav.business'),
            icon: Building2,
            active: tab === 'business',
          },
          {
            key: 'services',
            to: `/config/business/${businessId}/services`,
            label: t('shell.nav.services'),
            icon: ShoppingBag,
            active: tab === 'services',
          },
        ]
      : []),
    {
      key: 'account',
      to: '/config/profile',
      label: t('shell.nav.account'),
      icon: UserRound,
      active: tab === 'account',
    },
  ];
  return (
    <nav
      aria-label={t('shell.nav.label')}
      className="fixed inset-x-0 bottom-0 z-30 border-t border-grey-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden"
    >
      <ul className="flex h-14">
        {items.map((item) => (
          <li key={item.key} className="flex-1">
            <Link
              to={item.to}
              aria-current={item.active ? 'page' : undefined}
              data-testid={`bottom-nav-${item.key}`}
              className={`flex h-14 flex-col items-center justify-center gap-0.5 text-small ${
                item.active ? 'font-bold text-brand-700' : 'text-grey-600 hover:text-ink'
              }`}
            >
              <item.icon size={22} aria-hidden="true" />
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** UI-DASH-02 desktop: the same places plus every section of the current business the role may open. */
export function SideNav({ current }: { current: MyBusiness | null }) {
  const { t } = useTranslation('config');
  const { pathname } = useLocation();
  const linkClass = (active: boolean) =>
    `flex min-h-11 items-center gap-3 rounded-lg px-3 ${
      active ? 'bg-brand-50 font-semibold text-brand-700' : 'hover:bg-grey-50'
    }`;
  const top: NavTarget[] = [
    { key: 'home', to: '/config', label: t('shell.nav.home'), icon: House, active: pathname === '/config' },
    {
      key: 'notifications',
      to: '/config/notifications',
      label: t('shell.nav.notifications'),
      icon: Bell,
      active: pathname === '/config/notifications',
    },
  ];
  const renderLink = (item: NavTarget) => (
    <li key={item.key}>
      <Link to={item.to} aria-current={item.active ? 'page' : undefined} className={linkClass(item.active)}>
        <item.icon size={20} aria-hidden="true" />
        <span className="min-w-0 truncate">{item.label}</span>
      </Link>
    </li>
  );
  return (
    <nav aria-label={t('shell.nav.label')} className="space-y-4 py-4">
      <ul>{top.map(renderLink)}</ul>
      {current && (
        <div>
          <p className="truncate px-3 pb-1 text-small font-semibold text-grey-600">{current.business_name}</p>
          <ul>
            {sectionsFor(current.role).map((section) => {
              const to = sectionPath(current.business_id, section);
              const active = section.path === '' ? pathname === to : pathname.startsWith(to);
              return renderLink({
                key: section.key,
                to,
                label: t(`shell.sections.${section.key}`),
                icon: section.icon,
                active,
              });
            })}
          </ul>
        </div>
      )}
      <ul>
        {renderLink({
          key: 'account',
          to: '/config/profile',
          label: t('shell.nav.account'),
          icon: UserRound,
          active: pathname === '/config/profile',
        })}
      </ul>
    </nav>
  );
}
