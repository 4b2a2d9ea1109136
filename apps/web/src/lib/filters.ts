import { SLUG } from './region';

/**
 * The list view's filter state `{region, category, q}` and the canonical URLs of UI-LIST-02:
 * region and category in the path on landing pages, `q` always in the query string.
 */

export interface ListFilter {
  region: string | null;
  category: string | null;
  q: string;
}

/** The API refuses longer queries (searchQuery.q ≤ 200), so longer input is cut, never sent whole. */
export const MAX_QUERY_LENGTH = 200;

export function cleanQuery(raw: string | null | undefined): string {
  return (raw ?? '').slice(0, MAX_QUERY_LENGTH);
}

export const validSlug = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value.length <= 64 && SLUG.test(value);

/** Canonical path of a filter; `/search` only when there is free text. */
export function listPath(filter: ListFilter): string {
  const q = filter.q.trim();
  if (q) {
    const params = new URLSearchParams({ q });
    if (filter.region) params.set('region', filter.region);
    if (filter.category) params.set('category', filter.category);
    return `/search?${params.toString()}`;
  }
  if (filter.region && filter.category) return `/region/${filter.region}/category/${filter.category}`;
  if (filter.region) return `/region/${filter.region}`;
  if (filter.category) return `/category/${filter.category}`;
  return '/';
}

export function pageKind(filter: ListFilter): 'home' | 'search' | 'category' | 'region' {
  if (filter.q.trim()) return 'search';
  if (filter.category) return 'category';
  if (filter.region) return 'region';
  return 'home';
}
