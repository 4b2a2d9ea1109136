import { useQueryClient } from '@tanstack/react-query';
import type { StaffAccountView } from '@tafuta/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import { normaliseKenyanMobile } from '../../lib/phone';
import { ActionDialog, type ActionInput } from '../../components/admin/AdminActionDialog';
import { Badge } from '../../components/admin/AdminUi';
import { formatDateTime } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { ListScreen, optionsOf } from '../../components/admin/AdminListScreen';

const ROLES = ['super_admin', 'admin', 'support_staff'] as const;
type StaffAction = 'invite' | 'role' | 'deactivate' | 'reactivate' | 'resend' | 'reset' | 'unlock';

/** ADM-024..028: staff accounts, invitations by email (48 h link), role changes, deactivation, unlock. */
export default function AdminStaffPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<{ action: StaffAction; account?: StaffAccountView } | null>(null);
  const [form, setForm] = useState({ email: '', phone: '', role: 'support_staff' });

  const run = async ({ reason }: ActionInput) => {
    if (!target) return;
    const { action, account } = target;
    const path = `/admin/system/admins/${account?.admin_user_id ?? ''}`;
    const reasonPart = reason ? { reason } : {};
    if (action === 'invite')
      await apiSend('POST', '/admin/system/admins', {
        email: form.email.trim(),
        phone: normaliseKenyanMobile(form.phone) ?? form.phone,
        role: form.role,
      });
    else if (action === 'role') await apiSend('PATCH', path, { role: form.role, ...reasonPart });
    else if (action === 'deactivate') await apiSend('DELETE', path, { reason });
    else if (action === 'reactivate') await apiSend('PATCH', path, { is_active: true, ...reasonPart });
    else if (action === 'resend') await apiSend('PATCH', path, { resend_invite: true });
    else if (action === 'reset') await apiSend('PATCH', path, { send_password_reset: true });
    else await apiSend('PATCH', path, { unlock: true });
    await queryClient.invalidateQueries({ queryKey: ['admin', 'list', '/admin/system/admins'] });
  };

  const rowActions = (account: StaffAccountView): StaffAction[] => [
    'role',
    account.is_active ? 'deactivate' : 'reactivate',
    ...(account.invite?.expired || !account.password_set ? (['resend'] as const) : []),
    'reset',
    ...(account.locked ? (['unlock'] as const) : []),
  ];
  const needsReason = target?.action === 'role' || target?.action === 'deactivate';

  return (
    <>
      <ListScreen<StaffAccountView>
        title={t('staff.title')}
        path="/admin/system/admins"
        actions={
          <button type="button" className="btn-primary" onClick={() => setTarget({ action: 'invite' })}>
            {t('staff.invite')}
          </button>
        }
        filters={[
          { key: 'q', label: t('staff.search') },
          { key: 'role', label: t('common.role'), options: optionsOf(ROLES, (v) => label('roles', v)) },
          {
            key: 'active',
            label: t('staff.active'),
            options: optionsOf(['yes', 'no'], (v) => label('yesNo', v)),
          },
        ]}
        head={[
          t('common.name'),
          t('staff.email'),
          t('common.role'),
          t('common.status'),
          t('staff.created'),
          t('staff.lastLogin'),
          '',
        ]}
        empty={t('common.none')}
        row={(account) => [
          account.full_name,
          account.login_email,
          label('roles', account.role),
          <span key="s" className="flex flex-wrap gap-1">
            <Badge tone={account.is_active ? 'green' : 'neutral'}>
              {account.is_active ? t('staff.activeBadge') : t('staff.inactiveBadge')}
            </Badge>
            {account.locked && <Badge tone="red">{t('users.lockedBadge')}</Badge>}
            {!account.password_set && (
              <Badge tone="amber">
                {account.invite?.expired ? t('staff.inviteExpired') : t('staff.invited')}
              </Badge>
            )}
          </span>,
          `${formatDateTime(account.created_at)} · ${account.created_by?.full_name ?? '—'}`,
          formatDateTime(account.last_login_at),
          <select
            key="a"
            className="field min-h-9"
            aria-label={t('staff.actionsFor', { name: account.full_name })}
            value=""
            onChange={(event) => {
              setForm({ ...form, role: account.role });
              setTarget({ action: event.target.value as StaffAction, account });
            }}
          >
            <option value="">{t('staff.actions.choose')}</option>
            {rowActions(account).map((action) => (
              <option key={action} value={action}>
                {t(`staff.actions.${action}`)}
              </option>
            ))}
          </select>,
        ]}
      />
      {target && (
        <ActionDialog
          title={t(`staff.actions.${target.action}`)}
          description={
            target.account
              ? `${target.account.full_name} · ${target.account.login_email}`
              : t('staff.inviteHelp')
          }
          submitLabel={t(`staff.actions.${target.action}`)}
          reasonRequired={needsReason}
          reasonLabel={needsReason || target.action === 'reactivate' ? undefined : ''}
          danger={target.action === 'deactivate'}
          onSubmit={run}
          onClose={() => setTarget(null)}
        >
          {target.action === 'invite' && (
            <>
              <input
                className="field"
                type="email"
                aria-label={t('staff.email')}
                placeholder={t('staff.email')}
                value={form.email}
                onChange={(e) => setForm({ ...form, email: e.target.value })}
              />
              <input
                className="field"
                inputMode="tel"
                aria-label={t('common.phone')}
                placeholder={t('common.phone')}
                value={form.phone}
                onChange={(e) => setForm({ ...form, phone: e.target.value })}
              />
            </>
          )}
          {(target.action === 'invite' || target.action === 'role') && (
            <select
              className="field"
              aria-label={t('common.role')}
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.target.value })}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {label('roles', role)}
                </option>
              ))}
            </select>
          )}
        </ActionDialog>
      )}
    </>
  );
}
