import type { QueryClient } from '@tanstack/react-query';
import { ApiError, apiGet } from './api';
import { setLightData, useLightQuery } from './light-query';
import type { Profile } from './api-types';

/**
 * The signed-in person, from GET /api/users/me. 401 means "signed out" (null), not an error.
 * Sessions live in an HttpOnly cookie the page cannot read, so asking the server is the only way.
 */
export const ME_KEY = ['me'] as const;

/**
 * A non-secret hint that this device signed in. Anonymous visitors (most of them) then never ask
 * /api/users/me, which saves a 3G round trip and a 401 on every page load. The session itself stays
 * in the HttpOnly cookie; a stale hint only costs one request that answers 401 and clears it.
 */
const HINT_KEY = 'tafuta_signed_in';

export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(HINT_KEY, '1');
    else window.localStorage.removeItem(HINT_KEY);
  } catch {
    // Storage disabled: the next page load asks the server anyway.
  }
}

function maybeSignedIn(): boolean {
  try {
    return window.localStorage.getItem(HINT_KEY) === '1';
  } catch {
    return true;
  }
}

export async function fetchMe(signal?: AbortSignal): Promise<Profile | null> {
  try {
    const profile = await apiGet<Profile>('/users/me', { signal });
    rememberSignedIn(true);
    return profile;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      rememberSignedIn(false);
      return null;
    }
    throw error;
  }
}

export function loadMe({ signal }: { signal: AbortSignal }): Promise<Profile | null> {
  // Offline or API down: behave as signed out for the public pages rather than block them.
  return maybeSignedIn() ? fetchMe(signal).catch(() => null) : Promise.resolve(null);
}

/**
 * The header reads this on every page, so it lives on the light cache (lib/light-query.ts) with the
 * entry bundle. Writes to ME_KEY in TanStack Query (sign-in pages, back office) are mirrored into it
 * by lib/query-client.tsx.
 */
export function useMe() {
  return useLightQuery<Profile | null>({ queryKey: ME_KEY, queryFn: loadMe, staleTime: 60_000 });
}

/** After any successful sign-in: the reply's profile becomes the cached person. */
export function signedIn(queryClient: QueryClient, profile: Profile): void {
  rememberSignedIn(true);
  setLightData(ME_KEY, profile);
  queryClient.setQueryData(ME_KEY, profile);
}

/** UI-AUTH-08: only same-site relative paths (one leading "/") are followed after sign-in. */
export function safeReturnTo(value: string | null | undefined, fallback = '/config'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
