import { Bell } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useUnreadNotifications } from './notifications';

/** UI-DASH-01 / UI-NOTE-01: the bell with the unread count; it opens the notifications list. */
export function NotificationsBell() {
  const { t } = useTranslation('config');
  const { pathname } = useLocation();
  const unread = useUnreadNotifications();
  const count = unread.data?.unread ?? 0;
  const { refetch } = unread;

  // Each navigation asks again, so a notice that arrived while the owner worked shows on the next screen.
  const lastPath = useRef(pathname);
  useEffect(() => {
    if (lastPath.current === pathname) return;
    lastPath.current = pathname;
    void refetch();
  }, [pathname, refetch]);

  return (
    <Link
      to="/config/notifications"
      aria-label={count > 0 ? t('shell.bell.unread', { count }) : t('shell.bell.none')}
      data-testid="notifications-bell"
      className="relative btn px-2 hover:bg-grey-50"
    >
      <Bell size={22} aria-hidden="true" />
      {count > 0 && (
        <span
          aria-hidden="true"
          className="absolute top-1 right-0.5 flex min-w-5 items-center justify-center rounded-full bg-brand-700 px-1 text-[0.75rem] leading-5 font-bold text-white"
        >
          {count > 99 ? '99+' : count}
        </span>
      )}
    </Link>
  );
}
