import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import type { ListingItem, PublicBusiness } from '../api-types';
import {
  lastSearch,
  MAX_RECENT_BUSINESSES,
  MAX_SEARCH_ITEMS,
  recentBusinesses,
  rememberBusiness,
  rememberSearch,
  savedBusiness,
  searchPath,
  withSavedBusiness,
} from './saved';

/** localStorage as the browser has it, with an optional quota so "storage full" can be tested. */
class MemoryStorage {
  private items = new Map<string, string>();
  constructor(private quotaChars = Infinity) {}
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    const used = [...this.items].reduce((sum, [k, v]) => sum + (k === key ? 0 : v.length), 0);
    if (used + value.length > this.quotaChars) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

function useStorage(storage: MemoryStorage) {
  (globalThis as { window?: unknown }).window = { localStorage: storage };
}

function business(tag: string, extra: Partial<PublicBusiness> = {}): PublicBusiness {
  return {
    business_id: `id-${tag}`,
    business_tag: tag,
    name: { text: `Business ${tag}`, lang: 'en' },
    location: { city: 'Machakos Town' },
    ...extra,
  } as PublicBusiness;
}

function card(id: number): ListingItem {
  return {
    business_id: `b${id}`,
    name: `Card ${id}`,
    phone: '+254700103001',
    city: 'Kisumu CBD',
  } as ListingItem;
}

describe('what the phone keeps for offline use', () => {
  beforeEach(() => useStorage(new MemoryStorage()));
  afterEach(() => {
    delete (globalThis as { window?: unknown }).window;
  });

  it('keeps the last 20 businesses opened, newest first, each once', () => {
    for (let i = 1; i <= 25; i++)
      rememberBusiness(business(`tag-${i}`), new Date(Date.UTC(2026, 0, 1, 0, i)));
    rememberBusiness(business('tag-10'), new Date(Date.UTC(2026, 0, 2)));
    const recent = recentBusinesses();
    expect(recent).toHaveLength(MAX_RECENT_BUSINESSES);
    expect(recent[0]).toMatchObject({
      business: { business_tag: 'tag-10' },
      saved_at: '2026-01-02T00:00:00.000Z',
    });
    expect(recent.map((entry) => entry.business.business_tag)).not.toContain('tag-5');
    expect(recent.filter((entry) => entry.business.business_tag === 'tag-10')).toHaveLength(1);
    expect(savedBusiness('tag-25')?.business.name.text).toBe('Business tag-25');
  });

  it('drops the oldest businesses rather than the newest when storage is full', () => {
    const bulky = (tag: string) => business(tag, { tagline: { text: 'x'.repeat(900), lang: 'en' } });
    useStorage(new MemoryStorage(5_000));
    for (let i = 1; i <= 10; i++) rememberBusiness(bulky(`tag-${i}`));
    const recent = recentBusinesses();
    expect(recent.length).toBeGreaterThan(1);
    expect(recent.length).toBeLessThan(10);
    expect(recent[0]!.business.business_tag).toBe('tag-10');
  });

  it('keeps the cards of the last search, adds "load more" pages to it and starts over on a new search', () => {
    rememberSearch({ q: 'salon', region: 'machakos', category: null }, [card(1), card(2)]);
    rememberSearch({ q: 'salon', region: 'machakos', category: null }, [card(2), card(3)]);
    expect(lastSearch()).toMatchObject({ path: '/search?q=salon&region=machakos' });
    expect(lastSearch()!.items.map((item) => item.business_id)).toEqual(['b1', 'b2', 'b3']);

    const many = Array.from({ length: 60 }, (_, i) => card(100 + i));
    rememberSearch({ q: 'chapati', region: null, category: null }, many);
    expect(lastSearch()!.path).toBe('/search?q=chapati');
    expect(lastSearch()!.items).toHaveLength(MAX_SEARCH_ITEMS);
  });

  it('does not count the bare home feed as a search', () => {
    rememberSearch({ q: 'salon' }, [card(1)]);
    rememberSearch({ q: '  ', region: null, category: null }, [card(9)]);
    expect(lastSearch()!.path).toBe('/search?q=salon');
    expect(searchPath({ category: 'restaurants', region: 'kisumu' })).toBe(
      '/search?region=kisumu&category=restaurants',
    );
  });

  it('answers from the saved copy only when the network failed, never for a 404', async () => {
    const loaded = await withSavedBusiness('kamba', () => Promise.resolve(business('kamba')));
    expect(loaded.saved_at).toBeUndefined();
    const offline = await withSavedBusiness('kamba', () => Promise.reject(new ApiError('NETWORK_ERROR', 0)));
    expect(offline).toMatchObject({ business_tag: 'kamba', saved_at: expect.any(String) });
    await expect(
      withSavedBusiness('kamba', () => Promise.reject(new ApiError('NOT_FOUND', 404))),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      withSavedBusiness('never-seen', () => Promise.reject(new ApiError('NETWORK_ERROR', 0))),
    ).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });

  it('reads a broken or foreign value as nothing saved', () => {
    window.localStorage.setItem('tafuta_recent_businesses', '{not json');
    window.localStorage.setItem('tafuta_last_search', JSON.stringify({ path: 5 }));
    expect(recentBusinesses()).toEqual([]);
    expect(lastSearch()).toBeNull();
  });
});
