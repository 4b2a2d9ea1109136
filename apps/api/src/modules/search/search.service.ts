import zlib from 'node:zlib';
import type { Language, Pagination, SearchQuery } from '@tafuta/contracts';
import { isoSeconds, paginate } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { listingItem, locatorFor, type ListingItem, type ViewContext } from './listing-view.js';
import { publicBusinessView, type PublicBusiness } from './public-business.js';
import { searchText } from './query-text.js';
import {
  DEFAULT_PROMOTION_WEIGHT,
  DEFAULT_ROTATION_MINUTES,
  rankingSeed,
  rotationBucket,
} from './ranking.js';
import { ReplyCache } from './search-cache.js';
import {
  countListings,
  landingCounts,
  listingByTag,
  rankedPage,
  rankingSettings,
  taxonomy,
  type ListingFilter,
  type TaxonomyRow,
} from './search.repo.js';

/** Replies kept per process; a reply is 5–25 KB, so this bounds the cache near 50 MB at worst. */
const CACHE_ENTRIES = 2_000;
/** ≤ 60 s: the CDN keeps replies 300 s anyway (API-12); this process re-reads sooner. */
const CACHE_TTL_MS = 60_000;
/** Ranking settings are staff-editable without a deployment (UI-RANK-06): re-read once a minute. */
const SETTINGS_TTL_MS = 60_000;

export interface SearchReply {
  items: ListingItem[];
  pagination: Pagination;
  /** UI-ADS-05: ads with slot positions; always empty until the ads module exists. */
  ads: never[];
}

/**
 * A search reply as it goes on the wire: the API-04 envelope serialised once, and gzipped once, when it
 * is computed. Its `timestamp` is the time it was computed, as a CDN copy's would be (API-12).
 */
export interface PreparedReply {
  json: Buffer;
  gzip: Buffer;
}

export function prepareReply(reply: SearchReply, at: Date): PreparedReply {
  const json = Buffer.from(
    JSON.stringify({
      success: true,
      data: reply.items,
      pagination: reply.pagination,
      ads: reply.ads,
      timestamp: isoSeconds(at),
    }),
  );
  return { json, gzip: zlib.gzipSync(json, { level: 6 }) };
}

export interface LandingReply {
  region: { slug: string; name: string } | null;
  category: { slug: string; name: string } | null;
  total: number;
  related: {
    categories_in_region: { slug: string; name: string; count: number }[];
    category_in_regions: { slug: string; name: string; count: number }[];
  };
}

export interface SearchServiceOptions {
  /** The clock behind the rotation bucket; tests move it across many days. */
  now?: () => number;
  /** False measures the query path alone (benchmarks); replies are then never kept. */
  cacheReplies?: boolean;
}

interface Settings {
  promotionWeight: number;
  rotationMinutes: number;
}

function positive(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : fallback;
}

const nameIn = (row: TaxonomyRow, lang: Language) => row.names[lang] ?? row.names.en;

export type SearchService = ReturnType<typeof createSearchService>;

