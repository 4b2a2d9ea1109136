import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatLocalPhone } from '../../lib/phone';
import { Badge, type Tone } from './AdminUi';
import { formatDateTime } from './AdminFormat';
import { useLabel } from './AdminLabels';

/** One item of GET /api/admin/businesses/pending (docs/openapi.json, staffListPendingBusinesses). */
export interface QueueItem {
  business_id: string;
  business_tag: string;
  business_name: string;
  categories: string[];
  regions: string[];
  city: string;
  phone: string;
  email: string | null;
  description_excerpt: string | null;
  content_version: number;
  review_state: 'awaiting_review' | 'changes_requested';
  submitted_at: string;
  age_hours: number;
  sla: 'neutral' | 'amber' | 'red';
  submitter: { user_id: string; full_name: string; phone: string | null };
  possible_duplicates: number;
  rejection_count: number;
  rejection_reason_code: string | null;
  rejection_reason: string | null;
  rejected_at: string | null;
}

const SLA_STYLE: Record<QueueItem['sla'], { border: string; tone: Tone }> = {
  neutral: { border: 'border-l-grey-200', tone: 'neutral' },
  amber: { border: 'border-l-warning-800', tone: 'amber' },
  red: { border: 'border-l-error-700', tone: 'red' },
};

/** "3 h" under a day, "2 d" beyond: the age shown on each card (ADM-107). */
export function useAgeLabel() {
  const { t } = useTranslation('admin');
  return (hours: number) =>
    hours < 24
      ? t('queue.ageHours', { count: hours })
      : t('queue.ageDays', { count: Math.floor(hours / 24) });
}

/** ADM-105/107: a queue card with its age colour (< 12 h neutral, 12–24 h amber, > 24 h red "Overdue"). */
export function QueueCard({
  item,
  names,
  selected,
  onSelect,
  onApprove,
  onReject,
  canDecide,
}: {
  item: QueueItem;
  names: (kind: 'categories' | 'regions', slug: string) => string;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onApprove: () => void;
  onReject: () => void;
  canDecide: boolean;
}) {
  const { t } = useTranslation('admin');
  const age = useAgeLabel();
  const label = useLabel();
  const waiting = item.review_state === 'awaiting_review';
  const style = SLA_STYLE[item.sla];
  return (
    <article
      data-testid="queue-card"
      className={`card border-l-4 p-4 ${waiting ? style.border : 'border-l-grey-200'}`}
      aria-label={item.business_name}
    >
      <div className="flex flex-wrap items-start gap-3">
        {waiting && canDecide && (
          <input
            type="checkbox"
            className="mt-1.5 size-5"
            checked={selected}
            aria-label={t('queue.select', { name: item.business_name })}
            onChange={(event) => onSelect(event.target.checked)}
          />
        )}
        <div className="min-w-0 flex-1 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-h3 font-bold">{item.business_name}</h2>
            {waiting ? (
              <Badge tone={style.tone}>
                {item.sla === 'red' ? t('queue.overdue', { age: age(item.age_hours) }) : age(item.age_hours)}
              </Badge>
            ) : (
              <Badge tone="info">{t('queue.waitingForOwner')}</Badge>
            )}
            {item.possible_duplicates > 0 && (
              <Badge tone="amber">{t('queue.duplicates', { count: item.possible_duplicates })}</Badge>
            )}
            {item.rejection_count > 0 && waiting && (
              <Badge>{t('queue.resubmitted', { count: item.rejection_count })}</Badge>
            )}
          </div>
          <p className="text-small text-grey-600">
            {t('queue.submittedBy', {
              name: item.submitter.full_name,
              phone: item.submitter.phone ? formatLocalPhone(item.submitter.phone) : '—',
              when: formatDateTime(item.submitted_at),
            })}
          </p>
          <p className="text-small">
            {item.categories.map((slug) => names('categories', slug)).join(', ')}
            {' · '}
            {item.regions.map((slug) => names('regions', slug)).join(', ')}
            {' · '}
            {item.city}
          </p>
          <p className="text-small">
            {formatLocalPhone(item.phone)}
            {item.email ? ` · ${item.email}` : ''}
          </p>
          {item.description_excerpt && <p className="text-small text-grey-600">{item.description_excerpt}</p>}
          {!waiting && (
            <p className="text-small text-error-700">
              {t('queue.rejectedWith', {
                reason: label('reasons', item.rejection_reason_code),
                text: item.rejection_reason ?? '',
                when: formatDateTime(item.rejected_at),
              })}
            </p>
          )}
        </div>
      </div>
      <div className="mt-3 flex flex-wrap gap-2">
        <Link to={`/admin/businesses/${item.business_id}`} className="btn-secondary">
          {t('queue.viewProfile')}
        </Link>
        {waiting && canDecide && (
          <>
            <button type="button" className="btn-primary" onClick={onApprove}>
              {t('queue.approve')}
            </button>
            <button type="button" className="btn-ghost" onClick={onReject}>
              {t('queue.reject')}
            </button>
          </>
        )}
      </div>
    </article>
  );
}
