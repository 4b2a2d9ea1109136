import { Link, useNavigate } from 'react-router';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchBox } from '../../components/SearchBox';
import type { LandingReply, PublicCategory, PublicRegion } from '../../lib/api-types';
import { listPath, type ListFilter } from '../../lib/filters';

/**
 * UI-LIST-03: breadcrumb, translated title, then region and category dropdowns that navigate to the
 * canonical URL and keep `q`. Native selects: accessible everywhere and nothing extra to download.
 */
export function LandingHeader({
  filter,
  landing,
  regions,
  categories,
  searchBox,
}: {
  filter: ListFilter;
  landing: LandingReply | undefined;
  regions: PublicRegion[];
  categories: PublicCategory[];
  searchBox: Parameters<typeof SearchBox>[0];
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const regionId = useId();
  const categoryId = useId();
  const regionName = landing?.region?.name ?? regions.find((r) => r.slug === filter.region)?.name ?? '';
  const categoryName =
    landing?.category?.name ?? categories.find((c) => c.slug === filter.category)?.name ?? '';
  let title: string;
  if (filter.region && filter.category)
    title = t('list.titleBoth', { category: categoryName, region: regionName });
  else if (filter.category) title = t('list.titleCategory', { category: categoryName });
  else title = t('list.titleRegion', { region: regionName });
  const ready = Boolean(landing);
  const go = (next: Partial<ListFilter>) => void navigate(listPath({ ...filter, ...next }));

  return (
    <div className="page space-y-3 py-3">
      {ready && <title>{t('meta.pageTitle', { title })}</title>}
      <nav aria-label={t('list.breadcrumb')}>
        <ol className="flex flex-wrap items-center gap-1 text-small text-grey-600">
          <li>
            <Link to="/" className="link inline-flex min-h-11 items-center">
              {t('list.home')}
            </Link>
          </li>
          {filter.region && (
            <li className="before:mr-1 before:content-['›']">
              <Link to={`/region/${filter.region}`} className="link inline-flex min-h-11 items-center">
                {regionName || filter.region}
              </Link>
            </li>
          )}
          {filter.category && (
            <li className="before:mr-1 before:content-['›']" aria-current="page">
              {categoryName || filter.category}
            </li>
          )}
        </ol>
      </nav>
      <h1 className="text-h1 font-bold">
        {ready ? title : <span className="skeleton inline-block h-8 w-2/3" />}
      </h1>
      <div className="sticky top-0 z-10 bg-white py-1">
        <SearchBox {...searchBox} />
      </div>
      <div className="grid grid-cols-2 gap-2">
        <div>
          <label htmlFor={regionId} className="field-label text-small">
            {t('region.picker')}
          </label>
          <select
            id={regionId}
            className="field"
            value={filter.region ?? ''}
            onChange={(event) => go({ region: event.target.value || null })}
          >
            <option value="">{t('region.all')}</option>
            {regions.map((region) => (
              <option key={region.slug} value={region.slug}>
                {region.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={categoryId} className="field-label text-small">
            {t('list.categoryFilter')}
          </label>
          <select
            id={categoryId}
            className="field"
            value={filter.category ?? ''}
            onChange={(event) => go({ category: event.target.value || null })}
          >
            <option value="">{t('list.allCategoriesOption')}</option>
            {categories.map((category) => (
              <option key={category.slug} value={category.slug}>
                {category.name}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}

/** UI-LIST-09: plain links to other categories here and this category elsewhere. */
export function RelatedLinks({ filter, landing }: { filter: ListFilter; landing: LandingReply }) {
  const { t } = useTranslation();
  const inRegion = landing.related.categories_in_region.filter((c) => c.slug !== filter.category).slice(0, 8);
  const elsewhere = landing.related.category_in_regions.filter((r) => r.slug !== filter.region);
  if (inRegion.length === 0 && elsewhere.length === 0) return null;
  return (
    <div className="page space-y-4 py-4">
      {inRegion.length > 0 && landing.region && (
        <nav aria-labelledby="related-categories">
          <h2 id="related-categories" className="mb-1 text-h2 font-bold">
            {t('list.relatedCategories', { region: landing.region.name })}
          </h2>
          <ul className="flex flex-wrap gap-x-4">
            {inRegion.map((category) => (
              <li key={category.slug}>
                <Link
                  to={listPath({ region: filter.region, category: category.slug, q: '' })}
                  className="link inline-flex min-h-11 items-center"
                >
                  {t('list.relatedCount', { name: category.name, count: category.count })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {elsewhere.length > 0 && landing.category && (
        <nav aria-labelledby="related-regions">
          <h2 id="related-regions" className="mb-1 text-h2 font-bold">
            {t('list.relatedRegions', { category: landing.category.name })}
          </h2>
          <ul className="flex flex-wrap gap-x-4">
            {elsewhere.map((region) => (
              <li key={region.slug}>
                <Link
                  to={listPath({ region: region.slug, category: filter.category, q: '' })}
                  className="link inline-flex min-h-11 items-center"
                >
                  {t('list.relatedCount', { name: region.name, count: region.count })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}
