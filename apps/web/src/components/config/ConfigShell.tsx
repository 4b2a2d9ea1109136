import { WifiOff } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOnline } from '../../lib/offline/use-online';
import { LanguageSwitcher } from '../LanguageSwitcher';
import { Logo, LogoIcon } from '../Logo';
import { BusinessSwitcher } from './BusinessSwitcher';
import { BottomNav, SideNav } from './ConfigNav';
import { useCurrentBusinessEntry } from './my-businesses';
import { NotificationsBell } from './NotificationsBell';
import { UserMenu } from './UserMenu';

/** UI-SAVE-05: said once for every screen; editors disable Save themselves. */
function OfflineBanner() {
  const { t } = useTranslation('config');
  const online = useOnline();
  if (online) return null;
  return (
    <div role="status" className="flex items-start gap-2 bg-warning-50 px-4 py-3 text-warning-800">
      <WifiOff size={20} aria-hidden="true" className="mt-0.5 shrink-0" />
      <p>{t('shell.offline')}</p>
    </div>
  );
}

/**
 * The dashboard frame (UI-DASH-01/02): header with logo, business switcher, bell, language and user
 * menu; a bottom bar on phones and a side navigation from 768 px. The dashboard never goes wider than
 * 960 px of content (UI-GEN-06).
 */
export function ConfigShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('config');
  const { id, entry, all } = useCurrentBusinessEntry();
  return (
    <div className="min-h-dvh bg-white text-ink">
      <meta name="robots" content="noindex, nofollow" />
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-3 focus:text-ink"
      >
        {t('nav.skipToContent')}
      </a>
      <header className="sticky top-0 z-30 border-b border-grey-200 bg-white shadow-[0_1px_3px_rgba(0,0,0,0.08)]">
        <div className="mx-auto flex min-h-14 max-w-[calc(960px+15rem)] items-center gap-1 px-2 md:px-4">
          <Link
            to="/"
            aria-label={tc('shell.header.home')}
            className="flex min-h-11 shrink-0 items-center rounded-full"
          >
            <span className="sm:hidden">
              <LogoIcon />
            </span>
            <span className="hidden sm:inline">
              <Logo />
            </span>
          </Link>
          <div className="min-w-0 flex-1 px-1">
            <BusinessSwitcher businesses={all} currentId={id} />
          </div>
          <NotificationsBell />
          <LanguageSwitcher />
          <UserMenu />
        </div>
      </header>
      <OfflineBanner />
      <div className="mx-auto flex max-w-[calc(960px+15rem)]">
        <aside className="hidden w-60 shrink-0 border-r border-grey-200 px-2 md:block">
          <SideNav current={entry} />
        </aside>
        {/* Room below for the fixed bottom bar on phones (56 px + safe area), so nothing hides behind it. */}
        <main
          id="main"
          tabIndex={-1}
          className="min-w-0 flex-1 pb-[calc(5rem+env(safe-area-inset-bottom))] focus:outline-none md:pb-10"
        >
          <div className="mx-auto w-full max-w-240 px-4 md:px-6">{children}</div>
        </main>
      </div>
      <BottomNav businessId={id} />
    </div>
  );
}
