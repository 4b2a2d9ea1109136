import type { LandingReply, ListingItem, PublicBusiness } from './api-types';
import { setLightData } from './light-query';
import type { SearchPageData } from './live-search';
import { rememberBusiness, rememberSearch } from './offline';

/**
 * The server writes the first view of `/`, landing and detail pages into index.html, with the data it
 * used as JSON (apps/api/src/http/web-first-view.ts). Putting that data in the light cache under the
 * keys the pages ask for (lib/queries.ts, lib/live-search.ts) lets React's first render show the same
 * cards at once — no skeleton, no second request, nothing moving (CLS). A key that does not match (the
 * phone remembers another region or seed) just means the page fetches as usual.
 */
interface FirstView {
  search?: {
    region: string | null;
    category: string | null;
    lang: string;
    seed: number;
    reply: { data: ListingItem[]; pagination: { page: number; pages: number; total: number }; ads: [] };
  };
  landing?: { region: string | null; category: string | null; lang: string; reply: LandingReply };
  business?: { tag: string; lang: string; reply: PublicBusiness };
}

function readFirstView(): FirstView | null {
  const element = document.getElementById('tafuta-first-view');
  if (!element?.textContent) return null;
  try {
    return JSON.parse(element.textContent) as FirstView;
  } catch {
    return null;
  }
}

/** The tab's ranking seed (lib/region.ts tabSeed): adopt the server's when the tab has none yet. */
function adoptSeed(seed: number): number {
  try {
    const saved = window.sessionStorage.getItem('tafuta_seed');
    if (saved !== null) return Number(saved);
    window.sessionStorage.setItem('tafuta_seed', String(seed));
  } catch {
    // Storage disabled: tabSeed() answers 0 then.
    return 0;
  }
  return seed;
}

export function primeFirstView(): void {
  const view = readFirstView();
  if (!view) return;
  if (view.search) {
    const { region, category, lang, reply } = view.search;
    const seed = view.search.seed;
    const page: SearchPageData = {
      items: reply.data,
      total: reply.pagination.total,
      pages: reply.pagination.pages,
      page: reply.pagination.page,
      ads: reply.ads,
    };
    // Another seed ranks differently, and "Load more" would then page through a different order.
    if (adoptSeed(seed) === seed) setLightData(['search', region, category, '', lang, seed], [page]);
    rememberSearch({ q: '', region, category }, reply.data); // offline hook, as a fetched search does
  }
  if (view.landing) {
    const { region, category, lang, reply } = view.landing;
    setLightData(['landing', region, category, lang], reply);
  }
  if (view.business) {
    const { tag, lang, reply } = view.business;
    setLightData(['public-business', tag, lang], reply);
    rememberBusiness(reply); // "recently viewed" offline copy, as withSavedBusiness keeps
  }
}
