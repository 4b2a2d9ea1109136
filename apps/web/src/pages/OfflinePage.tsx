import { useTranslation } from 'react-i18next';
import { PageMessage } from '../components/PageMessage';
import { SavedForOffline } from '../lib/offline/SavedForOffline';

/** UI-PWA-13: short message in English and Kiswahili, and Try again. */
export default function OfflinePage() {
  const { t } = useTranslation();
  return (
    <PageMessage title={t('offline.title')} body={t('offline.body')}>
      <p lang="sw" className="text-grey-600">
        {t('offline.bodySw')}
      </p>
      {/* A plain <a>, not a router <Link>: a full page load really goes back to the network. */}
      <a href="/" className="btn-primary">
        {t('offline.action')}
      </a>
      <SavedForOffline />
    </PageMessage>
  );
}
