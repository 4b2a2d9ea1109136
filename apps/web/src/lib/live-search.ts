import { useEffect, useState } from 'react';
import { apiGetPage } from './api';
import type { AdItem, ListingItem } from './api-types';
import type { ListFilter } from './filters';
import { hashKey, setLightData, useLightQuery } from './light-query';
import { rememberSearch } from './offline';
import { tabSeed } from './region';
import { foldText, matchesAllWords } from './text';

/** UI-LIST-04 asks for 350 ms after the last keystroke; the issue says ~300 ms. */
export const SEARCH_DEBOUNCE_MS = 350;
export const PAGE_SIZE = 20;

export function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** The query actually sent: at least 2 characters, or none at all (UI-LIST-04). */
export function serverQuery(q: string): string {
  const trimmed = q.trim();
  return trimmed.length >= 2 ? trimmed : '';
}

export interface SearchPageData {
  items: ListingItem[];
  total: number;
  pages: number;
  page: number;
  ads: AdItem[];
}

/**
 * Pages of GET /api/search for a filter, on the light cache (lib/light-query.ts: the list view is in
 * the entry bundle, which has no room for TanStack Query). Each fetch gets an AbortSignal, aborted when
 * the key changes (the person typed on), so a stale reply can never overwrite a newer one. While the
 * new key loads, the last cards shown stay on screen (`isPlaceholderData`, no blank list).
 */
export function useListingSearch(filter: ListFilter, lang: string, enabled = true) {
  const q = serverQuery(useDebounced(filter.q, SEARCH_DEBOUNCE_MS));
  const seed = tabSeed();
  const queryKey = ['search', filter.region, filter.category, q, lang, seed];
  const fetchPage = async (page: number, signal: AbortSignal): Promise<SearchPageData> => {
    const reply = await apiGetPage<ListingItem>('/search', {
      signal,
      query: {
        q: q || undefined,
        region: filter.region ?? undefined,
        category: filter.category ?? undefined,
        page,
        limit: PAGE_SIZE,
        seed,
        lang,
      },
    });
    rememberSearch({ q, region: filter.region, category: filter.category }, reply.items); // offline hook (lib/offline)
    return {
      items: reply.items,
      total: reply.pagination.total,
      pages: reply.pagination.pages,
      page: reply.pagination.page,
      ads: Array.isArray(reply.envelope.ads) ? (reply.envelope.ads as AdItem[]) : [],
    };
  };
  const query = useLightQuery<SearchPageData[]>({
    queryKey,
    queryFn: async ({ signal }) => [await fetchPage(1, signal)],
    enabled,
    staleTime: 60_000,
  });

  // keepPreviousData: the newest pages ever shown stand in while another key has none yet.
  // (State adjusted during render, React's pattern for "remember the last value".)
  const [previous, setPrevious] = useState<SearchPageData[] | undefined>(query.data);
  if (query.data && query.data !== previous) setPrevious(query.data);
  const pages = query.data ?? (query.error ? undefined : previous);

  const [next, setNext] = useState<{ hash: string; controller: AbortController } | null>(null);
  const hash = hashKey(queryKey);
  useEffect(() => () => next?.controller.abort(), [next]);
  const last = query.data?.[query.data.length - 1];
  const fetchNextPage = async () => {
    if (!query.data || !last || last.page >= last.pages || next) return;
    const controller = new AbortController();
    setNext({ hash, controller });
    try {
      const page = await fetchPage(last.page + 1, controller.signal);
      setLightData(queryKey, [...query.data, page]);
    } catch {
      // The "Load more" button stays; a tap tries again.
    } finally {
      setNext(null);
    }
  };

  return {
    data: pages ? { pages } : undefined,
    error: query.error,
    isPending: pages === undefined,
    isFetching: query.isFetching || next !== null,
    isPlaceholderData: query.data === undefined && pages !== undefined,
    hasNextPage: Boolean(last && last.page < last.pages),
    isFetchingNextPage: next !== null && next.hash === hash,
    fetchNextPage,
    refetch: query.refetch,
  };
}

/** UI-LIST-06: cards already shown are de-duplicated by business_id when pages are appended. */
export function mergePages(pages: readonly SearchPageData[] | undefined): ListingItem[] {
  const seen = new Set<string>();
  const items: ListingItem[] = [];
  for (const page of pages ?? []) {
    for (const item of page.items) {
      if (seen.has(item.business_id)) continue;
      seen.add(item.business_id);
      items.push(item);
    }
  }
  return items;
}

/** UI-LIST-04: instant on-device filter of the loaded cards while the server request is pending. */
export function filterLoaded(items: readonly ListingItem[], q: string): ListingItem[] {
  if (!foldText(q).trim()) return [...items];
  return items.filter((item) =>
    matchesAllWords(
      [item.name, item.tagline ?? '', item.city, ...item.categories.map((category) => category.name)].join(
        ' ',
      ),
      q,
    ),
  );
}
