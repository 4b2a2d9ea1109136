import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="page py-8 text-grey-600">
      {t('common.loading')}
    </p>
  );
}
