import path from 'node:path';
import { invalidInput } from '../../http/errors.js';
import { mediaOf } from './media-content.js';
import { exists, folderName, SEGMENT } from './storage.js';

/**
 * MEDIA-221: a content save may reorder or remove `media` slugs (hiding an image keeps its files) but may
 * only add a slug whose image exists in that type, i.e. `{type}/{slug}.jfx` is in the business folder
 * (MEDIA-140: an image exists if and only if its spec does). Slugs already referenced are left alone even
 * if their image is gone: renderers skip them. The caller holds the business row lock, which a tag
 * rename also takes, so the folder name matches the row's tag.
 */
export async function assertAddedMediaExists(
  mediaPath: string,
  business: { business_id: string; business_tag: string },
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Promise<void> {
  const [was, is] = [mediaOf(before), mediaOf(after)];
  const folder = path.join(mediaPath, folderName(business.business_tag, business.business_id));
  for (const [type, slugs] of Object.entries(is)) {
    for (const [index, slug] of slugs.entries()) {
      if (was[type]?.includes(slug)) continue;
      const found =
        SEGMENT.test(type) && SEGMENT.test(slug) && (await exists(path.join(folder, type, `${slug}.jfx`)));
      if (!found) {
        throw invalidInput(`content.media.${type}: there is no ${type} photo "${slug}"`, [
          { field: `content.media.${type}.${index}`, code: 'not_allowed' },
        ]);
      }
    }
  }
}
