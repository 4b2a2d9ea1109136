import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminUserDetail } from '@tafuta/contracts';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend, apiUrl } from '../../lib/api';
import { formatLocalPhone, normaliseKenyanMobile } from '../../lib/phone';
import { ActionDialog, KEEP_OPEN, type ActionInput } from '../../components/admin/AdminActionDialog';
import { Badge, ErrorNotice, Facts, Loading, PageHeader, Panel, Table } from '../../components/admin/AdminUi';
import { formatDateTime } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { allowed, useStaffRole, type StaffPower } from '../../components/admin/AdminStaff';

type UserAction = 'suspend' | 'reinstate' | 'unlock' | 'verification' | 'phone' | 'delete';

const ACTIONS: { kind: UserAction; power: StaffPower; when: (u: AdminUserDetail) => boolean }[] = [
  {
    kind: 'suspend',
    power: 'users.suspend',
    when: (u) => u.status === 'active' || u.status === 'deactivated',
  },
  { kind: 'reinstate', power: 'users.suspend', when: (u) => u.status === 'suspended' },
  { kind: 'unlock', power: 'users.unlock', when: (u) => u.status !== 'deleted' },
  { kind: 'verification', power: 'users.set_verification', when: (u) => u.status !== 'deleted' },
  { kind: 'phone', power: 'users.change_phone', when: (u) => u.status !== 'deleted' },
  { kind: 'delete', power: 'users.delete', when: (u) => u.status !== 'deleted' },
];

