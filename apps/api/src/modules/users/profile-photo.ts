import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import {
  defaultIo,
  isDiskFull,
  newOperationId,
  storageFull,
  tempName,
  type MediaIo,
} from '../media/storage.js';

/**
 * EP-ME-04 / media.md §16: JPEG or PNG in (at most MAX_FILE_SIZE, 2 MB), one 256 px square WebP out.
 * Profile photos are personal data (MEDIA-302..306): one file per user under UPLOAD_PATH/users, served
 * only by the app, never kept as an original (it may carry GPS data).
 */
export const PROFILE_PHOTO = {
  side: 256,
  quality: 85,
  folder: 'users',
  /** MEDIA-300: both sides at least this, after EXIF orientation. */
  minSidePx: 32,
  /** MEDIA-300: decoding bombs — a 2 MB file may still claim billions of pixels. */
  maxPixels: 50_000_000,
} as const;

/** MEDIA-113 signatures of the two accepted formats; the client's name and type are never trusted. */
const SIGNATURES = [
  Buffer.from([0xff, 0xd8, 0xff]), // JPEG
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), // PNG
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ProfilePhotoDeps {
  db: Kysely<Database>;
  logger: Logger;
  uploadsDir: string;
  /** The file writes; tests swap it to simulate a full disk. */
  io?: MediaIo;
}

/** MEDIA-302: UPLOAD_PATH/users/{user_id}.webp; null for anything that is not a user id. */
export function photoFileOf(uploadsDir: string, userId: string): string | null {
  // Only ids we could have written: never let a value point outside the folder.
  return UUID.test(userId)
    ? path.join(uploadsDir, PROFILE_PHOTO.folder, `${userId.toLowerCase()}.webp`)
    : null;
}

/** MEDIA-303: the app route that serves the photo, versioned by the upload time in Unix seconds. */
export function photoUrlOf(userId: string, uploadedAt: Date): string {
  return `/api/users/${userId}/photo?v=${Math.floor(uploadedAt.getTime() / 1000)}`;
}

/** Removes a user's photo file; a file already gone is fine (the database is what counts). */
export async function removePhotoFile(
  deps: Pick<ProfilePhotoDeps, 'logger' | 'uploadsDir'>,
  userId: string,
): Promise<void> {
  const file = photoFileOf(deps.uploadsDir, userId);
  if (!file) return;
  await fs.rm(file, { force: true }).catch((error: unknown) => {
    deps.logger.warn('Could not remove a profile photo file', { err: error });
  });
}

/** MEDIA-300/301: the square WebP, or the catalogued error for bytes that are not a usable photo. */
export async function renderProfilePhoto(upload: Buffer): Promise<Buffer> {
  if (upload.length === 0) throw new AppError('INVALID_IMAGE', 'The file is empty', { field: 'file' });
  if (!SIGNATURES.some((signature) => upload.subarray(0, signature.length).equals(signature))) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Use a JPG or PNG photo', { field: 'file' });
  }
  // Header first: the pixel count is checked before anything is decoded.
  const meta = await sharp(upload)
    .metadata()
    .catch((error: unknown) => {
      throw new AppError('INVALID_IMAGE', 'The photo could not be read', { field: 'file', cause: error });
    });
  const turned = (meta.orientation ?? 1) >= 5; // EXIF 5-8 swap width and height
  const width = (turned ? meta.height : meta.width) ?? 0;
  const height = (turned ? meta.width : meta.height) ?? 0;
  if (width * height > PROFILE_PHOTO.maxPixels || Math.min(width, height) < PROFILE_PHOTO.minSidePx) {
    throw new AppError(
      'IMAGE_DIMENSIONS_INVALID',
      `The photo must be at least ${PROFILE_PHOTO.minSidePx} px on each side and at most 50 megapixels`,
      { field: 'file' },
    );
  }
  try {
    // Largest centred square, 256 px, metadata dropped (sharp writes none unless asked).
    return await sharp(upload, { limitInputPixels: PROFILE_PHOTO.maxPixels, failOn: 'truncated' })
      .rotate()
      .resize(PROFILE_PHOTO.side, PROFILE_PHOTO.side, { fit: 'cover', position: 'centre' })
      .webp({ quality: PROFILE_PHOTO.quality })
      .toBuffer();
  } catch (error) {
    throw new AppError('INVALID_IMAGE', 'The photo could not be read', { field: 'file', cause: error });
  }
}

/** MEDIA-200: temp file in the same folder, flushed, renamed over the old photo, folder flushed. */
async function writeAtomically(io: MediaIo, file: string, data: Buffer): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const temporary = path.join(dir, tempName(newOperationId(), path.basename(file)));
  try {
    await io.writeFile(temporary, data);
    await io.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    if (isDiskFull(error)) throw storageFull(error);
    throw error;
  }
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Checks the bytes (not the name), renders the square and writes it atomically, then sets the URL. */
export async function saveProfilePhoto(
  deps: ProfilePhotoDeps,
  userId: string,
  upload: Buffer,
): Promise<string> {
  const started = performance.now();
  const output = await renderProfilePhoto(upload);
  const file = photoFileOf(deps.uploadsDir, userId);
  if (!file) throw new Error(`Not a user id: ${userId}`);
  await writeAtomically(deps.io ?? defaultIo, file, output);

  const url = photoUrlOf(userId, new Date());
  await deps.db.updateTable('users').set({ profile_photo_url: url }).where('user_id', '=', userId).execute();
  // MEDIA-332 operation log (IDs only). No audit row: audit_logs records staff actions.
  deps.logger.info('Profile photo saved', {
    action: 'profile_photo.update',
    user_id: userId,
    bytes: output.length,
    duration_ms: Math.round(performance.now() - started),
  });
  return url;
}

/** EP-ME-05 / MEDIA-304: the URL is cleared and the file removed at once. */
export async function deleteProfilePhoto(deps: ProfilePhotoDeps, userId: string): Promise<void> {
  await deps.db.updateTable('users').set({ profile_photo_url: null }).where('user_id', '=', userId).execute();
  await removePhotoFile(deps, userId);
  deps.logger.info('Profile photo removed', { action: 'profile_photo.delete', user_id: userId });
}

export interface PhotoViewer {
  userId: string;
  /** A staff session of an active staff account (authOf(res).staffRole). */
  staff: boolean;
  /** SES-13: a deactivated account sees only its own photo. */
  active: boolean;
}

/**
 * MEDIA-305: the photo's bytes for the user themself, anyone linked to a business the user is linked
 * to, and Tafuta staff in a staff session; null (answered as 404) for everyone else and for no photo.
 */
export async function readProfilePhoto(
  deps: ProfilePhotoDeps,
  viewer: PhotoViewer | null,
  userId: string,
): Promise<Buffer | null> {
  const file = photoFileOf(deps.uploadsDir, userId);
  if (!file || !viewer) return null;
  const target = await deps.db
    .selectFrom('users')
    .select('profile_photo_url')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!target?.profile_photo_url) return null;
  if (viewer.userId !== userId && !viewer.active) return null;
  if (viewer.userId !== userId && !viewer.staff) {
    const shared = await deps.db
      .selectFrom('user_business_roles as mine')
      .innerJoin('user_business_roles as theirs', 'theirs.business_id', 'mine.business_id')
      .select('mine.business_id')
      .where('mine.user_id', '=', viewer.userId)
      .where('mine.is_deleted', '=', false)
      .where('theirs.user_id', '=', userId)
      .where('theirs.is_deleted', '=', false)
      .limit(1)
      .executeTakeFirst();
    if (!shared) return null;
  }
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
