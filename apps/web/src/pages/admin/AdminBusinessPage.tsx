import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminBusinessDetail } from '@tafuta/contracts';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend } from '../../lib/api';
import { ActionDialog, type ActionInput } from '../../components/admin/AdminActionDialog';
import { Badge, ErrorNotice, Facts, Loading, PageHeader, Panel, Table } from '../../components/admin/AdminUi';
import { BusinessPreview, type ContentDocument } from '../../components/admin/AdminBusinessPreview';
import { nameOf, useStaffCatalogue } from '../../components/admin/AdminCatalogue';
import { formatDateTime, formatKes } from '../../components/admin/AdminFormat';
import {
  DELETION_REASONS,
  REJECTION_REASONS,
  SUSPENSION_REASONS,
  useLabel,
  useReasonOptions,
} from '../../components/admin/AdminLabels';
import { allowed, useStaffRole, type StaffPower } from '../../components/admin/AdminStaff';
import { BusinessEditDialog, BusinessHistoryPanel } from '../../components/admin/AdminBusinessContent';
import { BusinessServicesPanel } from '../../components/admin/AdminBusinessServices';
import { BusinessTeamPanel } from '../../components/admin/AdminBusinessTeam';

type ActionKind =
  | 'approve'
  | 'reject'
  | 'suspend'
  | 'reinstate'
  | 'out-of-business'
  | 'back-in-business'
  | 'delete'
  | 'verification';

/** Which status allows which action (ADM-160), and who may take it (ADM-003). */
const ACTIONS: { kind: ActionKind; power: StaffPower; when: (b: AdminBusinessDetail) => boolean }[] = [
  { kind: 'approve', power: 'approval.decide', when: (b) => b.review_state === 'awaiting_review' },
  { kind: 'reject', power: 'approval.decide', when: (b) => b.review_state === 'awaiting_review' },
  {
    kind: 'suspend',
    power: 'businesses.suspend',
    when: (b) => ['active', 'deactivated', 'out_of_business'].includes(b.status),
  },
  { kind: 'reinstate', power: 'businesses.suspend', when: (b) => b.status === 'suspended' },
  {
    kind: 'out-of-business',
    power: 'businesses.mark_out_of_business',
    when: (b) => ['active', 'deactivated', 'suspended'].includes(b.status),
  },
  {
    kind: 'back-in-business',
    power: 'businesses.mark_out_of_business',
    when: (b) => b.status === 'out_of_business',
  },
  { kind: 'verification', power: 'businesses.set_verification', when: (b) => b.status !== 'deleted' },
  { kind: 'delete', power: 'businesses.delete', when: (b) => b.status !== 'deleted' },
];

