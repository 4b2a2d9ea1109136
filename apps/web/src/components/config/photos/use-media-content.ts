import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, apiSend } from '../../../lib/api';
import type { BusinessPrivate } from '../../../lib/config/types';
import { useCurrentBusiness } from '../../../pages/config/business-context';
import { photosKey } from './photo-api';
import { captionPatch, captionsOf, type Captions } from './media-order';

/**
 * Saves order, visibility and captions (media-order.ts) through the ordinary content save with
 * `base_version`, sending only the keys that changed, so they never overwrite someone else's text edit;
 * a stale version reloads the business and the error is shown.
 */
export function useMediaContent() {
  const current = useCurrentBusiness();
  const { business } = current;
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  async function save(content: Record<string, unknown>): Promise<void> {
    setBusy(true);
    try {
      const reply = await apiSend<{ business: BusinessPrivate }>(
        'PATCH',
        `/businesses/${business.business_id}`,
        {
          base_version: business.content_version,
          content,
        },
      );
      current.setBusiness(reply.business);
      await queryClient.invalidateQueries({ queryKey: photosKey(business.business_id) });
    } catch (error) {
      // Someone saved meanwhile: load their version so the next try starts from it.
      if (error instanceof ApiError && error.code === 'CONFLICT') await current.refresh();
      throw error;
    } finally {
      setBusy(false);
    }
  }

  return {
    busy,
    setOrder: (type: string, slugs: string[]) => save({ media: { [type]: slugs } }),
    setCaptions(slug: string, next: Captions) {
      const website = captionPatch(captionsOf(business, slug), next, slug);
      return website ? save({ website }) : Promise.resolve();
    },
  };
}
