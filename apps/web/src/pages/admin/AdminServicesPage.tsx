import { useQueryClient } from '@tanstack/react-query';
import type { ActiveServiceRow } from '@tafuta/contracts';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import { ActionDialog } from '../../components/admin/AdminActionDialog';
import { Badge, Field } from '../../components/admin/AdminUi';
import { formatDateTime, formatDay } from '../../components/admin/AdminFormat';
import { SERVICE_TYPES, useLabel } from '../../components/admin/AdminLabels';
import { ListScreen, optionsOf } from '../../components/admin/AdminListScreen';
import { useStaffCatalogue } from '../../components/admin/AdminCatalogue';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

type Outcome = 'pass' | 'fail';

function PremiumReviewCell({ review }: { review: ActiveServiceRow['premium_review'] }) {
  const { t } = useTranslation('admin');
  const label = useLabel();
  if (!review) return <>—</>;
  return (
    <span className="flex flex-col gap-1">
      <span>
        {t('activeServices.reviewDueOn', { day: formatDay(review.due_on) })}{' '}
        {review.due && <Badge tone="amber">{t('activeServices.reviewDue')}</Badge>}
      </span>
      {review.last_outcome && (
        <span className="text-grey-600">
          {`${label('activeServices.outcomes', review.last_outcome)} · ${formatDateTime(review.last_review_at)}`}
        </span>
      )}
    </span>
  );
}

/**
 * ADM-341: every running service, soonest expiry first; ADM-178's six-monthly premium listing review
 * (Admin+) and ADM-342's manual renewal reminder (Support+, once per 24 h: the server answers 409 again).
 */
export default function AdminServicesPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();
  const queryClient = useQueryClient();
  const regions = useStaffCatalogue('regions');
  const [reviewing, setReviewing] = useState<ActiveServiceRow | null>(null);
  const [outcome, setOutcome] = useState<Outcome>('pass');
  const [reminding, setReminding] = useState<ActiveServiceRow | null>(null);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: ['admin', 'list', '/admin/services/active'] });
  const canReview = allowed(role, 'services.premium_review');
  const canRemind = allowed(role, 'services.send_reminder');
  const named = (row: ActiveServiceRow) => `${row.business_name} · ${label('services', row.service_type)}`;

  return (
    <>
      <ListScreen<ActiveServiceRow>
        title={t('activeServices.title')}
        path="/admin/services/active"
        filters={[
          {
            key: 'service_type',
            label: t('common.service'),
            options: optionsOf(SERVICE_TYPES, (v) => label('services', v)),
          },
          {
            key: 'expiring',
            label: t('activeServices.expiring'),
            options: optionsOf(['any', '7', '30'], (v) => label('activeServices.expiringIn', v)),
            noAll: true,
          },
          { key: 'business', label: t('money.business') },
          {
            key: 'region',
            label: t('activeServices.region'),
            options: (regions.data?.items ?? []).map((region) => ({
              value: region.slug,
              label: region.names.en ?? region.slug,
            })),
          },
          {
            key: 'premium_review_due',
            label: t('activeServices.reviewDue'),
            options: optionsOf(['true'], () => t('activeServices.reviewDueOnly')),
          },
        ]}
        head={[
          t('money.business'),
          t('common.service'),
          t('common.status'),
          t('activeServices.lastDay'),
          t('activeServices.left'),
          t('activeServices.months'),
          t('activeServices.premiumReview'),
          t('activeServices.lastReminder'),
          '',
        ]}
        empty={t('activeServices.none')}
        row={(row) => [
          <Link key="b" className="link" to={`/admin/businesses/${row.business_id}`}>
            {row.business_name}
          </Link>,
          label('services', row.service_type),
          label('status', row.status),
          formatDay(row.last_service_date),
          <span key="l">
            {t('activeServices.timeLeft', { months: row.months_left, days: row.days_left })}{' '}
            {row.months_left === 0 && row.days_left <= 7 && (
              <Badge tone="amber">{t('activeServices.soon')}</Badge>
            )}
          </span>,
          t('activeServices.monthsPaid', { paid: row.months_paid, free: row.complimentary_months }),
          <PremiumReviewCell key="r" review={row.premium_review} />,
          formatDateTime(row.last_reminder_at),
          <span key="a" className="flex flex-wrap gap-1">
            {canReview && row.premium_review && (
              <button
                type="button"
                className="btn-ghost"
                onClick={() => {
                  setOutcome('pass');
                  setReviewing(row);
                }}
              >
                {t('activeServices.review')}
              </button>
            )}
            {canRemind && (
              <button type="button" className="btn-ghost" onClick={() => setReminding(row)}>
                {t('activeServices.remind')}
              </button>
            )}
          </span>,
        ]}
      />
      {reviewing && (
        <ActionDialog
          title={`${t('activeServices.review')} · ${named(reviewing)}`}
          description={t('activeServices.reviewEffect')}
          submitLabel={t('activeServices.recordReview')}
          reasonRequired
          reasonLabel={t('activeServices.reviewNote')}
          onSubmit={async ({ reason }) => {
            await apiSend('POST', `/admin/services/${reviewing.subscription_id}/premium-review`, {
              outcome,
              note: reason,
            });
            await refresh();
          }}
          onClose={() => setReviewing(null)}
        >
          <Field label={t('activeServices.outcome')}>
            <select
              className="field"
              value={outcome}
              onChange={(event) => setOutcome(event.target.value as Outcome)}
            >
              {(['pass', 'fail'] as const).map((value) => (
                <option key={value} value={value}>
                  {label('activeServices.outcomes', value)}
                </option>
              ))}
            </select>
          </Field>
        </ActionDialog>
      )}
      {reminding && (
        <ActionDialog
          title={`${t('activeServices.remind')} · ${named(reminding)}`}
          description={t('activeServices.remindEffect', { day: formatDay(reminding.last_service_date) })}
          submitLabel={t('activeServices.remind')}
          reasonLabel=""
          onSubmit={async () => {
            await apiSend('POST', `/admin/services/${reminding.subscription_id}/remind`);
            await refresh();
          }}
          onClose={() => setReminding(null)}
        />
      )}
    </>
  );
}
