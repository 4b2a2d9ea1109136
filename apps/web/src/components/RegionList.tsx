import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { REGIONS } from '../lib/regions';

export function RegionList() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="regions-heading" className="space-y-3">
      <h2 id="regions-heading" className="text-xl font-bold">
        {t('regions.heading')}
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2">
        {REGIONS.map((region) => (
          <li key={region}>
            {/* Until region pages exist, a region opens search scoped to it. */}
            <Link
              to={{ pathname: '/search', search: `?region=${region}` }}
              className="block min-h-11 rounded-lg border-2 border-neutral-300 p-4 hover:border-brand-dark"
            >
              <span className="block text-lg font-semibold text-brand-dark underline underline-offset-2">
                {t(`regions.${region}.name`)}
              </span>
              <span className="block text-sm text-neutral-700">{t(`regions.${region}.description`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