/** ADM-201..208: one person, their businesses, sign-in state, consents, messages and the staff actions. */
export default function AdminUserPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<UserAction | null>(null);
  const [tier, setTier] = useState('verified');
  const [newPhone, setNewPhone] = useState('');
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState(false);

  const user = useQuery({
    queryKey: ['admin', 'user', id],
    queryFn: ({ signal }) => apiGet<AdminUserDetail>(`/admin/users/${id}`, { signal }),
  });
  if (user.isPending) return <Loading />;
  if (user.isError) return <ErrorNotice error={user.error} onRetry={() => void user.refetch()} />;
  const person = user.data;
  const path = `/admin/users/${id}`;

  const run = async ({ reason, confirm }: ActionInput): Promise<unknown> => {
    try {
      if (action === 'delete') await apiSend('DELETE', path, { reason, confirm });
      else if (action === 'verification')
        await apiSend('PATCH', `${path}/verification`, { verification_tier: tier, reason });
      else if (action === 'phone') {
        const phone = normaliseKenyanMobile(newPhone) ?? newPhone;
        // EP-ADM-27/28 (ERRATA 10): a code goes to the new number first, then staff confirm with it.
        if (!codeSent) {
          await apiSend('POST', `${path}/phone-change/start`, { new_phone: phone });
          setCodeSent(true);
          return KEEP_OPEN;
        }
        await apiSend('POST', `${path}/phone-change/confirm`, { new_phone: phone, code, reason });
      } else if (action) await apiSend('POST', `${path}/${action}`, { reason });
      return undefined;
    } finally {
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
    }
  };

  const locked = person.locked_until !== null && new Date(person.locked_until) > new Date();
  return (
    <div>
      <PageHeader title={person.full_name}>
        <Badge tone={person.status === 'active' ? 'green' : 'red'}>{label('status', person.status)}</Badge>
        {locked && <Badge tone="red">{t('users.lockedBadge')}</Badge>}
      </PageHeader>
      <div className="mb-4 flex flex-wrap gap-2">
        {ACTIONS.filter((a) => allowed(role, a.power) && a.when(person)).map(({ kind }) => (
          <button
            key={kind}
            type="button"
            className={kind === 'delete' || kind === 'suspend' ? 'btn-danger' : 'btn-secondary'}
            onClick={() => {
              setCodeSent(false);
              setAction(kind);
            }}
          >
            {t(`users.actions.${kind}`)}
          </button>
        ))}
        {allowed(role, 'users.export') && (
          <a className="btn-ghost" href={apiUrl(`${path}/data-export`)} download>
            {t('users.actions.export')}
          </a>
        )}
        <Link className="btn-ghost" to={`/admin/logs/auth?user_id=${person.user_id}`}>
          {t('users.authLogs')}
        </Link>
      </div>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Panel title={t('users.profile')}>
          <Facts
            rows={[
              [
                t('common.status'),
                `${label('status', person.status)} · ${formatDateTime(person.status_changed_at)}`,
              ],
              [t('common.reason'), person.status_reason],
              [t('business.fields.tier'), label('tiers', person.verification_tier)],
              [t('users.nickname'), person.nickname],
              [
                t('common.phone'),
                person.phone
                  ? `${formatLocalPhone(person.phone)}${person.phone_verified_at ? ' ✓' : ''}`
                  : null,
              ],
              [t('common.email'), person.email],
              [t('users.language'), person.language_preference],
              [t('users.joined'), formatDateTime(person.created_at)],
              [
                t('users.lastLogin'),
                `${formatDateTime(person.last_login_at)} · ${person.last_login_method ?? '—'}`,
              ],
              [t('users.lastActive'), formatDateTime(person.last_active_at)],
              [t('users.failures'), `${person.failed_password_streak} / ${person.failed_otp_streak}`],
              [t('users.lockedUntil'), formatDateTime(person.locked_until)],
              [
                t('users.marketing'),
                `${label('yesNo', person.preferences.marketing_sms_opt_in ? 'yes' : 'no')} / ${label('yesNo', person.preferences.marketing_email_opt_in ? 'yes' : 'no')}`,
              ],
              [
                t('users.staffAccount'),
                person.staff_account ? label('roles', person.staff_account.role) : null,
              ],
              [
                t('users.consents'),
                person.consents
                  .map((c) => `${c.document_type} ${c.version_number} (${formatDateTime(c.accepted_at)})`)
                  .join('; '),
              ],
            ]}
          />
        </Panel>
        <div>
          <Panel title={t('users.businesses')}>
            <Table
              head={[t('common.name'), t('common.status'), t('common.role')]}
              empty={t('common.none')}
              rows={person.businesses.map((b) => [
                <Link key="b" className="link" to={`/admin/businesses/${b.business_id}`}>
                  {b.business_name}
                </Link>,
                label('status', b.status),
                label('businessRoles', b.role),
              ])}
            />
          </Panel>
          <Panel title={t('users.messages')}>
            <Table
              head={[t('common.when'), t('messaging.template'), t('messaging.channel'), t('common.status')]}
              empty={t('common.none')}
              rows={person.messages.map((m) => [
                formatDateTime(m.created_at),
                m.template_key ?? '—',
                m.channel,
                label('status', m.status),
              ])}
            />
          </Panel>
        </div>
      </div>
      {action && (
        <ActionDialog
          title={t(`users.actions.${action}`)}
          submitLabel={action === 'phone' && !codeSent ? t('users.sendCode') : t(`users.actions.${action}`)}
          reasonRequired
          danger={action === 'delete' || action === 'suspend'}
          description={action === 'delete' ? t('users.deleteEffect') : undefined}
          confirmText={action === 'delete' ? (person.phone ?? '') : undefined}
          onSubmit={run}
          onClose={() => setAction(null)}
        >
          {action === 'verification' && (
            <select
              className="field"
              aria-label={t('business.fields.tier')}
              value={tier}
              onChange={(e) => setTier(e.target.value)}
            >
              {['basic', 'verified', 'premium'].map((value) => (
                <option key={value} value={value}>
                  {label('tiers', value)}
                </option>
              ))}
            </select>
          )}
          {action === 'phone' && (
            <div className="space-y-2">
              <input
                className="field"
                aria-label={t('users.newPhone')}
                value={newPhone}
                onChange={(e) => setNewPhone(e.target.value)}
              />
              {codeSent && (
                <input
                  className="field"
                  aria-label={t('users.code')}
                  inputMode="numeric"
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                />
              )}
            </div>
          )}
        </ActionDialog>
      )}
    </div>
  );
}