export function createSearchService(deps: DirectoryDeps, options: SearchServiceOptions = {}) {
  const now = options.now ?? Date.now;
  const searches = new ReplyCache<PreparedReply>({
    maxEntries: options.cacheReplies === false ? 0 : CACHE_ENTRIES,
    ttlMs: CACHE_TTL_MS,
  });
  const landings = new ReplyCache<LandingReply>({ maxEntries: 500, ttlMs: CACHE_TTL_MS });
  // Category and region names change rarely (staff edits call listingsChanged); read them once a minute.
  let names: { value: Awaited<ReturnType<typeof taxonomy>>; expiresAt: number } | undefined;
  async function cachedTaxonomy() {
    if (names && names.expiresAt > Date.now()) return names.value;
    const value = await taxonomy(deps.db);
    names = { value, expiresAt: Date.now() + SETTINGS_TTL_MS };
    return value;
  }
  deps.events.onListingsChanged(() => {
    searches.clear();
    landings.clear();
    names = undefined;
  });

  let settings: { value: Settings; expiresAt: number } | undefined;
  async function rankingParameters(): Promise<Settings> {
    if (settings && settings.expiresAt > Date.now()) return settings.value;
    const values = await rankingSettings(deps.db);
    const value = {
      promotionWeight: positive(values.get('ranking.promotion_weight'), DEFAULT_PROMOTION_WEIGHT),
      rotationMinutes: positive(values.get('ranking.rotation_minutes'), DEFAULT_ROTATION_MINUTES),
    };
    settings = { value, expiresAt: Date.now() + SETTINGS_TTL_MS };
    return value;
  }

  /** Names of the taxonomy, and a 404 for a filter slug that is unknown or inactive (UI-LIST-02). */
  async function viewContext(
    lang: Language,
    filter: { category?: string | undefined; region?: string | undefined },
  ) {
    const { categories, regions } = await cachedTaxonomy();
    const context: ViewContext = {
      lang,
      mediaBaseUrl: deps.mediaBaseUrl,
      mediaUrls: deps.mediaUrls,
      apexDomain: deps.apexDomain,
      categories: new Map(categories.map((row) => [row.slug, row])),
      regions: new Map(regions.map((row) => [row.slug, row])),
    };
    const category = filter.category ? context.categories.get(filter.category) : undefined;
    if (filter.category && !category?.is_active) throw new AppError('CATEGORY_NOT_FOUND', 'No such category');
    const region = filter.region ? context.regions.get(filter.region) : undefined;
    if (filter.region && !region?.is_active) throw new AppError('REGION_NOT_FOUND', 'No such region');
    return { context, category, region, categories, regions };
  }

  async function loadSearch(
    query: SearchQuery,
    filter: ListingFilter,
    s: number,
    weight: number,
  ): Promise<SearchReply> {
    const offset = (query.page - 1) * query.limit;
    const [{ context }, ranked] = await Promise.all([
      viewContext(query.lang, filter),
      rankedPage(deps.db, { filter, s, weight, limit: query.limit, offset }),
    ]);
    const total = ranked[0] ? Number(ranked[0].total) : offset > 0 ? await countListings(deps.db, filter) : 0;
    const items = await Promise.all(
      ranked.map(async (row) => listingItem(row, context, await locatorFor(context, row))),
    );
    return { items, pagination: paginate(query.page, query.limit, total), ads: [] };
  }

  return {
    /** GET /api/search: the same reply for every caller with the same parameters, seed and bucket. */
    async search(query: SearchQuery): Promise<PreparedReply> {
      const text = searchText(query.q);
      const parameters = await rankingParameters();
      const s = rankingSeed(rotationBucket(now(), parameters.rotationMinutes), query.seed);
      const filter: ListingFilter = { category: query.category, region: query.region, text };
      const key = JSON.stringify([
        text?.words ?? null,
        query.category ?? null,
        query.region ?? null,
        query.page,
        query.limit,
        query.lang,
        s,
        parameters.promotionWeight,
      ]);
      return searches.getOrLoad(key, async () =>
        prepareReply(await loadSearch(query, filter, s, parameters.promotionWeight), new Date()),
      );
    },

    /** GET /api/search/landing: header and related links of a landing page (UI-LIST-03/09). */
    async landing(query: { region?: string | undefined; category?: string | undefined; lang: Language }) {
      const key = JSON.stringify([query.region ?? null, query.category ?? null, query.lang]);
      return landings.getOrLoad(key, async (): Promise<LandingReply> => {
        const { category, region, categories, regions } = await viewContext(query.lang, query);
        const filter: ListingFilter = { category: query.category, region: query.region, text: null };
        const [total, counts] = await Promise.all([
          countListings(deps.db, filter),
          landingCounts(deps.db, { region: query.region, category: query.category }),
        ]);
        const countOf = (list: { slug: string; count: string }[], slug: string) =>
          Number(list.find((row) => row.slug === slug)?.count ?? 0);
        const related = <T extends TaxonomyRow>(
          rows: T[],
          list: { slug: string; count: string }[],
          except?: string,
        ) =>
          rows
            .filter((row) => row.is_active && row.slug !== except && countOf(list, row.slug) > 0)
            .map((row) => ({ slug: row.slug, name: nameIn(row, query.lang), count: countOf(list, row.slug) }))
            .sort((a, b) => b.count - a.count);
        return {
          region: region ? { slug: region.slug, name: nameIn(region, query.lang) } : null,
          category: category ? { slug: category.slug, name: nameIn(category, query.lang) } : null,
          total,
          related: {
            categories_in_region: related(categories, counts.categories, query.category).slice(0, 8),
            category_in_regions: related(regions, counts.regions, query.region),
          },
        };
      });
    },

    /** GET /api/public/businesses/:business_tag (UI-DET-01/06, ERRATA 14). */
    async publicBusiness(businessTag: string, lang: Language): Promise<PublicBusiness> {
      const [{ context }, row] = await Promise.all([
        viewContext(lang, {}),
        listingByTag(deps.db, businessTag),
      ]);
      return publicBusinessView(row, context, row ? await locatorFor(context, row) : undefined);
    },
  };
}
