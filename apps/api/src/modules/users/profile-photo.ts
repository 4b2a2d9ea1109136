import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';

/**
 * EP-ME-04: JPEG or PNG in, one square WebP out (metadata dropped by re-encoding). Profile photos are
 * personal data (MEDIA-302..306): one file per user under UPLOAD_PATH/users, served only by the app.
 */
export const PROFILE_PHOTO = {
  side: 400,
  quality: 80,
  folder: 'users',
} as const;
const ACCEPTED = new Set(['image/jpeg', 'image/png']);
/** Decoding bombs: a 2 MB file may still claim billions of pixels. */
const MAX_INPUT_PIXELS = 40_000_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ProfilePhotoDeps {
  db: Kysely<Database>;
  logger: Logger;
  uploadsDir: string;
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

/** Checks the bytes (not the name), normalises orientation, crops square and writes atomically. */
export async function saveProfilePhoto(
  deps: ProfilePhotoDeps,
  userId: string,
  upload: Buffer,
): Promise<string> {
  const type = await fileTypeFromBuffer(upload);
  if (!type || !ACCEPTED.has(type.mime)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send a JPEG or PNG photo', { field: 'file' });
  }
  let output: Buffer;
  try {
    output = await sharp(upload, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize(PROFILE_PHOTO.side, PROFILE_PHOTO.side, { fit: 'cover', position: 'attention' })
      .webp({ quality: PROFILE_PHOTO.quality })
      .toBuffer();
  } catch (error) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The photo could not be read', {
      field: 'file',
      cause: error,
    });
  }
  const file = photoFileOf(deps.uploadsDir, userId);
  if (!file) throw new Error(`Not a user id: ${userId}`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  // MEDIA-200: write beside the target, then rename over it (a replacement overwrites the same file).
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await fs.writeFile(temporary, output);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }

  const url = photoUrlOf(userId, new Date());
  await deps.db.updateTable('users').set({ profile_photo_url: url }).where('user_id', '=', userId).execute();
  return url;
}

/** EP-ME-05 / MEDIA-304: the URL is cleared and the file removed at once. */
export async function deleteProfilePhoto(deps: ProfilePhotoDeps, userId: string): Promise<void> {
  await deps.db.updateTable('users').set({ profile_photo_url: null }).where('user_id', '=', userId).execute();
  await removePhotoFile(deps, userId);
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
