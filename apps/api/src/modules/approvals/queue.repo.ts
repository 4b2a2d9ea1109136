import { sql, type Kysely, type Transaction } from 'kysely';
import type { PendingQueueQuery } from '@tafuta/contracts';
import type { Database, StaffRoleName } from '../../db/schema.js';

/**
 * The SQL behind the approval queue (ADM-105..108), the review decisions (ADM-103) and the two staff
 * emails (ADM-121/122). Ages are measured from the latest `submitted_at` (ADM-120).
 */

type Db = Kysely<Database> | Transaction<Database>;

/** ADM-120: 24 hours unless staff changed `approval_sla_hours`. */
export async function approvalSlaHours(db: Db): Promise<number> {
  const row = await db
    .selectFrom('system_config')
    .select('value')
    .where('key', '=', 'approval_sla_hours')
    .executeTakeFirst();
  const hours = Number(row?.value);
  return Number.isFinite(hours) && hours > 0 ? hours : 24;
}

export interface QueueRow {
  business_id: string;
  business_tag: string;
  business_name: string;
  category_slugs: string[];
  region_slugs: string[];
  city: string;
  phone: string;
  email: string | null;
  content_json: Record<string, unknown>;
  content_version: number;
  review_state: 'awaiting_review' | 'changes_requested';
  submitted_at: Date;
  status_changed_at: Date;
  rejection_reason_code: string | null;
  rejection_reason: string | null;
  rejection_count: number;
  submitter_id: string;
  submitter_name: string;
  submitter_phone: string | null;
  possible_duplicates: number;
}

function queueFilter(db: Db, filter: Pick<PendingQueueQuery, 'state' | 'region' | 'category'>) {
  let query = db
    .selectFrom('businesses as b')
    .where('b.status', '=', 'pending')
    .where('b.review_state', '=', filter.state);
  if (filter.region) query = query.where(sql<boolean>`${filter.region} = any(b.region_slugs)`);
  if (filter.category) query = query.where(sql<boolean>`${filter.category} = any(b.category_slugs)`);
  return query;
}

/** One page of the queue plus the number of items matching the filters. */
export async function listQueue(
  db: Db,
  filter: PendingQueueQuery,
): Promise<{ rows: QueueRow[]; total: number }> {
  const counted = await queueFilter(db, filter)
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .executeTakeFirstOrThrow();
  let query = queueFilter(db, filter)
    .innerJoin('users as u', 'u.user_id', 'b.created_by')
    .select([
      'b.business_id',
      'b.business_tag',
      'b.business_name',
      'b.category_slugs',
      'b.region_slugs',
      'b.city',
      'b.phone',
      'b.email',
      'b.content_json',
      'b.content_version',
      'b.status_changed_at',
      'b.rejection_reason_code',
      'b.rejection_reason',
      'b.rejection_count',
      'u.user_id as submitter_id',
      'u.full_name as submitter_name',
      'u.phone as submitter_phone',
      sql<'awaiting_review' | 'changes_requested'>`b.review_state`.as('review_state'),
      // A pending business always has a submission time; the coalesce only satisfies the type.
      sql<Date>`coalesce(b.submitted_at, b.created_at)`.as('submitted_at'),
      // ADM-108: the same business phone, or the same folded name in one of the same regions.
      sql<number>`(
        select count(*)::int from businesses d
         where d.business_id <> b.business_id and d.status <> 'deleted'
           and (d.phone = b.phone or (d.name_key = b.name_key and d.region_slugs && b.region_slugs))
      )`.as('possible_duplicates'),
    ]);
  if (filter.sort === 'newest') {
    query = query.orderBy('b.submitted_at', 'desc');
  } else if (filter.sort === 'region') {
    query = query.orderBy('b.region', 'asc').orderBy('b.submitted_at', 'asc');
  } else {
    query = query.orderBy('b.submitted_at', 'asc');
  }
  const rows = await query
    .orderBy('b.business_id')
    .limit(filter.limit)
    .offset((filter.page - 1) * filter.limit)
    .execute();
  return { rows, total: Number(counted.total) };
}

export interface QueueSummary {
  total_pending: number;
  overdue: number;
  oldest_age_hours: number | null;
  changes_requested: number;
}

/** ADM-107 header and ADM-121 digest figures, over the whole queue whatever the filters. */
export async function queueSummary(db: Db, slaHours: number, now: Date): Promise<QueueSummary> {
  const result = await sql<{
    total_pending: number;
    overdue: number;
    oldest_age_hours: number | null;
    changes_requested: number;
  }>`
    select count(*) filter (where review_state = 'awaiting_review')::int as total_pending,
           count(*) filter (where review_state = 'awaiting_review'
                              and submitted_at < ${now}::timestamptz - make_interval(hours => ${slaHours}))::int
             as overdue,
           floor(extract(epoch from ${now}::timestamptz - min(submitted_at)
             filter (where review_state = 'awaiting_review')) / 3600)::int as oldest_age_hours,
           count(*) filter (where review_state = 'changes_requested')::int as changes_requested
      from businesses
     where status = 'pending'
  `.execute(db);
  return result.rows[0]!;
}

/** ADM-121: awaiting-review counts per primary region, named in English. */
export async function pendingByRegion(db: Db): Promise<{ region: string; count: number }[]> {
  const result = await sql<{ region: string; count: number }>`
    select coalesce(r.names ->> 'en', b.region) as region, count(*)::int as count
      from businesses b
      left join regions r on r.slug = b.region
     where b.status = 'pending' and b.review_state = 'awaiting_review'
     group by 1
     order by 2 desc, 1
  `.execute(db);
  return result.rows;
}

/** The latest decision on a business, for "Already reviewed by {name} at {time}" (ADM-112). */
export async function latestReview(db: Db, businessId: string) {
  return db
    .selectFrom('business_reviews as r')
    .innerJoin('users as u', 'u.user_id', 'r.decided_by')
    .select(['r.decision', 'r.decided_at', 'r.submitted_at', 'u.full_name'])
    .where('r.business_id', '=', businessId)
    .orderBy('r.decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface OverdueRow {
  business_id: string;
  business_name: string;
  region: string;
  submitted_at: Date;
}

/**
 * ADM-122: awaiting-review businesses past the SLA whose current submission has not been alerted yet,
 * marked in the caller's transaction so each submission alerts once even if two runs overlap.
 */
export async function claimOverdue(
  trx: Transaction<Database>,
  slaHours: number,
  now: Date,
): Promise<OverdueRow[]> {
  const result = await sql<OverdueRow>`
    update businesses b
       set overdue_alerted_for = b.submitted_at
      from (select business_id from businesses
             where status = 'pending' and review_state = 'awaiting_review'
               and submitted_at < ${now}::timestamptz - make_interval(hours => ${slaHours})
               and overdue_alerted_for is distinct from submitted_at
             order by submitted_at
             for update skip locked) due
     where b.business_id = due.business_id
    returning b.business_id, b.business_name, b.region, b.submitted_at
  `.execute(trx);
  return result.rows.sort((a, b) => a.submitted_at.getTime() - b.submitted_at.getTime());
}

/** Active staff accounts of the given roles; a person who deactivated their account uses no staff role (SES-13). */
export async function activeStaff(db: Db, roles: readonly StaffRoleName[]) {
  return db
    .selectFrom('admin_users as a')
    .innerJoin('users as u', 'u.user_id', 'a.user_id')
    .select(['a.user_id', 'a.login_email'])
    .where('a.is_active', '=', true)
    .where('u.status', '=', 'active')
    .where('a.role', 'in', [...roles])
    .orderBy('a.created_at')
    .execute();
}
