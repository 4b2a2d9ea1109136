import type { Kysely } from 'kysely';
import type { ActivityRow, DashboardAlert, DashboardReply } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { displayKes, formatKes } from '../../lib/money.js';
import { addDays, nairobiDate, nairobiMidnight } from '../../lib/nairobi-date.js';
import {
  configValues,
  dashboardCounts,
  LEGAL_IDENTITY_KEYS,
  recentActivity,
  revenueCents,
  type ActivitySqlRow,
} from './dashboard.repo.js';
import { platformHealth, type PlatformHealthDeps } from './platform-health.js';

/** The dashboard home (ADM-053..056): cards, alerts, and the recent-activity feed. */

type Db = Kysely<Database>;

const intOr = (value: string | undefined, fallback: number) =>
  value !== undefined && /^\d+$/.test(value) ? Number(value) : fallback;

export async function dashboard(
  deps: PlatformHealthDeps & { db: Db },
  now: Date = new Date(),
): Promise<DashboardReply> {
  const today = nairobiDate(now);
  const config = await configValues(deps.db, [
    'pending_alert_threshold',
    'approval_sla_hours',
    ...LEGAL_IDENTITY_KEYS,
  ]);
  const threshold = intOr(config.get('pending_alert_threshold'), 10);
  const slaHours = intOr(config.get('approval_sla_hours'), 24);
  const month = today.slice(0, 7);
  const monthStart = nairobiMidnight(`${month}-01`);
  const [counts, revenue, health] = await Promise.all([
    dashboardCounts(deps.db, { now, today, slaHours }),
    revenueCents(deps.db, { from: monthStart, to: nairobiMidnight(addDays(today, 1)) }),
    // Without the process's metrics (a bare test app) the health alert is simply not computed.
    deps.registry ? platformHealth(deps, '1h', now) : undefined,
  ]);
  const missingLegal = LEGAL_IDENTITY_KEYS.filter((key) => (config.get(key) ?? '').trim() === '');

  const alerts: DashboardAlert[] = [];
  const add = (alert: DashboardAlert, when: boolean) => {
    if (when) alerts.push(alert);
  };
  add(
    {
      key: 'queue_over_threshold',
      severity: 'amber',
      count: counts.pending,
      message: `${counts.pending} businesses are waiting for approval (threshold ${threshold})`,
      link: '/admin/businesses/pending',
    },
    counts.pending > threshold,
  );
  add(
    {
      key: 'overdue_reviews',
      severity: 'red',
      count: counts.overdue,
      message: `${counts.overdue} businesses have waited more than ${slaHours} hours for a decision`,
      link: '/admin/businesses/pending',
    },
    counts.overdue > 0,
  );
  add(
    {
      key: 'payments_need_attention',
      severity: 'red',
      count: counts.needs_attention,
      message: `${counts.needs_attention} payments need attention`,
      link: '/admin/transactions?needs_attention=true',
    },
    counts.needs_attention > 0,
  );
  add(
    {
      key: 'pending_payments_stale',
      severity: 'red',
      count: counts.stale_pending_payments,
      message: `${counts.stale_pending_payments} payments have been pending for more than 30 minutes`,
      link: '/admin/transactions?status=pending',
    },
    counts.stale_pending_payments > 0,
  );
  add(
    {
      key: 'legal_identity_incomplete',
      severity: 'red',
      count: missingLegal.length,
      message: `Receipts cannot be issued: ${missingLegal.join(', ')} not set`,
      link: '/admin/system/config',
    },
    missingLegal.length > 0,
  );
  add(
    {
      key: 'suspicious_sign_ins',
      severity: 'amber',
      count: counts.flagged_sign_ins,
      message: `${counts.flagged_sign_ins} suspicious sign-in events in the last 24 hours`,
      link: '/admin/logs/auth?flagged=true',
    },
    counts.flagged_sign_ins > 0,
  );
  add(
    {
      key: 'platform_health',
      severity: 'red',
      count: health?.alerts.length ?? 0,
      message: health?.alerts.map((alert) => alert.message).join('; ') ?? '',
      link: '/admin/analytics/health',
    },
    (health?.alerts.length ?? 0) > 0,
  );
  add(
    {
      key: 'expiring_services',
      severity: 'info',
      count: counts.expiring_7,
      message: `${counts.expiring_7} services expire within 7 days`,
      link: '/admin/services/expiring',
    },
    counts.expiring_7 > 0,
  );

  return {
    cards: {
      pending_approval: { count: counts.pending, threshold, amber: counts.pending > threshold },
      active_businesses: counts.active_businesses,
      total_users: counts.total_users,
      revenue_month: { month, revenue_kes: formatKes(revenue) },
    },
    alerts,
    generated_at: isoSeconds(now),
  };
}

function activityView(row: ActivitySqlRow): ActivityRow {
  const name = row.label ?? '—';
  const base = { at: isoSeconds(row.at) };
  switch (row.type) {
    case 'user_registered':
      return { ...base, type: 'user_registered', text: `${name} registered`, link: `/admin/users/${row.id}` };
    case 'business_submitted':
      return {
        ...base,
        type: 'business_submitted',
        text: `${name} submitted for approval`,
        link: `/admin/businesses/${row.id}`,
      };
    case 'business_approved':
      return {
        ...base,
        type: 'business_approved',
        text: `${name} approved`,
        link: `/admin/businesses/${row.id}`,
      };
    case 'business_rejected':
      return {
        ...base,
        type: 'business_rejected',
        text: `${name} rejected`,
        link: `/admin/businesses/${row.id}`,
      };
    case 'payment_completed':
    case 'payment_failed':
      return {
        ...base,
        type: row.type,
        text: `${row.type === 'payment_completed' ? 'Payment received' : 'Payment failed'}: ${name}, ${displayKes(Number(row.detail ?? 0))}`,
        link: `/admin/transactions/${row.id}`,
      };
    case 'refund_completed':
      return {
        ...base,
        type: 'refund_completed',
        text: `Refund ${row.detail ?? ''} paid: ${name}`,
        link: '/admin/refunds?status=completed',
      };
    case 'service_expired':
      return {
        ...base,
        type: 'service_expired',
        text: `Service expired: ${name}`,
        link: `/admin/businesses/${row.id}`,
      };
    default:
      return {
        ...base,
        type: 'business_suspended',
        text: `${name} suspended`,
        link: `/admin/businesses/${row.id}`,
      };
  }
}

export async function activityFeed(db: Db, limit: number): Promise<ActivityRow[]> {
  return (await recentActivity(db, limit)).map(activityView);
}
