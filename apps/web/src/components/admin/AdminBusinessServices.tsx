import type { AdminBusinessDetail } from '@tafuta/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import { ActionDialog, type ActionInput } from './AdminActionDialog';
import { Facts, Field, Panel, Table } from './AdminUi';
import { formatDateTime, formatDay, formatKes } from './AdminFormat';
import { SERVICE_TYPES, useLabel } from './AdminLabels';
import { DiscountDialog, RefundCreateDialog } from './AdminMoneyDialogs';

type Subscription = AdminBusinessDetail['subscriptions'][number];
/** ADM-350's adjustment types (ERRATA 10: the body is keyed by `adjustment_type`). */
const ADJUSTMENTS = [
  'add_months',
  'remove_months',
  'set_expiration',
  'activate',
  'deactivate',
  'void_promo',
] as const;
type Adjustment = (typeof ADJUSTMENTS)[number];

/**
 * ADM-155 money parts of a business: services with the ADM-350 adjustment dialog and the ADM-351
 * complimentary grant, its discounts (grant here) and refunds (request here). Admin+ only acts (ADM-353).
 */
export function BusinessServicesPanel(props: {
  business: AdminBusinessDetail;
  canAdjust: boolean;
  canDiscount: boolean;
  canRefund: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const business = props.business;
  const ref = { id: business.business_id, name: business.business_name };
  const [adjusting, setAdjusting] = useState<Subscription | null>(null);
  const [type, setType] = useState<Adjustment>('add_months');
  const [months, setMonths] = useState('1');
  const [date, setDate] = useState('');
  const [granting, setGranting] = useState(false);
  const [service, setService] = useState<string>(SERVICE_TYPES[0]);
  const [dialog, setDialog] = useState<'refund' | 'discount' | null>(null);

  const adjust = async ({ reason }: ActionInput) => {
    if (!adjusting) return;
    const body =
      type === 'add_months' || type === 'remove_months'
        ? { adjustment_type: type, months: Number(months), reason }
        : type === 'set_expiration'
          ? { adjustment_type: type, expiration_date: date, reason }
          : type === 'activate'
            ? { adjustment_type: type, until_date: date, reason }
            : { adjustment_type: type, reason };
    await apiSend('PATCH', `/subscriptions/${adjusting.subscription_id}/adjust`, body);
    await props.onChanged();
  };
  const grant = async ({ reason }: ActionInput) => {
    await apiSend('POST', `/admin/businesses/${business.business_id}/subscriptions`, {
      service_type: service,
      months: Number(months),
      reason,
    });
    await props.onChanged();
  };

  return (
    <>
      <Panel
        title={t('business.subscriptions')}
        actions={
          props.canAdjust && (
            <button
              type="button"
              className="btn-secondary"
              onClick={() => {
                setMonths('1');
                setGranting(true);
              }}
            >
              {t('subs.grant')}
            </button>
          )
        }
      >
        <Table
          head={[
            t('common.service'),
            t('common.status'),
            t('business.monthsPaid'),
            t('business.runsUntil'),
            '',
          ]}
          empty={t('common.none')}
          rows={business.subscriptions.map((row) => [
            label('services', row.service_type),
            label('status', row.status),
            `${row.months_paid} + ${row.complimentary_months}`,
            formatDay(row.last_service_date),
            props.canAdjust ? (
              <button
                key="a"
                type="button"
                className="btn-ghost"
                onClick={() => {
                  setType('add_months');
                  setMonths('1');
                  setDate('');
                  setAdjusting(row);
                }}
              >
                {t('subs.adjust')}
              </button>
            ) : (
              ''
            ),
          ])}
        />
      </Panel>
      <Panel
        title={t('money.discounts')}
        actions={
          props.canDiscount && (
            <button type="button" className="btn-secondary" onClick={() => setDialog('discount')}>
              {t('moneyForms.newDiscount')}
            </button>
          )
        }
      >
        <Table
          head={[t('common.type'), t('money.percentage'), t('common.status'), t('money.expires')]}
          empty={t('common.none')}
          rows={business.discounts.map((row) => [
            row.discount_type,
            `${row.discount_percentage} %`,
            label('status', row.status),
            formatDay(row.expires_at),
          ])}
        />
      </Panel>
      <Panel
        title={t('money.refunds')}
        actions={
          props.canRefund && (
            <button type="button" className="btn-secondary" onClick={() => setDialog('refund')}>
              {t('moneyForms.newRefund')}
            </button>
          )
        }
      >
        <Table
          head={[t('money.number'), t('common.when'), t('common.status'), t('money.net')]}
          empty={t('common.none')}
          rows={business.refunds.map((row) => [
            row.request_number,
            formatDateTime(row.requested_at),
            label('status', row.status),
            formatKes(row.net_refund),
          ])}
        />
      </Panel>

      {adjusting && (
        <ActionDialog
          title={`${t('subs.adjust')} · ${label('services', adjusting.service_type)}`}
          submitLabel={t('subs.adjust')}
          reasonRequired
          onSubmit={adjust}
          onClose={() => setAdjusting(null)}
        >
          <Facts
            rows={[
              [t('common.status'), label('status', adjusting.status)],
              [t('subs.monthsPaid'), String(adjusting.months_paid)],
              [t('subs.complimentary'), String(adjusting.complimentary_months)],
              [t('business.runsUntil'), formatDay(adjusting.last_service_date)],
            ]}
          />
          <Field label={t('subs.type')}>
            <select
              className="field"
              value={type}
              onChange={(event) => setType(event.target.value as Adjustment)}
            >
              {ADJUSTMENTS.map((value) => (
                <option key={value} value={value}>
                  {t(`subs.types.${value}`)}
                </option>
              ))}
            </select>
          </Field>
          {(type === 'add_months' || type === 'remove_months') && (
            <Field label={t('subs.months')}>
              <input
                className="field"
                type="number"
                min={1}
                max={type === 'add_months' ? 12 : 36}
                value={months}
                onChange={(event) => setMonths(event.target.value)}
              />
            </Field>
          )}
          {(type === 'set_expiration' || type === 'activate') && (
            <Field label={t(type === 'activate' ? 'subs.untilDate' : 'subs.expirationDate')}>
              <input
                className="field"
                type="date"
                value={date}
                onChange={(event) => setDate(event.target.value)}
              />
            </Field>
          )}
        </ActionDialog>
      )}
      {granting && (
        <ActionDialog
          title={t('subs.grant')}
          description={t('subs.grantEffect')}
          submitLabel={t('subs.grant')}
          reasonRequired
          onSubmit={grant}
          onClose={() => setGranting(false)}
        >
          <Field label={t('common.service')}>
            <select className="field" value={service} onChange={(event) => setService(event.target.value)}>
              {SERVICE_TYPES.map((value) => (
                <option key={value} value={value}>
                  {label('services', value)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('subs.months')}>
            <input
              className="field"
              type="number"
              min={1}
              max={12}
              value={months}
              onChange={(event) => setMonths(event.target.value)}
            />
          </Field>
        </ActionDialog>
      )}
      {dialog === 'refund' && (
        <RefundCreateDialog business={ref} onDone={props.onChanged} onClose={() => setDialog(null)} />
      )}
      {dialog === 'discount' && (
        <DiscountDialog business={ref} onDone={props.onChanged} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
