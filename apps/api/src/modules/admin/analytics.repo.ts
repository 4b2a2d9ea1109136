import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { DayRange, InstantRange } from './time-range.js';

/**
 * ADM-603 business figures, straight from the tables (each query filters on an indexed time column).
 * Figures "at end of period" that the schema keeps no history for (statuses, tiers) are today's.
 */

type Db = Kysely<Database>;

const one = async <T>(query: { execute(db: Db): Promise<{ rows: T[] }> }, db: Db): Promise<T> =>
  (await query.execute(db)).rows[0]!;

export async function userFigures(db: Db, range: InstantRange) {
  const signups = await one(
    sql<{ total: number; verified: number }>`
      select count(*)::int as total, count(phone_verified_at)::int as verified
        from users where created_at >= ${range.from} and created_at < ${range.to}`,
    db,
  );
  const byStatus = await sql<{ key: string; n: number }>`
    select status as key, count(*)::int as n from users where created_at < ${range.to} group by status`.execute(
    db,
  );
  const byTier = await sql<{ key: string; n: number }>`
    select verification_tier as key, count(*)::int as n from users
     where created_at < ${range.to} and status <> 'deleted' group by verification_tier`.execute(db);
  return { signups, byStatus: byStatus.rows, byTier: byTier.rows };
}

export async function businessFigures(db: Db, range: InstantRange) {
  const created = await one(
    sql<{ n: number }>`select count(*)::int as n from businesses
      where created_at >= ${range.from} and created_at < ${range.to}`,
    db,
  );
  const byStatus = await sql<{ key: string; n: number }>`
    select status as key, count(*)::int as n from businesses where created_at < ${range.to} group by status`.execute(
    db,
  );
  const top = (
    table: 'regions' | 'categories',
    link: 'business_regions' | 'business_categories',
    id: string,
  ) =>
    sql<{ key: string; label: string; n: number }>`
      select t.slug as key, coalesce(t.names->>'en', t.slug) as label, count(*)::int as n
        from ${sql.table(link)} l
        join businesses b on b.business_id = l.business_id and b.status = 'active'
        join ${sql.table(table)} t on t.${sql.ref(id)} = l.${sql.ref(id)}
       group by t.slug, t.names order by n desc, t.slug limit 10`.execute(db);
  return {
    created: created.n,
    byStatus: byStatus.rows,
    topRegions: (await top('regions', 'business_regions', 'region_id')).rows,
    topCategories: (await top('categories', 'business_categories', 'category_id')).rows,
  };
}

export function reviewFigures(db: Db, range: InstantRange) {
  return one(
    sql<{
      approved: number;
      rejected: number;
      first_approved: number;
      first_total: number;
      median_hours: number | null;
      p90_hours: number | null;
      within_24h: number;
    }>`
      with decided as (
        select r.decision, extract(epoch from r.decided_at - r.submitted_at) / 3600.0 as hours,
               not exists (select 1 from business_reviews e
                            where e.business_id = r.business_id and e.decided_at < r.decided_at) as first
          from business_reviews r
         where r.decided_at >= ${range.from} and r.decided_at < ${range.to})
      select count(*) filter (where decision = 'approved')::int as approved,
             count(*) filter (where decision = 'rejected')::int as rejected,
             count(*) filter (where first and decision = 'approved')::int as first_approved,
             count(*) filter (where first)::int as first_total,
             percentile_cont(0.5) within group (order by hours)::float8 as median_hours,
             percentile_cont(0.9) within group (order by hours)::float8 as p90_hours,
             count(*) filter (where hours <= 24)::int as within_24h
        from decided`,
    db,
  );
}

export function queueFigures(db: Db, now: Date) {
  return one(
    sql<{ n: number; oldest: number | null; median: number | null; overdue: number }>`
      select count(*)::int as n,
             max(extract(epoch from ${now}::timestamptz - submitted_at) / 3600.0)::float8 as oldest,
             percentile_cont(0.5) within group (order by extract(epoch from ${now}::timestamptz - submitted_at) / 3600.0)::float8 as median,
             count(*) filter (where submitted_at < ${now}::timestamptz - interval '24 hours')::int as overdue
        from businesses where status = 'pending' and review_state = 'awaiting_review'`,
    db,
  );
}

export async function paymentFigures(db: Db, range: InstantRange) {
  const byStatus = await sql<{ key: string; n: number }>`
    select status as key, count(*)::int as n from transactions
     where transaction_type = 'purchase' and created_at >= ${range.from} and created_at < ${range.to}
     group by status`.execute(db);
  const completed = await one(
    sql<{ n: number; gross: number; vat: number; net: number }>`
      select count(*)::int as n, coalesce(sum(amount_cents), 0)::bigint as gross,
             coalesce(sum(vat_cents), 0)::bigint as vat, coalesce(sum(net_cents), 0)::bigint as net
        from transactions
       where transaction_type = 'purchase' and status in ('completed', 'refunded')
         and completed_at >= ${range.from} and completed_at < ${range.to}`,
    db,
  );
  const refunded = await one(
    sql<{ net: number }>`
      select coalesce(sum(net_cents), 0)::bigint as net from transactions
       where transaction_type = 'refund' and status = 'completed'
         and completed_at >= ${range.from} and completed_at < ${range.to}`,
    db,
  );
  return { byStatus: byStatus.rows, completed, refundedNet: Number(refunded.net) };
}

