import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/States';
import { nairobiToday } from '../../../components/config/services/format';
import { TransactionFiltersForm } from '../../../components/config/services/TransactionFiltersForm';
import { TransactionItem } from '../../../components/config/services/TransactionItem';
import {
  NO_FILTERS,
  transactionQuery,
  type TransactionFilters,
  type TransactionRow,
} from '../../../components/config/services/transactions';
import { apiGetPage, shouldRetry } from '../../../lib/api';
import { useCurrentBusiness } from '../business-context';
import { LoadMore, nextPageParam } from '../../../components/config/LoadMore';

const PAGE_SIZE = 20;

/**
 * Transactions (ui.md §10.11, UI-TX-01..04): Owners and business Admins; Employees never see money
 * (UI-DASH-04) and the server answers them "not found" anyway. Newest first, 20 at a time.
 */
export default function ConfigTransactionsPage() {
  const { t } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const { business, can } = useCurrentBusiness();
  const businessId = business.business_id;
  const allowed = can('transactions.view');
  const [filters, setFilters] = useState<TransactionFilters>(NO_FILTERS);
  const onFilters = useCallback((next: TransactionFilters) => setFilters(next), []);
  const query = transactionQuery(filters, nairobiToday());

  const list = useInfiniteQuery({
    queryKey: ['config', 'transactions', businessId, query],
    queryFn: ({ pageParam, signal }) =>
      apiGetPage<TransactionRow>(`/businesses/${businessId}/transactions`, {
        signal,
        query: { ...query, page: pageParam, limit: PAGE_SIZE },
      }),
    initialPageParam: 1,
    getNextPageParam: nextPageParam,
    enabled: allowed,
    retry: shouldRetry,
  });

  const title = t('services.tx.title');
  if (!allowed) {
    return (
      <div className="page max-w-240 space-y-4 py-6">
        <title>{tDefault('meta.pageTitle', { title })}</title>
        <h1 className="text-h1 font-bold">{title}</h1>
        <p role="alert">{tDefault('errors.FORBIDDEN')}</p>
      </div>
    );
  }

  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.pagination.total ?? 0;
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  return (
    <div className="page max-w-240 space-y-4 py-6">
      <title>{tDefault('meta.pageTitle', { title })}</title>
      <h1 className="text-h1 font-bold">{title}</h1>
      <TransactionFiltersForm value={filters} onChange={onFilters} />
      <p aria-live="polite" className="text-small text-grey-600">
        {list.data ? t('services.tx.count', { count: total }) : ''}
      </p>
      {list.isPending && <p className="skeleton h-32" aria-hidden="true" />}
      {list.error ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && rows.length === 0 && (
        <p className="text-grey-600">{filtered ? t('services.tx.noneFiltered') : t('services.tx.none')}</p>
      )}
      <ul className="space-y-3" aria-busy={list.isFetching}>
        {rows.map((row) => (
          <TransactionItem key={row.tx_id} row={row} />
        ))}
      </ul>
      <LoadMore list={list} label={t('services.tx.loadMore')} loadingLabel={t('services.tx.loading')} />
    </div>
  );
}
