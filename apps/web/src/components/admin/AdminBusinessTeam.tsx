import type { AdminBusinessDetail, AdminUserRow, TransferOwnershipBody } from '@tafuta/contracts';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGetPage, apiSend } from '../../lib/api';
import { formatLocalPhone, normaliseKenyanMobile } from '../../lib/phone';
import { ActionDialog, type ActionInput } from './AdminActionDialog';
import { Field, Panel, Table } from './AdminUi';
import { formatDay } from './AdminFormat';
import { useLabel } from './AdminLabels';

type Member = AdminBusinessDetail['members'][number];
const ROLES = ['owner', 'admin', 'employee'] as const;
type Dialog =
  | { kind: 'add' }
  | { kind: 'role'; member: Member }
  | { kind: 'remove'; member: Member }
  | { kind: 'transfer' };

/**
 * ADM-175/176: business users through the shared /api/businesses/:id/users endpoints with a staff session
 * (ERRATA 9); every staff change carries a reason and is audited by the API. Ownership transfer (ADM-176)
 * is one call, so the new owner and the old owners' change succeed or fail together; the phone typed is
 * first resolved to the registered user it belongs to.
 */
export function BusinessTeamPanel(props: {
  business: AdminBusinessDetail;
  canManage: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('employee');
  const [oldOwners, setOldOwners] = useState<TransferOwnershipBody['old_owner_role']>('admin');
  const base = `/businesses/${props.business.business_id}/users`;
  const members = props.business.members;

  const open = (next: Dialog) => {
    setPhone('');
    setRole(next.kind === 'role' ? next.member.role : 'employee');
    setDialog(next);
  };

  const submit = async ({ reason }: ActionInput) => {
    if (!dialog) return;
    try {
      if (dialog.kind === 'add') await apiSend('POST', base, { phone, role, reason });
      else if (dialog.kind === 'role')
        await apiSend('PATCH', `${base}/${dialog.member.user_id}`, { role, reason });
      else if (dialog.kind === 'remove')
        await apiSend('DELETE', `${base}/${dialog.member.user_id}`, { reason });
      else {
        const e164 = normaliseKenyanMobile(phone);
        if (!e164) throw new ApiError('INVALID_PHONE', 400);
        const found = await apiGetPage<AdminUserRow>('/admin/users', {
          query: { q: e164, status: 'active' },
        });
        const person = found.items.find((user) => user.phone === e164);
        if (!person) throw new ApiError('ACCOUNT_NOT_FOUND', 404);
        const body: TransferOwnershipBody = { to_user_id: person.user_id, reason, old_owner_role: oldOwners };
        await apiSend('POST', `/admin/businesses/${props.business.business_id}/transfer-ownership`, body);
      }
    } finally {
      await props.onChanged();
    }
  };

  const needsPhone = dialog?.kind === 'add' || dialog?.kind === 'transfer';
  return (
    <Panel
      title={t('business.members')}
      actions={
        props.canManage && (
          <span className="flex flex-wrap gap-1">
            <button type="button" className="btn-secondary" onClick={() => open({ kind: 'add' })}>
              {t('team.add')}
            </button>
            <button type="button" className="btn-secondary" onClick={() => open({ kind: 'transfer' })}>
              {t('team.transfer')}
            </button>
          </span>
        )
      }
    >
      <Table
        head={[t('common.name'), t('common.phone'), t('common.role'), t('common.since'), '']}
        empty={t('common.none')}
        rows={members.map((member) => [
          <Link key="n" className="link" to={`/admin/users/${member.user_id}`}>
            {member.full_name}
          </Link>,
          member.phone ? formatLocalPhone(member.phone) : '—',
          label('businessRoles', member.role),
          formatDay(member.since),
          props.canManage ? (
            <span key="a" className="flex gap-1">
              <button type="button" className="btn-ghost" onClick={() => open({ kind: 'role', member })}>
                {t('team.changeRole')}
              </button>
              <button type="button" className="btn-ghost" onClick={() => open({ kind: 'remove', member })}>
                {t('team.remove')}
              </button>
            </span>
          ) : (
            ''
          ),
        ])}
      />
      {dialog && (
        <ActionDialog
          title={
            dialog.kind === 'role' || dialog.kind === 'remove'
              ? `${t(`team.${dialog.kind === 'role' ? 'changeRole' : 'remove'}`)} · ${dialog.member.full_name}`
              : t(`team.${dialog.kind}`)
          }
          description={
            dialog.kind === 'transfer'
              ? t('team.transferEffect')
              : dialog.kind === 'remove'
                ? t('team.removeEffect')
                : undefined
          }
          submitLabel={t(
            `team.${dialog.kind === 'role' ? 'changeRole' : dialog.kind === 'add' ? 'add' : dialog.kind}`,
          )}
          danger={dialog.kind === 'remove'}
          reasonRequired
          onSubmit={submit}
          onClose={() => setDialog(null)}
        >
          {needsPhone && (
            <Field label={t('team.phone')} hint={t('team.phoneHint')}>
              <input
                className="field"
                type="tel"
                value={phone}
                onChange={(event) => setPhone(event.target.value)}
              />
            </Field>
          )}
          {(dialog.kind === 'add' || dialog.kind === 'role') && (
            <Field label={t('common.role')}>
              <select
                className="field"
                value={role}
                onChange={(event) => setRole(event.target.value as (typeof ROLES)[number])}
              >
                {ROLES.map((value) => (
                  <option key={value} value={value}>
                    {label('businessRoles', value)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {dialog.kind === 'transfer' && (
            <Field label={t('team.oldOwners')}>
              <select
                className="field"
                value={oldOwners}
                onChange={(event) =>
                  setOldOwners(event.target.value as TransferOwnershipBody['old_owner_role'])
                }
              >
                <option value="admin">{t('team.downgrade')}</option>
                <option value="employee">{label('businessRoles', 'employee')}</option>
                <option value="remove">{t('team.removeOld')}</option>
              </select>
            </Field>
          )}
        </ActionDialog>
      )}
    </Panel>
  );
}
