import { Menu, MenuButton, MenuItem, MenuItems } from '@headlessui/react';
import { Check, ChevronsUpDown } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import type { MyBusiness } from '../../lib/config/types';
import { StatusChip } from './StatusChip';

/** The same screen of another business: switching on Photos lands on that business's Photos. */
function switchedPath(pathname: string, from: string | null, to: string): string {
  const prefix = from ? `/config/business/${from}` : null;
  if (prefix && (pathname === prefix || pathname.startsWith(`${prefix}/`))) {
    // A numbered history version belongs to one business; its list is the nearest equivalent.
    const rest = pathname.slice(prefix.length).replace(/^\/history\/.+$/, '/history');
    return `/config/business/${to}${rest}`;
  }
  return `/config/business/${to}`;
}

/** UI-DASH-01: shown only to people in more than one business. */
export function BusinessSwitcher({
  businesses,
  currentId,
}: {
  businesses: MyBusiness[];
  currentId: string | null;
}) {
  const { t } = useTranslation('config');
  const { pathname } = useLocation();
  if (businesses.length < 2) return null;
  const current = businesses.find((entry) => entry.business_id === currentId);
  return (
    <Menu as="div" className="relative max-w-xs min-w-0">
      <MenuButton
        aria-label={t('shell.switcher.label', { name: current?.business_name ?? t('shell.switcher.none') })}
        className="btn w-full min-w-0 justify-between gap-1 border border-grey-200 px-3 text-small hover:bg-grey-50"
      >
        <span className="truncate">{current?.business_name ?? t('shell.switcher.none')}</span>
        <ChevronsUpDown size={16} aria-hidden="true" className="shrink-0" />
      </MenuButton>
      <MenuItems
        anchor="bottom start"
        className="card z-40 mt-1 max-h-[70dvh] w-72 max-w-[calc(100vw-1rem)] overflow-y-auto p-1 focus:outline-none"
      >
        {businesses.map((entry) => (
          <MenuItem key={entry.business_id}>
            <Link
              to={switchedPath(pathname, currentId, entry.business_id)}
              aria-current={entry.business_id === currentId ? 'true' : undefined}
              className="flex min-h-11 items-center gap-2 rounded-lg px-3 py-1 data-focus:bg-brand-50"
            >
              <span className="w-5 shrink-0">
                {entry.business_id === currentId && (
                  <Check size={18} aria-hidden="true" className="text-brand-700" />
                )}
              </span>
              <span className="min-w-0 flex-1 truncate font-semibold">{entry.business_name}</span>
              <StatusChip status={entry.status} reviewState={entry.review_state} compact />
            </Link>
          </MenuItem>
        ))}
      </MenuItems>
    </Menu>
  );
}
