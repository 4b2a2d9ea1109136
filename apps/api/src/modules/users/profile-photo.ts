import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';

/** EP-ME-04: JPEG or PNG in, one square WebP out (metadata dropped by re-encoding). */
export const PROFILE_PHOTO = {
  side: 400,
  quality: 80,
  folder: 'profile-photos',
  urlPrefix: '/uploads',
} as const;
const ACCEPTED = new Set(['image/jpeg', 'image/png']);
/** Decoding bombs: a 2 MB file may still claim billions of pixels. */
const MAX_INPUT_PIXELS = 40_000_000;

export interface ProfilePhotoDeps {
  db: Kysely<Database>;
  logger: Logger;
  uploadsDir: string;
}

function fileOf(url: string | null, uploadsDir: string): string | null {
  const prefix = `${PROFILE_PHOTO.urlPrefix}/${PROFILE_PHOTO.folder}/`;
  if (!url?.startsWith(prefix)) return null;
  const name = url.slice(prefix.length);
  // Only names we generated: never let a stored value point outside the folder.
  return /^[0-9a-f-]{36}-[0-9a-f]{16}\.webp$/.test(name)
    ? path.join(uploadsDir, PROFILE_PHOTO.folder, name)
    : null;
}

/** Removes a photo file; a file already gone is fine (the database is what counts). */
export async function removePhotoFile(
  deps: Pick<ProfilePhotoDeps, 'logger' | 'uploadsDir'>,
  url: string | null,
) {
  const file = fileOf(url, deps.uploadsDir);
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
  const folder = path.join(deps.uploadsDir, PROFILE_PHOTO.folder);
  await fs.mkdir(folder, { recursive: true });
  const name = `${userId}-${crypto.randomBytes(8).toString('hex')}.webp`;
  const temporary = path.join(folder, `.${name}.tmp`);
  await fs.writeFile(temporary, output);
  await fs.rename(temporary, path.join(folder, name));

  const url = `${PROFILE_PHOTO.urlPrefix}/${PROFILE_PHOTO.folder}/${name}`;
  const previous = await deps.db
    .selectFrom('users')
    .select('profile_photo_url')
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  await deps.db.updateTable('users').set({ profile_photo_url: url }).where('user_id', '=', userId).execute();
  await removePhotoFile(deps, previous.profile_photo_url);
  return url;
}

/** EP-ME-05. */
export async function deleteProfilePhoto(deps: ProfilePhotoDeps, userId: string): Promise<void> {
  const previous = await deps.db
    .selectFrom('users')
    .select('profile_photo_url')
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  await deps.db.updateTable('users').set({ profile_photo_url: null }).where('user_id', '=', userId).execute();
  await removePhotoFile(deps, previous.profile_photo_url);
}
