import type { Kysely } from 'kysely';
import type { AnalyticsReport } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { formatKes } from '../../lib/money.js';
import { addDays } from '../../lib/nairobi-date.js';
import * as repo from './analytics.repo.js';
import { dayCount, dayRangeInstants, previousDayRange, type DayRange } from './time-range.js';

/** ADM-600..603: the analytics page's figures for a range of EAT days, with the comparison period. */

const SERVICE_TYPES = ['website_hosting', 'ads', 'search_promotion', 'premium_listing', 'image_gallery'];

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** ADM-600: "+12 %"-style change; null ("—") when the prior value is 0. */
export function changePercent(value: number, previous: number): number | null {
  return previous === 0 ? null : Math.round(((value - previous) / previous) * 1000) / 10;
}

const hours = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const toMap = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.map((row) => [row.key, row.n]));

/** Every day (or month) of the range, zero where nothing happened, so charts have no gaps. */
export function periods(range: DayRange, unit: 'day' | 'month'): string[] {
  const out: string[] = [];
  if (unit === 'day') {
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) out.push(day);
    return out;
  }
  let [year, month] = range.from.split('-').map(Number) as [number, number];
  const last = range.to.slice(0, 7);
  for (;;) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    out.push(label);
    if (label >= last) return out;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

function series(all: string[], rows: { period: string; value: number }[]) {
  const byPeriod = new Map(rows.map((row) => [row.period, row.value]));
  return all.map((period) => ({ period, value: byPeriod.get(period) ?? 0 }));
}

async function revenueCents(db: Kysely<Database>, range: DayRange): Promise<number> {
  const figures = await repo.paymentFigures(db, dayRangeInstants(range));
  return Number(figures.completed.net) - figures.refundedNet;
}

