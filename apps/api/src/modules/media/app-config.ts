import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_TYPES } from '@tafuta/contracts';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { FlexJsonError, KEY_ORDER, orderedKeys, parseFlexJson } from '../../lib/flexjson/index.js';

/**
 * `MEDIA_PATH/app-config.jfx` (media.md §4): upload limits, image types, output sizes and per-type
 * limits. Staff edit it by hand, so it is read with the flex-json reader, validated field by field
 * (MEDIA-081/082) and hot-reloaded; a file that fails never replaces a good one (MEDIA-088).
 */

export const MEDIA_CONFIG_FILE = 'app-config.jfx';
/** The canonical default the repository ships (MEDIA-085, MEDIA-089). Same path from src/ and dist/. */
export const DEFAULT_MEDIA_CONFIG_PATH = fileURLToPath(
  new URL('../../../media-defaults/app-config.jfx', import.meta.url),
);
/** MEDIA-087: the file's stat is compared at most this often. */
export const MEDIA_CONFIG_CHECK_INTERVAL_MS = 10_000;

const MB = 1_048_576;
export const SOURCE_FORMATS = ['jpg', 'png', 'gif', 'webp'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Types and sizes the default render contexts use (MEDIA-226); missing ones are only warned about. */
const RENDER_CONTEXT_SIZES: Record<string, string[]> = {
  logo: ['icon', 'small', 'medium'],
  banner: ['300x100', '600x200', '1200x400'],
  profile: ['thumb', 'small', 'large'],
  gallery: ['thumb', 'medium'],
};

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const sizeSchema = z.object({ width: int(16, 4096), height: int(16, 4096) });
const imageTypeSchema = z
  .object({
    label: z.string().trim().min(1).max(80).optional(),
    max_images: int(1, 500),
    requires_service: z.enum(SERVICE_TYPES).optional(),
    max_images_without_service: int(0, 500).optional(),
    sizes: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'size tag: a–z, 0–9, - (1–32)'), sizeSchema)
      .refine((sizes) => Object.keys(sizes).length > 0, 'at least one size'),
  })
  .refine((type) => (type.max_images_without_service ?? 0) <= type.max_images, {
    message: 'must not exceed max_images',
    path: ['max_images_without_service'],
  });

/** The file as written (MEDIA-081/082): every field, range and default. */
export const mediaAppConfigFileSchema = z.object({
  max_upload_size_mb: z.number().min(1).max(50).default(10),
  accepted_formats: z
    .array(
      z
        .string()
        .transform((f) => f.toLowerCase())
        .pipe(z.enum(['jpg', 'jpeg', 'png', 'gif', 'webp'])),
    )
    .min(1)
    .default(['jpg', 'jpeg', 'png', 'gif', 'webp']),
  webp_quality: int(50, 100).default(85),
  max_source_megapixels: z.number().min(1).max(100).default(50),
  min_source_px: int(1, 1024).default(32),
  image_types: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'type key: a–z first, then a–z, 0–9, - (1–32)'),
      imageTypeSchema,
    )
    .refine((types) => Object.keys(types).length > 0, 'at least one image type'),
});
export type MediaAppConfigFile = z.output<typeof mediaAppConfigFileSchema>;

export interface MediaSizeConfig {
  width: number;
  height: number;
}

export interface MediaImageTypeConfig {
  label: string;
  max_images: number;
  requires_service: MediaImageTypeFile['requires_service'] | null;
  max_images_without_service: number;
  /** Largest area, first listed on ties (media.md §0 "Primary size"). */
  primary_size: string;
  /** In file order: iterate with `orderedEntries` (integer-like tags such as "600" keep their place). */
  sizes: Record<string, MediaSizeConfig>;
}
type MediaImageTypeFile = z.output<typeof imageTypeSchema>;

/** The loaded configuration: the file's fields with defaults applied, plus derived values. */
export interface MediaAppConfig extends Omit<MediaAppConfigFile, 'accepted_formats' | 'image_types'> {
  /** MEDIA-090: first 12 hex digits of the SHA-256 of the file bytes. */
  config_version: string;
  max_upload_bytes: number;
  /** Normalised: `jpeg` folds into `jpg`, no duplicates. */
  accepted_formats: SourceFormat[];
  /** In file order (= UI tab order): iterate with `orderedEntries`. */
  image_types: Record<string, MediaImageTypeConfig>;
}

export class MediaConfigInvalidError extends Error {
  override readonly name = 'MediaConfigInvalidError';
  constructor(
    message: string,
    readonly problems: string[],
    readonly position?: { line: number; column: number },
  ) {
    super(message);
  }
}

