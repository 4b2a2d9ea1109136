import { Menu, X } from 'lucide-react';
import { useId, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/session';
import { LanguageSwitcher } from './LanguageSwitcher';
import { Logo } from './Logo';

/** UI-NAV-01: white pill header, logo home, language switcher, menu. Not sticky. */
export function Header() {
  const { t } = useTranslation();
  const me = useMe();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const location = useLocation();
  // A navigation closes the menu (state adjusted during render, not in an effect).
  const [menuPath, setMenuPath] = useState(location.pathname);
  if (menuPath !== location.pathname) {
    setMenuPath(location.pathname);
    setMenuOpen(false);
  }

  const links = [
    me.data ? { to: '/config', label: t('nav.myAccount') } : { to: '/login', label: t('nav.login') },
    { to: '/list-your-business', label: t('nav.listBusiness') },
    { to: '/about', label: t('nav.about') },
    { to: '/contact', label: t('nav.contact') },
  ];

  return (
    <header className="px-2 pt-2">
      <div className="mx-auto flex min-h-14 max-w-160 items-center justify-between gap-2 rounded-full bg-white px-3 shadow-[0_1px_3px_rgba(0,0,0,0.08)]">
        <Link to="/" aria-label={t('nav.home')} className="flex min-h-11 items-center rounded-full">
          <Logo />
        </Link>
        <div className="flex items-center gap-1">
          <LanguageSwitcher />
          <button
            type="button"
            aria-expanded={menuOpen}
            aria-controls={menuId}
            aria-label={menuOpen ? t('nav.closeMenu') : t('nav.menu')}
            onClick={() => setMenuOpen((open) => !open)}
            className="btn px-2 hover:bg-grey-50"
          >
            {menuOpen ? <X size={24} aria-hidden="true" /> : <Menu size={24} aria-hidden="true" />}
          </button>
        </div>
      </div>
      {menuOpen && (
        <nav id={menuId} aria-label={t('nav.menu')} className="card mx-auto mt-2 max-w-160 p-2">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <Link
                  to={link.to}
                  className="flex min-h-11 items-center rounded-lg px-3 font-semibold hover:bg-brand-50"
                >
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}
