import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/session';

/** ui.md §2.1: why list, free vs paid, agents, and the way in. Prices come with the Payments issue. */
export default function ListYourBusinessPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <article className="space-y-0">
      <title>{t('meta.pageTitle', { title: t('listBusiness.title') })}</title>
      <section className="bg-brand-500 text-ink">
        <div className="page space-y-3 py-8">
          <h1 className="text-display font-extrabold">{t('listBusiness.title')}</h1>
          <p>{t('listBusiness.intro')}</p>
        </div>
      </section>
      <div className="page space-y-4 py-6">
        <section className="card p-4">
          <h2 className="text-h2 font-bold">{t('listBusiness.freeTitle')}</h2>
          <p>{t('listBusiness.freeBody')}</p>
        </section>
        <section className="card p-4">
          <h2 className="text-h2 font-bold">{t('listBusiness.paidTitle')}</h2>
          <p>{t('listBusiness.paidBody')}</p>
        </section>
        <p>{t('listBusiness.agents')}</p>
        {me.data ? (
          <Link to="/config" className="btn-primary-lg">
            {t('listBusiness.addBusiness')}
          </Link>
        ) : (
          <Link to="/register" className="btn-primary-lg">
            {t('listBusiness.register')}
          </Link>
        )}
      </div>
    </article>
  );
}
