import { useTranslation } from 'react-i18next';
import { HealthStatus } from '../components/HealthStatus';
import { RegionList } from '../components/RegionList';
import { SearchForm } from '../components/SearchForm';

export default function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <title>{t('meta.homeTitle')}</title>
      {/* Black text on brand orange: 5.7:1, passes AA at any size (white would be 3.7:1). */}
      <section className="bg-brand text-ink">
        <div className="mx-auto max-w-3xl space-y-4 px-4 py-8">
          <h1 className="text-3xl leading-tight font-extrabold">{t('home.tagline')}</h1>
          <p className="text-lg">{t('home.intro')}</p>
          <SearchForm />
        </div>
      </section>
      <div className="mx-auto max-w-3xl space-y-8 px-4 py-8">
        <RegionList />
        <HealthStatus />
      </div>
    </>
  );
}
