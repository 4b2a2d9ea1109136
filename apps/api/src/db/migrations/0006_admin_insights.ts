import { sql, type Kysely } from 'kysely';

/**
 * Back office, logs / messaging / analytics (admin.md §10, §12.4, §13): the broadcast record, the
 * uptime heartbeat, and the indexes the log keyset export and the analytics figures read through.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- ADM-523/526: one row per staff-composed send; its messages carry broadcast_id in notification_log.
    -- (created_by, idempotency_key) is ADM-712's replay key; request_hash feeds the duplicate-send guard.
    create table broadcasts (
      broadcast_id uuid primary key default gen_random_uuid(),
      created_by uuid not null references users (user_id),
      idempotency_key uuid not null,
      request_hash text not null,
      audience_type text not null check (audience_type in ('all_users', 'all_owners', 'business', 'user')),
      audience_id uuid,
      category text not null check (category in ('marketing', 'service')),
      channels text[] not null,
      subject text,
      bodies jsonb not null check (jsonb_typeof(bodies) = 'object'),
      recipient_counts jsonb not null default '{}',
      estimated_sms_cost_cents bigint not null default 0,
      release_at timestamptz,
      created_at timestamptz not null default now(),
      unique (created_by, idempotency_key)
    );
    create index broadcasts_created_idx on broadcasts (created_at desc);
    create index broadcasts_request_hash_idx on broadcasts (request_hash, created_at desc);
    alter table notification_log
      add constraint notification_log_broadcast_fk foreign key (broadcast_id) references broadcasts (broadcast_id);
    create index notification_log_broadcast_idx on notification_log (broadcast_id) where broadcast_id is not null;

    -- ADM-620: a heartbeat per minute; uptime = minutes with a good beat / minutes in the period.
    create table platform_heartbeats (
      minute timestamptz primary key check (minute = date_trunc('minute', minute)),
      ok boolean not null,
      database_ms integer,
      recorded_at timestamptz not null default now()
    );

    -- ADM-432 exports walk the logs newest first in keyset batches.
    create index auth_logs_keyset_idx on auth_logs ("timestamp" desc, log_id desc);
    create index audit_logs_keyset_idx on audit_logs ("timestamp" desc, log_id desc);

    -- ADM-603 figures by period.
    create index businesses_created_at_idx on businesses (created_at);
    create index transactions_period_created_idx on transactions (created_at);
    create index transactions_period_completed_idx on transactions (completed_at) where status = 'completed';
    create index refund_requests_period_processed_idx on refund_requests (processed_at) where status = 'completed';
  `.execute(db);
}
