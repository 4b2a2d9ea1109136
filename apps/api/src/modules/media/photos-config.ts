import { orderedEntries } from '../../lib/flexjson/index.js';
import type { MediaAppConfig } from './app-config.js';

/**
 * `GET /api/photos/config` (MEDIA-260, MEDIA-110): the loaded `app-config.jfx` as the upload dialog and
 * photo manager need it. Image types and sizes are arrays, because their order is the file's order (the
 * UI's tab order, MEDIA-082) and JSON objects do not keep the order of integer-like keys such as "600".
 */

export interface PhotosConfigSize {
  tag: string;
  width: number;
  height: number;
}

export interface PhotosConfigType {
  key: string;
  label: string;
  max_images: number;
  requires_service: string | null;
  max_images_without_service: number;
  primary_size: string;
  sizes: PhotosConfigSize[];
}

export interface PhotosConfig {
  config_version: string;
  max_upload_size_mb: number;
  max_upload_bytes: number;
  accepted_formats: string[];
  image_types: PhotosConfigType[];
}

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
