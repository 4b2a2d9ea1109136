import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiGetPage, apiUrl } from '../../lib/api';
import { ErrorNotice, Field, Loading, PageHeader, Pager, Table } from './AdminUi';

export interface FilterDef {
  key: string;
  label: string;
  /** Options make a select (the first, empty option means "all"); otherwise a text or date input. */
  options?: { value: string; label: string }[];
  type?: 'text' | 'date';
  /** The API has no "all" for this filter (e.g. refunds default to pending): the first option is the default. */
  noAll?: boolean;
  /** What the empty option means when it is not "all" (e.g. the API's default period). */
  allLabel?: string;
}

interface ListScreenProps<T> {
  title: string;
  /** API path below /api, e.g. "/admin/users". */
  path: string;
  filters: FilterDef[];
  head: string[];
  row: (item: T) => ReactNode[];
  empty: string;
  /** ADM-700 / ERRATA 9: the same filtered list as CSV (`format=csv`), offered to roles allowed to export. */
  csv?: boolean;
  limit?: number;
  actions?: ReactNode;
  children?: ReactNode;
  /** Below the table, from the reply's own extra fields (e.g. the transactions' `totals`, ADM-301). */
  footer?: (envelope: Record<string, unknown>) => ReactNode;
}

/**
 * A paginated staff list whose filters live in the URL (so a filtered view can be linked, e.g. from the
 * side navigation's "Suspended"). Filters apply on submit, not per keystroke, to spare the API.
 */
export function ListScreen<T>(props: ListScreenProps<T>) {
  const { t } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(
    props.filters.map(({ key, noAll, options }) => [
      key,
      params.get(key) ?? (noAll ? (options?.[0]?.value ?? '') : ''),
    ]),
  );
  const [draft, setDraft] = useState(applied);
  const page = Number(params.get('page') ?? '1') || 1;
  const query = { ...applied, page, limit: props.limit ?? 20 };

  const list = useQuery({
    queryKey: ['admin', 'list', props.path, query],
    queryFn: ({ signal }) => apiGetPage<T>(props.path, { signal, query }),
    placeholderData: keepPreviousData,
  });

  const apply = (event?: FormEvent, overrides: Record<string, string> = {}) => {
    event?.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...draft, ...overrides })) if (value) next.set(key, value);
    setParams(next);
  };
  const goTo = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    setParams(next);
  };

  return (
    <div>
      <PageHeader title={props.title}>
        {props.actions}
        {props.csv && (
          <a className="btn-secondary" href={apiUrl(props.path, { ...applied, format: 'csv' })} download>
            {t('common.exportCsv')}
          </a>
        )}
      </PageHeader>
      {props.children}
      {props.filters.length > 0 && (
        <form
          onSubmit={apply}
          className="mb-4 grid grid-cols-1 items-end gap-3 sm:grid-cols-2 lg:grid-cols-4"
        >
          {props.filters.map((filter) => (
            <Field key={filter.key} label={filter.label}>
              {filter.options ? (
                <select
                  className="field"
                  value={draft[filter.key] ?? ''}
                  onChange={(event) => {
                    setDraft({ ...draft, [filter.key]: event.target.value });
                    apply(undefined, { [filter.key]: event.target.value });
                  }}
                >
                  {!filter.noAll && <option value="">{filter.allLabel ?? t('common.all')}</option>}
                  {filter.options.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  className="field"
                  type={filter.type ?? 'text'}
                  value={draft[filter.key] ?? ''}
                  onChange={(event) => setDraft({ ...draft, [filter.key]: event.target.value })}
                />
              )}
            </Field>
          ))}
          <button type="submit" className="btn-primary">
            {t('common.search')}
          </button>
        </form>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <div className="card p-2">
          <Table head={props.head} rows={list.data.items.map(props.row)} empty={props.empty} />
          {props.footer?.(list.data.envelope)}
          <Pager pagination={list.data.pagination} onPage={goTo} />
        </div>
      )}
    </div>
  );
}

/** Select options from values, labelled through a group of the catalogue. */
export function optionsOf(values: readonly string[], label: (value: string) => string) {
  return values.map((value) => ({ value, label: label(value) }));
}
