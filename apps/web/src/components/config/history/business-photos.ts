import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api';

/** MEDIA-260 list rows (apps/api/src/modules/media/media.view.ts), only what these screens read. */
export interface BusinessPhoto {
  slug: string;
  image_type: string;
  name: string;
  shown: boolean;
  /** Size tag → URL; only sizes that exist. */
  urls: Record<string, string>;
}

export interface PhotoTypeList {
  image_type: string;
  count: number;
  effective_limit: number;
  requires_service: string | null;
  service_active: boolean | null;
  images: BusinessPhoto[];
}

export const businessPhotosKey = (businessId: string) => ['config', 'photos', businessId] as const;

export function useBusinessPhotos(businessId: string) {
  return useQuery({
    queryKey: businessPhotosKey(businessId),
    queryFn: ({ signal }) =>
      apiGet<{ image_types: PhotoTypeList[] }>(`/businesses/${businessId}/photos`, { signal }),
    select: (reply) => reply.image_types,
  });
}

/** The smallest picture of a photo: a thumbnail for the list screens, never the full size. */
const SMALL_FIRST = ['thumb', 'icon', '300x100', 'small', 'medium'];
export function smallUrl(photo: BusinessPhoto): string | undefined {
  for (const size of SMALL_FIRST) if (photo.urls[size]) return photo.urls[size];
  return Object.values(photo.urls)[0];
}

/** Every existing photo by tag, across types. */
export function photosBySlug(types: PhotoTypeList[] | undefined): Map<string, BusinessPhoto> {
  return new Map((types ?? []).flatMap((type) => type.images.map((photo) => [photo.slug, photo] as const)));
}