/** ADM-108 / ADM-155: one business for staff — preview, facts, history and the actions the role allows. */
export default function AdminBusinessPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('admin');
  const label = useLabel();
  const reasons = useReasonOptions();
  const role = useStaffRole();
  const queryClient = useQueryClient();
  const categories = useStaffCatalogue('categories');
  const [action, setAction] = useState<ActionKind | null>(null);
  const [tier, setTier] = useState('verified');
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin'] });

  const detail = useQuery({
    queryKey: ['admin', 'business', id],
    queryFn: ({ signal }) => apiGet<AdminBusinessDetail>(`/admin/businesses/${id}`, { signal }),
  });
  // The stored content document, for the preview (EP-BIZ-02: staff read any business's private view).
  const content = useQuery({
    queryKey: ['admin', 'business-content', id],
    queryFn: ({ signal }) =>
      apiGet<{ content_json: ContentDocument; content_version: number }>(`/businesses/${id}`, { signal }),
  });

  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorNotice error={detail.error} onRetry={() => void detail.refetch()} />;
  const business = detail.data;
  const version = content.data?.content_version ?? business.content.version;

  const run = async ({ reasonCode, reason, confirm }: ActionInput) => {
    const path = `/admin/businesses/${id}`;
    const withReason = { ...(reasonCode ? { reason_code: reasonCode } : {}), ...(reason ? { reason } : {}) };
    try {
      if (action === 'approve')
        await apiSend('POST', `${path}/approve`, {
          content_version: version,
          ...(reason ? { note: reason } : {}),
        });
      else if (action === 'reject')
        await apiSend('POST', `${path}/reject`, { content_version: version, ...withReason });
      else if (action === 'suspend') await apiSend('POST', `${path}/suspend`, withReason);
      else if (action === 'delete') await apiSend('DELETE', path, { ...withReason, confirm_name: confirm });
      else if (action === 'verification')
        await apiSend('PATCH', `${path}/verification`, { verification_tier: tier, reason });
      else if (action) await apiSend('POST', `${path}/${action}`, { reason });
    } finally {
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
    }
  };

  const dialogProps = (kind: ActionKind) => {
    switch (kind) {
      case 'approve':
        return { reasonLabel: t('queue.note'), description: t('queue.approveEffect') };
      case 'reject':
        return { reasonCodes: reasons(REJECTION_REASONS), description: t('queue.rejectEffect') };
      case 'suspend':
        return {
          reasonCodes: reasons(SUSPENSION_REASONS),
          description: t('business.suspendEffect'),
          danger: true,
        };
      case 'delete':
        return {
          reasonCodes: reasons(DELETION_REASONS),
          description: t('business.deleteEffect'),
          confirmText: business.business_name,
          danger: true,
        };
      default:
        return { reasonRequired: true };
    }
  };

  const available = ACTIONS.filter((entry) => allowed(role, entry.power) && entry.when(business));

  return (
    <div>
      <PageHeader title={business.business_name}>
        <Badge
          tone={business.status === 'active' ? 'green' : business.status === 'pending' ? 'amber' : 'red'}
        >
          {label('status', business.status)}
        </Badge>
        {business.review_state && <Badge tone="info">{label('reviewState', business.review_state)}</Badge>}
      </PageHeader>
      <div className="mb-4 flex flex-wrap gap-2">
        {available.map(({ kind }) => (
          <button
            key={kind}
            type="button"
            className={
              kind === 'approve'
                ? 'btn-primary'
                : kind === 'delete' || kind === 'suspend'
                  ? 'btn-danger'
                  : 'btn-secondary'
            }
            onClick={() => setAction(kind)}
          >
            {t(`business.actions.${kind}`)}
          </button>
        ))}
        {allowed(role, 'businesses.edit_content') && content.data && (
          <button type="button" className="btn-secondary" onClick={() => setEditing(true)}>
            {t('history.edit')}
          </button>
        )}
        <Link className="btn-ghost" to={`/admin/logs/audit?entity_id=${business.business_id}`}>
          {t('business.auditTrail')}
        </Link>
      </div>

      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Panel title={t('business.preview')}>
          {content.isPending ? (
            <Loading />
          ) : content.isError ? (
            <ErrorNotice error={content.error} />
          ) : (
            <BusinessPreview
              content={content.data.content_json}
              categoryNames={business.categories.map((slug) => nameOf(categories.data?.items, slug))}
              badge={
                business.verification_tier === 'basic'
                  ? null
                  : (business.verification_tier as 'verified' | 'premium')
              }
            />
          )}
        </Panel>
        <div>
          <Panel title={t('business.facts')}>
            <Facts
              rows={[
                [
                  t('business.fields.status'),
                  `${label('status', business.status)} · ${formatDateTime(business.status_changed_at)}`,
                ],
                [
                  t('business.fields.statusReason'),
                  business.status_reason ?? label('reasons', business.status_reason_code),
                ],
                [t('business.fields.tier'), label('tiers', business.verification_tier)],
                [t('business.fields.tag'), business.business_tag],
                [t('business.fields.created'), formatDateTime(business.created_at)],
                [t('business.fields.submitted'), formatDateTime(business.submitted_at)],
                [
                  t('business.fields.approved'),
                  business.approved_at
                    ? `${formatDateTime(business.approved_at)} · ${business.approved_by?.full_name ?? ''}`
                    : '—',
                ],
                [t('business.fields.website'), business.website_url],
                [
                  t('business.fields.contentVersion'),
                  `${business.content.version} · ${formatDateTime(business.content.updated_at)}`,
                ],
              ]}
            />
          </Panel>
          <BusinessTeamPanel
            business={business}
            canManage={allowed(role, 'businesses.manage_users')}
            onChanged={refresh}
          />
          <Panel title={t('business.reviews')}>
            <Table
              head={[t('common.when'), t('business.decision'), t('common.by'), t('common.reason')]}
              empty={t('common.none')}
              rows={business.reviews.map((review) => [
                formatDateTime(review.decided_at),
                label('decisions', review.decision),
                review.decided_by?.full_name ?? '—',
                [label('reasons', review.reason_code), review.reason]
                  .filter((part) => part && part !== '—')
                  .join(' — ') || '—',
              ])}
            />
          </Panel>
          <BusinessServicesPanel
            business={business}
            canAdjust={allowed(role, 'services.adjust')}
            canDiscount={allowed(role, 'money.manage_discounts')}
            canRefund={allowed(role, 'money.manage_refunds')}
            onChanged={refresh}
          />
          <Panel title={t('business.transactions')}>
            <Table
              head={[t('common.when'), t('common.type'), t('common.status'), t('common.amount')]}
              empty={t('common.none')}
              rows={business.transactions.map((row) => [
                formatDateTime(row.created_at),
                label('txTypes', row.transaction_type),
                <span key="s">
                  {label('status', row.status)}
                  {row.needs_attention && <Badge tone="red">{t('money.needsAttention')}</Badge>}
                </span>,
                formatKes(row.amount),
              ])}
            />
          </Panel>
        </div>
      </div>

      <BusinessHistoryPanel
        businessId={business.business_id}
        currentVersion={version}
        canRestore={allowed(role, 'businesses.rollback')}
        onChanged={refresh}
      />

      {editing && content.data && (
        <BusinessEditDialog
          businessId={business.business_id}
          content={content.data.content_json}
          version={version}
          onDone={refresh}
          onClose={() => setEditing(false)}
        />
      )}
      {action && (
        <ActionDialog
          title={t(`business.actions.${action}`)}
          submitLabel={t(`business.actions.${action}`)}
          onSubmit={run}
          onClose={() => setAction(null)}
          {...dialogProps(action)}
        >
          {action === 'verification' && (
            <label className="block">
              <span className="field-label">{t('business.fields.tier')}</span>
              <select className="field" value={tier} onChange={(event) => setTier(event.target.value)}>
                {(['basic', 'verified', 'premium'] as const).map((value) => (
                  <option key={value} value={value}>
                    {label('tiers', value)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </ActionDialog>
      )}
    </div>
  );
}