/** ADM-303 per EAT month or day: completed purchases' net minus refunds' net, by completed_at. */
export async function revenueSeries(db: Db, range: InstantRange, unit: 'day' | 'month') {
  const result = await sql<{ period: string; cents: number }>`
    select to_char(date_trunc(${unit}, completed_at at time zone 'Africa/Nairobi'),
                   ${unit === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM'}) as period,
           sum(case when transaction_type = 'purchase' then net_cents else -net_cents end)::bigint as cents
      from transactions
     where completed_at >= ${range.from} and completed_at < ${range.to}
       and ((transaction_type = 'purchase' and status in ('completed', 'refunded'))
            or (transaction_type = 'refund' and status = 'completed'))
     group by 1 order by 1`.execute(db);
  return result.rows.map((row) => ({ period: row.period, cents: Number(row.cents) }));
}

/** Revenue by service type: item subtotals (ex-VAT) of completed purchases minus refunded net per type. */
export async function revenueByService(db: Db, range: InstantRange) {
  const result = await sql<{ service_type: string; cents: number }>`
    select service_type, sum(cents)::bigint as cents from (
      select i.service_type, i.subtotal_cents as cents
        from transaction_items i join transactions t on t.tx_id = i.tx_id
       where t.transaction_type = 'purchase' and t.status in ('completed', 'refunded')
         and t.completed_at >= ${range.from} and t.completed_at < ${range.to}
      union all
      select ri.service_type, -ri.net_cents
        from refund_items ri join refund_requests rr on rr.request_id = ri.request_id
       where rr.status = 'completed' and rr.processed_at >= ${range.from} and rr.processed_at < ${range.to}
    ) lines group by service_type order by service_type`.execute(db);
  return result.rows.map((row) => ({ service_type: row.service_type, cents: Number(row.cents) }));
}

export function refundFigures(db: Db, range: InstantRange) {
  return one(
    sql<{ n: number; gross: number; fees: number }>`
      select count(*)::int as n, coalesce(sum(refund_amount_cents), 0)::bigint as gross,
             coalesce(sum(processing_fee_cents), 0)::bigint as fees
        from refund_requests
       where status = 'completed' and processed_at >= ${range.from} and processed_at < ${range.to}`,
    db,
  );
}

/** Active at the end of the period: started by then and not yet expired on its last day. */
export async function subscriptionFigures(db: Db, days: DayRange) {
  const active = await sql<{ key: string; n: number; businesses: number }>`
    select s.service_type as key, count(*)::int as n, count(distinct s.business_id)::int as businesses
      from service_subscriptions s join businesses b on b.business_id = s.business_id and b.status = 'active'
     where s.status = 'active' and s.start_date <= ${days.to}::date and s.expiration_date > ${days.to}::date
     group by s.service_type`.execute(db);
  const activeBusinesses = await one(
    sql<{ n: number }>`select count(*)::int as n from businesses where status = 'active'`,
    db,
  );
  const expiring = await one(
    sql<{ in7: number; in30: number }>`
      select count(*) filter (where expiration_date <= nairobi_today() + 7)::int as in7,
             count(*) filter (where expiration_date <= nairobi_today() + 30)::int as in30
        from service_subscriptions where status = 'active' and expiration_date >= nairobi_today()`,
    db,
  );
  return { active: active.rows, activeBusinesses: activeBusinesses.n, expiring };
}

export function adFigures(db: Db, days: DayRange) {
  return one(
    sql<{ impressions: number; clicks: number }>`
      select coalesce(sum(count) filter (where event_type = 'ad_impression'), 0)::int as impressions,
             coalesce(sum(count) filter (where event_type = 'ad_click'), 0)::int as clicks
        from business_event_counts where day between ${days.from}::date and ${days.to}::date`,
    db,
  );
}

/** SMS and email outcomes of messages created in the period (final statuses only for the rates). */
export function messagingFigures(db: Db, range: InstantRange) {
  return one(
    sql<{
      sms_sent: number;
      sms_delivered: number;
      sms_failed: number;
      sms_cost: number;
      email_delivered: number;
      email_failed: number;
    }>`
      select count(*) filter (where channel = 'sms' and status in ('sent', 'delivered', 'failed'))::int as sms_sent,
             count(*) filter (where channel = 'sms' and status = 'delivered')::int as sms_delivered,
             count(*) filter (where channel = 'sms' and status = 'failed')::int as sms_failed,
             coalesce(sum(cost_cents) filter (where channel = 'sms'), 0)::bigint as sms_cost,
             count(*) filter (where channel = 'email' and status = 'delivered')::int as email_delivered,
             count(*) filter (where channel = 'email' and status = 'failed')::int as email_failed
        from notification_log where created_at >= ${range.from} and created_at < ${range.to}`,
    db,
  );
}

/** New users and businesses per EAT day or month. */
export async function creationSeries(
  db: Db,
  table: 'users' | 'businesses',
  range: InstantRange,
  unit: 'day' | 'month',
) {
  const result = await sql<{ period: string; n: number }>`
    select to_char(date_trunc(${unit}, created_at at time zone 'Africa/Nairobi'),
                   ${unit === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM'}) as period, count(*)::int as n
      from ${sql.table(table)} where created_at >= ${range.from} and created_at < ${range.to}
     group by 1 order by 1`.execute(db);
  return result.rows;
}

export async function activeSubscriptionCount(db: Db, endDay: string): Promise<number> {
  const row = await one(
    sql<{ n: number }>`select count(*)::int as n from service_subscriptions
      where status = 'active' and start_date <= ${endDay}::date and expiration_date > ${endDay}::date`,
    db,
  );
  return row.n;
}
