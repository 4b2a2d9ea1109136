import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface PageMessageProps {
  title: string;
  body: string;
  /** What the visitor can do next (links, a button, a search box). */
  children?: ReactNode;
}

/** Shared layout for the simple full-page messages: not found, offline, error, closed business. */
export function PageMessage({ title, body, children }: PageMessageProps) {
  const { t } = useTranslation();
  return (
    <div className="page space-y-4 py-10">
      <title>{t('meta.pageTitle', { title })}</title>
      <h1 className="text-h1 font-bold">{title}</h1>
      <p className="text-grey-600">{body}</p>
      {children}
    </div>
  );
}
