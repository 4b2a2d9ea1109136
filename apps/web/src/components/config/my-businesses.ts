import { useQuery } from '@tanstack/react-query';
import { useMatch } from 'react-router';
import { apiGetPage } from '../../lib/api';
import type { MyBusiness } from '../../lib/config/types';
import { useMe } from '../../lib/session';
import { myBusinessesKey } from '../../pages/config/business-context';

/**
 * The signed-in person's businesses as the shell needs them (switcher, navigation, current business).
 * One page of the API's maximum covers every real owner; the home screen pages through all of them.
 * Keys start with `myBusinessesKey`, so one invalidation after a create, a leave or a status change
 * refreshes the shell and the home list together.
 */
export const NAV_PAGE_SIZE = 100;

export function useMyBusinesses() {
  return useQuery({
    queryKey: myBusinessesKey,
    queryFn: async ({ signal }) => {
      const { items, pagination } = await apiGetPage<MyBusiness>('/users/me/businesses', {
        signal,
        query: { limit: NAV_PAGE_SIZE },
      });
      return { items, pagination };
    },
    staleTime: 60_000,
  });
}

const storageKey = (userId: string) => `tafuta_config_business_${userId}`;

/** UI-DASH-02: the business last opened on this phone, per person, so Business/Services return there. */
export function rememberBusiness(userId: string, businessId: string): void {
  try {
    window.localStorage.setItem(storageKey(userId), businessId);
  } catch {
    // Storage off: the first business is the fallback.
  }
}

function rememberedBusiness(userId: string): string | null {
  try {
    return window.localStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
}

/** The `:id` of `/config/business/:id/*`, if the screen is one business's (the wizard's "new" is not). */
export function useBusinessIdInUrl(): string | null {
  const match = useMatch('/config/business/:id/*');
  const id = match?.params.id;
  return id && id !== 'new' ? id : null;
}

/**
 * "Current business": the one in the URL, else the last one visited (if still ours — UI-DASH-05), else
 * the first. Null while loading or when the person has no business.
 */
export function useCurrentBusinessEntry(): {
  id: string | null;
  entry: MyBusiness | null;
  all: MyBusiness[];
} {
  const me = useMe().data;
  const list = useMyBusinesses().data?.items ?? [];
  const inUrl = useBusinessIdInUrl();
  const remembered = me ? rememberedBusiness(me.user_id) : null;
  const known = (id: string | null) => (id ? (list.find((entry) => entry.business_id === id) ?? null) : null);
  const entry = known(inUrl) ?? known(remembered) ?? list[0] ?? null;
  return { id: inUrl ?? entry?.business_id ?? null, entry: inUrl && !known(inUrl) ? null : entry, all: list };
}
