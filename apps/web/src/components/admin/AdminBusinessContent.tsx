import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiGetPage, apiSend } from '../../lib/api';
import { ActionDialog, type ActionInput } from './AdminActionDialog';
import { BusinessPreview, type ContentDocument } from './AdminBusinessPreview';
import { ErrorNotice, Field, Loading, Pager, Panel, Table } from './AdminUi';
import { formatDateTime } from './AdminFormat';
import { useLabel } from './AdminLabels';

/** A row of GET /api/businesses/:id/content/history (modules/businesses/history.ts). */
interface VersionRow {
  content_version: number;
  change_type: string;
  change_summary: string | null;
  changed_by: { user_id: string | null; name: string };
  restored_from_version: number | null;
  is_current: boolean;
  created_at: string;
}

/**
 * ADM-158/159: the content history, newest first, with "View content" and "Restore this version". The
 * shared endpoints serve staff too (ERRATA 16): a restore is `{version, reason, base_version}` and makes a
 * new version; a stale base version is refused with 409 and the list reloads.
 */
export function BusinessHistoryPanel(props: {
  businessId: string;
  currentVersion: number;
  canRestore: boolean;
  onChanged: () => Promise<unknown>;
}) {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const [page, setPage] = useState(1);
  const [viewing, setViewing] = useState<number | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const base = `/businesses/${props.businessId}/content/history`;
  const history = useQuery({
    queryKey: ['admin', 'business-history', props.businessId, page],
    queryFn: ({ signal }) => apiGetPage<VersionRow>(base, { signal, query: { page, limit: 10 } }),
    placeholderData: keepPreviousData,
  });
  const version = useQuery({
    queryKey: ['admin', 'business-version', props.businessId, viewing],
    queryFn: ({ signal }) => apiGet<{ content_json: ContentDocument }>(`${base}/${viewing}`, { signal }),
    enabled: viewing !== null,
  });

  return (
    <Panel title={t('history.title')}>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <ErrorNotice error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <>
          <Table
            head={[
              t('history.version'),
              t('common.when'),
              t('common.by'),
              t('common.type'),
              t('history.summary'),
              '',
            ]}
            empty={t('common.none')}
            rows={history.data.items.map((row) => [
              row.is_current ? `${row.content_version} ★` : String(row.content_version),
              formatDateTime(row.created_at),
              row.changed_by.name,
              label('changeTypes', row.change_type),
              row.change_summary ?? '—',
              <span key="a" className="flex gap-1">
                <button type="button" className="btn-ghost" onClick={() => setViewing(row.content_version)}>
                  {t('history.view')}
                </button>
                {props.canRestore && !row.is_current && (
                  <button
                    type="button"
                    className="btn-ghost"
                    onClick={() => setRestoring(row.content_version)}
                  >
                    {t('history.restore')}
                  </button>
                )}
              </span>,
            ])}
          />
          <Pager pagination={history.data.pagination} onPage={setPage} />
        </>
      )}
      {viewing !== null && (
        <ActionDialog
          title={t('history.viewing', { version: viewing })}
          submitLabel={t('common.dismiss')}
          reasonLabel=""
          onSubmit={() => Promise.resolve()}
          onClose={() => setViewing(null)}
        >
          {version.isPending ? (
            <Loading />
          ) : version.isError ? (
            <ErrorNotice error={version.error} />
          ) : (
            <BusinessPreview content={version.data.content_json} categoryNames={[]} badge={null} />
          )}
        </ActionDialog>
      )}
      {restoring !== null && (
        <ActionDialog
          title={t('history.restoreTitle', { version: restoring })}
          description={t('history.restoreEffect')}
          submitLabel={t('history.restore')}
          reasonRequired
          onSubmit={async ({ reason }: ActionInput) => {
            try {
              await apiSend('POST', `/businesses/${props.businessId}/content/rollback`, {
                version: restoring,
                reason,
                base_version: props.currentVersion,
              });
            } finally {
              await props.onChanged();
            }
          }}
          onClose={() => setRestoring(null)}
        />
      )}
    </Panel>
  );
}

/**
 * ADM-156: a staff edit of the main profile fields through the shared PATCH /api/businesses/:id (a partial
 * document deep-merged into the current one, ERRATA 16). The change note is required for staff and
 * becomes the version's summary; a stale base version is refused (409) rather than overwriting.
 */
export function BusinessEditDialog(props: {
  businessId: string;
  content: ContentDocument;
  version: number;
  onDone: () => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const language = props.content.default_language;
  const profile = props.content.profile[language] ?? {};
  const [form, setForm] = useState({
    business_name: profile.business_name ?? '',
    tagline: profile.tagline ?? '',
    description: profile.description ?? '',
    phone: props.content.contact.phone,
    email: props.content.contact.email ?? '',
    city: props.content.location.city,
  });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });

  const submit = async ({ reason }: ActionInput) => {
    // Only what staff changed is sent: the server deep-merges it, and the version's summary then names
    // just those fields (an untouched empty field must not become "").
    const changed = (value: string, before: string | null | undefined) =>
      value.trim() === (before ?? '').trim() ? undefined : value.trim();
    const text = {
      business_name: changed(form.business_name, profile.business_name),
      tagline: changed(form.tagline, profile.tagline),
      description: changed(form.description, profile.description),
    };
    const phone = changed(form.phone, props.content.contact.phone);
    const email = changed(form.email, props.content.contact.email);
    const city = changed(form.city, props.content.location.city);
    const content = {
      ...(Object.values(text).some((value) => value !== undefined) ? { profile: { [language]: text } } : {}),
      ...(phone !== undefined || email !== undefined
        ? { contact: { phone, email: email === '' ? null : email } }
        : {}),
      ...(city !== undefined ? { location: { city } } : {}),
    };
    try {
      await apiSend('PATCH', `/businesses/${props.businessId}`, {
        base_version: props.version,
        change_note: reason,
        content,
      });
    } finally {
      await props.onDone();
    }
  };

  return (
    <ActionDialog
      title={t('history.edit')}
      description={t('history.editEffect', { language: language.toUpperCase() })}
      submitLabel={t('common.save')}
      reasonRequired
      reasonLabel={t('history.changeNote')}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Field label={t('business.fields.name')}>
        <input className="field" value={form.business_name} onChange={set('business_name')} />
      </Field>
      <Field label={t('business.fields.tagline')}>
        <input className="field" value={form.tagline} onChange={set('tagline')} />
      </Field>
      <Field label={t('business.fields.description')}>
        <textarea className="field min-h-24 py-2" value={form.description} onChange={set('description')} />
      </Field>
      <Field label={t('business.fields.phone')}>
        <input className="field" type="tel" value={form.phone} onChange={set('phone')} />
      </Field>
      <Field label={t('business.fields.email')}>
        <input className="field" type="email" value={form.email} onChange={set('email')} />
      </Field>
      <Field label={t('history.city')}>
        <input className="field" value={form.city} onChange={set('city')} />
      </Field>
    </ActionDialog>
  );
}
