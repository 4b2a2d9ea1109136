import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/** UI-STAT-01: plain text inside the public shell. */
export default function AboutPage() {
  const { t } = useTranslation();
  return (
    <article className="page space-y-4 py-6">
      <title>{t('meta.pageTitle', { title: t('about.title') })}</title>
      <h1 className="text-h1 font-bold">{t('about.title')}</h1>
      <p>{t('about.body1')}</p>
      <p>{t('about.body2')}</p>
      <p>{t('about.body3')}</p>
      <Link to="/list-your-business" className="btn-primary">
        {t('prompt.action')}
      </Link>
    </article>
  );
}