/** No valid configuration was ever loaded: 503 MEDIA_CONFIG_UNAVAILABLE (MEDIA-088). */
export class MediaConfigUnavailableError extends AppError {
  constructor() {
    super('MEDIA_CONFIG_UNAVAILABLE', 'Photo uploads are unavailable right now; try again later');
  }
}

function recordInOrder<T>(keys: string[], get: (key: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of keys) out[key] = get(key);
  Object.defineProperty(out, KEY_ORDER, { value: keys, enumerable: false });
  return out;
}

function unknownFields(raw: unknown, known: readonly string[], where: string, out: string[]): void {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return;
  for (const key of Object.keys(raw)) if (!known.includes(key)) out.push(`${where}${key}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  // A bad record key hides the regex's own message one level down.
  const message =
    issue.code === 'invalid_key'
      ? `invalid key (${issue.issues.map((inner) => inner.message).join('; ')})`
      : issue.message;
  return where ? `${where}: ${message}` : message;
}

export interface ParsedMediaConfig {
  config: MediaAppConfig;
  warnings: string[];
}

/** Parses and validates file bytes. Throws MediaConfigInvalidError naming every problem. */
export function parseMediaAppConfig(bytes: Buffer): ParsedMediaConfig {
  let raw: unknown;
  try {
    raw = parseFlexJson(bytes.toString('utf8'));
  } catch (err) {
    if (!(err instanceof FlexJsonError)) throw err;
    throw new MediaConfigInvalidError(`${MEDIA_CONFIG_FILE}: ${err.message}`, [err.message], {
      line: err.line,
      column: err.column,
    });
  }
  const result = mediaAppConfigFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(describeIssue);
    throw new MediaConfigInvalidError(`${MEDIA_CONFIG_FILE} is invalid: ${problems.join('; ')}`, problems);
  }
  const file = result.data;
  const rawRecord = raw as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  const rawTypes = rawRecord.image_types ?? {};

  // Unknown fields are ignored but named (MEDIA-086), so a typo such as `max_image` is noticed.
  const warnings: string[] = [];
  unknownFields(raw, Object.keys(mediaAppConfigFileSchema.shape), '', warnings);
  const typeKeys = orderedKeys(rawTypes);
  for (const key of typeKeys) {
    const rawType = rawTypes[key] ?? {};
    unknownFields(rawType, Object.keys(imageTypeSchema.shape), `image_types.${key}.`, warnings);
    for (const tag of orderedKeys(rawType.sizes ?? {})) {
      unknownFields(rawType.sizes?.[tag], ['width', 'height'], `image_types.${key}.sizes.${tag}.`, warnings);
    }
  }
  const messages = warnings.map((field) => `unknown field ${field} ignored`);
  for (const [type, tags] of Object.entries(RENDER_CONTEXT_SIZES)) {
    const sizes = file.image_types[type]?.sizes;
    for (const tag of tags) {
      if (!sizes?.[tag]) messages.push(`size ${type}.${tag} used by a default render context is missing`);
    }
  }

  const imageTypes = recordInOrder(typeKeys, (key): MediaImageTypeConfig => {
    const type = file.image_types[key] as MediaImageTypeFile;
    const tags = orderedKeys(rawTypes[key]?.sizes ?? {});
    const sizes = recordInOrder(tags, (tag) => {
      const { width, height } = type.sizes[tag] as MediaSizeConfig;
      return { width, height };
    });
    let primary = tags[0] as string;
    for (const tag of tags) {
      const s = sizes[tag] as MediaSizeConfig;
      const p = sizes[primary] as MediaSizeConfig;
      if (s.width * s.height > p.width * p.height) primary = tag;
    }
    return {
      label: type.label ?? key,
      max_images: type.max_images,
      requires_service: type.requires_service ?? null,
      max_images_without_service: type.max_images_without_service ?? type.max_images,
      primary_size: primary,
      sizes,
    };
  });
  const formats = new Set<SourceFormat>(file.accepted_formats.map((f) => (f === 'jpeg' ? 'jpg' : f)));
  return {
    config: {
      config_version: createHash('sha256').update(bytes).digest('hex').slice(0, 12),
      max_upload_size_mb: file.max_upload_size_mb,
      max_upload_bytes: Math.floor(file.max_upload_size_mb * MB),
      accepted_formats: SOURCE_FORMATS.filter((f) => formats.has(f)),
      webp_quality: file.webp_quality,
      max_source_megapixels: file.max_source_megapixels,
      min_source_px: file.min_source_px,
      image_types: imageTypes,
    },
    warnings: messages,
  };
}

/**
 * Copies the repository's default into MEDIA_PATH when the live file is absent (first start, new
 * server). Written atomically (MEDIA-200) so a crash never leaves half a config. Returns true if installed.
 */
export function installDefaultMediaConfig(
  mediaPath: string,
  defaultPath = DEFAULT_MEDIA_CONFIG_PATH,
): boolean {
  const target = path.join(mediaPath, MEDIA_CONFIG_FILE);
  if (fs.existsSync(target)) return false;
  fs.mkdirSync(mediaPath, { recursive: true, mode: 0o755 });
  const temp = path.join(mediaPath, `.tmp-install-${process.pid}-${MEDIA_CONFIG_FILE}`);
  const fd = fs.openSync(temp, 'w', 0o644);
  try {
    fs.writeFileSync(fd, fs.readFileSync(defaultPath));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
  const dir = fs.openSync(mediaPath, 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
  return true;
}

export interface MediaConfigInvalidEvent {
  file: string;
  error: MediaConfigInvalidError;
  /** True when an earlier good config stays in force. */
  keptPrevious: boolean;
}

export interface MediaConfigStoreOptions {
  mediaPath: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Called after a failed load, besides the critical log entry that alerts staff (ADM-513). */
  onInvalid?: (event: MediaConfigInvalidEvent) => void;
  checkIntervalMs?: number;
  now?: () => number;
}

export interface MediaConfigStore {
  /** The snapshot to use for one operation (MEDIA-087). Throws MediaConfigUnavailableError if none. */
  current(): MediaAppConfig;
  /** Same as current() but null instead of throwing. */
  peek(): MediaAppConfig | null;
  /** Checks the file now, whatever the interval; true when a new config was loaded. */
  refresh(): boolean;
  /** Background checks (an unref'd timer) so a broken edit alerts staff without waiting for a request. */
  startPolling(intervalMs?: number): () => void;
  readonly filePath: string;
}

type FileStamp = string;
const stampOf = (stat: fs.Stats): FileStamp => `${stat.ino}:${stat.size}:${stat.mtimeMs}`;

export function createMediaConfigStore(options: MediaConfigStoreOptions): MediaConfigStore {
  const { logger } = options;
  const filePath = path.join(options.mediaPath, MEDIA_CONFIG_FILE);
  const interval = options.checkIntervalMs ?? MEDIA_CONFIG_CHECK_INTERVAL_MS;
  const now = options.now ?? Date.now;
  let good: MediaAppConfig | null = null;
  let seen: FileStamp | null = null;
  let checkedAt = Number.NEGATIVE_INFINITY;
  // A missing file is reported once, not on every check.
  let missingReported = false;

  function reject(error: MediaConfigInvalidError): void {
    // critical: true reaches the super admins by email (ops/critical-alerts.ts, ADM-513).
    logger.error('Media configuration rejected; keeping the last good one', {
      critical: true,
      file: filePath,
      problems: error.problems,
      line: error.position?.line,
      column: error.position?.column,
      kept_previous: good !== null,
      config_version: good?.config_version,
    });
    options.onInvalid?.({ file: filePath, error, keptPrevious: good !== null });
  }

  function refresh(): boolean {
    checkedAt = now();
    let stamp: FileStamp;
    try {
      stamp = stampOf(fs.statSync(filePath));
    } catch (err) {
      if (!missingReported) {
        missingReported = true;
        reject(new MediaConfigInvalidError(`${MEDIA_CONFIG_FILE} cannot be read`, [String(err)]));
      }
      return false;
    }
    missingReported = false;
    if (stamp === seen) return false;
    seen = stamp;
    const started = performance.now();
    try {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(filePath);
      } catch (err) {
        throw new MediaConfigInvalidError(`${MEDIA_CONFIG_FILE} cannot be read`, [String(err)]);
      }
      const { config, warnings } = parseMediaAppConfig(bytes);
      for (const warning of warnings) logger.warn(`Media configuration: ${warning}`, { file: filePath });
      const changed = config.config_version !== good?.config_version;
      good = config;
      logger.info('Media configuration loaded', {
        config_version: config.config_version,
        duration_ms: Math.round(performance.now() - started),
      });
      return changed;
    } catch (err) {
      if (!(err instanceof MediaConfigInvalidError)) throw err;
      reject(err);
      return false;
    }
  }

  function peek(): MediaAppConfig | null {
    if (now() - checkedAt >= interval) refresh();
    return good;
  }

  return {
    filePath,
    peek,
    refresh,
    current() {
      const config = peek();
      if (!config) throw new MediaConfigUnavailableError();
      return config;
    },
    startPolling(intervalMs = interval) {
      const timer = setInterval(() => {
        try {
          refresh();
        } catch (err) {
          logger.error('Media configuration check failed', { err });
        }
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
