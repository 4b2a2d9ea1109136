import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, LanguageMap } from '../../db/schema.js';
import type { SearchText } from './query-text.js';

/**
 * The SQL of public search (UI-LIST-05, UI-RANK-03). Candidates come from business_listings, the narrow
 * trigger-kept copy of the search columns of active businesses only (UI-VIS-01). Values are bound
 * parameters; the tsquery text is built by query-text.ts from letters and digits only.
 */

type Db = Kysely<Database>;

export interface ListingFilter {
  category?: string | undefined;
  region?: string | undefined;
  text: SearchText | null;
}

export interface RankedRow {
  business_id: string;
  tier: number;
  promoted: boolean;
  key: number;
  total: string;
}

export interface TaxonomyRow {
  slug: string;
  names: LanguageMap;
  is_active: boolean;
}

/** Conditions on `business_listings b`, which holds the active businesses only (UI-VIS-01). */
function conditions(
  filter: ListingFilter,
  match: 'words' | 'typo' | 'either' = 'either',
): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (filter.category) parts.push(sql`b.category_slugs @> array[${filter.category}::text]`);
  if (filter.region) parts.push(sql`b.region_slugs @> array[${filter.region}::text]`);
  if (filter.text) {
    const words = sql`b.search_document @@ to_tsquery('simple', ${filter.text.anywhere})`;
    // A name within typing distance (pg_trgm's default word_similarity_threshold 0.6: "doren" ~
    // "doreen", "salom" ~ "salon", not "dorcas" or "salim").
    const typo = sql`${filter.text.phrase} <% b.search_names`;
    if (match === 'words') parts.push(words);
    else if (match === 'typo') parts.push(typo, sql`not (${words})`);
    else parts.push(sql`(${words} or ${typo})`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * Typo matches are looked for only when the words themselves match fewer businesses than this: a broad
 * word ("hotel") then never pays for a trigram pass over every name, and a misspelt one still finds its
 * business. The decision depends on the query alone, so every page of one search agrees.
 */
export const TYPO_FALLBACK_BELOW = 20;

/**
 * UI-LIST-05 tiers of a word match: 3 name starts with q, 2 every word in names, category names and
 * keywords or services (the small name_document), 1 elsewhere. Typo matches are tier 0.
 */
function tier(text: SearchText): RawBuilder<number> {
  return sql<number>`case
    when starts_with(b.name_key, ${text.namePrefix}) then 3
    when b.name_document @@ to_tsquery('simple', ${text.anywhere}) then 2
    else 1 end`;
}

/**
 * ranking.ts's key in SQL: u = ((low 32 bits of hashint8extended(rank_salt, s)) + 0.5) / 2^32, key =
 * ln(u) / w, all in float8 like JavaScript numbers.
 */
/** search_promotion counts while active and before its expiration day (PAY-181). */
const promoted = sql<boolean>`coalesce(m.promoted_until > nairobi_today(), false)`;

function rankingKey(s: number, weight: number): RawBuilder<number> {
  return sql<number>`ln((((hashint8extended(m.rank_salt, ${s}::bigint) & 4294967295)::float8 + 0.5::float8)
    / 4294967296::float8)) / (case when ${promoted} then ${weight}::float8 else 1 end)`;
}

/** The candidates: word matches, plus typo matches when the words alone find few (TYPO_FALLBACK_BELOW). */
function candidates(filter: ListingFilter): RawBuilder<unknown> {
  if (!filter.text) {
    return sql`select b.business_id, b.rank_salt, b.promoted_until, 0 as tier
      from business_listings b where ${conditions(filter)}`;
  }
  return sql`
    select w.business_id, w.rank_salt, w.promoted_until, w.tier from words w
    union all
    select b.business_id, b.rank_salt, b.promoted_until, 0 as tier from business_listings b
    where (select count(*) from (select 1 from words limit ${TYPO_FALLBACK_BELOW}) few) < ${TYPO_FALLBACK_BELOW}
      and ${conditions(filter, 'typo')}`;
}

/** `words` (when there is text) and `matched`: the CTEs every listing query starts from. */
function matchedCtes(filter: ListingFilter): RawBuilder<unknown> {
  const words = filter.text
    ? sql`words as materialized (
        select b.business_id, b.rank_salt, b.promoted_until, ${tier(filter.text)} as tier
        from business_listings b where ${conditions(filter, 'words')}), `
    : sql``;
  return sql`${words}matched as materialized (${candidates(filter)})`;
}

/** The display columns of a listing, with its active services and web address (b = businesses). */
const listingColumns = sql`b.business_id, b.business_tag, b.business_name, b.category_slugs, b.region_slugs,
  b.city, b.phone, b.whatsapp, b.latitude, b.longitude, b.verification_tier, b.content_json, b.status,
  array(select s.service_type from service_subscriptions s where s.business_id = b.business_id
    and s.status = 'active' and s.expiration_date > nairobi_today() order by s.service_type) as services,
  (select d.name from subdomains d where d.business_id = b.business_id and d.state = 'assigned') as subdomain`;

/**
 * One page of the ranked candidates, with the candidate count and the page's display columns, in one
 * statement. The key is computed once per candidate and the page comes from a top-N sort.
 */
export async function rankedPage(
  db: Db,
  input: { filter: ListingFilter; s: number; weight: number; limit: number; offset: number },
): Promise<(RankedRow & ListingRow)[]> {
  const { rows } = await sql<RankedRow & ListingRow>`
    with ${matchedCtes(input.filter)}, page as materialized (
      select m.business_id, m.tier, ${promoted} as promoted, ${rankingKey(input.s, input.weight)} as key,
        (select count(*) from matched) as total
      from matched m
      order by m.tier desc, key desc, m.business_id
      limit ${input.limit} offset ${input.offset}
    )
    select p.tier, p.promoted, p.key, p.total, ${listingColumns}
    from page p join businesses b on b.business_id = p.business_id
    order by p.tier desc, p.key desc, p.business_id`.execute(db);
  return rows;
}

export async function countListings(db: Db, filter: ListingFilter): Promise<number> {
  const { rows } = await sql<{ total: string }>`
    with ${matchedCtes(filter)} select count(*) as total from matched`.execute(db);
  return Number(rows[0]?.total ?? 0);
}

/** Every candidate with its tier and promotion, unordered: the integration test ranks them in TypeScript. */
export async function allCandidates(
  db: Db,
  filter: ListingFilter,
): Promise<{ business_id: string; tier: number; promoted: boolean }[]> {
  const { rows } = await sql<{ business_id: string; tier: number; promoted: boolean }>`
    with ${matchedCtes(filter)}
    select m.business_id, m.tier, ${promoted} as promoted from matched m`.execute(db);
  return rows;
}

export interface ListingRow {
  business_id: string;
  business_tag: string;
  business_name: string;
  category_slugs: string[];
  region_slugs: string[];
  city: string;
  phone: string;
  whatsapp: string | null;
  latitude: number | null;
  longitude: number | null;
  verification_tier: 'basic' | 'verified' | 'premium';
  content_json: Record<string, unknown>;
  services: string[];
  subdomain: string | null;
}

/** The display facts of one business by its tag (the detail page, UI-DET-06), whatever its status. */
export async function listingByTag(
  db: Db,
  businessTag: string,
): Promise<(ListingRow & { status: string }) | undefined> {
  const { rows } = await sql<ListingRow & { status: string }>`
    select ${listingColumns} from businesses b where b.business_tag = ${businessTag}`.execute(db);
  return rows[0];
}

/** Category and region names (small tables, read whole). */
export async function taxonomy(db: Db): Promise<{ categories: TaxonomyRow[]; regions: TaxonomyRow[] }> {
  const [categories, regions] = await Promise.all([
    db
      .selectFrom('categories')
      .select(['slug', 'names', 'is_active'])
      .orderBy('sort_order')
      .orderBy('slug')
      .execute(),
    db
      .selectFrom('regions')
      .select(['slug', 'names', 'is_active'])
      .orderBy('sort_order')
      .orderBy('slug')
      .execute(),
  ]);
  return { categories, regions };
}

export async function rankingSettings(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('system_config')
    .select(['key', 'value'])
    .where('key', 'in', ['ranking.promotion_weight', 'ranking.rotation_minutes'])
    .execute();
  return new Map(rows.map((row) => [row.key, row.value]));
}

/** UI-LIST-09: listed businesses per category within a region, and per region for a category. */
export async function landingCounts(
  db: Db,
  input: { region?: string | undefined; category?: string | undefined },
): Promise<{ categories: { slug: string; count: string }[]; regions: { slug: string; count: string }[] }> {
  const categories = input.region
    ? sql<{ slug: string; count: string }>`
        select c.slug, count(*) as count from business_listings b, unnest(b.category_slugs) as c(slug)
        where b.region_slugs @> array[${input.region}::text]
        group by c.slug`.execute(db)
    : Promise.resolve({ rows: [] });
  const regions = input.category
    ? sql<{ slug: string; count: string }>`
        select r.slug, count(*) as count from business_listings b, unnest(b.region_slugs) as r(slug)
        where b.category_slugs @> array[${input.category}::text]
        group by r.slug`.execute(db)
    : Promise.resolve({ rows: [] });
  const [c, r] = await Promise.all([categories, regions]);
  return { categories: c.rows, regions: r.rows };
}
