import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import { ActionDialog, type ActionInput } from '../../components/admin/AdminActionDialog';
import { formatDay } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { ListScreen, optionsOf } from '../../components/admin/AdminListScreen';
import { DiscountDialog, type DiscountRow } from '../../components/admin/AdminMoneyDialogs';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

/** ADM-320 / PAY-080..088: discounts — grant, correct or renew, revoke. */
export default function AdminDiscountsPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<DiscountRow | 'new' | null>(null);
  const [revoke, setRevoke] = useState<DiscountRow | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin'] });
  const canManage = allowed(role, 'money.manage_discounts');

  return (
    <>
      <ListScreen<DiscountRow>
        title={t('money.discounts')}
        path="/admin/discounts"
        actions={
          canManage && (
            <button type="button" className="btn-primary" onClick={() => setEditing('new')}>
              {t('moneyForms.newDiscount')}
            </button>
          )
        }
        filters={[
          {
            key: 'status',
            label: t('common.status'),
            options: optionsOf(['active', 'expired', 'revoked'], (v) => label('status', v)),
          },
        ]}
        head={[
          t('money.business'),
          t('common.type'),
          t('money.percentage'),
          t('money.criteria'),
          t('common.status'),
          t('moneyForms.lastValid'),
          '',
        ]}
        empty={t('moneyForms.noDiscounts')}
        row={(row) => [
          <Link key="b" className="link" to={`/admin/businesses/${row.business_id}`}>
            {row.business_name}
          </Link>,
          row.discount_type,
          `${row.discount_percentage} %`,
          row.criteria,
          label('status', row.status),
          formatDay(row.last_valid_date),
          canManage && row.status !== 'revoked' ? (
            <span key="a" className="flex gap-1">
              <button type="button" className="btn-ghost" onClick={() => setEditing(row)}>
                {t('common.edit')}
              </button>
              {row.status === 'active' && (
                <button type="button" className="btn-ghost" onClick={() => setRevoke(row)}>
                  {t('money.revoke')}
                </button>
              )}
            </span>
          ) : (
            ''
          ),
        ]}
      />
      {editing && (
        <DiscountDialog
          discount={editing === 'new' ? undefined : editing}
          onDone={refresh}
          onClose={() => setEditing(null)}
        />
      )}
      {revoke && (
        <ActionDialog
          title={t('money.revoke')}
          description={t('moneyForms.revokeEffect', { name: revoke.business_name })}
          submitLabel={t('money.revoke')}
          reasonRequired
          danger
          onSubmit={async ({ reason }: ActionInput) => {
            await apiSend('DELETE', `/discounts/${revoke.discount_id}`, { reason });
            await refresh();
          }}
          onClose={() => setRevoke(null)}
        />
      )}
    </>
  );
}
