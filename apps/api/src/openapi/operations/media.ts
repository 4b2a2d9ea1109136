import { z } from 'zod';
import { deletePhotoBody, editPhotoBody } from '../../modules/media/media.routes.js';
import { defineOperation, ok, type Operation } from '../operation.js';
import { instant } from '../schemas.js';

/** media.md MEDIA-260 business photo rows (ERRATA 17/18), from modules/media/media.routes.ts. */

const tags = ['businesses'];
const params = z.object({ id: z.uuid().describe('The business') });
const photoParams = params.extend({ slug: z.string().describe('The image slug (unique per business)') });

const transform = z.object({
  zoom: z.number(),
  focus_x: z.number(),
  focus_y: z.number(),
  rotation: z.number(),
  flip_horizontal: z.boolean(),
  flip_vertical: z.boolean(),
  brightness: z.number(),
  contrast: z.number(),
  saturation: z.number(),
});

const photo = z.object({
  slug: z.string(),
  image_type: z.string(),
  name: z.string(),
  source_width: z.number().int(),
  source_height: z.number().int(),
  uploaded_by: z.string(),
  uploaded_at: instant,
  updated_at: instant,
  transform,
  shown: z.boolean().describe('Referenced in content_json.media and within the display cap'),
  urls: z.record(z.string(), z.string()).describe('Size tag → absolute URL with ?v= (existing outputs only)'),
});

const uploaded = photo.extend({
  warnings: z.array(z.enum(['NAME_CHANGED', 'LOW_RESOLUTION'])),
});

const photoList = z.object({
  image_types: z.array(
    z.object({
      image_type: z.string(),
      label: z.string(),
      count: z.number().int(),
      effective_limit: z.number().int(),
      requires_service: z.string().nullable(),
      service_active: z.boolean().nullable(),
      images: z.array(photo),
    }),
  ),
});

const uploadForm = z.object({
  image_type: z.string().describe('A type key of app-config.jfx (send the text fields before the file)'),
  image_name: z.string().describe('Display name, 1–80 characters; the slug is derived from it'),
  transform: z.string().optional().describe('JSON of the MEDIA-150 parameters; missing → defaults'),
  file: z.file().describe('JPEG, PNG, GIF or WebP, at most max_upload_size_mb'),
});

const replaceForm = z.object({
  image_name: z.string().optional(),
  transform: z.string().optional(),
  file: z.file(),
});

const fileErrors = [
  'FORBIDDEN',
  'BUSINESS_SUSPENDED',
  'BUSINESS_NOT_EDITABLE',
  'INVALID_INPUT',
  'INVALID_TRANSFORM',
  'MEDIA_BUSY',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'INVALID_IMAGE',
  'IMAGE_DIMENSIONS_INVALID',
  'MEDIA_CONFIG_UNAVAILABLE',
  'SERVER_BUSY',
  'STORAGE_FULL',
] as const;

const photosConfig = z.object({
  config_version: z.string().describe('First 12 hex digits of the SHA-256 of app-config.jfx (MEDIA-090)'),
  max_upload_size_mb: z.number(),
  max_upload_bytes: z.number().int(),
  accepted_formats: z.array(z.enum(['jpg', 'png', 'gif', 'webp'])),
  image_types: z
    .array(
      z.object({
        key: z.string().describe('Type key: sub-folder name and content_json.media key'),
        label: z.string(),
        max_images: z.number().int(),
        requires_service: z.string().nullable(),
        max_images_without_service: z.number().int(),
        primary_size: z.string().describe('Size tag with the largest area; drives the editor preview'),
        sizes: z
          .array(z.object({ tag: z.string(), width: z.number().int(), height: z.number().int() }))
          .describe('In file order'),
      }),
    )
    .describe('In file order (the photo manager’s tab order)'),
});

