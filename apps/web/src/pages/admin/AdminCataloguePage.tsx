import { useQueryClient } from '@tanstack/react-query';
import type { StaffCategory, StaffRegion } from '@tafuta/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../lib/api';
import { ActionDialog } from '../../components/admin/AdminActionDialog';
import { Badge, ErrorNotice, Loading, PageHeader, Table } from '../../components/admin/AdminUi';
import { useStaffCatalogue } from '../../components/admin/AdminCatalogue';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

type Item = (StaffCategory | StaffRegion) & {
  category_id?: string;
  region_id?: string;
  icon?: string | null;
  coverage_note?: string | null;
};
const LANGS = ['en', 'sw', 'kam', 'ki'] as const;

interface Draft {
  slug: string;
  names: Record<string, string>;
  sort_order: string;
  extra: string;
}

/** ADM-253..255: categories (Admin+) and regions (Super Admin); deactivation refused while in use. */
export default function AdminCataloguePage({ kind }: { kind: 'categories' | 'regions' }) {
  const { t } = useTranslation('admin');
  const role = useStaffRole();
  const queryClient = useQueryClient();
  const list = useStaffCatalogue(kind);
  const canEdit = allowed(role, kind === 'categories' ? 'categories.manage' : 'regions.manage');
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>({ slug: '', names: {}, sort_order: '0', extra: '' });
  const idOf = (item: Item) => (kind === 'categories' ? item.category_id : item.region_id) ?? '';

  const open = (item: Item | 'new') => {
    setEditing(item);
    setDraft(
      item === 'new'
        ? { slug: '', names: {}, sort_order: '0', extra: '' }
        : {
            slug: item.slug,
            names: { ...item.names },
            sort_order: String(item.sort_order),
            extra: (kind === 'categories' ? item.icon : item.coverage_note) ?? '',
          },
    );
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', kind] });

  const save = async () => {
    const names = Object.fromEntries(Object.entries(draft.names).filter(([, value]) => value.trim()));
    const extra =
      kind === 'categories'
        ? { icon: draft.extra || undefined }
        : { coverage_note: draft.extra || undefined };
    const body = { names, sort_order: Number(draft.sort_order) || 0, ...extra };
    if (editing === 'new') await apiSend('POST', `/admin/${kind}`, { slug: draft.slug, ...body });
    // ADM-254: a region slug never changes; a category slug only while unused (the server decides).
    else if (editing)
      await apiSend(
        'PATCH',
        `/admin/${kind}/${idOf(editing)}`,
        kind === 'categories' && draft.slug !== editing.slug ? { ...body, slug: draft.slug } : body,
      );
    await refresh();
  };
  const toggle = async (item: Item) => {
    await apiSend('PATCH', `/admin/${kind}/${idOf(item)}`, { is_active: !item.is_active });
    await refresh();
  };

  return (
    <div>
      <PageHeader title={t(`catalogue.${kind}`)}>
        {canEdit && (
          <button type="button" className="btn-primary" onClick={() => open('new')}>
            {t('catalogue.add')}
          </button>
        )}
      </PageHeader>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <div className="card p-2">
          <Table
            head={[
              t('common.name'),
              t('catalogue.languages'),
              t('catalogue.slug'),
              t('catalogue.businesses'),
              t('common.status'),
              t('catalogue.order'),
              '',
            ]}
            empty={t('common.none')}
            rows={(list.data.items as Item[]).map((item) => [
              item.names.en ?? item.slug,
              LANGS.filter((lang) => lang !== 'en')
                .map((lang) => `${lang} ${item.languages_filled[lang] ? '✓' : '✗'}`)
                .join(' '),
              item.slug,
              item.business_count,
              <Badge key="a" tone={item.is_active ? 'green' : 'neutral'}>
                {item.is_active ? t('catalogue.active') : t('catalogue.inactive')}
              </Badge>,
              item.sort_order,
              canEdit ? (
                <span key="x" className="flex gap-1">
                  <button type="button" className="btn-ghost" onClick={() => open(item)}>
                    {t('common.edit')}
                  </button>
                  <ToggleButton item={item} onToggle={toggle} />
                </span>
              ) : (
                ''
              ),
            ])}
          />
        </div>
      )}
      {editing && (
        <ActionDialog
          title={editing === 'new' ? t('catalogue.add') : t('common.edit')}
          submitLabel={t('common.save')}
          reasonLabel=""
          onSubmit={save}
          onClose={() => setEditing(null)}
        >
          <label className="block">
            <span className="field-label">{t('catalogue.slug')}</span>
            <input
              className="field"
              value={draft.slug}
              disabled={editing !== 'new' && kind === 'regions'}
              onChange={(e) => setDraft({ ...draft, slug: e.target.value })}
            />
          </label>
          {LANGS.map((lang) => (
            <label key={lang} className="block">
              <span className="field-label">{t('catalogue.nameIn', { language: lang.toUpperCase() })}</span>
              <input
                className="field"
                value={draft.names[lang] ?? ''}
                onChange={(e) => setDraft({ ...draft, names: { ...draft.names, [lang]: e.target.value } })}
              />
            </label>
          ))}
          <label className="block">
            <span className="field-label">
              {kind === 'categories' ? t('catalogue.icon') : t('catalogue.coverage')}
            </span>
            <input
              className="field"
              value={draft.extra}
              onChange={(e) => setDraft({ ...draft, extra: e.target.value })}
            />
          </label>
          <label className="block">
            <span className="field-label">{t('catalogue.order')}</span>
            <input
              className="field"
              inputMode="numeric"
              value={draft.sort_order}
              onChange={(e) => setDraft({ ...draft, sort_order: e.target.value })}
            />
          </label>
        </ActionDialog>
      )}
    </div>
  );
}

/** ADM-255: deactivation may be refused (409, still in use); the reason is shown beside the button. */
function ToggleButton({ item, onToggle }: { item: Item; onToggle: (item: Item) => Promise<void> }) {
  const { t } = useTranslation('admin');
  const [error, setError] = useState<unknown>(null);
  return (
    <span>
      <button
        type="button"
        className="btn-ghost"
        onClick={() => void onToggle(item).then(() => setError(null), setError)}
      >
        {item.is_active ? t('catalogue.deactivate') : t('catalogue.reactivate')}
      </button>
      {error !== null && <ErrorNotice error={error} />}
    </span>
  );
}
