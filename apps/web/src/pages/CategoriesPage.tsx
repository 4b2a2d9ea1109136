import { Link } from 'react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CategoryIcon } from '../components/CategoryIcon';
import { ErrorState } from '../components/States';
import { listPath } from '../lib/filters';
import { useCategories } from '../lib/queries';
import { storedRegion, storeRegion } from '../lib/region';
import { RegionChips } from './directory/HomeSections';

/** UI-LIST-10: every active category with its count in the chosen region; empty ones last, in grey. */
export default function CategoriesPage() {
  const { t } = useTranslation();
  const [region, setRegion] = useState(() => storedRegion());
  const categories = useCategories(region);
  const sorted = [...(categories.data ?? [])].sort(
    (a, b) => Number(b.business_count > 0) - Number(a.business_count > 0),
  );
  return (
    <div className="page space-y-4 py-6">
      <title>{t('meta.pageTitle', { title: t('categories.title') })}</title>
      <h1 className="text-h1 font-bold">{t('categories.title')}</h1>
      <RegionChips
        region={region}
        onChange={(next) => {
          setRegion(next);
          storeRegion(next);
        }}
      />
      {categories.error && <ErrorState error={categories.error} onRetry={() => void categories.refetch()} />}
      <ul className="space-y-2">
        {sorted.map((category) => (
          <li key={category.slug}>
            <Link
              to={listPath({ region, category: category.slug, q: '' })}
              className={`card flex min-h-14 items-center gap-3 p-3 ${category.business_count === 0 ? 'text-grey-600' : ''}`}
            >
              <span className={category.business_count === 0 ? '' : 'text-brand-700'}>
                <CategoryIcon icon={category.icon} />
              </span>
              <span className="flex-1 font-semibold">{category.name}</span>
              <span className="text-small">{t('categories.count', { count: category.business_count })}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
