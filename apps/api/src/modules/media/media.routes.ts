import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { text } from '@tafuta/contracts';
import { sendData } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import { RATE_LIMIT_CLASSES } from '../../http/rate-limit/classes.js';
import { createRateLimiter, signedInUserId } from '../../http/rate-limit/limiter.js';
import type { RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import { parseInput } from '../../http/validate.js';
import type { BusinessAction } from '../auth/permissions.js';
import { parseBusinessId } from '../businesses/access.js';
import { actorOf } from '../businesses/businesses.routes.js';
import type { MediaDeps } from './media.deps.js';
import { cleanImageName, imageTypeField, noFile, tooLarge, transformField } from './media.input.js';
import { listPhotos, photosConfig, readSource, uploadPhoto, uploadPreflight } from './media.service.js';
import { deletePhoto, editPhoto, replaceSource } from './media-edit.service.js';
import type { PipelineConfig } from './pipeline-config.js';
import { SEGMENT } from './storage.js';
import { requireMemberOrStaff } from '../../http/auth-context.js';

/** media.md MEDIA-260 business photo endpoints (ERRATA 17/18): HTTP only, rules in media.service.ts. */

export const editPhotoBody = z.strictObject({
  transform: z.record(z.string(), z.unknown()).optional(),
  name: z.string().optional(),
  image_type: z.string().optional(),
});
export const deletePhotoBody = z.strictObject({
  reason: text({ min: 1, max: 500, multiline: true }).optional(),
});

/** MEDIA-262: slow mobile uploads get up to 300 s for the body. */
const UPLOAD_BODY_TIMEOUT_MS = 300_000;

interface UploadLocals {
  mediaUpload?: { config: PipelineConfig };
}

function slugParam(req: Request): string {
  const slug = String(req.params.slug);
  if (!SEGMENT.test(slug) || slug.length > 60) throw new AppError('NOT_FOUND', 'No such photo');
  return slug;
}

/** MEDIA-113 rows 1–6 before a byte of the body is read. */
function preflight(deps: MediaDeps, action: BusinessAction) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const declared = req.get('content-length');
    const { config } = await uploadPreflight(
      deps,
      actorOf(req, res),
      parseBusinessId(req.params.id),
      action,
      declared === undefined ? undefined : Number(declared),
    );
    (res.locals as UploadLocals).mediaUpload = { config };
    req.setTimeout(UPLOAD_BODY_TIMEOUT_MS);
    next();
  };
}

/**
 * multer in memory with the config's size limit. Text fields come before the file (MEDIA-112), so the
 * type, name and transform are checked when the file part starts and a bad request is refused before
 * the photo is received.
 */
function receive(checkFields: 'upload' | 'replace') {
  return (req: Request, res: Response, next: NextFunction) => {
    const { config } = (res.locals as UploadLocals).mediaUpload!;
    if (!req.is('multipart/form-data')) {
      next(noFile());
      return;
    }
    const upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
      fileFilter: (request, _file, accept) => {
        try {
          const fields = request.body as Record<string, unknown>;
          if (checkFields === 'upload') imageTypeField(config, fields.image_type);
          if (checkFields === 'upload' || (fields.image_name !== undefined && fields.image_name !== '')) {
            cleanImageName(fields.image_name);
          }
          transformField(fields.transform);
          accept(null, true);
        } catch (error) {
          accept(error as Error);
        }
      },
    });
    upload.single('file')(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') next(tooLarge(config));
        // A file under another field name, or a second file: "exactly one file part `file`" (row 8).
        else next(noFile());
        return;
      }
      next(error);
    });
  };
}

function fileOf(req: Request): Buffer | undefined {
  return req.file?.buffer;
}

export function mediaRouter(deps: MediaDeps & { rateLimitStores: RateLimitStoreFactory }): Router {
  const router = express.Router();
  const member = requireMemberOrStaff(deps.db);
  // MEDIA-113 row 3: 5 per user per minute, covering upload, replace and re-transform.
  const uploadsLimit = createRateLimiter(RATE_LIMIT_CLASSES.uploadsPerUser, {
    stores: deps.rateLimitStores,
    logger: deps.logger,
    key: (_req, res) => signedInUserId(res),
  });
  const id = (req: Request) => parseBusinessId(req.params.id);

  // Public and the same for everyone: cacheable like the other public reads (API-12); errors are not.
  router.get('/photos/config', (_req, res) => {
    const config = photosConfig(deps);
    res.setHeader('Cache-Control', 'public, max-age=300');
    sendData(res, config);
  });

  router.get('/businesses/:id/photos', member, async (req, res) => {
    sendData(res, { image_types: await listPhotos(deps, actorOf(req, res), id(req)) });
  });

  router.post(
    '/businesses/:id/photos',
    member,
    uploadsLimit,
    preflight(deps, 'business.upload_image'),
    receive('upload'),
    async (req, res) => {
      const fields = (req.body ?? {}) as Record<string, unknown>;
      const photo = await uploadPhoto(deps, actorOf(req, res), id(req), {
        image_type: fields.image_type,
        image_name: fields.image_name,
        transform: fields.transform,
        file: fileOf(req),
      });
      const message = photo.warnings.includes('NAME_CHANGED') ? `Saved as ${photo.slug}` : 'Photo uploaded';
      sendData(res, photo, { status: 201, message });
    },
  );

  router.patch('/businesses/:id/photos/:slug', member, uploadsLimit, async (req, res) => {
    const businessId = id(req);
    const body = parseInput(editPhotoBody, req.body);
    const photo = await editPhoto(deps, actorOf(req, res), businessId, slugParam(req), body);
    sendData(res, photo, { message: 'Saved' });
  });

  router.put(
    '/businesses/:id/photos/:slug/source',
    member,
    uploadsLimit,
    preflight(deps, 'business.delete_image'),
    receive('replace'),
    async (req, res) => {
      const fields = (req.body ?? {}) as Record<string, unknown>;
      const photo = await replaceSource(deps, actorOf(req, res), id(req), slugParam(req), {
        image_name: fields.image_name,
        transform: fields.transform,
        file: fileOf(req),
      });
      sendData(res, photo, { message: 'Photo replaced' });
    },
  );

  router.get('/businesses/:id/photos/:slug/source', member, async (req, res) => {
    const source = await readSource(deps, actorOf(req, res), id(req), slugParam(req));
    res.setHeader('Content-Type', source.contentType);
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(source.bytes);
  });

  router.delete('/businesses/:id/photos/:slug', member, async (req, res) => {
    const businessId = id(req);
    const body = parseInput(deletePhotoBody, req.body);
    const result = await deletePhoto(deps, actorOf(req, res), businessId, slugParam(req), body.reason);
    // ERRATA 18: never 204; the envelope says what was removed.
    sendData(res, result, { message: 'Photo deleted' });
  });

  return router;
}
