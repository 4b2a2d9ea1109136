import { useQueryClient } from '@tanstack/react-query';
import { apiSend } from './api';
import { CART_KEY_PREFIX } from './config/cart-key';
import { clearAllDrafts, removeKeysStartingWith, type DraftStorage } from './drafts';
import { setLightData } from './light-query';
import { ME_KEY, rememberSignedIn } from './session';

/**
 * Log out. Only lazy screens offer it (the dashboard's user menu and account screen), so it lives
 * apart from lib/session.ts, which the first view loads: the public pages then never carry it, nor
 * TanStack Query's hooks.
 */

/** UI-SAVE-01, UI-ACC-05: phones are shared, so no one's unsaved input or cart outlives their session. */
export function forgetThisPhone(storage?: DraftStorage | null): void {
  clearAllDrafts(storage);
  removeKeysStartingWith(CART_KEY_PREFIX, storage);
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return async () => {
    try {
      await apiSend('POST', '/auth/logout');
    } finally {
      // UI-AUTH-12: clear user state and in-memory data, whatever the server said.
      forgetThisPhone();
      rememberSignedIn(false);
      setLightData(ME_KEY, null);
      queryClient.setQueryData(ME_KEY, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
    }
  };
}
