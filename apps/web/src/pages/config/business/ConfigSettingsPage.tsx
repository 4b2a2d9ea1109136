import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BusinessTagForm } from '../../../components/config/BusinessTagForm';
import { BusinessVisibility } from '../../../components/config/BusinessVisibility';
import { useCurrentBusiness } from '../business-context';

/**
 * `/config/business/:id/settings`, Owner only (UI-SET-01–04): the page link, hiding, closing and
 * reopening, and how to delete (not self-service). Other roles get the UI-DASH-05 message; the server
 * refuses them as well.
 */
export default function ConfigSettingsPage() {
  const { t } = useTranslation('config');
  const { t: tRoot } = useTranslation();
  const { business, can } = useCurrentBusiness();
  const title = t('shell.settings.title');
  return (
    <div className="space-y-4 py-4">
      <title>{tRoot('meta.pageTitle', { title: `${title} · ${business.business_name}` })}</title>
      <h1 className="text-h1 font-bold">{title}</h1>
      {can('settings.edit') ? (
        <>
          <BusinessTagForm />
          <BusinessVisibility />
          <section aria-labelledby="delete-title" className="card space-y-2 p-4">
            <h2 id="delete-title" className="text-h2 font-bold">
              {t('shell.settings.deleteTitle')}
            </h2>
            <p>{t('shell.settings.deleteBody')}</p>
            <Link to="/contact" className="link inline-flex min-h-11 items-center">
              {t('shell.settings.contact')}
            </Link>
          </section>
        </>
      ) : (
        <p role="alert" className="rounded-xl bg-error-50 p-3 text-error-700">
          {tRoot('errors.FORBIDDEN')}
        </p>
      )}
    </div>
  );
}
