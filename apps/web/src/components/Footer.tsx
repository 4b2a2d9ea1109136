import { useTranslation } from 'react-i18next';

// Read once at load: the year does not need to change while the page is open.
const YEAR = new Date().getFullYear();

export function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="bg-ink text-neutral-200">
      <div className="mx-auto max-w-3xl space-y-1 px-4 py-6 text-sm">
        <p>{t('footer.about')}</p>
        <p>{t('footer.copyright', { year: YEAR })}</p>
      </div>
    </footer>
  );
}
