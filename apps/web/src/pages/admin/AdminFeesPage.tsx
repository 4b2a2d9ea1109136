import { useQueryClient } from '@tanstack/react-query';
import type { FeeView } from '@tafuta/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import { ActionDialog, type ActionInput } from '../../components/admin/AdminActionDialog';
import { Badge } from '../../components/admin/AdminUi';
import { formatDateTime, formatKes } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { ListScreen, optionsOf } from '../../components/admin/AdminListScreen';

const SERVICES = ['website_hosting', 'image_gallery', 'search_promotion', 'premium_listing', 'ads'] as const;

/** ADM-460..462 (Super Admin): a price change deactivates the row and adds a new one; reason required. */
export default function AdminFeesPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<{ fee?: FeeView; deactivate?: boolean } | null>(null);
  const [price, setPrice] = useState('');
  const [service, setService] = useState<string>(SERVICES[0]);

  const run = async ({ reason }: ActionInput) => {
    if (target?.fee && target.deactivate)
      await apiSend('PATCH', `/admin/fees/${target.fee.fee_id}`, { active: false, reason });
    else if (target?.fee)
      await apiSend('PATCH', `/admin/fees/${target.fee.fee_id}`, { price_per_month: price.trim(), reason });
    else
      await apiSend('POST', '/admin/fees', { service_type: service, price_per_month: price.trim(), reason });
    await queryClient.invalidateQueries({ queryKey: ['admin', 'list', '/admin/fees'] });
  };
  const whole = /^[1-9]\d{0,6}$/.test(price.trim());

  return (
    <>
      <ListScreen<FeeView>
        title={t('fees.title')}
        path="/admin/fees"
        actions={
          <button
            type="button"
            className="btn-primary"
            onClick={() => {
              setPrice('');
              setTarget({});
            }}
          >
            {t('fees.add')}
          </button>
        }
        filters={[
          {
            key: 'service_type',
            label: t('common.service'),
            options: optionsOf(SERVICES, (v) => label('services', v)),
          },
          {
            key: 'active',
            label: t('fees.active'),
            options: optionsOf(['yes', 'no'], (v) => label('yesNo', v)),
          },
        ]}
        head={[
          t('common.service'),
          t('fees.description'),
          t('fees.price'),
          t('common.status'),
          t('fees.changed'),
          '',
        ]}
        empty={t('common.none')}
        row={(fee) => [
          label('services', fee.service_type),
          fee.description,
          <span key="p">
            {formatKes(fee.price_per_month)}
            {fee.warnings.length > 0 && <Badge tone="amber">{t('fees.not25')}</Badge>}
          </span>,
          <Badge key="s" tone={fee.active ? 'green' : 'neutral'}>
            {fee.active ? t('catalogue.active') : t('catalogue.inactive')}
          </Badge>,
          `${formatDateTime(fee.updated_at)} · ${fee.created_by?.full_name ?? '—'}`,
          fee.active ? (
            <span key="a" className="flex gap-1">
              <button
                type="button"
                className="btn-ghost"
                onClick={() => {
                  setPrice(fee.price_per_month.replace(/\.00$/, ''));
                  setTarget({ fee });
                }}
              >
                {t('fees.changePrice')}
              </button>
              <button
                type="button"
                className="btn-ghost"
                onClick={() => setTarget({ fee, deactivate: true })}
              >
                {t('catalogue.deactivate')}
              </button>
            </span>
          ) : (
            ''
          ),
        ]}
      >
        <p className="mb-3 text-small text-grey-600">{t('fees.help')}</p>
      </ListScreen>
      {target && (
        <ActionDialog
          title={
            target.deactivate ? t('catalogue.deactivate') : target.fee ? t('fees.changePrice') : t('fees.add')
          }
          description={target.deactivate ? t('fees.deactivateEffect') : t('fees.changeEffect')}
          submitLabel={t('common.save')}
          reasonRequired
          danger={target.deactivate}
          onSubmit={async (input) => {
            if (!target.deactivate && !whole) throw new Error(t('fees.wholeShillings'));
            await run(input);
          }}
          onClose={() => setTarget(null)}
        >
          {!target.fee && (
            <select
              className="field"
              aria-label={t('common.service')}
              value={service}
              onChange={(e) => setService(e.target.value)}
            >
              {SERVICES.map((value) => (
                <option key={value} value={value}>
                  {label('services', value)}
                </option>
              ))}
            </select>
          )}
          {!target.deactivate && (
            <input
              className="field"
              inputMode="numeric"
              aria-label={t('fees.price')}
              placeholder={t('fees.price')}
              value={price}
              onChange={(e) => setPrice(e.target.value)}
            />
          )}
        </ActionDialog>
      )}
    </>
  );
}
