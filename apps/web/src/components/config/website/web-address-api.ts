import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api';

/** `GET /api/businesses/:id/subdomain` (modules/subdomains/web-address.service.ts). */
export interface WebAddress {
  current: {
    subdomain: string;
    website_url: string;
    dns_status: 'none' | 'pending' | 'active' | 'failed' | 'removing' | 'removed';
    assigned_at: string | null;
    /** UI-SUB-06: null when the address may change now. */
    next_change_at: string | null;
  } | null;
  redirects: { subdomain: string; website_url: string; redirect_until: string }[];
}

export const webAddressKey = (businessId: string) => ['config', 'web-address', businessId] as const;

/** UI-SUB-08: polls every 20 s while the DNS record is being set up, so "Setting up…" turns "Live". */
export function useWebAddress(businessId: string, enabled: boolean) {
  return useQuery({
    queryKey: webAddressKey(businessId),
    queryFn: ({ signal }) => apiGet<WebAddress>(`/businesses/${businessId}/subdomain`, { signal }),
    enabled,
    refetchInterval: (query) => (query.state.data?.current?.dns_status === 'pending' ? 20_000 : false),
  });
}

/** UI-SUB-02: lower case and spaces as hyphens while typing (the server normalises the same way). */
export function typedAddress(input: string): string {
  return input.toLowerCase().replace(/\s+/g, '-');
}
