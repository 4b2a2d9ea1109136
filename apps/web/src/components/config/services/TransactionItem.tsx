import { FileText } from 'lucide-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatKes } from './format';
import type { TransactionRow, TransactionStatus } from './transactions';

const CHIP: Record<TransactionStatus, string> = {
  completed: 'bg-success-50 text-success-700',
  pending: 'bg-warning-50 text-warning-800',
  failed: 'bg-error-50 text-error-700',
  refunded: 'bg-grey-50 text-grey-600',
  reversed: 'bg-error-50 text-error-700',
};

/** UI-DS-10: a status chip says its status in words; the colour only repeats it. */
export function TransactionStatusChip({ status }: { status: TransactionStatus }) {
  const { t } = useTranslation('config');
  return (
    <span className={`rounded-full px-2 py-0.5 text-small font-semibold ${CHIP[status]}`}>
      {t(`services.tx.status.${status}`)}
    </span>
  );
}

/**
 * UI-TX-01/03: date (EAT), items, amount with two decimals (refunds negative), status, receipt number,
 * "Receipt (PDF)" in a new tab; a pending payment links back to its return page.
 */
export function TransactionItem({ row }: { row: TransactionRow }) {
  const { t, i18n } = useTranslation('config');
  const language = i18n.resolvedLanguage ?? 'en';
  const refund = row.transaction_type === 'refund';
  const items = row.items
    .map((item) =>
      t('services.tx.item', { service: t(`services.names.${item.service_type}`), count: item.months }),
    )
    .join(', ');
  return (
    <li className="card space-y-2 p-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="text-small text-grey-600">
          <time dateTime={row.created_at}>
            {formatDateTime(row.completed_at ?? row.created_at, language)}
          </time>
        </p>
        <TransactionStatusChip status={row.status} />
      </div>
      <p className="font-semibold">{refund ? t('services.tx.refundOf', { items }) : items}</p>
      <p className={`text-h3 font-bold ${refund ? 'text-error-700' : ''}`}>
        {refund
          ? t('services.tx.refundAmount', { amount: formatKes(row.amount_kes) })
          : formatKes(row.amount_kes)}
      </p>
      {row.receipt_number && (
        <p className="text-small">{t('services.tx.receiptNumber', { number: row.receipt_number })}</p>
      )}
      <div className="flex flex-wrap gap-2">
        {row.receipt_id && (
          <a
            className="btn-secondary"
            href={`/api/receipts/${row.receipt_id}/download`}
            target="_blank"
            rel="noopener"
            aria-label={t('services.tx.receiptFor', { number: row.receipt_number ?? '' })}
          >
            <FileText size={18} aria-hidden="true" />
            {t('services.tx.receipt')}
          </a>
        )}
        {row.status === 'pending' && row.payment_id && (
          <Link className="btn-ghost" to={`/config/payments/return?OrderMerchantReference=${row.payment_id}`}>
            {t('services.tx.checkPayment')}
          </Link>
        )}
      </div>
    </li>
  );
}
