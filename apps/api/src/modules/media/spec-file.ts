import fs from 'node:fs/promises';
import path from 'node:path';
import { transformFrom, type Transform } from '@tafuta/contracts/photos';
import { parseFlexJson, stringifyFlexJson } from '../../lib/flexjson/index.js';
import type { Logger } from '../../http/logger.js';
import type { SourceFormat } from './pipeline-config.js';
import { SEGMENT } from './storage.js';

/** The per-image transform spec `{type}/{slug}.jfx` (media.md §7): the image exists iff it does. */

export const SPEC_VERSION = 1;
export const SPEC_HEADER = 'Tafuta transform spec — edit with the photo editor, not by hand';

export interface ImageSpec {
  spec_version: number;
  name: string;
  type: string;
  source: string;
  source_format: SourceFormat;
  source_width: number;
  source_height: number;
  source_bytes: number;
  source_sha256: string;
  uploaded_by: string;
  uploaded_at: string;
  updated_by: string;
  updated_at: string;
  transform: Transform;
  /** MEDIA-143: fields this version does not know are kept and written back unchanged. */
  extra: Record<string, unknown>;
}

const KNOWN = new Set([
  'spec_version',
  'name',
  'type',
  'source',
  'source_format',
  'source_width',
  'source_height',
  'source_bytes',
  'source_sha256',
  'uploaded_by',
  'uploaded_at',
  'updated_by',
  'updated_at',
  'transform',
]);

export function writeSpec(spec: ImageSpec): string {
  const { extra, ...known } = spec;
  return stringifyFlexJson({ ...known, ...extra }, { header: SPEC_HEADER });
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const int = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** Parses a spec; the folder decides the type (MEDIA-141). Throws on a file that is not a spec. */
export function readSpec(text: string, folderType: string): ImageSpec {
  const value = parseFlexJson(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('Not an object');
  const raw = value as Record<string, unknown>;
  const source = str(raw.source);
  const format = str(raw.source_format);
  if (!source || !['jpg', 'png', 'gif', 'webp'].includes(format)) throw new Error('No source in spec');
  const extra: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(raw)) if (!KNOWN.has(key)) extra[key] = entry;
  return {
    spec_version: int(raw.spec_version) || SPEC_VERSION,
    name: str(raw.name),
    type: folderType,
    source,
    source_format: format as SourceFormat,
    source_width: int(raw.source_width),
    source_height: int(raw.source_height),
    source_bytes: int(raw.source_bytes),
    source_sha256: str(raw.source_sha256),
    uploaded_by: str(raw.uploaded_by),
    uploaded_at: str(raw.uploaded_at),
    updated_by: str(raw.updated_by) || str(raw.uploaded_by),
    updated_at: str(raw.updated_at) || str(raw.uploaded_at),
    transform: transformFrom(raw.transform),
    extra,
  };
}

export interface StoredImage {
  slug: string;
  spec: ImageSpec;
}

/** Sub-folders of a business folder that may hold images (type keys; working files start with '.'). */
export async function typeFolders(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && SEGMENT.test(e.name)).map((e) => e.name);
}

/** The readable specs of one type folder; an unreadable spec is logged and left out (MEDIA-143). */
export async function imagesOfType(
  folder: string,
  type: string,
  logger: Pick<Logger, 'error' | 'warn'>,
): Promise<StoredImage[]> {
  const dir = path.join(folder, type);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const images: StoredImage[] = [];
  for (const name of names) {
    if (name.startsWith('.') || !name.endsWith('.jfx')) continue;
    const slug = name.slice(0, -'.jfx'.length);
    if (!SEGMENT.test(slug)) continue;
    try {
      const spec = readSpec(await fs.readFile(path.join(dir, name), 'utf8'), type);
      if (spec.type !== type)
        logger.warn('Transform spec names another type; the folder wins', { slug, type });
      images.push({ slug, spec });
    } catch (error) {
      logger.error('Unreadable transform spec left out of the listing', { err: error, type, slug });
    }
  }
  return images.sort(
    (a, b) => a.spec.uploaded_at.localeCompare(b.spec.uploaded_at) || a.slug.localeCompare(b.slug),
  );
}

/** Finds an image by slug in any type folder (slugs are unique per business, MEDIA-101). */
export async function findImage(
  folder: string,
  slug: string,
  logger: Pick<Logger, 'error' | 'warn'>,
): Promise<StoredImage | null> {
  if (!SEGMENT.test(slug)) return null;
  for (const type of await typeFolders(folder)) {
    const file = path.join(folder, type, `${slug}.jfx`);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      continue;
    }
    try {
      return { slug, spec: readSpec(text, type) };
    } catch (error) {
      logger.error('Unreadable transform spec', { err: error, type, slug });
      return null;
    }
  }
  return null;
}

/** Output file names of a slug in its type folder (`{slug}_{size}.webp`), published or not. */
export async function outputsOf(folder: string, type: string, slug: string): Promise<string[]> {
  const names = await fs.readdir(path.join(folder, type)).catch(() => [] as string[]);
  const prefix = `${slug}_`;
  return names.filter(
    (name) =>
      name.startsWith(prefix) && name.endsWith('.webp') && SEGMENT.test(name.slice(prefix.length, -5)),
  );
}
