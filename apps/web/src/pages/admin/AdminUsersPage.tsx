import type { AdminUserRow } from '@tafuta/contracts';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatLocalPhone } from '../../lib/phone';
import { Badge } from '../../components/admin/AdminUi';
import { formatDay } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { ListScreen, optionsOf } from '../../components/admin/AdminListScreen';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

/** ADM-200: every user account, searchable by name, nickname, phone and email. */
export default function AdminUsersPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();
  return (
    <ListScreen<AdminUserRow>
      title={t('users.title')}
      path="/admin/users"
      csv={allowed(role, 'users.export')}
      filters={[
        { key: 'q', label: t('users.search') },
        {
          key: 'status',
          label: t('common.status'),
          options: optionsOf(['active', 'deactivated', 'suspended', 'deleted'], (v) => label('status', v)),
        },
        {
          key: 'verification_tier',
          label: t('business.fields.tier'),
          options: optionsOf(['unverified', 'basic', 'verified', 'premium'], (v) => label('tiers', v)),
        },
        {
          key: 'locked',
          label: t('users.locked'),
          options: optionsOf(['yes', 'no'], (v) => label('yesNo', v)),
        },
        {
          key: 'has_staff_account',
          label: t('users.staffAccount'),
          options: optionsOf(['yes', 'no'], (v) => label('yesNo', v)),
        },
      ]}
      head={[
        t('common.name'),
        t('common.status'),
        t('common.phone'),
        t('common.email'),
        t('business.fields.tier'),
        t('users.joined'),
        t('users.businesses'),
      ]}
      empty={t('users.empty')}
      row={(row) => [
        <Link key="n" className="link" to={`/admin/users/${row.user_id}`}>
          {row.full_name}
        </Link>,
        <span key="s" className="flex flex-wrap gap-1">
          <Badge tone={row.status === 'active' ? 'green' : 'neutral'}>{label('status', row.status)}</Badge>
          {row.locked_until && new Date(row.locked_until) > new Date() && (
            <Badge tone="red">{t('users.lockedBadge')}</Badge>
          )}
          {row.has_staff_account && <Badge tone="info">{t('users.staffBadge')}</Badge>}
        </span>,
        row.phone ? formatLocalPhone(row.phone) : '—',
        row.email ?? '—',
        label('tiers', row.verification_tier),
        formatDay(row.created_at),
        t('users.businessCounts', row.business_counts),
      ]}
    />
  );
}
