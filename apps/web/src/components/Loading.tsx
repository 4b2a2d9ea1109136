import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="mx-auto max-w-3xl px-4 py-8 text-neutral-700">
      {t('common.loading')}
    </p>
  );
}
