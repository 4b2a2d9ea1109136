import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { apiGet } from '../../lib/api';
import { can, type DashboardAction } from '../../lib/config/roles';
import type { BusinessPrivate } from '../../lib/config/types';

/**
 * The business every `/config/business/:id/*` screen works on, loaded once by the business frame and
 * shared through context, so the banner, the navigation and the editors read one copy. Editors call
 * `refresh()` after a save (or `setBusiness` with the saved reply) so the header's version and status
 * follow.
 */
export const businessKey = (id: string) => ['config', 'business', id] as const;
export const myBusinessesKey = ['config', 'my-businesses'] as const;

export function useBusinessQuery(id: string | undefined) {
  return useQuery({
    queryKey: businessKey(id ?? ''),
    queryFn: ({ signal }) => apiGet<BusinessPrivate>(`/businesses/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

interface BusinessContextValue {
  business: BusinessPrivate;
  // Function-valued properties, not methods: screens destructure them (`const { can } = …`).
  /** Whether the signed-in person's role allows `action` (UI-DASH-03). */
  can: (action: DashboardAction) => boolean;
  /** Editors are read-only while suspended (UI-DASH-09). */
  readOnly: boolean;
  refresh: () => Promise<void>;
  setBusiness: (next: BusinessPrivate) => void;
}

const BusinessContext = createContext<BusinessContextValue | null>(null);

export function BusinessProvider({ business, children }: { business: BusinessPrivate; children: ReactNode }) {
  const queryClient = useQueryClient();
  const key = businessKey(business.business_id);
  const value: BusinessContextValue = {
    business,
    can: (action) => can(business.your_role, action),
    readOnly: business.status === 'suspended',
    refresh: () => queryClient.invalidateQueries({ queryKey: key }),
    setBusiness: (next) => queryClient.setQueryData(key, next),
  };
  return <BusinessContext.Provider value={value}>{children}</BusinessContext.Provider>;
}

/** The current business; only inside the business frame (ConfigApp's `business/:id` routes). */
export function useCurrentBusiness(): BusinessContextValue {
  const value = useContext(BusinessContext);
  if (!value) throw new Error('useCurrentBusiness outside a BusinessProvider');
  return value;
}

export function useBusinessId(): string {
  const { id } = useParams();
  return id ?? '';
}
