import { useTranslation } from 'react-i18next';
import { PageMessage } from '../components/PageMessage';

export default function OfflinePage() {
  const { t } = useTranslation();
  return (
    <PageMessage
      title={t('offline.title')}
      body={t('offline.body')}
      action={
        // A plain <a>, not a router <Link>: a full page load really goes back to the network.
        <a href="/" className="btn-primary">
          {t('offline.action')}
        </a>
      }
    />
  );
}
