import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { nairobiDate } from '../../lib/nairobi-date.js';

/**
 * UI-WEB-02: what a website address answers. The facts behind it (the name's row, the business's status
 * and content version, its subscriptions with their dates) come from one indexed statement and are kept
 * per label for a second, then refreshed in the background. The state is worked out from them on every
 * request at the request's instant, so a lapse at midnight (expiration_date reached, no write happens) or
 * the end of a redirect window is exact without a query. Writes clear the cache at once: in this process through
 * DirectoryEvents (content saves, status changes, payments, media), in every process through the
 * listings NOTIFY (subscriptions, web addresses, statuses; modules/search/listings-listener.ts).
 */

export type SiteState =
  /** Business `active`, website_hosting active: the website, 200. */
  | { kind: 'live'; site: SiteFacts }
  /** Business `active`, hosting lapsed (the name is held 12 months, UI-SUB-07): 404 with a small card. */
  | { kind: 'lapsed'; site: SiteFacts }
  /** Business `out_of_business`: 410. */
  | { kind: 'closed'; site: SiteFacts }
  /** Renamed less than 90 days ago (UI-SUB-06): 301 to the current name. */
  | { kind: 'redirect'; to: string }
  /** pending, deactivated, suspended, deleted, a held or released name, or no such name: 404, no data. */
  | { kind: 'unavailable' };

export interface SiteFacts {
  businessId: string;
  businessTag: string;
  /** The name the site answers on now. */
  subdomain: string;
  contentVersion: number;
  contentUpdatedAt: Date;
  /**
   * `businesses.updated_at`: moves with every write to the business row, including those that leave the
   * content version alone (the verification tier behind the badge, ADM-170).
   */
  updatedAt: Date;
  /** Service types active at the instant asked about, sorted (image_gallery changes the gallery). */
  services: string[];
}

export interface SiteRow {
  name: string;
  state: 'assigned' | 'redirect';
  redirect_until: Date | null;
  current_name: string | null;
  business_id: string;
  business_tag: string;
  status: string;
  content_version: number;
  content_updated_at: Date;
  updated_at: Date;
  /** Every subscription with its status and dates ('YYYY-MM-DD'); activity is judged per request. */
  subscriptions: { service_type: string; status: string; expiration_date: string }[];
}

/** The facts of a name that resolves (assigned or redirecting), or null. One indexed statement. */
export async function readSiteRow(db: Kysely<Database>, label: string): Promise<SiteRow | null> {
  const { rows } = await sql<SiteRow>`
    select s.name, s.state, s.redirect_until,
      (select c.name from subdomains c where c.business_id = s.business_id and c.state = 'assigned') as current_name,
      b.business_id, b.business_tag, b.status, b.content_version, b.content_updated_at, b.updated_at,
      coalesce((select json_agg(json_build_object('service_type', x.service_type, 'status', x.status,
                  'expiration_date', x.expiration_date) order by x.service_type)
                from service_subscriptions x where x.business_id = b.business_id), '[]') as subscriptions
    from subdomains s join businesses b on b.business_id = s.business_id
    where s.name = ${label} and s.state in ('assigned', 'redirect')`.execute(db);
  return rows[0] ?? null;
}

/** UI-WEB-02 at an instant. PAY-181: a service runs while the Nairobi date is before its expiration_date. */
export function siteStateAt(row: SiteRow | null, now: Date): SiteState {
  if (!row) return { kind: 'unavailable' };
  const today = nairobiDate(now);
  const services = row.subscriptions
    .filter((item) => item.status === 'active' && item.expiration_date > today)
    .map((item) => item.service_type)
    .sort();
  const site: SiteFacts = {
    businessId: row.business_id,
    businessTag: row.business_tag,
    subdomain: row.current_name ?? row.name,
    contentVersion: row.content_version,
    contentUpdatedAt: new Date(row.content_updated_at),
    updatedAt: new Date(row.updated_at),
    services,
  };
  if (row.status === 'out_of_business') return { kind: 'closed', site };
  // UI-VIS-01: only an active business has a public face, whatever its web address says.
  if (row.status !== 'active') return { kind: 'unavailable' };
  if (row.state === 'redirect') {
    // The nightly maintenance ends redirects; until it runs, an expired one is simply no site.
    const redirecting = row.redirect_until !== null && new Date(row.redirect_until).getTime() > now.getTime();
    return redirecting && row.current_name
      ? { kind: 'redirect', to: row.current_name }
      : { kind: 'unavailable' };
  }
  return services.includes('website_hosting') ? { kind: 'live', site } : { kind: 'lapsed', site };
}

/** How long the facts of a label are trusted when no change was announced. */
export const SITE_FACTS_TTL_MS = 1_000;
/**
 * Past the TTL the facts are still answered with while one request reads them again in the background
 * (so a busy site never makes a crowd wait on the database), up to this age; after an announced change
 * nothing old is answered with at all.
 */
export const SITE_FACTS_STALE_MS = 30_000;
/** Unknown labels are cached too (scanners), so the map is bounded; the oldest entries go first. */
const MAX_LABELS = 10_000;

export interface SiteResolver {
  resolve(label: string, now: Date): Promise<SiteState>;
  /** Forget everything (a listing, subscription, address or status changed somewhere). */
  clear(): void;
}

export function createSiteResolver(deps: {
  db: Kysely<Database>;
  onListingsChanged?: ((listener: () => void) => void) | undefined;
  ttlMs?: number;
}): SiteResolver {
  const ttl = deps.ttlMs ?? SITE_FACTS_TTL_MS;
  const facts = new Map<string, { row: SiteRow | null; at: number }>();
  const reading = new Map<string, Promise<SiteRow | null>>();
  let generation = 0;
  const clear = () => {
    generation += 1;
    facts.clear();
    // Reads already running may predate the change: later requests start their own.
    reading.clear();
  };
  deps.onListingsChanged?.(clear);

  async function read(label: string): Promise<SiteRow | null> {
    const started = generation;
    let pending = reading.get(label);
    if (!pending) {
      const own = readSiteRow(deps.db, label).finally(() => {
        if (reading.get(label) === own) reading.delete(label);
      });
      pending = own;
      reading.set(label, own);
    }
    const row = await pending;
    // A change announced while the statement ran may not be in its answer: use it once, keep nothing.
    if (started === generation) {
      facts.delete(label);
      facts.set(label, { row, at: Date.now() });
      if (facts.size > MAX_LABELS) facts.delete(facts.keys().next().value!);
    }
    return row;
  }

  return {
    async resolve(label, now) {
      const cached = facts.get(label);
      const age = cached ? Date.now() - cached.at : Number.POSITIVE_INFINITY;
      if (cached && age < ttl) return siteStateAt(cached.row, now);
      if (cached && age < SITE_FACTS_STALE_MS) {
        // A failed refresh leaves the old facts in place; the next request past the TTL tries again.
        if (!reading.has(label)) read(label).catch(() => undefined);
        return siteStateAt(cached.row, now);
      }
      return siteStateAt(await read(label), now);
    },
    clear,
  };
}
