import { useQuery } from '@tanstack/react-query';
import type { ActivityRow, DashboardAlert, DashboardReply } from '@tafuta/contracts';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../lib/api';
import { ErrorNotice, Loading, Notice, PageHeader, Panel, type Tone } from '../../components/admin/AdminUi';
import { formatDateTime, formatKes } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

function Card({
  label,
  value,
  to,
  tone,
}: {
  label: string;
  value: string;
  to?: string;
  tone?: 'amber' | 'red';
}) {
  const colour = tone === 'red' ? 'bg-error-50' : tone === 'amber' ? 'bg-warning-50' : 'bg-white';
  const body = (
    <div className={`card h-full p-4 ${colour}`}>
      <p className="text-small text-grey-600">{label}</p>
      <p className="text-h1 font-extrabold">{value}</p>
    </div>
  );
  return to ? <Link to={to}>{body}</Link> : body;
}

const TONE: Record<DashboardAlert['severity'], Tone> = { info: 'info', amber: 'amber', red: 'red' };
/** ADM-056's order of urgency: red first. */
const RANK: Record<DashboardAlert['severity'], number> = { red: 0, amber: 1, info: 2 };

/**
 * ADM-053..056: headline cards, alerts and quick actions from GET /api/admin/dashboard (one query, so the
 * cards and alerts agree with each other), and the recent-activity feed; both refresh every 30 seconds.
 * The alert texts are the server's English: the back office is English only at launch (ADM-050).
 */
export default function AdminDashboardPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();
  const poll = { refetchInterval: 30_000, retry: false } as const;
  const home = useQuery({
    queryKey: ['admin', 'dashboard'],
    queryFn: ({ signal }) => apiGet<DashboardReply>('/admin/dashboard', { signal }),
    ...poll,
  });
  const activity = useQuery({
    queryKey: ['admin', 'dashboard', 'activity'],
    queryFn: ({ signal }) => apiGet<ActivityRow[]>('/admin/activity', { signal, query: { limit: 10 } }),
    ...poll,
  });
  const cards = home.data?.cards;
  const alerts = [...(home.data?.alerts ?? [])].sort((a, b) => RANK[a.severity] - RANK[b.severity]);

  return (
    <div>
      <PageHeader title={t('dashboard.title')} />
      {home.isError && <ErrorNotice error={home.error} onRetry={() => void home.refetch()} />}
      <div className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <Card
          label={t('dashboard.pending')}
          value={cards ? String(cards.pending_approval.count) : '…'}
          to="/admin/businesses/pending"
          tone={cards?.pending_approval.amber ? 'amber' : undefined}
        />
        <Card
          label={t('dashboard.activeBusinesses')}
          value={cards ? String(cards.active_businesses) : '…'}
          to="/admin/businesses?status=active"
        />
        <Card
          label={t('dashboard.totalUsers')}
          value={cards ? String(cards.total_users) : '…'}
          to="/admin/users"
        />
        <Card
          label={t('dashboard.revenueMonth')}
          value={cards ? formatKes(cards.revenue_month.revenue_kes) : '…'}
          to="/admin/transactions?range=this_month"
        />
      </div>

      <Panel title={t('dashboard.alerts')}>
        {home.isPending ? (
          <Loading />
        ) : alerts.length === 0 ? (
          home.data && <p className="text-grey-600">{t('dashboard.noAlerts')}</p>
        ) : (
          <div data-testid="dashboard-alerts">
            {alerts.map((alert) => (
              <Notice key={alert.key} tone={TONE[alert.severity]}>
                <Link to={alert.link} className="underline">
                  {alert.message}
                </Link>
              </Notice>
            ))}
          </div>
        )}
      </Panel>

      <Panel title={t('dashboard.quickActions')}>
        <div className="flex flex-wrap gap-2">
          <Link className="btn-primary" to="/admin/businesses/pending">
            {t('dashboard.review', { count: cards?.pending_approval.count ?? 0 })}
          </Link>
          <Link className="btn-secondary" to="/admin/transactions">
            {t('dashboard.recentTransactions')}
          </Link>
          <Link className="btn-secondary" to="/admin/logs/auth">
            {t('dashboard.authLogs')}
          </Link>
          {allowed(role, 'notifications.send') && (
            <Link className="btn-secondary" to="/admin/notifications">
              {t('dashboard.sendNotification')}
            </Link>
          )}
        </div>
      </Panel>

      <Panel title={t('dashboard.activity')}>
        {activity.isPending ? (
          <Loading />
        ) : activity.isError ? (
          <ErrorNotice error={activity.error} onRetry={() => void activity.refetch()} />
        ) : activity.data.length === 0 ? (
          <p className="text-grey-600">{t('dashboard.noActivity')}</p>
        ) : (
          <ul className="divide-y divide-grey-200" data-testid="dashboard-activity">
            {activity.data.map((item, index) => (
              <li key={`${item.at}-${index}`} className="flex flex-wrap items-baseline gap-x-3 py-2">
                <span className="w-36 shrink-0 text-small text-grey-600">{formatDateTime(item.at)}</span>
                <span className="text-small font-semibold text-grey-600">{label('activity', item.type)}</span>
                <Link to={item.link} className="link min-w-0 break-words">
                  {item.text}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
