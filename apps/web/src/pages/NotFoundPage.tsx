import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageMessage } from '../components/PageMessage';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <PageMessage
      title={t('notFound.title')}
      body={t('notFound.body')}
      action={
        <Link to="/" className="btn-primary">
          {t('notFound.action')}
        </Link>
      }
    />
  );
}
