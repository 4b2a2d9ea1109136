import { useQuery } from '@tanstack/react-query';
import { Eye, Globe, MapPin, MessageCircle, MousePointerClick, Phone, type LucideIcon } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../lib/api';
import { ErrorState } from '../States';

/** `GET /api/businesses/:id/stats` (UI-TRK-05): totals per event type over the last `days` Nairobi days. */
interface BusinessStats {
  days: number;
  from: string;
  to: string;
  totals: Record<string, number>;
}

type Counted =
  'call_click' | 'whatsapp_click' | 'directions_click' | 'detail_view' | 'website_view' | 'website_click';

const EVERY_BUSINESS: { type: Counted; icon: LucideIcon }[] = [
  { type: 'call_click', icon: Phone },
  { type: 'whatsapp_click', icon: MessageCircle },
  { type: 'directions_click', icon: MapPin },
];
const HOSTED_ONLY: { type: Counted; icon: LucideIcon }[] = [
  { type: 'detail_view', icon: Eye },
  { type: 'website_view', icon: Globe },
  { type: 'website_click', icon: MousePointerClick },
];

export const statsKey = (businessId: string) => ['config', 'stats', businessId] as const;

/**
 * UI-DASH-17: calls, WhatsApp and directions for every business; detail views, website views and
 * website clicks too for hosted ones (or when such counts exist from a time it was hosted).
 */
export function StatsCard({ businessId, hosted }: { businessId: string; hosted: boolean }) {
  const { t, i18n } = useTranslation('config');
  const stats = useQuery({
    queryKey: statsKey(businessId),
    queryFn: ({ signal }) =>
      apiGet<BusinessStats>(`/businesses/${businessId}/stats`, { signal, query: { days: 30 } }),
    staleTime: 60_000,
  });
  const totals = stats.data?.totals ?? {};
  const count = (type: Counted) => totals[type] ?? 0;
  const rows = [...EVERY_BUSINESS, ...HOSTED_ONLY.filter((row) => hosted || count(row.type) > 0)];
  const empty = stats.isSuccess && rows.every((row) => count(row.type) === 0);
  const number = new Intl.NumberFormat(i18n.resolvedLanguage === 'sw' ? 'sw-KE' : 'en-KE');
  return (
    <section aria-labelledby="stats-title" className="card space-y-3 p-4" data-testid="stats-card">
      <h2 id="stats-title" className="text-h2 font-bold">
        {t('shell.stats.title')}
      </h2>
      {stats.isPending && <div className="skeleton h-24" />}
      {stats.isError && <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />}
      {empty && <p className="text-grey-600">{t('shell.stats.empty')}</p>}
      {stats.isSuccess && !empty && (
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          {rows.map((row) => (
            <div key={row.type} className="rounded-xl bg-grey-50 p-3" data-testid={`stat-${row.type}`}>
              <dt className="flex items-center gap-1.5 text-small text-grey-600">
                <row.icon size={16} aria-hidden="true" />
                {t(`shell.stats.${row.type}`)}
              </dt>
              <dd className="text-h1 font-bold">{number.format(count(row.type))}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
