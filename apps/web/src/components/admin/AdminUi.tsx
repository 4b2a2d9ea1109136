import type { InputHTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pagination } from '@tafuta/contracts';
import { staffErrorMessage as errorMessage } from './AdminErrors';

/** Small building blocks every back-office screen shares (laptop layout, usable from 360 px: ADM-050). */

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <title>{t('meta.pageTitle', { title })}</title>
      <h1 className="text-h1 font-bold">{title}</h1>
      {children && <div className="flex flex-wrap items-center gap-2">{children}</div>}
    </div>
  );
}

export function Panel({
  title,
  children,
  actions,
}: {
  title?: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="card mb-4 p-4">
      {(title || actions) && (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {title && <h2 className="text-h3 font-bold">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

export type Tone = 'neutral' | 'info' | 'amber' | 'red' | 'green';
const TONES: Record<Tone, string> = {
  neutral: 'bg-grey-50 text-ink',
  info: 'bg-brand-50 text-brand-800',
  amber: 'bg-warning-50 text-warning-800',
  red: 'bg-error-50 text-error-700',
  green: 'bg-success-50 text-success-700',
};

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-small font-semibold ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

export function Notice({ tone = 'info', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <div role={tone === 'red' ? 'alert' : 'status'} className={`mb-3 rounded-xl p-3 ${TONES[tone]}`}>
      {children}
    </div>
  );
}

/** A failed request, in the words of the error catalogue (never the server's English). */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('admin');
  return (
    <Notice tone="red">
      <p>{errorMessage(t, error)}</p>
      {onRetry && (
        <button type="button" className="btn-secondary mt-2" onClick={onRetry}>
          {ta('common.retry')}
        </button>
      )}
    </Notice>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="py-6 text-grey-600">
      {t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="py-6 text-center text-grey-600">{children}</p>;
}

/** Page numbers for API-06 pagination. */
export function Pager({
  pagination,
  onPage,
}: {
  pagination: Pagination | undefined;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation('admin');
  if (!pagination || pagination.pages <= 1) return null;
  const { page, pages, total } = pagination;
  return (
    <nav aria-label={t('common.pages')} className="mt-3 flex items-center justify-between gap-2">
      <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('common.previous')}
      </button>
      <span className="text-small text-grey-600">{t('common.pageOf', { page, pages, total })}</span>
      <button
        type="button"
        className="btn-secondary"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {t('common.next')}
      </button>
    </nav>
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="block">
      <span className="field-label text-small">{label}</span>
      {children}
      {hint && <span className="mt-1 block text-small text-grey-600">{hint}</span>}
    </label>
  );
}

/** The signed-out staff pages (sign-in, set password): a centred card, kept out of search engines. */
export function StaffAuthShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-dvh items-center justify-center bg-grey-50 p-4">
      <title>{t('meta.pageTitle', { title })}</title>
      <meta name="robots" content="noindex, nofollow" />
      {children}
    </div>
  );
}

/** A form control with its visible label, as the sign-in, password and action forms lay them out. */
export function LabelledInput({
  label,
  ...input
}: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="block">
      <span className="field-label">{label}</span>
      <input className="field" {...input} />
    </label>
  );
}

/** A form's failure (and optional success notice), announced at once by screen readers. */
export function FormAlerts({ failure, notice }: { failure: string | null; notice?: string | null }) {
  return (
    <div aria-live="assertive">
      {failure && (
        <p role="alert" className="rounded-xl bg-error-50 p-3 text-error-700">
          {failure}
        </p>
      )}
      {notice && (
        <p role="status" className="rounded-xl bg-success-50 p-3 text-success-700">
          {notice}
        </p>
      )}
    </div>
  );
}

/** A definition list of label → value pairs for detail screens. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 sm:grid-cols-[12rem_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-small font-semibold text-grey-600">{label}</dt>
          <dd className="break-words">{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A plain data table; cells come in already rendered. */
export function Table({ head, rows, empty }: { head: string[]; rows: ReactNode[][]; empty: string }) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-small">
        <thead>
          <tr className="border-b border-grey-200">
            {head.map((label) => (
              <th key={label} scope="col" className="px-2 py-2 font-semibold text-grey-600">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, index) => (
            <tr key={index} className="border-b border-grey-200 align-top">
              {cells.map((cell, column) => (
                <td key={column} className="px-2 py-2">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
