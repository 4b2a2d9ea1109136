import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ActiveServicesQuery } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import type { PaidServiceType } from '../../db/schema-payments.js';
import { addDays } from '../../lib/nairobi-date.js';

/**
 * SQL of the staff service screens (ADM-341, ADM-178, ADM-342). Premium reviews and manual reminders are
 * read back from their audit rows (`premium_review_recorded`, `reminder_sent`, entity
 * `service_subscription`): the audit log is append-only and indexed by entity, so it is the record the
 * spec already asks for, and no second copy can drift from it.
 */

type Db = Kysely<Database>;

export const PREMIUM_REVIEW_MONTHS = 6;

export interface ActiveServiceSqlRow {
  subscription_id: string;
  business_id: string;
  business_name: string;
  service_type: PaidServiceType;
  status: 'active' | 'expired' | 'cancelled';
  start_date: string;
  expiration_date: string;
  months_paid: number;
  complimentary_months: number;
  last_review_at: Date | null;
  last_outcome: 'pass' | 'fail' | null;
  review_due_on: string | null;
  last_reminder_at: Date | null;
}

function conditions(query: ActiveServicesQuery, today: string): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    sql`s.status = 'active'`,
    sql`s.expiration_date > ${today}::date`,
    sql`b.status <> 'deleted'`,
  ];
  if (query.service_type) parts.push(sql`s.service_type = ${query.service_type}`);
  if (query.expiring !== 'any') {
    parts.push(sql`s.expiration_date <= ${addDays(today, Number(query.expiring))}::date`);
  }
  if (query.business_id) parts.push(sql`s.business_id = ${query.business_id}`);
  if (query.business) {
    parts.push(sql`b.business_name ilike ${`%${query.business.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  }
  if (query.region) {
    parts.push(sql`exists (select 1 from business_regions br join regions r on r.region_id = br.region_id
                           where br.business_id = s.business_id and r.slug = ${query.region})`);
  }
  if (query.premium_review_due !== undefined) {
    parts.push(
      query.premium_review_due
        ? sql`s.service_type = 'premium_listing' and due.review_due_on <= ${today}::date`
        : sql`(s.service_type <> 'premium_listing' or due.review_due_on > ${today}::date)`,
    );
  }
  return sql.join(parts, sql` and `);
}

/** Premium review and reminder facts per subscription, as lateral joins (each a short indexed probe). */
const FROM = sql`
  from service_subscriptions s
  join businesses b on b.business_id = s.business_id
  left join lateral (
    select a."timestamp" as reviewed_at, a.new_value->>'outcome' as outcome
      from audit_logs a
     where a.entity_type = 'service_subscription' and a.entity_id = s.subscription_id::text
       and a.action = 'premium_review_recorded'
     order by a."timestamp" desc limit 1) review on s.service_type = 'premium_listing'
  left join lateral (
    select (greatest(s.start_date, (review.reviewed_at at time zone 'Africa/Nairobi')::date)
            + make_interval(months => ${PREMIUM_REVIEW_MONTHS}))::date as review_due_on) due
         on s.service_type = 'premium_listing'
  left join lateral (
    select greatest(
      (select max(a."timestamp") from audit_logs a
        where a.entity_type = 'service_subscription' and a.entity_id = s.subscription_id::text
          and a.action = 'reminder_sent'),
      (select max(r.sent_at) from subscription_reminders r where r.subscription_id = s.subscription_id)
    ) as last_reminder_at) reminder on true`;

export async function countActiveServices(
  db: Db,
  query: ActiveServicesQuery,
  today: string,
): Promise<number> {
  const result = await sql<{
    n: number;
  }>`select count(*)::int as n ${FROM} where ${conditions(query, today)}`.execute(db);
  return result.rows[0]!.n;
}

/** Soonest expiry first: the list is used to chase renewals. */
export async function activeServicePage(db: Db, query: ActiveServicesQuery, today: string) {
  const result = await sql<ActiveServiceSqlRow>`
    select s.subscription_id, s.business_id, b.business_name, s.service_type, s.status, s.start_date,
           s.expiration_date, s.months_paid, s.complimentary_months,
           review.reviewed_at as last_review_at, review.outcome as last_outcome,
           due.review_due_on::text as review_due_on, reminder.last_reminder_at
      ${FROM}
     where ${conditions(query, today)}
     order by s.expiration_date, b.business_name, s.subscription_id
     limit ${query.limit} offset ${(query.page - 1) * query.limit}`.execute(db);
  return result.rows;
}

/** The subscription with its business, locked for the action that follows. */
export function lockSubscription(db: Db, subscriptionId: string) {
  return db
    .selectFrom('service_subscriptions as s')
    .innerJoin('businesses as b', 'b.business_id', 's.business_id')
    .select([
      's.subscription_id',
      's.business_id',
      's.service_type',
      's.status',
      's.start_date',
      's.expiration_date',
      'b.business_name',
      'b.business_tag',
      'b.status as business_status',
    ])
    .where('s.subscription_id', '=', subscriptionId)
    .forUpdate('s')
    .executeTakeFirst();
}

export async function lastManualReminder(db: Db, subscriptionId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('audit_logs')
    .select((eb) => eb.fn.max('timestamp').as('at'))
    .where('entity_type', '=', 'service_subscription')
    .where('entity_id', '=', subscriptionId)
    .where('action', '=', 'reminder_sent')
    .executeTakeFirst();
  return (row?.at as Date | null | undefined) ?? null;
}
