import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { HealthMetrics } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { apiLatency } from './latency.js';
import { ratio } from './analytics.service.js';

/** ADM-620: platform health for the last 1 h / 24 h / 7 d / 30 d. */

const WINDOW_MINUTES = { '1h': 60, '24h': 1440, '7d': 10_080, '30d': 43_200 } as const;
export type HealthWindow = keyof typeof WINDOW_MINUTES;

export interface PlatformHealthDeps {
  db: Kysely<Database>;
  pool?: pg.Pool | undefined;
  registry?: Registry | undefined;
  startedAt: number;
}

/** The heartbeat a scheduled job writes each minute (ADM-620 uptime): the database answered, and how fast. */
export async function recordHeartbeat(db: Kysely<Database>, now: Date = new Date()): Promise<void> {
  const started = process.hrtime.bigint();
  await sql`select 1`.execute(db);
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  await sql`
    insert into platform_heartbeats (minute, ok, database_ms)
    values (date_trunc('minute', ${now}::timestamptz), true, ${ms})
    on conflict (minute) do nothing`.execute(db);
}

export async function platformHealth(
  deps: PlatformHealthDeps,
  window: HealthWindow,
  now: Date = new Date(),
): Promise<HealthMetrics> {
  const minutes = WINDOW_MINUTES[window];
  const since = new Date(now.getTime() - minutes * 60_000);
  const latency = deps.registry
    ? await apiLatency(deps.registry)
    : { requests: 0, p50: null, p95: null, p99: null, byStatusClass: {} as Record<string, number> };
  const status = (key: string) => latency.byStatusClass[key] ?? 0;
  const beats = await sql<{ n: number }>`
    select count(*)::int as n from platform_heartbeats where ok and minute >= ${since} and minute < ${now}`.execute(
    deps.db,
  );
  const sessions = await sql<{ scope: string; n: number }>`
    select scope, count(*)::int as n from user_sessions
     where revoked_at is null and expires_at > ${now} and absolute_expires_at > ${now} group by scope`.execute(
    deps.db,
  );
  const day = new Date(now.getTime() - 86_400_000);
  const rates = await sql<{ completed: number; failed: number; delivered: number; sms_failed: number }>`
    select (select count(*) from transactions where transaction_type = 'purchase' and created_at >= ${day}
              and status in ('completed', 'refunded'))::int as completed,
           (select count(*) from transactions where transaction_type = 'purchase' and created_at >= ${day}
              and status = 'failed')::int as failed,
           (select count(*) from notification_log where channel = 'sms' and created_at >= ${day}
              and status = 'delivered')::int as delivered,
           (select count(*) from notification_log where channel = 'sms' and created_at >= ${day}
              and status = 'failed')::int as sms_failed`.execute(deps.db);
  const queue = await sql<{ n: number; oldest: number | null }>`
    select count(*)::int as n, max(extract(epoch from ${now}::timestamptz - submitted_at) / 3600.0)::float8 as oldest
      from businesses where status = 'pending' and review_state = 'awaiting_review'`.execute(deps.db);

  const pool = deps.pool;
  const poolView = pool
    ? (() => {
        const max = pool.options.max ?? 10;
        const inUse = pool.totalCount - pool.idleCount;
        return {
          total: pool.totalCount,
          idle: pool.idleCount,
          in_use: inUse,
          waiting: pool.waitingCount,
          max,
          usage: ratio(inUse, max),
        };
      })()
    : null;
  const heartbeatMinutes = beats.rows[0]?.n ?? 0;
  const oldest = queue.rows[0]?.oldest ?? null;
  const rate = rates.rows[0]!;
  const errorRate = ratio(status('5xx'), latency.requests);
  const smsRate = ratio(rate.delivered, rate.delivered + rate.sms_failed);
  const alerts: HealthMetrics['alerts'] = [];
  // ADM-620 thresholds that can be judged from these figures.
  if (latency.p95 !== null && latency.p95 >= 500)
    alerts.push({ metric: 'latency_p95', message: 'p95 latency is 500 ms or more' });
  if (errorRate !== null && errorRate > 0.02)
    alerts.push({ metric: 'error_rate', message: 'More than 2 % of API responses are 5xx' });
  if (poolView && (poolView.in_use > 16 || poolView.waiting > 0))
    alerts.push({ metric: 'pool', message: 'The database pool is over 80 % or has waiting clients' });
  if (smsRate !== null && smsRate < 0.9)
    alerts.push({ metric: 'sms_delivery', message: 'SMS delivery below 90 % over 24 h' });

  return {
    window,
    latency_source: { process_started_at: isoSeconds(new Date(deps.startedAt)), requests: latency.requests },
    latency_ms: { p50: latency.p50, p95: latency.p95, p99: latency.p99 },
    responses: {
      total: latency.requests,
      status_2xx: status('2xx'),
      status_3xx: status('3xx'),
      status_4xx: status('4xx'),
      status_5xx: status('5xx'),
    },
    error_rate: errorRate,
    pool: poolView,
    uptime: {
      process_uptime_seconds: Math.max(0, Math.floor((now.getTime() - deps.startedAt) / 1000)),
      heartbeat_minutes: heartbeatMinutes,
      minutes_in_window: minutes,
      uptime_percent: Math.round((heartbeatMinutes / minutes) * 100_000) / 1000,
    },
    sessions: {
      admin: sessions.rows.find((row) => row.scope === 'admin')?.n ?? 0,
      public: sessions.rows.find((row) => row.scope === 'user')?.n ?? 0,
    },
    payment_success_rate_24h: ratio(rate.completed, rate.completed + rate.failed),
    sms_delivery_rate_24h: smsRate,
    queue: {
      awaiting_review: queue.rows[0]?.n ?? 0,
      oldest_age_hours: oldest === null ? null : Math.round(oldest * 10) / 10,
    },
    alerts,
  };
}
