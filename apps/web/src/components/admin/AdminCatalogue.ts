import { useQuery } from '@tanstack/react-query';
import type { StaffCategory, StaffRegion } from '@tafuta/contracts';
import { apiGetPage } from '../../lib/api';

/** Staff lists of categories and regions (every language; inactive ones too), 100 per page is all of them. */
export function useStaffCatalogue<K extends 'categories' | 'regions'>(kind: K) {
  return useQuery({
    queryKey: ['admin', kind],
    queryFn: async ({ signal }) => {
      const { items } = await apiGetPage<K extends 'categories' ? StaffCategory : StaffRegion>(
        `/admin/${kind}`,
        {
          signal,
          query: { limit: 100 },
        },
      );
      return { items };
    },
    staleTime: 5 * 60_000,
  });
}

/** English name of a slug, or the slug itself while the list loads. */
export function nameOf(items: { slug: string; names: { en?: string } }[] | undefined, slug: string): string {
  return items?.find((item) => item.slug === slug)?.names.en ?? slug;
}
