import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { BroadcastPreview, BroadcastView, MessageLogRow, TemplateRow } from '@tafuta/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiGetPage, apiSend } from '../../lib/api';
import { ActionDialog } from '../../components/admin/AdminActionDialog';
import { ErrorNotice, Loading, Notice, PageHeader, Panel, Table } from '../../components/admin/AdminUi';
import { staffErrorMessage } from '../../components/admin/AdminErrors';
import { formatDateTime, formatKes } from '../../components/admin/AdminFormat';
import { useLabel } from '../../components/admin/AdminLabels';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

const LANGS = ['en', 'sw', 'kam', 'ki'] as const;
const CHANNELS = ['sms', 'email', 'in_app'] as const;
type Tab = 'compose' | 'history' | 'log' | 'templates';

/** ADM-520..531: compose with preview and cost, broadcast history, the message log and templates. */
export default function AdminMessagingPage() {
  const { t } = useTranslation('admin');
  const role = useStaffRole();
  const [tab, setTab] = useState<Tab>(allowed(role, 'notifications.send') ? 'compose' : 'history');
  const tabs: Tab[] = [
    ...(allowed(role, 'notifications.send') ? (['compose'] as const) : []),
    'history',
    'log',
    'templates',
  ];
  return (
    <div>
      <PageHeader title={t('messaging.title')} />
      <div role="tablist" className="mb-4 flex flex-wrap gap-2">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? 'chip-selected' : 'chip'}
            onClick={() => setTab(name)}
          >
            {t(`messaging.tabs.${name}`)}
          </button>
        ))}
      </div>
      {tab === 'compose' && <Compose />}
      {tab === 'history' && <History />}
      {tab === 'log' && <MessageLog />}
      {tab === 'templates' && <Templates canEdit={allowed(role, 'system.templates')} />}
    </div>
  );
}

