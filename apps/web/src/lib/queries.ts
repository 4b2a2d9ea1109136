import { useTranslation } from 'react-i18next';
import { apiGet } from './api';
import { useLightQuery as useQuery } from './light-query';
import { withSavedBusiness } from './offline';
import type {
  LandingReply,
  PublicBusiness,
  PublicCategory,
  PublicRegion,
  PublicSettings,
  TermsCurrent,
} from './api-types';

/**
 * Server state of the public pages. Reference data changes rarely, so it stays fresh for minutes.
 * These run on the light cache (lib/light-query.ts), not TanStack Query, because the header, footer and
 * list view use them and must stay inside the entry bundle's budget.
 */

const FIVE_MINUTES = 5 * 60_000;

export function useLanguage(): string {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage ?? 'en';
}

export function useCategories(region: string | null) {
  const lang = useLanguage();
  return useQuery({
    queryKey: ['categories', region, lang],
    queryFn: ({ signal }) =>
      apiGet<PublicCategory[]>('/categories', {
        signal,
        query: { region: region ?? undefined, lang, limit: 100 },
      }),
    staleTime: FIVE_MINUTES,
  });
}

export function useRegions() {
  const lang = useLanguage();
  return useQuery({
    queryKey: ['regions', lang],
    queryFn: ({ signal }) => apiGet<PublicRegion[]>('/regions', { signal, query: { lang, limit: 100 } }),
    staleTime: FIVE_MINUTES,
  });
}

export function usePublicSettings() {
  return useQuery({
    queryKey: ['public-settings'],
    queryFn: ({ signal }) => apiGet<PublicSettings>('/public/settings', { signal }),
    staleTime: FIVE_MINUTES,
  });
}

export function useLanding(region: string | null, category: string | null, enabled: boolean) {
  const lang = useLanguage();
  return useQuery({
    queryKey: ['landing', region, category, lang],
    queryFn: ({ signal }) =>
      apiGet<LandingReply>('/search/landing', {
        signal,
        query: { region: region ?? undefined, category: category ?? undefined, lang },
      }),
    enabled,
    staleTime: FIVE_MINUTES,
  });
}

export function usePublicBusiness(tag: string) {
  const lang = useLanguage();
  return useQuery({
    queryKey: ['public-business', tag, lang],
    enabled: tag !== '',
    // Offline hook (lib/offline): keeps a copy of each business opened, and answers from it with no network.
    queryFn: ({ signal }) =>
      withSavedBusiness(tag, () =>
        apiGet<PublicBusiness>(`/public/businesses/${encodeURIComponent(tag)}`, { signal, query: { lang } }),
      ),
  });
}

export function useTerms() {
  return useQuery({
    queryKey: ['terms-current'],
    queryFn: ({ signal }) => apiGet<TermsCurrent>('/terms/current', { signal }),
    staleTime: FIVE_MINUTES,
  });
}