export const mediaOperations: Operation[] = [
  defineOperation({
    method: 'get',
    path: '/api/photos/config',
    operationId: 'getPhotosConfig',
    summary: 'The media configuration for the upload dialog',
    description:
      'The parsed `app-config.jfx` (MEDIA-110/260): limits, formats, image types and sizes in file order. ' +
      'Public; `Cache-Control: public, max-age=300`.',
    specId: 'MEDIA-260',
    tags,
    security: 'public',
    responses: { 200: ok('The media configuration', photosConfig) },
    errors: ['MEDIA_CONFIG_UNAVAILABLE'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/businesses/{id}/photos',
    operationId: 'listBusinessPhotos',
    summary: 'The photo manager: images by type',
    description:
      'Per configured type in config order: `content_json` order first, then hidden images by upload time. ' +
      'The list is bounded by the config’s per-type limits, so it is not paginated.',
    specId: 'MEDIA-260',
    tags,
    security: 'user',
    params,
    responses: { 200: ok('Images grouped by type', photoList) },
    errors: ['FORBIDDEN', 'MEDIA_BUSY', 'MEDIA_CONFIG_UNAVAILABLE'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/businesses/{id}/photos',
    operationId: 'uploadBusinessPhoto',
    summary: 'Upload a photo',
    description:
      'Employee+ or staff Support+. Magic bytes decide the format; every size of the type is rendered as WebP ' +
      'and the slug is appended to `content_json.media[type]` (MEDIA-116). 5 per user per minute.',
    specId: 'MEDIA-112',
    tags,
    security: 'user',
    params,
    request: uploadForm,
    requestContentTypes: ['multipart/form-data'],
    responses: { 201: ok('The new image', uploaded) },
    errors: [...fileErrors, 'MAX_IMAGES_REACHED'],
  }),
  defineOperation({
    method: 'patch',
    path: '/api/businesses/{id}/photos/{slug}',
    operationId: 'editBusinessPhoto',
    summary: 'Re-frame and/or rename a photo',
    description: 'Outputs are replaced in place atomically; the slug never changes (MEDIA-180/181).',
    specId: 'MEDIA-180',
    tags,
    security: 'user',
    params: photoParams,
    request: editPhotoBody,
    responses: { 200: ok('The image as listed', photo) },
    errors: [...fileErrors, 'SOURCE_MISSING'],
  }),
  defineOperation({
    method: 'put',
    path: '/api/businesses/{id}/photos/{slug}/source',
    operationId: 'replaceBusinessPhoto',
    summary: 'Replace the original of a photo',
    description: 'Owner, business Admin or staff Admin+ (ERRATA 17). Slug, type and references stay.',
    specId: 'MEDIA-183',
    tags,
    security: 'user',
    params: photoParams,
    request: replaceForm,
    requestContentTypes: ['multipart/form-data'],
    responses: { 200: ok('The image as listed', photo) },
    errors: fileErrors,
  }),
  defineOperation({
    method: 'get',
    path: '/api/businesses/{id}/photos/{slug}/source',
    operationId: 'getBusinessPhotoSource',
    summary: 'The original bytes, for the editor',
    description: 'Original content type; `Cache-Control: private, max-age=300` (MEDIA-264).',
    specId: 'MEDIA-264',
    tags,
    security: 'user',
    params: photoParams,
    responses: { 200: { description: 'The original file', contentType: 'image/*' } },
    errors: ['FORBIDDEN', 'SOURCE_MISSING', 'MEDIA_BUSY'],
  }),
  defineOperation({
    method: 'delete',
    path: '/api/businesses/{id}/photos/{slug}',
    operationId: 'deleteBusinessPhoto',
    summary: 'Delete a photo',
    description:
      'Owner, business Admin or staff Admin+ (staff send `reason`). All files go, then the reference ' +
      '(MEDIA-184). Answers 200 with the envelope (ERRATA 18: never 204).',
    specId: 'MEDIA-184',
    tags,
    security: 'user',
    params: photoParams,
    request: deletePhotoBody,
    requestOptional: true,
    responses: { 200: ok('Deleted', z.object({ slug: z.string(), deleted: z.literal(true) })) },
    errors: ['FORBIDDEN', 'BUSINESS_SUSPENDED', 'BUSINESS_NOT_EDITABLE', 'MEDIA_BUSY', 'STORAGE_FULL'],
  }),
];
