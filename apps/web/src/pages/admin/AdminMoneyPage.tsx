import type { AdminTransactionRow, AdminTransactionsQuery, TransactionTotals } from '@tafuta/contracts';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/admin/AdminUi';
import { formatDateTime, formatDay, formatKes } from '../../components/admin/AdminFormat';
import { SERVICE_TYPES, useLabel } from '../../components/admin/AdminLabels';
import { ListScreen, optionsOf } from '../../components/admin/AdminListScreen';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

// Mirrors of the contract's enums: a value import from @tafuta/contracts would pull zod into this chunk.
// The empty choice is the API's default: the last 30 days, or the From/To days when given ('custom').
const DATE_PRESETS = [
  'today',
  'last_7_days',
  'this_month',
  'last_month',
] as const satisfies readonly NonNullable<AdminTransactionsQuery['range']>[];
const TRANSACTION_STATUSES = [
  'pending',
  'completed',
  'failed',
  'refunded',
  'reversed',
] as const satisfies readonly AdminTransactionRow['status'][];
/** ADM-301: the footer of the whole filtered set (every page, not just this one), and the days it covers. */
function Totals({ envelope }: { envelope: Record<string, unknown> }) {
  const { t } = useTranslation('admin');
  const totals = envelope.totals as TransactionTotals | undefined;
  const range = envelope.range as { from: string; to: string } | undefined;
  if (!totals) return null;
  const figures: [string, string][] = [
    [t('money.totals.gross'), formatKes(totals.gross_kes)],
    [t('money.totals.vat'), formatKes(totals.vat_kes)],
    [t('money.totals.net'), formatKes(totals.net_kes)],
    [t('money.totals.refunds'), formatKes(totals.refunds_kes)],
    [t('money.totals.revenue'), formatKes(totals.revenue_kes)],
  ];
  return (
    <div className="mt-2 border-t border-grey-200 px-2 pt-3" data-testid="transaction-totals">
      <p className="mb-2 text-small text-grey-600">
        {t('money.totals.caption', {
          count: totals.count,
          from: formatDay(range?.from),
          to: formatDay(range?.to),
        })}
      </p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {figures.map(([name, value]) => (
          <div key={name}>
            <dt className="text-small text-grey-600">{name}</dt>
            <dd className="font-bold">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/**
 * ADM-300..305: all transactions with the footer totals; a row opens its detail (AdminTransactionPage).
 * Refunds and discounts have their own pages (AdminRefundsPage, AdminDiscountsPage).
 */
export default function AdminMoneyPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();

  return (
    <ListScreen<AdminTransactionRow>
      key="tx"
      title={t('money.transactions')}
      path="/admin/transactions"
      csv={allowed(role, 'money.export')}
      filters={[
        {
          key: 'range',
          label: t('money.range'),
          options: optionsOf(DATE_PRESETS, (v) => label('money.presets', v)),
          allLabel: t('money.defaultPeriod'),
        },
        { key: 'from', label: t('logs.from'), type: 'date' },
        { key: 'to', label: t('logs.to'), type: 'date' },
        {
          key: 'status',
          label: t('common.status'),
          options: optionsOf(TRANSACTION_STATUSES, (v) => label('status', v)),
        },
        {
          key: 'type',
          label: t('common.type'),
          options: optionsOf(['purchase', 'refund'], (v) => label('txTypes', v)),
        },
        {
          key: 'service_type',
          label: t('common.service'),
          options: optionsOf(SERVICE_TYPES, (v) => label('services', v)),
        },
        {
          key: 'needs_attention',
          label: t('money.needsAttention'),
          options: optionsOf(['true', 'false'], (v) => label('yesNo', v === 'true' ? 'yes' : 'no')),
        },
        { key: 'q', label: t('money.search') },
      ]}
      head={[
        t('common.when'),
        t('money.business'),
        t('common.type'),
        t('money.items'),
        t('common.status'),
        t('common.amount'),
        t('money.receipt'),
        '',
      ]}
      empty={t('common.none')}
      row={(row) => [
        formatDateTime(row.created_at),
        <Link key="b" className="link" to={`/admin/businesses/${row.business_id}`}>
          {row.business_name}
        </Link>,
        label('txTypes', row.transaction_type),
        row.items.map((item) => `${label('services', item.service_type)} × ${item.months}`).join(', ') || '—',
        <span key="s">
          {label('status', row.status)}{' '}
          {row.needs_attention && (
            <Badge tone="red">
              <span title={row.attention_reason ?? undefined}>{t('money.needsAttention')}</span>
            </Badge>
          )}
        </span>,
        formatKes(row.amount_kes),
        row.receipt_number ?? row.reference_number ?? '—',
        <Link key="d" className="link" to={`/admin/transactions/${row.tx_id}`}>
          {t('money.details')}
        </Link>,
      ]}
      footer={(envelope) => <Totals envelope={envelope} />}
    />
  );
}
