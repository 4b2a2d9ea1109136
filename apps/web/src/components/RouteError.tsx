import { useTranslation } from 'react-i18next';
import { PageMessage } from './PageMessage';

/**
 * Shown when a route fails to render, most often because a lazy chunk could not be downloaded
 * (connection dropped, or a new deploy removed the old hashed file). A full reload fixes both.
 */
export function RouteError() {
  const { t } = useTranslation();
  return (
    <PageMessage title={t('error.title')} body={t('error.body')}>
      <button type="button" className="btn-primary" onClick={() => window.location.reload()}>
        {t('error.action')}
      </button>
    </PageMessage>
  );
}
