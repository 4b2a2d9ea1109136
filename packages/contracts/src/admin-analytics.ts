import { z } from 'zod';

/** Back-office analytics (admin.md §13, PRD-06 post-launch monitoring). Money as 2-decimal KES strings. */

/** ADM-600: whole EAT days, both included; last 30 days by default, at most 366. */
export const analyticsQuery = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

export const analyticsExportQuery = analyticsQuery.extend({ format: z.enum(['csv']).default('csv') });

const kes = z.string().regex(/^-?\d+\.\d{2}$/);
const count = z.number().int().min(0);
/** A share 0..1 with 4 decimals; null when its denominator is 0 (shown as "—"). */
const ratio = z.number().min(0).max(1).nullable();

/** ADM-601: a headline figure with its comparison period; change_percent null when the prior is 0. */
const headline = z.object({
  value: z.number(),
  previous: z.number(),
  change_percent: z.number().nullable(),
});

const namedCount = z.object({ key: z.string(), label: z.string(), count });
const dayPoint = z.object({ period: z.string(), value: z.number() });

export const analyticsReport = z.object({
  range: z.object({ from: z.iso.date(), to: z.iso.date(), days: count }),
  previous_range: z.object({ from: z.iso.date(), to: z.iso.date() }),
  /** ADM-602: "day" for ranges ≤ 62 days, else "month". */
  granularity: z.enum(['day', 'month']),
  headline: z.object({
    new_users: headline,
    new_businesses: headline,
    /** Revenue in KES (number with 2 decimals here so it can be compared). */
    revenue_kes: headline,
    active_services: headline,
  }),
  users: z.object({
    new_signups: count,
    new_signups_phone_verified: count,
    new_signups_basic_share: ratio,
    total: count,
    by_status: z.record(z.string(), count),
    by_tier: z.record(z.string(), count),
  }),
  businesses: z.object({
    new_registrations: count,
    by_status: z.record(z.string(), count),
    top_regions: z.array(namedCount),
    top_categories: z.array(namedCount),
  }),
  reviews: z.object({
    approved: count,
    rejected: count,
    approval_rate: ratio,
    first_submission_approval_rate: ratio,
    decision_hours_median: z.number().nullable(),
    decision_hours_p90: z.number().nullable(),
    decided_within_24h_share: ratio,
  }),
  queue: z.object({
    awaiting_review: count,
    oldest_age_hours: z.number().nullable(),
    median_age_hours: z.number().nullable(),
    older_than_24h: count,
  }),
  payments: z.object({
    purchases_by_status: z.record(z.string(), count),
    completed_count: count,
    completed_amount_kes: kes,
    success_rate: ratio,
  }),
  revenue: z.object({
    /** ADM-303: net of VAT, minus the VAT-exclusive amounts refunds reversed in the period. */
    revenue_kes: kes,
    gross_collected_kes: kes,
    vat_collected_kes: kes,
    by_service_type: z.array(z.object({ service_type: z.string(), revenue_kes: kes })),
    monthly: z.array(z.object({ month: z.string(), revenue_kes: kes })),
    trend: z.array(dayPoint),
  }),
  refunds: z.object({
    count,
    gross_refunded_kes: kes,
    processing_fees_retained_kes: kes,
  }),
  subscriptions: z.object({
    active_total: count,
    active_by_service_type: z.record(z.string(), count),
    adoption_rate_by_service_type: z.record(z.string(), ratio),
    expiring_7_days: count,
    expiring_30_days: count,
  }),
  ads: z.object({
    impressions: count,
    clicks: count,
    click_through_rate: ratio,
  }),
  messaging: z.object({
    sms_sent: count,
    sms_delivered: count,
    sms_failed: count,
    sms_delivery_rate: ratio,
    sms_cost_kes: kes,
    email_delivered: count,
    email_failed: count,
    email_delivery_rate: ratio,
  }),
  trends: z.object({
    new_users: z.array(dayPoint),
    new_businesses: z.array(dayPoint),
  }),
});
export type AnalyticsReport = z.infer<typeof analyticsReport>;

/** ADM-620: platform health over a window. */
export const healthMetricsQuery = z.strictObject({
  window: z.enum(['1h', '24h', '7d', '30d']).default('24h'),
});

export const healthMetrics = z.object({
  window: z.enum(['1h', '24h', '7d', '30d']),
  /** Latency and errors come from this process's prom-client histogram, since it started. */
  latency_source: z.object({ process_started_at: z.iso.datetime(), requests: count }),
  latency_ms: z.object({
    p50: z.number().nullable(),
    p95: z.number().nullable(),
    p99: z.number().nullable(),
  }),
  responses: z.object({
    total: count,
    status_2xx: count,
    status_3xx: count,
    status_4xx: count,
    status_5xx: count,
  }),
  error_rate: ratio,
  pool: z
    .object({ total: count, idle: count, in_use: count, waiting: count, max: count, usage: ratio })
    .nullable(),
  uptime: z.object({
    process_uptime_seconds: count,
    heartbeat_minutes: count,
    minutes_in_window: count,
    uptime_percent: z.number().nullable(),
  }),
  sessions: z.object({ admin: count, public: count }),
  payment_success_rate_24h: ratio,
  sms_delivery_rate_24h: ratio,
  queue: z.object({ awaiting_review: count, oldest_age_hours: z.number().nullable() }),
  alerts: z.array(z.object({ metric: z.string(), message: z.string() })),
});
export type HealthMetrics = z.infer<typeof healthMetrics>;
