import { Link, useNavigate } from 'react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageMessage } from '../components/PageMessage';
import { SearchBox } from '../components/SearchBox';
import { listPath } from '../lib/filters';
import { useCategories } from '../lib/queries';

/** UI-STAT-04: friendly text, search box, category chips, link home. */
export default function NotFoundPage({ title, body }: { title?: string; body?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const categories = useCategories(null);
  return (
    <PageMessage title={title ?? t('notFound.title')} body={body ?? t('notFound.body')}>
      <SearchBox
        value={query}
        onChange={setQuery}
        busy={false}
        onSubmit={() => query.trim() && void navigate(listPath({ region: null, category: null, q: query }))}
      />
      <ul className="flex flex-wrap gap-2">
        {(categories.data ?? []).slice(0, 8).map((category) => (
          <li key={category.slug}>
            <Link to={`/category/${category.slug}`} className="chip">
              {category.name}
            </Link>
          </li>
        ))}
      </ul>
      <Link to="/" className="btn-primary">
        {t('notFound.action')}
      </Link>
    </PageMessage>
  );
}