function Compose() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const label = useLabel();
  const queryClient = useQueryClient();
  const [audience, setAudience] = useState('all_users');
  const [audienceId, setAudienceId] = useState('');
  const [category, setCategory] = useState('marketing');
  const [channels, setChannels] = useState<string[]>(['sms', 'in_app']);
  const [subject, setSubject] = useState('');
  const [bodies, setBodies] = useState<Record<string, string>>({ en: '' });
  const [preview, setPreview] = useState<BroadcastPreview | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  // ADM-712: one key per composed message, so a double click or retry sends once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const draft = () => ({
    audience: { type: audience, ...(audienceId ? { id: audienceId } : {}) },
    category,
    channels,
    ...(channels.includes('email') && subject ? { subject } : {}),
    bodies: Object.fromEntries(Object.entries(bodies).filter(([, body]) => body.trim())),
  });
  const doPreview = async () => {
    setFailure(null);
    try {
      setPreview(await apiSend<BroadcastPreview>('POST', '/admin/notifications/preview', draft()));
    } catch (error) {
      setFailure(staffErrorMessage(tc, error));
    }
  };

  return (
    <Panel>
      <div className="grid gap-3 md:grid-cols-2">
        <label className="block">
          <span className="field-label">{t('messaging.audience')}</span>
          <select className="field" value={audience} onChange={(e) => setAudience(e.target.value)}>
            {['all_users', 'all_owners', 'business', 'user'].map((value) => (
              <option key={value} value={value}>
                {label('audiences', value)}
              </option>
            ))}
          </select>
        </label>
        {(audience === 'business' || audience === 'user') && (
          <label className="block">
            <span className="field-label">{t('messaging.audienceId')}</span>
            <input
              className="field"
              value={audienceId}
              onChange={(e) => setAudienceId(e.target.value.trim())}
            />
          </label>
        )}
        <label className="block">
          <span className="field-label">{t('messaging.category')}</span>
          <select className="field" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="marketing">{label('categories', 'marketing')}</option>
            <option value="service">{label('categories', 'service')}</option>
          </select>
        </label>
        <fieldset>
          <legend className="field-label">{t('messaging.channels')}</legend>
          <div className="flex gap-3">
            {CHANNELS.map((channel) => (
              <label key={channel} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  className="size-5"
                  checked={channels.includes(channel)}
                  onChange={(e) =>
                    setChannels(
                      e.target.checked ? [...channels, channel] : channels.filter((c) => c !== channel),
                    )
                  }
                />
                {label('channels', channel)}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      {channels.includes('email') && (
        <label className="mt-3 block">
          <span className="field-label">{t('messaging.subject')}</span>
          <input className="field" value={subject} onChange={(e) => setSubject(e.target.value)} />
        </label>
      )}
      {LANGS.map((lang) => (
        <label key={lang} className="mt-3 block">
          <span className="field-label">
            {t(lang === 'en' ? 'messaging.bodyRequired' : 'messaging.bodyOptional', {
              language: lang.toUpperCase(),
            })}
          </span>
          <textarea
            className="field min-h-20 py-2"
            value={bodies[lang] ?? ''}
            onChange={(e) => setBodies({ ...bodies, [lang]: e.target.value })}
          />
        </label>
      ))}
      <p className="mt-1 text-small text-grey-600">{t('messaging.variables')}</p>
      {failure && <Notice tone="red">{failure}</Notice>}
      {sent && <Notice tone="green">{t('messaging.sent', { id: sent })}</Notice>}
      <div className="mt-3 flex gap-2">
        <button
          type="button"
          className="btn-secondary"
          disabled={!bodies.en?.trim() || channels.length === 0}
          onClick={() => void doPreview()}
        >
          {t('messaging.preview')}
        </button>
        <button type="button" className="btn-primary" disabled={!preview} onClick={() => setConfirming(true)}>
          {t('messaging.send')}
        </button>
      </div>
      {preview && (
        <div className="mt-4 space-y-2" data-testid="broadcast-preview">
          <p>{t('messaging.counts', preview.recipients)}</p>
          <p>
            {t('messaging.cost', {
              segments: Object.entries(preview.sms_segments)
                .map(([l, n]) => `${l}: ${n}`)
                .join(', '),
              unit: formatKes(preview.sms_unit_cost_kes),
              cost: formatKes(preview.estimated_sms_cost_kes),
            })}
          </p>
          {preview.quiet_hours.active && category === 'marketing' && (
            <Notice tone="amber">
              {t('messaging.quietHours', {
                window: preview.quiet_hours.window,
                when: formatDateTime(preview.quiet_hours.sms_release_at),
              })}
            </Notice>
          )}
          {preview.samples.map((sample) => (
            <pre
              key={sample.language}
              className="rounded-xl bg-grey-50 p-2 text-small whitespace-pre-wrap"
            >{`[${sample.language}] ${sample.sms ?? sample.in_app_body ?? sample.email_text ?? ''}`}</pre>
          ))}
        </div>
      )}
      {confirming && preview && (
        <ActionDialog
          title={t('messaging.confirmTitle')}
          description={t('messaging.confirmBody', {
            total: preview.recipients.total,
            cost: formatKes(preview.estimated_sms_cost_kes),
          })}
          submitLabel={t('messaging.send')}
          reasonLabel=""
          confirmText={preview.confirmation_required ? String(preview.recipients.total) : undefined}
          confirmLabel={t('messaging.typeCount', { count: preview.recipients.total })}
          onSubmit={async ({ confirm }) => {
            const reply = await apiSend<{ broadcast_id: string }>(
              'POST',
              '/admin/notifications/send',
              { ...draft(), ...(preview.confirmation_required ? { confirm_count: Number(confirm) } : {}) },
              { headers: { 'Idempotency-Key': idempotencyKey } },
            );
            setSent(reply.broadcast_id);
            setPreview(null);
            setIdempotencyKey(crypto.randomUUID());
            void queryClient.invalidateQueries({ queryKey: ['admin', 'broadcasts'] });
          }}
          onClose={() => setConfirming(false)}
        />
      )}
    </Panel>
  );
}

function History() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const list = useQuery({
    queryKey: ['admin', 'broadcasts'],
    queryFn: ({ signal }) => apiGetPage<BroadcastView>('/admin/notifications/broadcasts', { signal }),
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorNotice error={list.error} />;
  return (
    <Table
      head={[
        t('common.when'),
        t('messaging.sender'),
        t('messaging.audience'),
        t('messaging.category'),
        t('messaging.channels'),
        t('messaging.delivery'),
        t('messaging.actualCost'),
      ]}
      empty={t('common.none')}
      rows={list.data.items.map((b) => [
        formatDateTime(b.created_at),
        b.sender_name ?? '—',
        label('audiences', b.audience_type),
        label('categories', b.category),
        b.channels.map((c) => label('channels', c)).join(', '),
        t('messaging.deliveryCounts', {
          total: b.recipients.total,
          smsDelivered: b.counts.sms.delivered,
          smsFailed: b.counts.sms.failed,
          emailDelivered: b.counts.email.delivered,
          inApp: b.counts.in_app,
        }),
        formatKes(b.actual_sms_cost_kes),
      ])}
    />
  );
}

function MessageLog() {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const [recipient, setRecipient] = useState('');
  const list = useQuery({
    queryKey: ['admin', 'message-log', recipient],
    queryFn: ({ signal }) =>
      apiGetPage<MessageLogRow>('/admin/notifications/log', {
        signal,
        query: { recipient: recipient.length >= 3 ? recipient : undefined, limit: 50 },
      }),
  });
  return (
    <div>
      <input
        className="field mb-3 max-w-sm"
        aria-label={t('messaging.recipient')}
        placeholder={t('messaging.recipient')}
        value={recipient}
        onChange={(e) => setRecipient(e.target.value)}
      />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} />
      ) : (
        <Table
          head={[
            t('common.when'),
            t('messaging.template'),
            t('messaging.channel'),
            t('messaging.recipient'),
            t('common.status'),
            t('messaging.segments'),
            t('messaging.actualCost'),
          ]}
          empty={t('common.none')}
          rows={list.data.items.map((m) => [
            formatDateTime(m.created_at),
            m.template_key,
            label('channels', m.channel),
            m.recipient ?? '—',
            `${label('status', m.status)}${m.skip_reason ? ` (${m.skip_reason})` : ''}${m.error ? ` — ${m.error}` : ''}`,
            m.segments ?? '—',
            formatKes(m.cost_kes),
          ])}
        />
      )}
    </div>
  );
}

