import fs from 'node:fs/promises';
import path from 'node:path';
import type { PhotoTypeView, PhotoView } from '@tafuta/contracts/photos';
import type { Logger } from '../../http/logger.js';
import type { MediaRefs } from './media-content.js';
import type { MediaType, PipelineConfig } from './pipeline-config.js';
import { imagesOfType, type StoredImage } from './spec-file.js';

/** The owner-facing shape of images (MEDIA-260 list rows, the upload reply of MEDIA-117). */

const unixSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000) || 0;

export async function photoView(input: {
  folder: string;
  mediaBaseUrl: string;
  type: MediaType;
  image: StoredImage;
  shown: boolean;
}): Promise<PhotoView> {
  const { image, type } = input;
  const names = new Set(await fs.readdir(path.join(input.folder, type.key)).catch(() => [] as string[]));
  const version = unixSeconds(image.spec.updated_at);
  const base = `${input.mediaBaseUrl.replace(/\/+$/, '')}/${path.basename(input.folder)}/${type.key}`;
  const urls: Record<string, string> = {};
  for (const size of type.sizes) {
    const file = `${image.slug}_${size.tag}.webp`;
    if (names.has(file)) urls[size.tag] = `${base}/${file}?v=${version}`;
  }
  return {
    slug: image.slug,
    image_type: type.key,
    name: image.spec.name,
    source_width: image.spec.source_width,
    source_height: image.spec.source_height,
    uploaded_by: image.spec.uploaded_by,
    uploaded_at: image.spec.uploaded_at,
    updated_at: image.spec.updated_at,
    transform: image.spec.transform,
    shown: input.shown,
    urls,
  };
}

/** MEDIA-253: the effective limit, which is also the display cap of a gated type without its service. */
export function effectiveLimit(type: MediaType, serviceActive: boolean | null): number {
  return type.requiresService && serviceActive === false ? type.maxImagesWithoutService : type.maxImages;
}

/**
 * MEDIA-260 list: per configured type, `content_json` order first, then unreferenced images by upload
 * time; `shown` = referenced and within the cap.
 */
export async function listView(input: {
  folder: string;
  mediaBaseUrl: string;
  config: PipelineConfig;
  refs: MediaRefs;
  serviceActive: (serviceType: string) => Promise<boolean>;
  logger: Pick<Logger, 'error' | 'warn'>;
}): Promise<PhotoTypeView[]> {
  const views: PhotoTypeView[] = [];
  for (const type of input.config.types) {
    const images = await imagesOfType(input.folder, type.key, input.logger);
    const active = type.requiresService ? await input.serviceActive(type.requiresService) : null;
    const limit = effectiveLimit(type, active);
    const referenced = (input.refs[type.key] ?? []).filter((slug) => images.some((i) => i.slug === slug));
    const ordered = [
      ...referenced.map((slug) => images.find((image) => image.slug === slug)!),
      ...images.filter((image) => !referenced.includes(image.slug)),
    ];
    const rows: PhotoView[] = [];
    for (const image of ordered) {
      const position = referenced.indexOf(image.slug);
      rows.push(
        await photoView({
          folder: input.folder,
          mediaBaseUrl: input.mediaBaseUrl,
          type,
          image,
          shown: position >= 0 && position < limit,
        }),
      );
    }
    views.push({
      image_type: type.key,
      label: type.label,
      count: images.length,
      effective_limit: limit,
      requires_service: type.requiresService,
      service_active: active,
      images: rows,
    });
  }
  return views;
}
