import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiGet, shouldRetry } from '../../../lib/api';
import type { Profile } from '../../../lib/api-types';
import { clearCart } from '../../../lib/config/cart';
import { clearAllDrafts } from '../../../lib/drafts';
import { signedIn } from '../../../lib/session';

/** EP-ME-01 in full: what My account shows and edits (users/profile.ts `profileView`). */
export interface AccountProfile extends Profile {
  email: string | null;
  physical_address: string | null;
  profile_photo_url: string | null;
  preferences: { marketing_sms_opt_in: boolean; marketing_email_opt_in: boolean };
}

export const accountKey = ['config', 'account'] as const;

export function useAccount() {
  return useQuery({
    queryKey: accountKey,
    queryFn: ({ signal }) => apiGet<AccountProfile>('/users/me', { signal }),
    retry: shouldRetry,
  });
}

/** After a save: this screen, the header and every page reading `useMe` show the new profile at once. */
export function useAccountSaved() {
  const queryClient = useQueryClient();
  return (profile: AccountProfile) => {
    queryClient.setQueryData(accountKey, profile);
    signedIn(queryClient, profile);
  };
}

/** UI-ACC-05: nothing typed or chosen by this person stays on a shared phone. */
export function forgetOnThisPhone(userId: string | undefined): void {
  clearAllDrafts();
  if (userId) clearCart(userId);
}

/** EP-ME-04: the photo goes as multipart (the API helper sends JSON only). */
export async function uploadPhoto(file: File): Promise<string | null> {
  const body = new FormData();
  body.append('file', file);
  let response: Response;
  try {
    response = await fetch('/api/users/me/photo', { method: 'POST', body, credentials: 'same-origin' });
  } catch {
    throw new ApiError('NETWORK_ERROR', 0);
  }
  const envelope = (await response.json().catch(() => ({}))) as {
    data?: { profile_photo_url: string | null };
    error?: Record<string, unknown> & { code?: string };
  };
  if (!response.ok) {
    const code = typeof envelope.error?.code === 'string' ? envelope.error.code : 'UNKNOWN_ERROR';
    throw new ApiError(code as ApiError['code'], response.status, envelope.error ?? {});
  }
  return envelope.data?.profile_photo_url ?? null;
}
