import type { PhotosConfig } from '@tafuta/contracts/photos';
import { orderedEntries } from '../../lib/flexjson/index.js';
import type { MediaAppConfig } from './app-config.js';

/**
 * `GET /api/photos/config` (MEDIA-260, MEDIA-110): the loaded `app-config.jfx` as the upload dialog and
 * photo manager need it, in the order of the file (the UI's tab order, MEDIA-082).
 */

export function photosConfigView(config: MediaAppConfig): PhotosConfig {
  return {
    config_version: config.config_version,
    max_upload_size_mb: config.max_upload_size_mb,
    max_upload_bytes: config.max_upload_bytes,
    accepted_formats: [...config.accepted_formats],
    image_types: orderedEntries(config.image_types).map(([key, type]) => ({
      key,
      label: type.label,
      max_images: type.max_images,
      requires_service: type.requires_service ?? null,
      max_images_without_service: type.max_images_without_service,
      primary_size: type.primary_size,
      sizes: orderedEntries(type.sizes).map(([tag, size]) => ({
        tag,
        width: size.width,
        height: size.height,
      })),
    })),
  };
}
