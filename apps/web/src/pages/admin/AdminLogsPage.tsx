import type { AuditLogRow, AuthLogRow } from '@tafuta/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/admin/AdminUi';
import { formatDateTime } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { ListScreen, optionsOf } from '../../components/admin/AdminListScreen';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

const AUTH_EVENTS = [
  'login_success',
  'login_failed',
  'logout',
  'otp_requested',
  'otp_verified',
  'otp_failed',
  'password_reset',
  'password_changed',
  'account_state_changed',
  'account_locked',
];

/** A readable "old → new" for an audit row (ADM-421); the full JSON is in the row's details. */
function summary(oldValue: unknown, newValue: unknown): string {
  const show = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));
  const text = `${show(oldValue)} → ${show(newValue)}`;
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** ADM-402 / ADM-421: filtered, paginated logs (50 a page, newest first) with the CSV export (Admin+). */
export default function AdminLogsPage({ kind }: { kind: 'auth' | 'audit' }) {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const role = useStaffRole();
  const dates = [
    { key: 'from', label: t('logs.from'), type: 'date' as const },
    { key: 'to', label: t('logs.to'), type: 'date' as const },
  ];
  if (kind === 'auth') {
    return (
      <ListScreen<AuthLogRow>
        key="auth"
        title={t('logs.authTitle')}
        path="/admin/auth-logs"
        limit={50}
        csv={allowed(role, 'logs.export')}
        filters={[
          ...dates,
          { key: 'phone', label: t('common.phone') },
          { key: 'email', label: t('common.email') },
          { key: 'ip', label: t('logs.ip') },
          { key: 'user_id', label: t('logs.userId') },
          {
            key: 'event_type',
            label: t('logs.event'),
            options: optionsOf(AUTH_EVENTS, (v) => label('events', v)),
          },
          {
            key: 'channel',
            label: t('logs.channel'),
            options: optionsOf(['public', 'admin'], (v) => label('channels', v)),
          },
          {
            key: 'flagged',
            label: t('logs.flagged'),
            options: optionsOf(['true'], () => t('logs.flaggedOnly')),
          },
        ]}
        head={[
          t('common.when'),
          t('logs.event'),
          t('logs.who'),
          t('common.reason'),
          t('logs.ip'),
          t('logs.device'),
          t('logs.flag'),
        ]}
        empty={t('logs.empty')}
        row={(row) => [
          formatDateTime(row.timestamp),
          `${label('events', row.event_type)} (${label('channels', row.channel)})`,
          row.user_name ? `${row.user_name} ${row.user_phone ?? ''}` : (row.phone ?? row.email ?? '—'),
          row.reason ?? '—',
          row.ip_address ?? '—',
          <span key="d" title={row.user_agent ?? undefined}>
            {row.device ?? '—'}
          </span>,
          row.flag ? <Badge tone="amber">{label('flags', row.flag)}</Badge> : '',
        ]}
      />
    );
  }
  return (
    <ListScreen<AuditLogRow>
      key="audit"
      title={t('logs.auditTitle')}
      path="/admin/audit-logs"
      limit={50}
      csv={allowed(role, 'logs.export')}
      filters={[
        ...dates,
        { key: 'action', label: t('logs.action') },
        { key: 'entity_type', label: t('logs.entityType') },
        { key: 'entity_id', label: t('logs.entityId') },
        { key: 'actor_id', label: t('logs.actorId') },
        {
          key: 'actor_type',
          label: t('logs.actorType'),
          options: optionsOf(['admin', 'system'], (v) => label('actorTypes', v)),
        },
        { key: 'q', label: t('logs.text') },
      ]}
      head={[
        t('common.when'),
        t('logs.action'),
        t('logs.actor'),
        t('logs.entity'),
        t('logs.change'),
        t('common.reason'),
      ]}
      empty={t('logs.empty')}
      row={(row) => [
        formatDateTime(row.timestamp),
        row.action,
        row.actor_name
          ? `${row.actor_name} (${label('roles', row.actor_role)})`
          : label('actorTypes', row.actor_type),
        `${row.entity_type}: ${row.entity_label ?? row.entity_id ?? '—'}`,
        <details key="c">
          <summary className="cursor-pointer">{summary(row.old_value, row.new_value)}</summary>
          <pre className="mt-1 max-w-md overflow-x-auto text-small whitespace-pre-wrap">
            {JSON.stringify(
              { old: row.old_value, new: row.new_value, ip: row.ip_address, request: row.request_id },
              null,
              2,
            )}
          </pre>
        </details>,
        row.reason ?? '—',
      ]}
    />
  );
}
