import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import { shouldRetry } from './api';
import { invalidateLight, setLightData } from './light-query';
import { loadMe, ME_KEY } from './session';

/**
 * TanStack Query for the lazy pages (sign-in, registration, legal pages, back office …). This module is
 * only imported by lazy route chunks (router.tsx `withQueryClient`), so the ~11 KB library stays out of
 * the entry bundle; the first view uses lib/light-query.ts.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    // Two retries with backoff for network and 5xx failures only; a 4xx answer will not change.
    queries: { retry: shouldRetry, refetchOnWindowFocus: false },
  },
});

// The header shows the signed-in person from the light cache: mirror what pages write to ME_KEY here
// (sign-in, sign-out, the back office's invalidation after a staff sign-in).
queryClient.getQueryCache().subscribe((event) => {
  if ((event.query.queryKey as readonly unknown[])[0] !== ME_KEY[0]) return;
  if (event.type === 'updated' && event.action.type === 'success') {
    setLightData(ME_KEY, event.query.state.data ?? null);
  } else if (event.type === 'updated' && event.action.type === 'invalidate') {
    invalidateLight(ME_KEY, loadMe);
  }
});

export function QueryProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

/** Wraps a lazily loaded page in the provider (router.tsx). */
export function withQueryClient<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  function WithQueryClient(props: P) {
    return (
      <QueryClientProvider client={queryClient}>
        <Page {...props} />
      </QueryClientProvider>
    );
  }
  return WithQueryClient;
}
