import { useTranslation } from 'react-i18next';
import { useUnreadNotifications } from '../../../components/config/notifications';
import { NotificationItem } from './NotificationItem';

/** UI-DASH-08: the three newest unread notices under the business cards (the bell's request). */
export function LatestNotifications() {
  const { t } = useTranslation('config');
  const unread = useUnreadNotifications();
  if (unread.isPending) return <div className="skeleton h-16" />;
  const latest = unread.data?.latest ?? [];
  if (latest.length === 0) return <p className="text-grey-600">{t('shell.home.noUnread')}</p>;
  return (
    <ul className="card divide-y divide-grey-200 p-1" data-testid="latest-notifications">
      {latest.map((notification) => (
        <NotificationItem key={notification.notification_id} notification={notification} />
      ))}
    </ul>
  );
}
