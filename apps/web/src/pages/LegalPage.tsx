import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../components/States';
import { formatDate } from '../lib/dates';
import { useLanguage, useTerms } from '../lib/queries';
import { sanitiseLegalHtml } from '../lib/legal-html';

type LegalDocument = 'terms_of_service' | 'privacy_policy';

/**
 * UI-STAT-01: the version in force comes from the database (GET /api/terms/current); its text is the
 * static HTML file deployed with the app at that version's URL.
 */
export default function LegalPage({ document }: { document: LegalDocument }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const terms = useTerms();
  const version = terms.data?.[document] ?? null;
  const body = useQuery({
    queryKey: ['legal-html', version?.url],
    enabled: Boolean(version?.url),
    queryFn: async ({ signal }) => {
      const response = await fetch(version!.url, { signal });
      if (!response.ok) throw new Error(`legal document answered ${response.status}`);
      return sanitiseLegalHtml(await response.text());
    },
    staleTime: Infinity,
  });
  const title = document === 'terms_of_service' ? t('legal.termsTitle') : t('legal.privacyTitle');
  return (
    <article className="page space-y-4 py-6">
      <title>{t('meta.pageTitle', { title })}</title>
      <h1 className="text-h1 font-bold">{title}</h1>
      {version && (
        <p className="text-small text-grey-600">
          {t('legal.version', {
            version: version.version_number,
            date: formatDate(version.published_at, lang),
          })}
        </p>
      )}
      {terms.error && <ErrorState error={terms.error} onRetry={() => void terms.refetch()} />}
      {terms.data && !version && <p>{t('legal.unavailable')}</p>}
      {body.error && <p>{t('legal.unavailable')}</p>}
      {body.data !== undefined && (
        // Our own file from our own origin, and still cleaned of scripts, styles and handlers first.
        <div lang="en" className="legal space-y-3" dangerouslySetInnerHTML={{ __html: body.data }} />
      )}
    </article>
  );
}
