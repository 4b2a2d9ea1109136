import { useQuery } from '@tanstack/react-query';
import type { SystemConfigView } from '@tafuta/contracts';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../lib/api';
import { ErrorNotice, Loading, Notice, PageHeader, Table } from '../../components/admin/AdminUi';
import { formatDateTime } from '../../components/admin/AdminFormat';

/** ADM-455/456: read-only; empty launch keys in red; changes go through the audited `config:set` command. */
export default function AdminConfigPage() {
  const { t } = useTranslation('admin');
  const config = useQuery({
    queryKey: ['admin', 'config'],
    queryFn: ({ signal }) => apiGet<SystemConfigView>('/admin/system/config', { signal }),
  });
  if (config.isPending) return <Loading />;
  if (config.isError) return <ErrorNotice error={config.error} onRetry={() => void config.refetch()} />;
  const view = config.data;
  return (
    <div>
      <PageHeader title={t('config.title')} />
      {!view.launch_ready && (
        <div
          role="alert"
          data-testid="launch-gate"
          className="mb-3 rounded-xl bg-error-700 p-3 font-semibold text-white"
        >
          {t('config.launchGate', { count: view.alerts.length })}
        </div>
      )}
      {view.alerts.map((alert) => (
        <Notice key={alert.key} tone="red">{`${alert.key}: ${alert.message}`}</Notice>
      ))}
      <Notice tone="info">
        {t('config.howToChange')} <code className="break-all">{view.change_command}</code>
      </Notice>
      <div className="card p-2">
        <Table
          head={[t('config.key'), t('config.value'), t('config.description'), t('config.changed')]}
          empty={t('common.none')}
          rows={view.items.map((item) => [
            <code key="k">{item.key}</code>,
            item.missing ? (
              <span key="v" className="font-semibold text-error-700">
                {t('config.missing')}
              </span>
            ) : (
              <span key="v" className="break-all">
                {item.value}
              </span>
            ),
            item.description,
            `${formatDateTime(item.updated_at)} · ${item.updated_by?.full_name ?? t('config.system')}`,
          ])}
        />
      </div>
    </div>
  );
}
