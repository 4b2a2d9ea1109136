import { orderedEntries } from '../../lib/flexjson/index.js';

/**
 * The part of `app-config.jfx` (media.md §4) the pipeline uses, in the shape it needs: sizes as ordered
 * lists (file order is the UI's order, MEDIA-082) and the format list normalised. Built from the loaded
 * config (app-config.ts) by `pipelineConfigOf`, so the pipeline never depends on how that is stored.
 */

export type SourceFormat = 'jpg' | 'png' | 'gif' | 'webp';

export interface MediaSize {
  tag: string;
  width: number;
  height: number;
}

export interface MediaType {
  key: string;
  label: string;
  maxImages: number;
  requiresService: string | null;
  maxImagesWithoutService: number;
  sizes: MediaSize[];
  /** MEDIA-000 "Primary size": the largest area, the first listed on ties. */
  primarySize: MediaSize;
}

export interface PipelineConfig {
  version: string;
  maxUploadBytes: number;
  acceptedFormats: ReadonlySet<SourceFormat>;
  webpQuality: number;
  maxSourcePixels: number;
  minSourcePx: number;
  types: MediaType[];
}

/** The fields of media.md §4 as the config loader gives them (MediaAppConfig satisfies this). */
export interface AppConfigFields {
  max_upload_size_mb?: number | undefined;
  accepted_formats?: readonly string[] | undefined;
  webp_quality?: number | undefined;
  max_source_megapixels?: number | undefined;
  min_source_px?: number | undefined;
  image_types: Record<
    string,
    {
      label?: string | undefined;
      max_images: number;
      requires_service?: string | null | undefined;
      max_images_without_service?: number | undefined;
      sizes: Record<string, { width: number; height: number }>;
    }
  >;
}

const MB = 1_048_576;

export function primarySizeOf(sizes: readonly MediaSize[]): MediaSize {
  let best = sizes[0]!;
  for (const size of sizes) if (size.width * size.height > best.width * best.height) best = size;
  return best;
}

export function pipelineConfigOf(config: AppConfigFields, version: string): PipelineConfig {
  const formats = new Set<SourceFormat>();
  for (const raw of config.accepted_formats ?? ['jpg', 'png', 'gif', 'webp']) {
    const format = raw.toLowerCase();
    if (format === 'jpg' || format === 'jpeg') formats.add('jpg');
    else if (format === 'png' || format === 'gif' || format === 'webp') formats.add(format);
  }
  const types = orderedEntries(config.image_types).map(([key, type]): MediaType => {
    const sizes = orderedEntries(type.sizes).map(([tag, size]) => ({
      tag,
      width: size.width,
      height: size.height,
    }));
    return {
      key,
      label: type.label ?? key,
      maxImages: type.max_images,
      requiresService: type.requires_service ?? null,
      maxImagesWithoutService: type.max_images_without_service ?? type.max_images,
      sizes,
      primarySize: primarySizeOf(sizes),
    };
  });
  return {
    version,
    maxUploadBytes: Math.round((config.max_upload_size_mb ?? 10) * MB),
    acceptedFormats: formats,
    webpQuality: config.webp_quality ?? 85,
    maxSourcePixels: Math.round((config.max_source_megapixels ?? 50) * 1_000_000),
    minSourcePx: config.min_source_px ?? 32,
    types,
  };
}

export function typeOf(config: PipelineConfig, key: string): MediaType | undefined {
  return config.types.find((type) => type.key === key);
}
