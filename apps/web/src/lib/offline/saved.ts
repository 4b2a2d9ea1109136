import { ApiError } from '../api';
import type { ListingItem, PublicBusiness } from '../api-types';
import { readJson, removeKey, writeJson } from './storage';

/**
 * What a visitor can still read with no signal (issue 8 item 5, ui.md §15.2): the businesses they opened
 * most recently and the results of their last search, kept on the phone in localStorage. The service
 * worker's caches hold the same replies, but only for visits it controlled (not the very first one) and
 * only until its LRU evicts them; this copy is small, bounded and under the app's own control.
 *
 * Only public data is kept (the same replies anyone gets without signing in), never account data:
 * phones are shared (UI-PWA-08).
 */

export const RECENT_BUSINESSES_KEY = 'tafuta_recent_businesses';
export const LAST_SEARCH_KEY = 'tafuta_last_search';
/** "Recently viewed" means the last 20 detail pages (≤ 15 KB each per UI-PERF-03: ≤ 300 KB). */
export const MAX_RECENT_BUSINESSES = 20;
/** Two pages of results (UI-LIST-06 pages hold 20 cards). */
export const MAX_SEARCH_ITEMS = 40;
/** A reply bigger than this is not worth a visitor's storage (a detail reply is budgeted at 15 KB). */
const MAX_BUSINESS_CHARS = 60_000;

export interface SavedBusiness {
  business: PublicBusiness;
  /** ISO time of the visit, shown as "saved on your phone at …" (UI-PWA-11). */
  saved_at: string;
}

export interface SavedSearch {
  /** The search's URL (e.g. `/search?q=salon&region=machakos`), so a link can reopen it. */
  path: string;
  items: ListingItem[];
  saved_at: string;
}

function isSavedBusiness(value: unknown): value is SavedBusiness {
  const entry = value as SavedBusiness | null;
  return (
    typeof entry?.saved_at === 'string' &&
    typeof entry.business?.business_tag === 'string' &&
    typeof entry.business.name?.text === 'string'
  );
}

export function recentBusinesses(): SavedBusiness[] {
  const stored = readJson(RECENT_BUSINESSES_KEY);
  return Array.isArray(stored) ? stored.filter(isSavedBusiness).slice(0, MAX_RECENT_BUSINESSES) : [];
}

export function savedBusiness(tag: string): SavedBusiness | undefined {
  return recentBusinesses().find((entry) => entry.business.business_tag === tag);
}

/** Newest first, one entry per business (the last language it was read in), at most 20. */
export function rememberBusiness(business: PublicBusiness, now: Date = new Date()): void {
  if (JSON.stringify(business).length > MAX_BUSINESS_CHARS) return;
  const entries = [
    { business, saved_at: now.toISOString() },
    ...recentBusinesses().filter((entry) => entry.business.business_tag !== business.business_tag),
  ].slice(0, MAX_RECENT_BUSINESSES);
  writeJson(RECENT_BUSINESSES_KEY, entries, (list) => (list.length > 1 ? list.slice(0, -1) : null));
}

export function lastSearch(): SavedSearch | null {
  const stored = readJson(LAST_SEARCH_KEY) as SavedSearch | null;
  if (typeof stored?.path !== 'string' || !Array.isArray(stored.items)) return null;
  if (typeof stored.saved_at !== 'string') return null;
  return stored;
}

export interface SearchFilter {
  q?: string | null;
  region?: string | null;
  category?: string | null;
}

/** The /search URL that reruns a filter (UI-LIST-02 keeps `q`, `region`, `category` in the query). */
export function searchPath(filter: SearchFilter): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'region', 'category'] as const) {
    const value = filter[key]?.trim();
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `/search?${query}` : '/search';
}

/**
 * Keeps the cards of the last search (a query, a category or a region; the bare home feed is not a
 * search). Loading more of the same search adds to the saved cards (de-duplicated, capped); a different
 * search replaces them.
 */
export function rememberSearch(filter: SearchFilter, items: ListingItem[], now: Date = new Date()): void {
  if (!filter.q?.trim() && !filter.category && !filter.region) return;
  const path = searchPath(filter);
  const previous = lastSearch();
  const merged = previous?.path === path ? [...previous.items, ...items] : items;
  const seen = new Set<string>();
  const unique = merged.filter((item) => !seen.has(item.business_id) && seen.add(item.business_id));
  writeJson(
    LAST_SEARCH_KEY,
    { path, items: unique.slice(0, MAX_SEARCH_ITEMS), saved_at: now.toISOString() },
    (search) => (search.items.length > 1 ? { ...search, items: search.items.slice(0, -5) } : null),
  );
}

/** Log out (UI-AUTH-12, UI-ACC-05) clears what the phone keeps about what this person looked at. */
export function forgetSaved(): void {
  removeKey(RECENT_BUSINESSES_KEY);
  removeKey(LAST_SEARCH_KEY);
}

/** Only a failed connection falls back to the saved copy: a 404 or 410 must never show stale data. */
export function isOfflineFailure(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'NETWORK_ERROR';
}

/**
 * The one call a detail page needs: loads the business, keeps a copy, and answers from the copy when the
 * network is gone; `saved_at` is then set, so the page can say it shows a saved copy (UI-PWA-11).
 */
export async function withSavedBusiness(
  tag: string,
  load: () => Promise<PublicBusiness>,
): Promise<PublicBusiness & { saved_at?: string }> {
  try {
    const business = await load();
    rememberBusiness(business);
    return business;
  } catch (error) {
    const saved = isOfflineFailure(error) ? savedBusiness(tag) : undefined;
    if (!saved) throw error;
    return { ...saved.business, saved_at: saved.saved_at };
  }
}
