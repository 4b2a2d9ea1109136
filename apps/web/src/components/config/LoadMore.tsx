import type { Page } from '../../lib/api';

/** `getNextPageParam` for the API-06 pagination block: the following page while there is one. */
export function nextPageParam(last: Page<unknown>): number | undefined {
  return last.pagination.page < last.pagination.pages ? last.pagination.page + 1 : undefined;
}

/**
 * "Load more" under a dashboard list read with `useInfiniteQuery`: hidden on the last page, busy while the
 * next page is on its way so a second tap cannot fetch it twice.
 */
export function LoadMore(props: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  label: string;
  loadingLabel: string;
}) {
  const { list } = props;
  if (!list.hasNextPage) return null;
  return (
    <button
      type="button"
      className="btn-secondary w-full"
      disabled={list.isFetchingNextPage}
      aria-busy={list.isFetchingNextPage}
      onClick={() => void list.fetchNextPage()}
    >
      {list.isFetchingNextPage ? props.loadingLabel : props.label}
    </button>
  );
}
