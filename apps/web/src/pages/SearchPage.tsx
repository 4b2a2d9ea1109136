import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SearchForm } from '../components/SearchForm';

/** Placeholder until the search API lands: echoes the query and says search is coming soon. */
export default function SearchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const query = params.get('q')?.trim() ?? '';
  return (
    <div className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <title>{`${t('search.title')} · Tafuta`}</title>
      <h1 className="text-2xl font-bold">{t('search.comingSoon')}</h1>
      {query && <p className="text-lg">{t('search.youSearchedFor', { query })}</p>}
      <p className="text-neutral-700">{t('search.comingSoonBody')}</p>
      {/* key resets the uncontrolled input when the query in the URL changes. */}
      <SearchForm key={query} defaultQuery={query} />
      <Link to="/" className="link inline-flex min-h-11 items-center">
        {t('common.backHome')}
      </Link>
    </div>
  );
}
