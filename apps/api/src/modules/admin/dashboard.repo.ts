import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { InstantRange } from './time-range.js';

/** SQL of the dashboard home (ADM-053..056): every figure is one indexed count. */

type Db = Kysely<Database>;

/** ADM-451's legal-identity keys: receipts cannot be issued while one is empty (ADM-056). */
export const LEGAL_IDENTITY_KEYS = [
  'tafuta_business_name',
  'tafuta_kra_pin',
  'tafuta_vat_registration_number',
  'tafuta_business_address',
  'tafuta_business_registration_number',
] as const;

export async function configValues(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('system_config')
    .select(['key', 'value'])
    .where('key', 'in', keys)
    .execute();
  return new Map(rows.map((row) => [row.key, row.value]));
}

export interface DashboardCounts {
  pending: number;
  overdue: number;
  active_businesses: number;
  total_users: number;
  expiring_7: number;
  needs_attention: number;
  stale_pending_payments: number;
  flagged_sign_ins: number;
}

export async function dashboardCounts(
  db: Db,
  input: { now: Date; today: string; slaHours: number },
): Promise<DashboardCounts> {
  const { now, today, slaHours } = input;
  const result = await sql<DashboardCounts>`
    select
      (select count(*) from businesses where status = 'pending' and review_state = 'awaiting_review')::int as pending,
      (select count(*) from businesses where status = 'pending' and review_state = 'awaiting_review'
          and submitted_at < ${now}::timestamptz - make_interval(hours => ${slaHours}))::int as overdue,
      (select count(*) from businesses where status = 'active')::int as active_businesses,
      (select count(*) from users where status <> 'deleted')::int as total_users,
      (select count(*) from service_subscriptions where status = 'active'
          and expiration_date > ${today}::date and expiration_date <= ${today}::date + 7)::int as expiring_7,
      (select count(*) from transactions where needs_attention)::int as needs_attention,
      -- PAY-163: a payment still pending 30 minutes after it started should not exist.
      (select count(*) from payments where status = 'pending'
          and created_at < ${now}::timestamptz - interval '30 minutes')::int as stale_pending_payments,
      (select count(*) from auth_logs where "timestamp" >= ${now}::timestamptz - interval '24 hours'
          and metadata ? 'flag')::int as flagged_sign_ins`.execute(db);
  return result.rows[0]!;
}

/** ADM-303 for a range of instants on completed_at: completed purchases' net minus completed refunds' net. */
export async function revenueCents(db: Db, range: InstantRange): Promise<number> {
  const result = await sql<{ cents: string }>`
    select coalesce(sum(case when transaction_type = 'purchase' then net_cents else -net_cents end), 0)::bigint as cents
      from transactions
     where completed_at >= ${range.from} and completed_at < ${range.to}
       and ((transaction_type = 'purchase' and status in ('completed', 'refunded'))
            or (transaction_type = 'refund' and status = 'completed'))`.execute(db);
  return Number(result.rows[0]!.cents);
}

export interface ActivitySqlRow {
  at: Date;
  type: string;
  label: string | null;
  detail: string | null;
  id: string;
}

/**
 * ADM-055: the newest events of each kind, merged. Each branch is limited on its own time index so the
 * union stays small however large the tables grow.
 */
export async function recentActivity(db: Db, limit: number): Promise<ActivitySqlRow[]> {
  const result = await sql<ActivitySqlRow>`
    select * from (
      (select created_at as at, 'user_registered' as type, full_name as label, null as detail, user_id::text as id
         from users where status <> 'deleted' order by created_at desc limit ${limit})
      union all
      (select submitted_at, 'business_submitted', business_name, null, business_id::text
         from businesses where submitted_at is not null and status = 'pending' and review_state = 'awaiting_review'
        order by submitted_at desc limit ${limit})
      union all
      (select r.decided_at, 'business_' || r.decision, b.business_name, r.reason, b.business_id::text
         from business_reviews r join businesses b on b.business_id = r.business_id
        order by r.decided_at desc limit ${limit})
      union all
      (select t.completed_at, 'payment_completed', b.business_name, t.amount_cents::text, t.tx_id::text
         from transactions t join businesses b on b.business_id = t.business_id
        where t.transaction_type = 'purchase' and t.completed_at is not null
        order by t.completed_at desc limit ${limit})
      union all
      (select t.created_at, 'payment_failed', b.business_name, t.amount_cents::text, t.tx_id::text
         from transactions t join businesses b on b.business_id = t.business_id
        where t.transaction_type = 'purchase' and t.status = 'failed'
        order by t.created_at desc limit ${limit})
      union all
      (select rr.processed_at, 'refund_completed', b.business_name, rr.request_number, rr.tx_id::text
         from refund_requests rr join businesses b on b.business_id = rr.business_id
        where rr.status = 'completed' and rr.processed_at is not null
        order by rr.processed_at desc limit ${limit})
      union all
      (select a."timestamp", a.action, a.entity_label, a.new_value->>'business_id',
              coalesce(a.new_value->>'business_id', a.entity_id)
         from audit_logs a where a.action in ('service_expired', 'business_suspended')
        order by a."timestamp" desc limit ${limit})
    ) events
    order by at desc limit ${limit}`.execute(db);
  return result.rows;
}
