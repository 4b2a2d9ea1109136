import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from './LanguagePicker';

export function Header() {
  const { t } = useTranslation();
  return (
    // Black header so the orange wordmark reaches 5.7:1 contrast (orange on white would be 3.7:1).
    <header className="bg-ink text-white">
      <div className="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-2">
        <Link
          to="/"
          aria-label={t('nav.home')}
          className="flex min-h-11 items-center text-2xl font-extrabold tracking-tight text-brand"
        >
          Tafuta
        </Link>
        <LanguagePicker />
      </div>
    </header>
  );
}
