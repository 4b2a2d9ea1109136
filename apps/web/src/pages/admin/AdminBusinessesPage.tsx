import type { AdminBusinessRow } from '@tafuta/contracts';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatLocalPhone } from '../../lib/phone';
import { Badge } from '../../components/admin/AdminUi';
import { nameOf, useStaffCatalogue } from '../../components/admin/AdminCatalogue';
import { formatDay } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { ListScreen, optionsOf } from '../../components/admin/AdminListScreen';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

const STATUSES = ['pending', 'active', 'deactivated', 'out_of_business', 'suspended', 'deleted'] as const;

/** ADM-150..152: search and filter every business; deleted ones only when asked for. */
export default function AdminBusinessesPage() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();
  const categories = useStaffCatalogue('categories');
  const regions = useStaffCatalogue('regions');
  return (
    <ListScreen<AdminBusinessRow>
      title={t('businesses.title')}
      path="/admin/businesses"
      csv={allowed(role, 'businesses.export')}
      filters={[
        { key: 'q', label: t('businesses.search') },
        { key: 'status', label: t('common.status'), options: optionsOf(STATUSES, (v) => label('status', v)) },
        {
          key: 'region',
          label: t('queue.region'),
          options: (regions.data?.items ?? []).map((r) => ({ value: r.slug, label: r.names.en ?? r.slug })),
        },
        {
          key: 'category',
          label: t('queue.category'),
          options: (categories.data?.items ?? []).map((c) => ({
            value: c.slug,
            label: c.names.en ?? c.slug,
          })),
        },
        {
          key: 'verification_tier',
          label: t('business.fields.tier'),
          options: optionsOf(['basic', 'verified', 'premium'], (v) => label('tiers', v)),
        },
        {
          key: 'has_paid_service',
          label: t('businesses.paidService'),
          options: optionsOf(['yes', 'no'], (v) => label('yesNo', v)),
        },
      ]}
      head={[
        t('common.name'),
        t('common.status'),
        t('businesses.owner'),
        t('queue.category'),
        t('queue.region'),
        t('business.fields.tier'),
        t('businesses.services'),
      ]}
      empty={t('businesses.empty')}
      row={(row) => [
        <Link key="n" className="link" to={`/admin/businesses/${row.business_id}`}>
          {row.business_name}
        </Link>,
        <Badge
          key="s"
          tone={row.status === 'active' ? 'green' : row.status === 'pending' ? 'amber' : 'neutral'}
        >
          {label('status', row.status)}
        </Badge>,
        row.owner
          ? `${row.owner.full_name} · ${row.owner.phone ? formatLocalPhone(row.owner.phone) : '—'}`
          : '—',
        row.categories.map((slug) => nameOf(categories.data?.items, slug)).join(', '),
        row.regions.map((slug) => nameOf(regions.data?.items, slug)).join(', '),
        label('tiers', row.verification_tier),
        row.active_services
          .map((s) => `${label('services', s.service_type)} → ${formatDay(s.last_service_date)}`)
          .join('; ') || '—',
      ]}
    />
  );
}
