import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Kysely } from 'kysely';
import multer from 'multer';
import type { Database } from '../../db/schema.js';
import { authOf, requireUser } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { sendData } from '../../http/envelope.js';
import type { Logger } from '../../http/logger.js';
import { RATE_LIMIT_CLASSES } from '../../http/rate-limit/classes.js';
import { createRateLimiter, signedInUserId } from '../../http/rate-limit/limiter.js';
import type { RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import { deleteProfilePhoto, readProfilePhoto, saveProfilePhoto } from './profile-photo.js';

export interface ProfilePhotoRouteDeps {
  db: Kysely<Database>;
  logger: Logger;
  uploadsDir: string;
  maxBytes: number;
  rateLimitStores: RateLimitStoreFactory;
}

/** EP-ME-04, EP-ME-05 and the photo itself (MEDIA-305), which is personal data and never public. */
export function profilePhotoRouter(deps: ProfilePhotoRouteDeps): Router {
  const router = express.Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: deps.maxBytes, files: 1, fields: 5 },
  });
  const receive = (req: Request, res: Response, next: NextFunction) => {
    upload.single('file')(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        next(
          error.code === 'LIMIT_FILE_SIZE'
            ? new AppError(
                'PAYLOAD_TOO_LARGE',
                `The photo is larger than ${Math.round(deps.maxBytes / 1024 / 1024)} MB`,
              )
            : new AppError('INVALID_INPUT', 'Send one photo in the field "file"', { field: 'file' }),
        );
        return;
      }
      next(error);
    });
  };
  const uploadsLimit = createRateLimiter(RATE_LIMIT_CLASSES.uploadsPerUser, {
    stores: deps.rateLimitStores,
    logger: deps.logger,
    key: (_req, res) => signedInUserId(res),
  });

  router.post('/users/me/photo', requireUser(deps.db), uploadsLimit, receive, async (req, res) => {
    if (!req.is('multipart/form-data') || !req.file) {
      throw new AppError('INVALID_INPUT', 'Send the photo as multipart/form-data in the field "file"', {
        field: 'file',
        details: [{ field: 'file', code: 'required' }],
      });
    }
    const url = await saveProfilePhoto(deps, authOf(res)!.userId, req.file.buffer);
    sendData(res, { profile_photo_url: url }, { message: 'Photo saved' });
  });

  router.delete('/users/me/photo', requireUser(deps.db), async (_req, res) => {
    await deleteProfilePhoto(deps, authOf(res)!.userId);
    sendData(res, { profile_photo_url: null });
  });

  // MEDIA-305: anyone not allowed to see it (no session included) is told there is nothing (API-09).
  router.get('/users/:id/photo', async (req, res) => {
    const auth = authOf(res);
    const photo = await readProfilePhoto(
      deps,
      auth
        ? {
            userId: auth.userId,
            staff: auth.scope === 'admin' && auth.staffRole !== null,
            active: auth.status === 'active',
          }
        : null,
      req.params.id,
    );
    if (!photo) throw new AppError('NOT_FOUND', 'No such photo');
    res.setHeader('Content-Type', 'image/webp');
    res.setHeader('Cache-Control', 'private, max-age=86400');
    res.send(photo);
  });

  return router;
}