export async function analyticsReport(
  db: Kysely<Database>,
  range: DayRange,
  now: Date = new Date(),
): Promise<AnalyticsReport> {
  const instants = dayRangeInstants(range);
  const previous = previousDayRange(range);
  const previousInstants = dayRangeInstants(previous);
  const days = dayCount(range);
  const granularity = days <= 62 ? 'day' : 'month';
  const twelveMonths: DayRange = {
    from: `${addDays(`${range.to.slice(0, 7)}-01`, -334).slice(0, 7)}-01`,
    to: range.to,
  };

  const [users, previousUsers, businesses, previousBusinesses, reviews, queue, payments] = await Promise.all([
    repo.userFigures(db, instants),
    repo.userFigures(db, previousInstants),
    repo.businessFigures(db, instants),
    repo.businessFigures(db, previousInstants),
    repo.reviewFigures(db, instants),
    repo.queueFigures(db, now),
    repo.paymentFigures(db, instants),
  ]);
  const [byService, monthly, trendRows, refunds, subscriptions, ads, messaging, userTrend, businessTrend] =
    await Promise.all([
      repo.revenueByService(db, instants),
      repo.revenueSeries(db, dayRangeInstants(twelveMonths), 'month'),
      repo.revenueSeries(db, instants, granularity),
      repo.refundFigures(db, instants),
      repo.subscriptionFigures(db, range),
      repo.adFigures(db, range),
      repo.messagingFigures(db, instants),
      repo.creationSeries(db, 'users', instants, granularity),
      repo.creationSeries(db, 'businesses', instants, granularity),
    ]);
  const [previousRevenue, previousActive] = await Promise.all([
    revenueCents(db, previous),
    repo.activeSubscriptionCount(db, previous.to),
  ]);

  const revenue = Number(payments.completed.net) - payments.refundedNet;
  const activeTotal = subscriptions.active.reduce((sum, row) => sum + row.n, 0);
  const purchases = toMap(payments.byStatus);
  const completedPurchases = (purchases.completed ?? 0) + (purchases.refunded ?? 0);
  const allPeriods = periods(range, granularity);
  const headline = (value: number, prior: number) => ({
    value,
    previous: prior,
    change_percent: changePercent(value, prior),
  });

  return {
    range: { from: range.from, to: range.to, days },
    previous_range: previous,
    granularity,
    headline: {
      new_users: headline(users.signups.total, previousUsers.signups.total),
      new_businesses: headline(businesses.created, previousBusinesses.created),
      revenue_kes: headline(revenue / 100, previousRevenue / 100),
      active_services: headline(activeTotal, previousActive),
    },
    users: {
      new_signups: users.signups.total,
      new_signups_phone_verified: users.signups.verified,
      new_signups_basic_share: ratio(users.signups.verified, users.signups.total),
      total: users.byStatus.filter((row) => row.key !== 'deleted').reduce((sum, row) => sum + row.n, 0),
      by_status: toMap(users.byStatus),
      by_tier: toMap(users.byTier),
    },
    businesses: {
      new_registrations: businesses.created,
      by_status: toMap(businesses.byStatus),
      top_regions: businesses.topRegions.map((row) => ({ key: row.key, label: row.label, count: row.n })),
      top_categories: businesses.topCategories.map((row) => ({
        key: row.key,
        label: row.label,
        count: row.n,
      })),
    },
    reviews: {
      approved: reviews.approved,
      rejected: reviews.rejected,
      approval_rate: ratio(reviews.approved, reviews.approved + reviews.rejected),
      first_submission_approval_rate: ratio(reviews.first_approved, reviews.first_total),
      decision_hours_median: hours(reviews.median_hours),
      decision_hours_p90: hours(reviews.p90_hours),
      decided_within_24h_share: ratio(reviews.within_24h, reviews.approved + reviews.rejected),
    },
    queue: {
      awaiting_review: queue.n,
      oldest_age_hours: hours(queue.oldest),
      median_age_hours: hours(queue.median),
      older_than_24h: queue.overdue,
    },
    payments: {
      purchases_by_status: purchases,
      completed_count: payments.completed.n,
      completed_amount_kes: formatKes(Number(payments.completed.gross)),
      success_rate: ratio(completedPurchases, completedPurchases + (purchases.failed ?? 0)),
    },
    revenue: {
      revenue_kes: formatKes(revenue),
      gross_collected_kes: formatKes(Number(payments.completed.gross)),
      vat_collected_kes: formatKes(Number(payments.completed.vat)),
      by_service_type: byService.map((row) => ({
        service_type: row.service_type,
        revenue_kes: formatKes(row.cents),
      })),
      monthly: series(
        periods(twelveMonths, 'month'),
        monthly.map((row) => ({ period: row.period, value: row.cents })),
      ).map((point) => ({ month: point.period, revenue_kes: formatKes(point.value) })),
      trend: series(
        allPeriods,
        trendRows.map((row) => ({ period: row.period, value: row.cents / 100 })),
      ),
    },
    refunds: {
      count: refunds.n,
      gross_refunded_kes: formatKes(Number(refunds.gross)),
      processing_fees_retained_kes: formatKes(Number(refunds.fees)),
    },
    subscriptions: {
      active_total: activeTotal,
      active_by_service_type: Object.fromEntries(
        SERVICE_TYPES.map((type) => [type, subscriptions.active.find((row) => row.key === type)?.n ?? 0]),
      ),
      adoption_rate_by_service_type: Object.fromEntries(
        SERVICE_TYPES.map((type) => [
          type,
          ratio(
            subscriptions.active.find((row) => row.key === type)?.businesses ?? 0,
            subscriptions.activeBusinesses,
          ),
        ]),
      ),
      expiring_7_days: subscriptions.expiring.in7,
      expiring_30_days: subscriptions.expiring.in30,
    },
    ads: {
      impressions: ads.impressions,
      clicks: ads.clicks,
      click_through_rate: ratio(ads.clicks, ads.impressions),
    },
    messaging: {
      sms_sent: messaging.sms_sent,
      sms_delivered: messaging.sms_delivered,
      sms_failed: messaging.sms_failed,
      sms_delivery_rate: ratio(messaging.sms_delivered, messaging.sms_delivered + messaging.sms_failed),
      sms_cost_kes: formatKes(Number(messaging.sms_cost)),
      email_delivered: messaging.email_delivered,
      email_failed: messaging.email_failed,
      email_delivery_rate: ratio(
        messaging.email_delivered,
        messaging.email_delivered + messaging.email_failed,
      ),
    },
    trends: {
      new_users: series(
        allPeriods,
        userTrend.map((row) => ({ period: row.period, value: row.n })),
      ),
      new_businesses: series(
        allPeriods,
        businessTrend.map((row) => ({ period: row.period, value: row.n })),
      ),
    },
  };
}
