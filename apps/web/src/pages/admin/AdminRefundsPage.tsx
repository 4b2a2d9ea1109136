import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import { ActionDialog, type ActionInput } from '../../components/admin/AdminActionDialog';
import { Badge } from '../../components/admin/AdminUi';
import { formatDateTime, formatKes } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { ListScreen, optionsOf } from '../../components/admin/AdminListScreen';
import { RefundCreateDialog } from '../../components/admin/AdminMoneyDialogs';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

/** A row of GET /api/admin/refunds (modules/refunds/refunds.schema.ts `refundReply`). */
interface RefundRow {
  request_id: string;
  request_number: string;
  status: 'pending' | 'approved' | 'rejected' | 'completed';
  business: { business_id: string; business_name: string };
  requested_by: { full_name: string | null; phone: string | null };
  requested_at: string;
  refund_amount_kes: string;
  processing_fee_kes: string;
  net_refund_kes: string;
  self_approved: boolean;
  reject_reason: string | null;
  receipt_number: string | null;
}

type Step = 'approve' | 'reject' | 'complete';

/** ADM-312..315: refund requests — create, approve, reject, complete (cash paid, receipt issued). */
export default function AdminRefundsPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<{ refund: RefundRow; step: Step } | null>(null);
  const [creating, setCreating] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin'] });
  const canManage = allowed(role, 'money.manage_refunds');
  const nextSteps = (refund: RefundRow): Step[] =>
    refund.status === 'pending' ? ['approve', 'reject'] : refund.status === 'approved' ? ['complete'] : [];

  return (
    <>
      <ListScreen<RefundRow>
        title={t('money.refunds')}
        path="/admin/refunds"
        actions={
          canManage && (
            <button type="button" className="btn-primary" onClick={() => setCreating(true)}>
              {t('moneyForms.newRefund')}
            </button>
          )
        }
        filters={[
          {
            key: 'status',
            label: t('common.status'),
            options: optionsOf(['pending', 'approved', 'rejected', 'completed'], (v) => label('status', v)),
            noAll: true,
          },
          { key: 'q', label: t('money.refundSearch') },
        ]}
        head={[
          t('money.number'),
          t('common.when'),
          t('money.business'),
          t('money.requester'),
          t('money.refundAmount'),
          t('money.fee'),
          t('money.net'),
          t('common.status'),
          '',
        ]}
        empty={t('moneyForms.noRefunds')}
        row={(row) => [
          row.request_number,
          formatDateTime(row.requested_at),
          <Link key="b" className="link" to={`/admin/businesses/${row.business.business_id}`}>
            {row.business.business_name}
          </Link>,
          `${row.requested_by.full_name ?? '—'} ${row.requested_by.phone ?? ''}`,
          formatKes(row.refund_amount_kes),
          formatKes(row.processing_fee_kes),
          formatKes(row.net_refund_kes),
          <span key="s" title={row.reject_reason ?? row.receipt_number ?? undefined}>
            {label('status', row.status)}{' '}
            {row.self_approved && <Badge tone="amber">{t('money.selfApproved')}</Badge>}
          </span>,
          canManage ? (
            <span key="a" className="flex gap-1">
              {nextSteps(row).map((next) => (
                <button
                  key={next}
                  type="button"
                  className="btn-ghost"
                  onClick={() => setStep({ refund: row, step: next })}
                >
                  {t(`money.steps.${next}`)}
                </button>
              ))}
            </span>
          ) : (
            ''
          ),
        ]}
      />
      {creating && <RefundCreateDialog onDone={refresh} onClose={() => setCreating(false)} />}
      {step && (
        <ActionDialog
          title={`${t(`money.steps.${step.step}`)} · ${step.refund.request_number}`}
          description={
            step.step === 'complete'
              ? t('money.completeEffect', { net: formatKes(step.refund.net_refund_kes) })
              : step.step === 'approve'
                ? t('moneyForms.approveEffect', { net: formatKes(step.refund.net_refund_kes) })
                : undefined
          }
          submitLabel={t(`money.steps.${step.step}`)}
          danger={step.step === 'reject'}
          reasonRequired={step.step === 'reject'}
          reasonLabel={step.step === 'approve' ? '' : step.step === 'complete' ? t('money.notes') : undefined}
          confirmText={step.step === 'complete' ? step.refund.net_refund_kes : undefined}
          confirmLabel={
            step.step === 'complete' ? t('money.cashPaid', { net: step.refund.net_refund_kes }) : undefined
          }
          onSubmit={async ({ reason, confirm }: ActionInput) => {
            const path = `/refunds/${step.refund.request_id}/${step.step}`;
            if (step.step === 'reject') await apiSend('PATCH', path, { reason });
            else if (step.step === 'approve') await apiSend('PATCH', path, {});
            else
              await apiSend('PATCH', path, {
                cash_paid_kes: confirm,
                paid_at: new Date().toISOString(),
                ...(reason ? { notes: reason } : {}),
              });
            await refresh();
          }}
          onClose={() => setStep(null)}
        />
      )}
    </>
  );
}
