import fs from 'node:fs/promises';
import path from 'node:path';
import { orderedEntries } from '../../lib/flexjson/index.js';
import type { MediaAppConfig } from './app-config.js';

/**
 * Public media URLs (media.md §11). The server builds every URL; clients never assemble paths
 * (MEDIA-224). URLs are absolute so they work on business subdomain websites too (MEDIA-223):
 *   {MEDIA_BASE_URL}/{business_tag}_{business_id}/{type}/{slug}_{size_tag}.webp
 */

/** MEDIA-021 business tag, MEDIA-006 character sets, lowercase canonical UUID (MEDIA-002). */
const BUSINESS_TAG = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NAME_PART = /^[a-z0-9-]+$/;

/**
 * MEDIA-241: the only public paths, relative to the media root. Shared by the app's embedded
 * `/media` route (serve.ts) and mirrored by deploy/caddy/tafuta.caddy.
 */
export const PUBLIC_MEDIA_PATH = /^\/[a-z0-9-]+_[0-9a-f-]{36}\/[a-z0-9-]+\/[a-z0-9-]+_[a-z0-9-]+\.webp$/;

/** MEDIA-242/243: stable URLs, so one day rather than the year fingerprinted assets get. */
export const PUBLIC_MEDIA_CACHE_CONTROL = 'public, max-age=86400';

export interface MediaBusinessRef {
  business_tag: string;
  business_id: string;
}

export interface MediaOutputRef {
  type: string;
  slug: string;
  size: string;
}

/** `{business_tag}_{business_id}`: the business folder under MEDIA_PATH (MEDIA-002). */
export function businessFolderName(business: MediaBusinessRef): string {
  if (!BUSINESS_TAG.test(business.business_tag)) {
    throw new Error(`Invalid business tag for a media path: ${JSON.stringify(business.business_tag)}`);
  }
  if (!UUID.test(business.business_id)) {
    throw new Error(`Invalid business id for a media path: ${JSON.stringify(business.business_id)}`);
  }
  return `${business.business_tag}_${business.business_id}`;
}

/** `{type}/{slug}_{size}.webp` under the business folder; components checked so no path escapes. */
export function outputFileName(output: MediaOutputRef): string {
  for (const field of ['type', 'slug', 'size'] as const) {
    const value = output[field];
    if (!NAME_PART.test(value)) {
      throw new Error(`Invalid ${field} for a media path: ${JSON.stringify(value)}`);
    }
  }
  return `${output.type}/${output.slug}_${output.size}.webp`;
}

/**
 * MEDIA-223. `version` (the image's `updated_at` as Unix seconds) adds `?v=` for the photo manager
 * and editor, so owners see a change at once (MEDIA-243); public pages leave it out.
 */
export function buildMediaUrl(
  mediaBaseUrl: string,
  business: MediaBusinessRef,
  output: MediaOutputRef,
  version?: number,
): string {
  const base = mediaBaseUrl.replace(/\/+$/, '');
  const url = `${base}/${businessFolderName(business)}/${outputFileName(output)}`;
  return version === undefined ? url : `${url}?v=${Math.floor(version)}`;
}

export interface MediaUrlResolverOptions {
  mediaPath: string;
  mediaBaseUrl: string;
  /** The config snapshot for size fallbacks; null (no valid config) falls back to exact sizes only. */
  config: () => MediaAppConfig | null;
  /** MEDIA-224: listing lifetime. */
  ttlMs?: number;
  now?: () => number;
}

export interface MediaUrlResolver {
  /**
   * The URL of an output that exists on disk (MEDIA-224): the requested size, else the next larger
   * existing size of the type, else the largest existing one; null when the image has no output.
   */
  resolve(business: MediaBusinessRef, output: MediaOutputRef, version?: number): Promise<string | null>;
  /**
   * One listing read for a business, then synchronous look-ups against it: what a view that shows
   * several images of one business (a search card, a business page) needs.
   */
  lookup(business: MediaBusinessRef): Promise<MediaLocator>;
  /** Called by the process that writes a business's media, so its next read sees the change. */
  invalidate(businessId: string): void;
}

/** The URL of an existing output of one business (MEDIA-224 fallbacks applied), or null. */
export type MediaLocator = (output: MediaOutputRef, version?: number) => string | null;

interface Listing {
  expiresAt: number;
  /** `{type}/{file name}` of every output file present. */
  files: Set<string>;
}

const LISTING_TTL_MS = 60_000;
/** Bounded so a crawl over every business cannot grow the cache without limit. */
const MAX_LISTINGS = 2_000;

export function createMediaUrlResolver(options: MediaUrlResolverOptions): MediaUrlResolver {
  const ttl = options.ttlMs ?? LISTING_TTL_MS;
  const now = options.now ?? Date.now;
  const listings = new Map<string, Listing>();

  async function listing(business: MediaBusinessRef): Promise<Set<string>> {
    const cached = listings.get(business.business_id);
    if (cached && cached.expiresAt > now()) return cached.files;
    const folder = path.join(options.mediaPath, businessFolderName(business));
    const files = new Set<string>();
    const types = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of types) {
      // Dot-folders (working files) are never public; a missing folder means "no images" (MEDIA-009).
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const names = await fs.readdir(path.join(folder, entry.name)).catch(() => [] as string[]);
      for (const name of names)
        if (name.endsWith('.webp') && !name.startsWith('.')) files.add(`${entry.name}/${name}`);
    }
    listings.delete(business.business_id);
    if (listings.size >= MAX_LISTINGS) {
      const oldest = listings.keys().next().value;
      if (oldest !== undefined) listings.delete(oldest);
    }
    listings.set(business.business_id, { expiresAt: now() + ttl, files });
    return files;
  }

  /** Size tags of the type to try, in MEDIA-224 order. */
  function candidates(type: string, size: string): string[] {
    const sizes = options.config()?.image_types[type]?.sizes;
    if (!sizes) return [size];
    const areas = orderedEntries(sizes).map(([tag, s]) => ({ tag, area: s.width * s.height }));
    const wanted = areas.find((s) => s.tag === size);
    const byArea = [...areas].sort((a, b) => a.area - b.area);
    const larger = wanted ? byArea.filter((s) => s.area > wanted.area) : [];
    const largestFirst = [...byArea].reverse();
    return [size, ...larger.map((s) => s.tag), ...largestFirst.map((s) => s.tag)];
  }

  function locate(business: MediaBusinessRef, files: Set<string>, output: MediaOutputRef, version?: number) {
    // A reference that could never name a file (stored before a rule tightened) simply has no output.
    if (!NAME_PART.test(output.type) || !NAME_PART.test(output.slug)) return null;
    for (const size of candidates(output.type, output.size)) {
      const ref = { ...output, size };
      if (files.has(outputFileName(ref))) return buildMediaUrl(options.mediaBaseUrl, business, ref, version);
    }
    return null;
  }

  return {
    async resolve(business, output, version) {
      return locate(business, await listing(business), output, version);
    },
    async lookup(business) {
      const files = await listing(business);
      return (output, version) => locate(business, files, output, version);
    },
    invalidate(businessId) {
      listings.delete(businessId);
    },
  };
}
