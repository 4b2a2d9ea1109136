import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminTransactionDetail } from '@tafuta/contracts';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend } from '../../lib/api';
import { ActionDialog } from '../../components/admin/AdminActionDialog';
import {
  Badge,
  ErrorNotice,
  Facts,
  Loading,
  Notice,
  PageHeader,
  Panel,
  Table,
} from '../../components/admin/AdminUi';
import { formatDateTime, formatKes } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

/**
 * ADM-302: one transaction as staff see it — lines, payer, PesaPal references and every payment event
 * (what PesaPal told us, when), receipt, linked refunds — and ADM-304's Resolve for a flagged one.
 */
export default function AdminTransactionPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();
  const queryClient = useQueryClient();
  const { id = '' } = useParams();
  const [resolving, setResolving] = useState(false);
  const detail = useQuery({
    queryKey: ['admin', 'transaction', id],
    queryFn: ({ signal }) => apiGet<AdminTransactionDetail>(`/admin/transactions/${id}`, { signal }),
    retry: false,
  });

  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorNotice error={detail.error} onRetry={() => void detail.refetch()} />;
  const tx = detail.data;
  const payment = tx.payment;

  return (
    <div>
      <PageHeader title={`${label('txTypes', tx.transaction_type)} · ${formatKes(tx.amount_kes)}`}>
        <Link className="btn-secondary" to="/admin/transactions">
          {t('money.backToList')}
        </Link>
        {tx.needs_attention && allowed(role, 'money.resolve_payment') && (
          <button type="button" className="btn-primary" onClick={() => setResolving(true)}>
            {t('money.resolve')}
          </button>
        )}
      </PageHeader>

      {tx.needs_attention && (
        <Notice tone="red">{`${t('money.needsAttention')}: ${tx.attention_reason ?? '—'}`}</Notice>
      )}
      {tx.resolution && (
        <Notice tone="green">
          {t('money.resolvedBy', {
            name: tx.resolution.resolved_by.full_name ?? '—',
            when: formatDateTime(tx.resolution.resolved_at),
            note: tx.resolution.note,
          })}
        </Notice>
      )}

      <Panel title={t('money.summary')}>
        <Facts
          rows={[
            [t('common.status'), label('status', tx.status)],
            [
              t('money.business'),
              <Link key="b" className="link" to={`/admin/businesses/${tx.business.business_id}`}>
                {tx.business.business_name}
              </Link>,
            ],
            [t('money.totals.gross'), formatKes(tx.amount_kes)],
            [
              t('money.vatAt', { rate: Math.round(Number(tx.vat_rate) * 10_000) / 100 }),
              formatKes(tx.vat_kes),
            ],
            [t('money.totals.net'), formatKes(tx.net_kes)],
            [t('money.refunded'), formatKes(tx.refunded_amount_kes)],
            [t('money.method'), tx.payment_method],
            [t('money.reference'), tx.reference_number ?? '—'],
            [t('money.kraPin'), tx.buyer_kra_pin ?? '—'],
            [t('money.created'), formatDateTime(tx.created_at)],
            [t('money.completed'), formatDateTime(tx.completed_at)],
            [t('money.failure'), tx.failure_reason ?? '—'],
            [t('money.notesLabel'), tx.notes ?? '—'],
            [
              t('money.receipt'),
              tx.receipt ? (
                <a key="r" className="link" href={tx.receipt.download_url} target="_blank" rel="noreferrer">
                  {tx.receipt.receipt_number}
                </a>
              ) : (
                '—'
              ),
            ],
          ]}
        />
      </Panel>

      <Panel title={t('money.items')}>
        <Table
          head={[
            t('common.service'),
            t('money.months'),
            t('money.unitPrice'),
            t('money.discount'),
            t('money.subtotal'),
            t('money.totals.vat'),
            t('money.total'),
          ]}
          empty={t('common.none')}
          rows={tx.line_items.map((line) => [
            label('services', line.service_type),
            String(line.months),
            formatKes(line.unit_price_kes),
            line.discount_percentage === null
              ? '—'
              : `${line.discount_percentage} % (${formatKes(line.discount_kes)})`,
            formatKes(line.subtotal_kes),
            formatKes(line.vat_kes),
            formatKes(line.total_kes),
          ])}
        />
      </Panel>

      {payment && (
        <Panel title={t('money.payment')}>
          <Facts
            rows={[
              [t('common.status'), label('status', payment.status)],
              [t('common.amount'), formatKes(payment.amount_kes)],
              [
                t('money.payer'),
                <Link key="p" className="link" to={`/admin/users/${payment.payer.user_id}`}>
                  {`${payment.payer.full_name ?? '—'} ${payment.payer.phone ?? ''}`}
                </Link>,
              ],
              [t('money.trackingId'), payment.pesapal_order_tracking_id ?? '—'],
              [t('money.merchantReference'), payment.merchant_reference],
              [t('money.confirmationCode'), payment.confirmation_code ?? '—'],
              [t('money.method'), payment.payment_method ?? '—'],
              [t('money.failure'), payment.failure_reason ?? '—'],
            ]}
          />
          <h3 className="mt-4 mb-2 font-bold">{t('money.events')}</h3>
          <Table
            head={[
              t('common.when'),
              t('money.source'),
              t('money.outcome'),
              t('money.pesapalStatus'),
              t('common.amount'),
              t('money.confirmationCode'),
            ]}
            empty={t('common.none')}
            rows={payment.events.map((event) => [
              formatDateTime(event.received_at),
              event.source,
              event.outcome,
              event.status_code === null
                ? (event.status_description ?? '—')
                : `${event.status_code} ${event.status_description ?? ''}`,
              event.amount ? `${event.amount} ${event.currency ?? ''}` : '—',
              event.confirmation_code ?? '—',
            ])}
          />
        </Panel>
      )}

      {tx.refunds.length > 0 && (
        <Panel title={t('money.refunds')}>
          <Table
            head={[t('money.number'), t('common.status'), t('money.net'), '']}
            empty={t('common.none')}
            rows={tx.refunds.map((refund) => [
              refund.request_number,
              <Badge key="s">{label('status', refund.status)}</Badge>,
              formatKes(refund.net_refund_kes),
              refund.refund_tx_id ? (
                <Link key="l" className="link" to={`/admin/transactions/${refund.refund_tx_id}`}>
                  {t('money.details')}
                </Link>
              ) : (
                ''
              ),
            ])}
          />
        </Panel>
      )}

      {resolving && (
        <ActionDialog
          title={t('money.resolve')}
          description={t('money.resolveEffect')}
          submitLabel={t('money.resolve')}
          reasonRequired
          reasonLabel={t('money.resolveNote')}
          onSubmit={async ({ reason }) => {
            await apiSend('POST', `/admin/transactions/${tx.tx_id}/resolve`, { note: reason });
            await queryClient.invalidateQueries({ queryKey: ['admin'] });
          }}
          onClose={() => setResolving(false)}
        />
      )}
    </div>
  );
}
