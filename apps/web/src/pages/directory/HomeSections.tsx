import { LayoutGrid } from 'lucide-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CategoryIcon } from '../../components/CategoryIcon';
import type { AdItem } from '../../lib/api-types';
import { listPath } from '../../lib/filters';
import { useCategories, useRegions } from '../../lib/queries';

/** UI-HOME-01 region picker chips: All · Machakos · Kisumu (from the regions API). */
export function RegionChips({
  region,
  onChange,
}: {
  region: string | null;
  onChange: (region: string | null) => void;
}) {
  const { t } = useTranslation();
  const regions = useRegions();
  const options = [{ slug: null, name: t('region.all') }, ...(regions.data ?? [])];
  return (
    <div role="group" aria-label={t('region.picker')} className="flex flex-wrap gap-2">
      {options.map((option) => (
        <button
          key={option.slug ?? 'all'}
          type="button"
          aria-pressed={option.slug === region}
          onClick={() => onChange(option.slug)}
          className={option.slug === region ? 'chip-selected' : 'chip bg-white'}
        >
          {option.name}
        </button>
      ))}
    </div>
  );
}

/**
 * UI-HOME-01 §3: up to 8 tiles (admin order), categories with no business in the region hidden,
 * the last tile "All categories".
 */
export function CategoryGrid({ region }: { region: string | null }) {
  const { t } = useTranslation();
  const categories = useCategories(region);
  const tiles = (categories.data ?? []).filter((category) => category.business_count > 0).slice(0, 7);
  const tile =
    'flex min-h-22 flex-col items-center justify-center gap-1 rounded-2xl bg-brand-50 p-2 text-center text-small font-semibold text-brand-700 hover:bg-brand-500 hover:text-ink';
  return (
    <section aria-labelledby="categories-heading" className="page space-y-3 py-6">
      <h2 id="categories-heading" className="text-h2 font-bold">
        {t('home.categoriesHeading')}
      </h2>
      <ul className="grid grid-cols-4 gap-2">
        {categories.isPending &&
          Array.from({ length: 8 }, (_, index) => (
            <li key={index} aria-hidden="true" className="skeleton h-22 rounded-2xl" />
          ))}
        {tiles.map((category) => (
          <li key={category.slug}>
            <Link to={listPath({ region, category: category.slug, q: '' })} className={tile}>
              <CategoryIcon icon={category.icon} />
              <span className="line-clamp-2 break-words">{category.name}</span>
            </Link>
          </li>
        ))}
        {!categories.isPending && (
          <li>
            <Link to="/categories" className={tile}>
              <LayoutGrid size={24} aria-hidden="true" />
              <span>{t('home.allCategories')}</span>
            </Link>
          </li>
        )}
      </ul>
    </section>
  );
}

/** UI-HOME-01 §4 / UI-CARD-04: hidden when the search reply carries no ads (all of them, for now). */
export function SponsoredStrip({ ads }: { ads: readonly AdItem[] }) {
  const { t } = useTranslation();
  if (ads.length === 0) return null;
  return (
    <section aria-labelledby="sponsored-heading" className="page space-y-3 py-4">
      <h2 id="sponsored-heading" className="text-h2 font-bold">
        {t('home.sponsored')}
      </h2>
      <ul className="flex snap-x gap-3 overflow-x-auto pb-2">
        {ads.map((ad) => (
          <li key={ad.ad_id} className="card w-64 shrink-0 snap-start p-4">
            <span className="rounded-full bg-ink px-2 py-0.5 text-small font-semibold text-white">
              {t('card.ad')}
            </span>
            <p className="mt-2 font-bold">{ad.name}</p>
            <p className="text-small text-grey-600">{ad.headline}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