function Templates({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{
    key: string;
    channel: string;
    language: string;
    subject: string;
    body: string;
    variables: string[];
  } | null>(null);
  const list = useQuery({
    queryKey: ['admin', 'templates'],
    queryFn: ({ signal }) => apiGet<TemplateRow[]>('/admin/notifications/templates', { signal }),
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorNotice error={list.error} />;
  return (
    <>
      <Table
        head={[t('messaging.template'), ...CHANNELS.flatMap((c) => LANGS.map((l) => `${c} ${l}`))]}
        empty={t('common.none')}
        rows={list.data.map((row) => [
          row.template_key,
          ...CHANNELS.flatMap((channel) =>
            LANGS.map((language) => {
              const cell = row.cells.find((c) => c.channel === channel && c.language === language);
              if (!row.channels.includes(channel)) return '';
              return (
                <button
                  key={`${channel}${language}`}
                  type="button"
                  disabled={!canEdit}
                  className={cell?.present ? 'text-success-700' : 'font-semibold text-error-700'}
                  onClick={() =>
                    setEditing({
                      key: row.template_key,
                      channel,
                      language,
                      subject: cell?.subject ?? '',
                      body: cell?.body ?? '',
                      variables: row.variables,
                    })
                  }
                >
                  {cell?.present ? '✓' : '✗'}
                </button>
              );
            }),
          ),
        ])}
      />
      {editing && (
        <ActionDialog
          title={`${editing.key} · ${editing.channel} · ${editing.language}`}
          description={t('messaging.allowedVariables', {
            list: editing.variables.map((v) => `{${v}}`).join(' '),
          })}
          submitLabel={t('common.save')}
          reasonLabel=""
          onSubmit={async () => {
            await apiSend(
              'PUT',
              `/admin/notifications/templates/${editing.key}/${editing.channel}/${editing.language}`,
              { body: editing.body, ...(editing.channel === 'email' ? { subject: editing.subject } : {}) },
            );
            await queryClient.invalidateQueries({ queryKey: ['admin', 'templates'] });
          }}
          onClose={() => setEditing(null)}
        >
          {editing.channel === 'email' && (
            <input
              className="field"
              aria-label={t('messaging.subject')}
              value={editing.subject}
              onChange={(e) => setEditing({ ...editing, subject: e.target.value })}
            />
          )}
          <textarea
            className="field min-h-32 py-2"
            aria-label={t('messaging.body')}
            value={editing.body}
            onChange={(e) => setEditing({ ...editing, body: e.target.value })}
          />
        </ActionDialog>
      )}
    </>
  );
}
