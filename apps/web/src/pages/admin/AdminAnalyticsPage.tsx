import { useQuery } from '@tanstack/react-query';
import type { AnalyticsReport, HealthMetrics } from '@tafuta/contracts';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiUrl } from '../../lib/api';
import { ErrorNotice, Facts, Loading, PageHeader, Panel } from '../../components/admin/AdminUi';
import { formatKes, nairobiDay } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

// Only what these charts use, so the chunk carries no unused controllers (tree-shaken chart.js).
Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

const BRAND = '#c53e19';
const INK = '#595959';

function ChartCanvas({ config, label }: { config: ChartConfiguration; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="relative h-64">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

/** ADM-600 ranges, as EAT calendar days. */
function rangeOf(preset: string, custom: { from: string; to: string }): { from: string; to: string } {
  const today = nairobiDay(new Date());
  const daysAgo = (n: number) => nairobiDay(new Date(Date.now() - n * 86_400_000));
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: daysAgo(6), to: today };
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'last_month': {
      const first = new Date(`${today.slice(0, 8)}01T12:00:00Z`);
      const end = new Date(first.getTime() - 86_400_000);
      return { from: `${end.toISOString().slice(0, 8)}01`, to: end.toISOString().slice(0, 10) };
    }
    case 'custom':
      return custom;
    default:
      return { from: daysAgo(29), to: today };
  }
}

