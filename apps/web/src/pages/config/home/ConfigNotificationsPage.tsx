import { useInfiniteQuery } from '@tanstack/react-query';
import { CheckCheck } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/States';
import {
  notificationsKey,
  useMarkRead,
  type AppNotification,
} from '../../../components/config/notifications';
import { apiGetPage } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { NotificationItem } from './NotificationItem';
import { LoadMore, nextPageParam } from '../../../components/config/LoadMore';

const PAGE_SIZE = 20;

/** `/config/notifications` (UI-NOTE-01): newest first, unread in bold, tap to open, mark all read. */
export default function ConfigNotificationsPage() {
  const { t } = useTranslation('config');
  const { t: tRoot } = useTranslation();
  const markRead = useMarkRead();
  const [marking, setMarking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: [...notificationsKey, 'all'],
    queryFn: ({ pageParam, signal }) =>
      apiGetPage<AppNotification>('/users/me/notifications', {
        signal,
        query: { page: pageParam, limit: PAGE_SIZE },
      }),
    initialPageParam: 1,
    getNextPageParam: nextPageParam,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = list.data?.pages[0]?.envelope.unread_count;
  const anyUnread = typeof unread === 'number' ? unread > 0 : items.some((item) => item.read_at === null);

  const markAll = async () => {
    setMarking(true);
    setFailure(null);
    try {
      await markRead('all');
    } catch (error) {
      setFailure(errorMessage(tRoot, error));
    } finally {
      setMarking(false);
    }
  };

  return (
    <div className="space-y-4 py-4">
      <title>{tRoot('meta.pageTitle', { title: t('shell.notifications.title') })}</title>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-h1 font-bold">{t('shell.notifications.title')}</h1>
        {anyUnread && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => void markAll()}
            disabled={marking}
            aria-busy={marking}
          >
            <CheckCheck size={20} aria-hidden="true" />
            {marking ? t('shell.dialog.working') : t('shell.notifications.markAll')}
          </button>
        )}
      </div>
      {failure && (
        <p role="alert" className="rounded-xl bg-error-50 p-3 text-error-700">
          {failure}
        </p>
      )}
      {list.isPending && <div className="skeleton h-40" />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && items.length === 0 && (
        <p className="text-grey-600">{t('shell.notifications.empty')}</p>
      )}
      {items.length > 0 && (
        <ul className="card divide-y divide-grey-200 p-1" aria-busy={list.isFetching}>
          {items.map((notification) => (
            <NotificationItem key={notification.notification_id} notification={notification} />
          ))}
        </ul>
      )}
      <LoadMore list={list} label={t('shell.home.loadMore')} loadingLabel={tRoot('common.loading')} />
    </div>
  );
}
