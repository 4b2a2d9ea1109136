import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/admin/AdminUi';

export default function AdminNotFound() {
  const { t } = useTranslation('admin');
  return (
    <div>
      <PageHeader title={t('notFound.title')} />
      <p className="mb-3">{t('notFound.body')}</p>
      <Link className="btn-primary" to="/admin">
        {t('nav.dashboard')}
      </Link>
    </div>
  );
}
