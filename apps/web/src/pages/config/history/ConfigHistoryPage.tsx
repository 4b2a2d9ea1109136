import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ErrorState } from '../../../components/States';
import { RestoreDialog } from '../../../components/config/history/RestoreDialog';
import { VersionRow } from '../../../components/config/history/VersionRow';
import {
  fetchHistoryPage,
  historyKey,
  type HistoryItem,
} from '../../../components/config/history/history-api';
import { useMe } from '../../../lib/session';
import { useCurrentBusiness } from '../business-context';
import { LoadMore, nextPageParam } from '../../../components/config/LoadMore';

/**
 * Content history (UI-HIST-02..05): every saved version, newest first, 20 at a time. Owners and Admins
 * may restore any earlier version; restoring adds a version, so nothing is ever lost (UI-HIST-07).
 */
export default function ConfigHistoryPage() {
  const { t } = useTranslation('config');
  const current = useCurrentBusiness();
  const { business } = current;
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [restoring, setRestoring] = useState<HistoryItem | null>(null);
  // A restore made on a version's own page comes back here with what it did.
  const arrived = useLocation().state as { restoredFrom?: number; restoredTo?: number } | null;
  const [notice, setNotice] = useState<string | null>(() =>
    arrived?.restoredFrom && arrived.restoredTo
      ? t('history.restore.done', { version: arrived.restoredFrom, next: arrived.restoredTo })
      : null,
  );
  const canRestore = current.can('history.restore') && !current.readOnly;

  const history = useInfiniteQuery({
    queryKey: historyKey(business.business_id),
    queryFn: ({ pageParam, signal }) => fetchHistoryPage(business.business_id, pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: nextPageParam,
  });
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];

  const reload = async () => {
    await Promise.all([
      current.refresh(),
      queryClient.invalidateQueries({ queryKey: historyKey(business.business_id) }),
    ]);
  };

  return (
    <div className="space-y-4 py-4">
      <title>{t('history.pageTitle', { business: business.business_name })}</title>
      <h1 className="text-h1 font-bold">{t('history.title')}</h1>
      <p className="text-grey-600">{canRestore ? t('history.intro') : t('history.introReadOnly')}</p>
      {notice && (
        <p role="status" className="rounded-xl bg-success-50 p-3 text-success-700">
          {notice}
        </p>
      )}
      {history.isPending && <p className="text-grey-600">{t('history.loading')}</p>}
      {history.isError && <ErrorState error={history.error} onRetry={() => void history.refetch()} />}
      {items.length > 0 && (
        <ol className="ml-2" aria-label={t('history.listLabel')}>
          {items.map((item) => (
            <VersionRow
              key={item.content_version}
              item={item}
              myUserId={me?.user_id}
              canRestore={canRestore}
              onRestore={() => setRestoring(item)}
            />
          ))}
        </ol>
      )}
      <LoadMore list={history} label={t('history.loadMore')} loadingLabel={t('history.loading')} />
      {restoring && (
        <RestoreDialog
          business={business}
          version={restoring}
          onClose={() => setRestoring(null)}
          onStale={() => void reload()}
          onRestored={(next) => {
            setRestoring(null);
            setNotice(t('history.restore.done', { version: restoring.content_version, next }));
            void reload();
          }}
        />
      )}
    </div>
  );
}