const pct = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 1000) / 10} %`);
const change = (value: number | null) =>
  value === null ? '—' : `${value >= 0 ? '+' : '−'}${Math.abs(Math.round(value))} %`;

/** ADM-600..605 business figures from SQL and ADM-620 platform health from the app's own metrics. */
export default function AdminAnalyticsPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();
  const [preset, setPreset] = useState('30d');
  const [custom, setCustom] = useState({ from: nairobiDay(new Date()), to: nairobiDay(new Date()) });
  const [window, setWindow] = useState('24h');
  const range = rangeOf(preset, custom);
  const report = useQuery({
    queryKey: ['admin', 'analytics', range],
    queryFn: ({ signal }) => apiGet<AnalyticsReport>('/admin/analytics', { signal, query: range }),
  });
  const health = useQuery({
    queryKey: ['admin', 'health-metrics', window],
    queryFn: ({ signal }) => apiGet<HealthMetrics>('/admin/health-metrics', { signal, query: { window } }),
    refetchInterval: 60_000,
  });

  return (
    <div>
      <PageHeader title={t('analytics.title')}>
        <select
          className="field w-auto"
          aria-label={t('analytics.range')}
          value={preset}
          onChange={(e) => setPreset(e.target.value)}
        >
          {['today', '7d', '30d', 'month', 'last_month', 'custom'].map((value) => (
            <option key={value} value={value}>
              {t(`analytics.ranges.${value}` as 'analytics.ranges.today')}
            </option>
          ))}
        </select>
        {preset === 'custom' && (
          <>
            <input
              className="field w-auto"
              type="date"
              aria-label={t('logs.from')}
              value={custom.from}
              onChange={(e) => setCustom({ ...custom, from: e.target.value })}
            />
            <input
              className="field w-auto"
              type="date"
              aria-label={t('logs.to')}
              value={custom.to}
              onChange={(e) => setCustom({ ...custom, to: e.target.value })}
            />
          </>
        )}
        {allowed(role, 'businesses.export') && (
          <a
            className="btn-secondary"
            href={apiUrl('/admin/analytics/export', { ...range, format: 'csv' })}
            download
          >
            {t('common.exportCsv')}
          </a>
        )}
      </PageHeader>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorNotice error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <Business report={report.data} label={label} />
      )}

      <Panel
        title={t('analytics.health')}
        actions={
          <select
            className="field w-auto"
            aria-label={t('analytics.window')}
            value={window}
            onChange={(e) => setWindow(e.target.value)}
          >
            {['1h', '24h', '7d', '30d'].map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        }
      >
        {health.isPending ? (
          <Loading />
        ) : health.isError ? (
          <ErrorNotice error={health.error} />
        ) : (
          <>
            {health.data.alerts.map((alert) => (
              <p
                key={alert.metric}
                role="alert"
                className="mb-2 rounded-xl bg-error-50 p-2 text-error-700"
              >{`${alert.metric}: ${alert.message}`}</p>
            ))}
            <Facts
              rows={[
                [
                  t('analytics.latency'),
                  `${health.data.latency_ms.p50 ?? '—'} / ${health.data.latency_ms.p95 ?? '—'} / ${health.data.latency_ms.p99 ?? '—'} ms`,
                ],
                [
                  t('analytics.errorRate'),
                  `${pct(health.data.error_rate)} (4xx ${health.data.responses.status_4xx}, 5xx ${health.data.responses.status_5xx})`,
                ],
                [
                  t('analytics.pool'),
                  health.data.pool
                    ? `${health.data.pool.in_use}/${health.data.pool.max} · ${t('analytics.waiting', { count: health.data.pool.waiting })} · ${pct(health.data.pool.usage)}`
                    : '—',
                ],
                [
                  t('analytics.uptime'),
                  health.data.uptime.uptime_percent === null ? '—' : `${health.data.uptime.uptime_percent} %`,
                ],
                [t('analytics.sessions'), `${health.data.sessions.admin} / ${health.data.sessions.public}`],
                [t('analytics.paymentSuccess24h'), pct(health.data.payment_success_rate_24h)],
                [t('analytics.smsDelivery24h'), pct(health.data.sms_delivery_rate_24h)],
              ]}
            />
          </>
        )}
      </Panel>
    </div>
  );
}

function Business({
  report,
  label,
}: {
  report: AnalyticsReport;
  label: (group: string, value: string) => string;
}) {
  const { t } = useTranslation('admin');
  const h = report.headline;
  const trendConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: report.revenue.trend.map((p) => p.period),
        datasets: [
          {
            label: t('analytics.revenue'),
            data: report.revenue.trend.map((p) => p.value),
            borderColor: BRAND,
            backgroundColor: BRAND,
          },
        ],
      },
      options: { maintainAspectRatio: false },
    }),
    [report, t],
  );
  const growthConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: report.trends.new_users.map((p) => p.period),
        datasets: [
          {
            label: t('analytics.newUsers'),
            data: report.trends.new_users.map((p) => p.value),
            borderColor: BRAND,
            backgroundColor: BRAND,
          },
          {
            label: t('analytics.newBusinesses'),
            data: report.trends.new_businesses.map((p) => p.value),
            borderColor: INK,
            backgroundColor: INK,
          },
        ],
      },
      options: { maintainAspectRatio: false },
    }),
    [report, t],
  );
  const topConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: report.businesses.top_categories.map((c) => c.label),
        datasets: [
          {
            label: t('analytics.activeBusinesses'),
            data: report.businesses.top_categories.map((c) => c.count),
            backgroundColor: BRAND,
          },
        ],
      },
      options: { maintainAspectRatio: false, indexAxis: 'y' },
    }),
    [report, t],
  );

  const cards: [string, string, number | null][] = [
    [t('analytics.newUsers'), String(h.new_users.value), h.new_users.change_percent],
    [t('analytics.newBusinesses'), String(h.new_businesses.value), h.new_businesses.change_percent],
    [t('analytics.revenue'), formatKes(h.revenue_kes.value.toFixed(2)), h.revenue_kes.change_percent],
    [t('analytics.activeServices'), String(h.active_services.value), h.active_services.change_percent],
  ];
  return (
    <>
      <div
        className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4"
        data-testid="analytics-cards"
      >
        {cards.map(([name, value, delta]) => (
          <div key={name} className="card p-4">
            <p className="text-small text-grey-600">{name}</p>
            <p className="text-h1 font-extrabold">{value}</p>
            <p className="text-small">{t('analytics.vsPrevious', { change: change(delta) })}</p>
          </div>
        ))}
      </div>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Panel title={t('analytics.revenueTrend')}>
          <ChartCanvas config={trendConfig} label={t('analytics.revenueTrend')} />
        </Panel>
        <Panel title={t('analytics.growth')}>
          <ChartCanvas config={growthConfig} label={t('analytics.growth')} />
        </Panel>
        <Panel title={t('analytics.topCategories')}>
          <ChartCanvas config={topConfig} label={t('analytics.topCategories')} />
        </Panel>
        <Panel title={t('analytics.figures')}>
          <Facts
            rows={[
              [
                t('analytics.signupsBasic'),
                `${report.users.new_signups} · ${pct(report.users.new_signups_basic_share)}`,
              ],
              [t('analytics.totalUsers'), String(report.users.total)],
              [t('analytics.registrations'), String(report.businesses.new_registrations)],
              [
                t('analytics.approvalRate'),
                `${pct(report.reviews.approval_rate)} (${t('analytics.firstSubmission')} ${pct(report.reviews.first_submission_approval_rate)})`,
              ],
              [
                t('analytics.timeToDecision'),
                `${report.reviews.decision_hours_median ?? '—'} h / ${report.reviews.decision_hours_p90 ?? '—'} h · ${pct(report.reviews.decided_within_24h_share)}`,
              ],
              [
                t('analytics.queueAge'),
                `${report.queue.awaiting_review} · ${report.queue.oldest_age_hours ?? '—'} h / ${report.queue.median_age_hours ?? '—'} h · >24 h ${report.queue.older_than_24h}`,
              ],
              [
                t('analytics.paymentSuccess'),
                `${pct(report.payments.success_rate)} · ${report.payments.completed_count} · ${formatKes(report.payments.completed_amount_kes)}`,
              ],
              [t('analytics.revenueExVat'), formatKes(report.revenue.revenue_kes)],
              [
                t('analytics.grossVat'),
                `${formatKes(report.revenue.gross_collected_kes)} / ${formatKes(report.revenue.vat_collected_kes)}`,
              ],
              [
                t('analytics.refunds'),
                `${report.refunds.count} · ${formatKes(report.refunds.gross_refunded_kes)} · ${formatKes(report.refunds.processing_fees_retained_kes)}`,
              ],
              [
                t('analytics.activeSubscriptions'),
                `${report.subscriptions.active_total} · ${Object.entries(
                  report.subscriptions.active_by_service_type,
                )
                  .map(
                    ([k, v]) =>
                      `${label('services', k)} ${v} (${pct(report.subscriptions.adoption_rate_by_service_type[k] ?? null)})`,
                  )
                  .join(', ')}`,
              ],
              [
                t('analytics.expiring'),
                `${report.subscriptions.expiring_7_days} / ${report.subscriptions.expiring_30_days}`,
              ],
              [
                t('analytics.ads'),
                `${report.ads.impressions} / ${report.ads.clicks} · ${pct(report.ads.click_through_rate)}`,
              ],
              [
                t('analytics.sms'),
                `${report.messaging.sms_sent} · ${pct(report.messaging.sms_delivery_rate)} · ${formatKes(report.messaging.sms_cost_kes)}`,
              ],
              [t('analytics.email'), pct(report.messaging.email_delivery_rate)],
              [
                t('analytics.monthly'),
                report.revenue.monthly.map((m) => `${m.month}: ${formatKes(m.revenue_kes)}`).join('; '),
              ],
              [
                t('analytics.byService'),
                report.revenue.by_service_type
                  .map((s) => `${label('services', s.service_type)}: ${formatKes(s.revenue_kes)}`)
                  .join('; '),
              ],
            ]}
          />
        </Panel>
      </div>
    </>
  );
}
