import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { trackingBatchBody } from '@tafuta/contracts';
import type { Database, TrackingEventType } from '../../db/schema.js';

/**
 * UI-TRK-03/04 (ERRATA 21): anonymous click and view counts. Only daily totals per (business, ad, event,
 * Nairobi day) are stored; the per-tab token is used only inside a SHA-256 duplicate key that lives ten
 * minutes and is never kept in the clear. No IP address, user or user agent is stored.
 */

type Db = Kysely<Database>;
export type TrackingBatch = z.infer<typeof trackingBatchBody>;

const DEDUPE_MINUTES = 10;

/** Obvious robots (UI-TRK-04): crawlers, link previewers and scripted clients. */
const BOT_USER_AGENT =
  /bot\b|bot\/|crawler|crawling|spider|slurp|curl|wget|python-requests|python-urllib|httpclient|okhttp|go-http-client|java\/|headless|lighthouse|facebookexternalhit|whatsapp\/|embedly|preview|monitor/i;

/** A missing user agent is not a browser: sendBeacon always sends one. */
export function isBot(userAgent: string | undefined): boolean {
  return !userAgent || BOT_USER_AGENT.test(userAgent);
}

export interface TrackingResult {
  accepted: number;
  ignored: number;
}

function dedupeKey(type: string, businessId: string, adId: string | undefined, token: string): string {
  return crypto
    .createHash('sha256')
    .update(`${type}\u0000${businessId}\u0000${adId ?? ''}\u0000${token}`)
    .digest('base64url');
}

/**
 * Counts a batch: events for unknown or non-active businesses, `detail_view` of a business without
 * website hosting, ad events (the ads module does not exist yet, so no ad can be live) and repeats of the
 * same type + business (+ ad) + token within ten minutes are ignored.
 */
export async function recordEvents(
  db: Db,
  batch: TrackingBatch,
  userAgent: string | undefined,
): Promise<TrackingResult> {
  if (isBot(userAgent)) return { accepted: 0, ignored: batch.events.length };
  const ids = [...new Set(batch.events.map((event) => event.business_id))];
  const { rows: listed } = await sql<{ business_id: string; hosted: boolean }>`
    select b.business_id, exists (select 1 from service_subscriptions s where s.business_id = b.business_id
      and s.service_type = 'website_hosting' and s.status = 'active' and s.expiration_date > nairobi_today()) as hosted
    from businesses b where b.business_id = any(${ids}::uuid[]) and b.status = 'active'`.execute(db);
  const listedHosted = new Map(listed.map((row) => [row.business_id, row.hosted]));

  const candidates = new Map<string, { type: TrackingEventType; businessId: string }>();
  for (const event of batch.events) {
    if (!listedHosted.has(event.business_id)) continue;
    if (event.type === 'ad_impression' || event.type === 'ad_click') continue;
    if (event.type === 'detail_view' && !listedHosted.get(event.business_id)) continue;
    candidates.set(dedupeKey(event.type, event.business_id, event.ad_id, batch.token), {
      type: event.type,
      businessId: event.business_id,
    });
  }
  if (candidates.size === 0) return { accepted: 0, ignored: batch.events.length };

  const accepted = await db.transaction().execute(async (trx) => {
    // A key is new, or its ten minutes are over: only then does the event count.
    const { rows: fresh } = await sql<{ key: string }>`
      insert into tracking_dedupe as d (key, expires_at)
      select key, now() + make_interval(mins => ${DEDUPE_MINUTES}) from unnest(${[...candidates.keys()]}::text[]) as k(key)
      on conflict (key) do update set expires_at = excluded.expires_at where d.expires_at <= now()
      returning d.key`.execute(trx);
    const totals = new Map<string, { type: TrackingEventType; businessId: string; count: number }>();
    for (const { key } of fresh) {
      const event = candidates.get(key)!;
      const total = totals.get(`${event.businessId}:${event.type}`) ?? { ...event, count: 0 };
      total.count += 1;
      totals.set(`${event.businessId}:${event.type}`, total);
    }
    if (totals.size > 0) {
      const values = [...totals.values()];
      await sql`
        insert into business_event_counts as c (business_id, ad_id, event_type, day, count)
        select business_id, null, event_type, nairobi_today(), count
        from unnest(${values.map((v) => v.businessId)}::uuid[], ${values.map((v) => v.type)}::text[],
          ${values.map((v) => v.count)}::int[]) as t(business_id, event_type, count)
        on conflict (business_id, event_type, day, coalesce(ad_id, '00000000-0000-0000-0000-000000000000'::uuid))
        do update set count = c.count + excluded.count`.execute(trx);
    }
    return fresh.length;
  });
  return { accepted, ignored: batch.events.length - accepted };
}

/** Forgets duplicate keys whose ten minutes are over (UNLOGGED table; called now and then). */
export async function pruneTrackingDedupe(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('tracking_dedupe')
    .where('expires_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * UI-TRK-01 `website_view`: counted by the server that renders a website (owner previews and bots are
 * the caller's to exclude). For the websites module.
 */
export async function countWebsiteView(db: Db, businessId: string): Promise<void> {
  await sql`
    insert into business_event_counts as c (business_id, ad_id, event_type, day, count)
    values (${businessId}, null, 'website_view', nairobi_today(), 1)
    on conflict (business_id, event_type, day, coalesce(ad_id, '00000000-0000-0000-0000-000000000000'::uuid))
    do update set count = c.count + 1`.execute(db);
}

export const STAT_EVENT_TYPES = [
  'detail_view',
  'website_view',
  'call_click',
  'whatsapp_click',
  'directions_click',
  'website_click',
  'email_click',
  'ad_impression',
  'ad_click',
] as const satisfies readonly TrackingEventType[];

export interface BusinessStats {
  business_id: string;
  days: number;
  from: string;
  to: string;
  totals: Record<(typeof STAT_EVENT_TYPES)[number], number>;
  daily: { day: string; counts: Partial<Record<(typeof STAT_EVENT_TYPES)[number], number>> }[];
}

/** UI-TRK-05: the last `days` Nairobi days, today included; days without events are left out of `daily`. */
export async function businessStats(db: Db, businessId: string, days: number): Promise<BusinessStats> {
  const { rows } = await sql<{ day: string; event_type: TrackingEventType; count: string }>`
    select to_char(c.day, 'YYYY-MM-DD') as day, c.event_type, sum(c.count) as count
    from business_event_counts c
    where c.business_id = ${businessId} and c.day > nairobi_today() - ${days}::int
    group by c.day, c.event_type order by c.day`.execute(db);
  const { rows: range } = await sql<{ from: string; to: string }>`
    select to_char(nairobi_today() - ${days - 1}::int, 'YYYY-MM-DD') as from, to_char(nairobi_today(), 'YYYY-MM-DD') as to`.execute(
    db,
  );
  const totals = Object.fromEntries(STAT_EVENT_TYPES.map((type) => [type, 0])) as BusinessStats['totals'];
  const daily = new Map<string, BusinessStats['daily'][number]>();
  for (const row of rows) {
    const count = Number(row.count);
    totals[row.event_type] += count;
    const entry = daily.get(row.day) ?? { day: row.day, counts: {} };
    entry.counts[row.event_type] = count;
    daily.set(row.day, entry);
  }
  return {
    business_id: businessId,
    days,
    from: range[0]!.from,
    to: range[0]!.to,
    totals,
    daily: [...daily.values()],
  };
}
