import { Menu, MenuButton, MenuItem, MenuItems } from '@headlessui/react';
import { CircleUser, LogOut, UserRound } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../lib/session';
import { useSignOut } from '../../lib/sign-out';

/** UI-DASH-01 user menu: My account, Log out (UI-AUTH-12: clear user state, then the home page). */
export function UserMenu() {
  const { t } = useTranslation('config');
  const me = useMe().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const itemClass =
    'flex min-h-11 w-full items-center gap-2 rounded-lg px-3 text-left data-focus:bg-brand-50';
  return (
    <Menu as="div" className="relative">
      <MenuButton aria-label={t('shell.userMenu.label')} className="btn px-2 hover:bg-grey-50">
        <CircleUser size={24} aria-hidden="true" />
      </MenuButton>
      <MenuItems anchor="bottom end" className="card z-40 mt-1 w-60 p-1 focus:outline-none">
        {me && (
          <p className="truncate px-3 py-2 text-small text-grey-600" aria-hidden="true">
            {me.full_name}
          </p>
        )}
        <MenuItem>
          <Link to="/config/profile" className={itemClass}>
            <UserRound size={20} aria-hidden="true" />
            {t('shell.userMenu.account')}
          </Link>
        </MenuItem>
        <MenuItem>
          <button
            type="button"
            className={itemClass}
            // useSignOut clears local state even when the request fails (offline); leave either way.
            onClick={() =>
              void signOut()
                .catch(() => undefined)
                .then(() => navigate('/', { replace: true }))
            }
          >
            <LogOut size={20} aria-hidden="true" />
            {t('shell.userMenu.logOut')}
          </button>
        </MenuItem>
      </MenuItems>
    </Menu>
  );
}
