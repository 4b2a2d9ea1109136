import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * UI-SEO-04: `https://{apex}/sitemap.xml` — the PWA's public pages, the landing pages that list someone,
 * the detail pages of hosted businesses and every live website. Only what a visitor can open right now
 * is listed: a lapsed, pending, suspended or closed business appears nowhere (UI-VIS-01, UI-WEB-02).
 * The protocol caps a file at 50,000 URLs; past that, /sitemap.xml becomes an index of /sitemap-{n}.xml.
 */

export const SITEMAP_MAX_URLS = 50_000;
/** "Regenerated hourly": built on demand, then kept an hour (or until a listing changes). */
export const SITEMAP_TTL_MS = 60 * 60_000;

/** Pages of the PWA worth indexing (router.tsx); auth, dashboard and search are not (UI-SEO-03). */
const STATIC_PAGES = ['/', '/categories', '/about', '/contact', '/list-your-business', '/terms', '/privacy'];

export interface SitemapEntry {
  loc: string;
  lastmod?: Date;
}

interface HostedRow {
  business_tag: string;
  subdomain: string | null;
  content_updated_at: Date;
}

/** Active businesses with active website hosting (the detail page, UI-DET-01), with their web address. */
async function hostedBusinesses(db: Kysely<Database>): Promise<HostedRow[]> {
  const { rows } = await sql<HostedRow>`
    select b.business_tag, s.name as subdomain, b.content_updated_at
    from businesses b
    left join subdomains s on s.business_id = b.business_id and s.state = 'assigned'
    where b.status = 'active'
      and exists (select 1 from service_subscriptions x
                   where x.business_id = b.business_id and x.service_type = 'website_hosting'
                     and x.status = 'active' and x.expiration_date > nairobi_today())
    order by b.business_tag`.execute(db);
  return rows;
}

/** Landing pages with at least one listed business, among active categories and regions. */
async function landingPaths(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ region: string | null; category: string | null }>`
    with listed as (
      select r.slug as region, c.slug as category
      from business_listings l
      cross join lateral unnest(l.region_slugs) as lr(slug)
      cross join lateral unnest(l.category_slugs) as lc(slug)
      join regions r on r.slug = lr.slug and r.is_active
      join categories c on c.slug = lc.slug and c.is_active)
    select distinct region, null::text as category from listed
    union select distinct null, category from listed
    union select distinct region, category from listed
    order by 1 nulls first, 2 nulls first`.execute(db);
  return rows.map((row) => {
    if (row.region && row.category) return `/region/${row.region}/category/${row.category}`;
    return row.region ? `/region/${row.region}` : `/category/${row.category ?? ''}`;
  });
}

export async function sitemapEntries(
  db: Kysely<Database>,
  options: { appUrl: string; apexDomain: string },
): Promise<SitemapEntry[]> {
  const [hosted, landings] = await Promise.all([hostedBusinesses(db), landingPaths(db)]);
  const page = (path: string) => `${options.appUrl}${path}`;
  return [
    ...STATIC_PAGES.map((path) => ({ loc: page(path) })),
    ...landings.map((path) => ({ loc: page(path) })),
    ...hosted.map((row) => ({
      loc: page(`/business/${encodeURIComponent(row.business_tag)}`),
      lastmod: row.content_updated_at,
    })),
    ...hosted
      .filter((row): row is HostedRow & { subdomain: string } => row.subdomain !== null)
      .map((row) => ({
        loc: `https://${row.subdomain}.${options.apexDomain}/`,
        lastmod: row.content_updated_at,
      })),
  ];
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const xml = (value: string) => value.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';

export function urlsetXml(entries: readonly SitemapEntry[]): string {
  const urls = entries.map(
    (entry) =>
      `<url><loc>${xml(entry.loc)}</loc>${entry.lastmod ? `<lastmod>${entry.lastmod.toISOString()}</lastmod>` : ''}</url>`,
  );
  return `${HEADER}<urlset xmlns="${NAMESPACE}">\n${urls.join('\n')}\n</urlset>\n`;
}

export function sitemapIndexXml(appUrl: string, pages: number): string {
  const items = Array.from(
    { length: pages },
    (_, index) => `<sitemap><loc>${xml(`${appUrl}/sitemap-${index + 1}.xml`)}</loc></sitemap>`,
  );
  return `${HEADER}<sitemapindex xmlns="${NAMESPACE}">\n${items.join('\n')}\n</sitemapindex>\n`;
}

export interface Sitemap {
  /** /sitemap.xml: the urlset itself, or an index when there are more URLs than one file may hold. */
  root: string;
  /** /sitemap-{n}.xml (1-based); empty when the root is the urlset. */
  parts: string[];
  builtAt: number;
}

export function buildSitemap(entries: readonly SitemapEntry[], appUrl: string, now = Date.now()): Sitemap {
  if (entries.length <= SITEMAP_MAX_URLS) return { root: urlsetXml(entries), parts: [], builtAt: now };
  const parts: string[] = [];
  for (let start = 0; start < entries.length; start += SITEMAP_MAX_URLS) {
    parts.push(urlsetXml(entries.slice(start, start + SITEMAP_MAX_URLS)));
  }
  return { root: sitemapIndexXml(appUrl, parts.length), parts, builtAt: now };
}

/** One sitemap per process, rebuilt when older than an hour or after a listing changed. */
export function createSitemapSource(deps: {
  db: Kysely<Database>;
  appUrl: string;
  apexDomain: string;
  onListingsChanged?: (listener: () => void) => void;
}) {
  let current: Sitemap | undefined;
  let building: Promise<Sitemap> | undefined;
  deps.onListingsChanged?.(() => {
    current = undefined;
  });
  return {
    async get(): Promise<Sitemap> {
      if (current && Date.now() - current.builtAt < SITEMAP_TTL_MS) return current;
      // Concurrent crawlers share one build.
      building ??= sitemapEntries(deps.db, deps)
        .then((entries) => {
          current = buildSitemap(entries, deps.appUrl);
          return current;
        })
        .finally(() => {
          building = undefined;
        });
      return building;
    },
  };
}
