import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BusinessCard, SkeletonCard } from '../../components/BusinessCard';
import { ErrorState, ListBusinessPrompt } from '../../components/States';
import { ApiError } from '../../lib/api';
import type { ListingItem, PublicCategory } from '../../lib/api-types';
import { listPath, pageKind, type ListFilter } from '../../lib/filters';
import { useNow } from '../../lib/use-now';

interface ListResultsProps {
  filter: ListFilter;
  items: ListingItem[];
  total: number | null;
  regionName: string;
  /** First load: skeletons. */
  pending: boolean;
  /** A request is in flight (first load, new filter or next page). */
  fetching: boolean;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onRetry: () => void;
  onClearSearch: () => void;
  categories: PublicCategory[];
}

/** UI-LIST-06/07/08/12: cards, "Load more", empty and end-of-list prompts, skeletons, retry. */
export function ListResults(props: ListResultsProps) {
  const { t } = useTranslation();
  const now = useNow();
  const { filter, items } = props;
  const tracking = {
    page: pageKind(filter),
    region: filter.region ?? undefined,
    category: filter.category ?? undefined,
  };
  const rateLimited = props.error instanceof ApiError && props.error.code === 'RATE_LIMIT_EXCEEDED';
  return (
    <div className="space-y-3">
      {/* UI-A11Y-07: the count is announced politely as results change. */}
      <p aria-live="polite" className="text-small text-grey-600">
        {props.total !== null && !props.pending ? t('list.count', { count: props.total }) : ''}
      </p>
      {rateLimited && (
        <p role="alert" className="rounded-2xl bg-warning-50 p-3 text-warning-800">
          {t('list.rateLimited')}
        </p>
      )}
      {props.error !== null && !rateLimited && items.length === 0 && (
        <ErrorState error={props.error} onRetry={props.onRetry} />
      )}
      <ul aria-busy={props.fetching} aria-label={t('list.loading')} className="space-y-3">
        {props.pending &&
          Array.from({ length: 4 }, (_, index) => (
            <li key={index}>
              <SkeletonCard />
            </li>
          ))}
        {items.map((item) => (
          <li key={item.business_id}>
            <BusinessCard item={item} now={now} tracking={tracking} />
          </li>
        ))}
      </ul>
      {!props.pending && props.error === null && items.length === 0 && <EmptyResults {...props} />}
      {props.hasMore && (
        <button
          type="button"
          onClick={props.onLoadMore}
          disabled={props.loadingMore}
          className="btn-secondary w-full"
        >
          {props.loadingMore ? t('common.loading') : t('list.loadMore')}
        </button>
      )}
      {!props.hasMore && items.length > 0 && !props.fetching && (
        <div className="space-y-3 pt-2">
          <p className="text-center text-small text-grey-600">{t('list.endOfList')}</p>
          <ListBusinessPrompt compact />
        </div>
      )}
    </div>
  );
}

function EmptyResults({ filter, regionName, onClearSearch, categories }: ListResultsProps) {
  const { t } = useTranslation();
  const query = filter.q.trim();
  return (
    <div className="space-y-4 rounded-2xl bg-grey-50 p-4">
      <p className="font-semibold">
        {query ? t('list.emptyTitle', { query, region: regionName }) : t('list.emptyTitleNoQuery')}
      </p>
      <div className="flex flex-wrap gap-2">
        {query && (
          <button type="button" onClick={onClearSearch} className="btn-secondary">
            {t('search.clear')}
          </button>
        )}
        {filter.region && (
          <Link to={listPath({ ...filter, region: null })} className="btn-secondary">
            {t('list.searchAllRegions')}
          </Link>
        )}
      </div>
      {categories.length > 0 && (
        <ul className="flex flex-wrap gap-2">
          {categories.slice(0, 8).map((category) => (
            <li key={category.slug}>
              <Link to={listPath({ region: filter.region, category: category.slug, q: '' })} className="chip">
                {category.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <ListBusinessPrompt compact />
    </div>
  );
}
