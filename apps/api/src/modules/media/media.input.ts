import type { Transform } from '@tafuta/contracts/photos';
import { AppError, invalidInput } from '../../http/errors.js';
import type { MediaType, PipelineConfig } from './pipeline-config.js';
import { typeOf } from './pipeline-config.js';
import { parseTransform } from './transform.js';

/** The request fields of photo uploads and edits (MEDIA-100, MEDIA-112, MEDIA-150), checked at the edge. */

const NAME_MAX = 80;

/** MEDIA-100: 1–80 characters after trimming, control characters removed, any script. */
export function cleanImageName(value: unknown, field = 'image_name'): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the rule itself
  const name = typeof value === 'string' ? value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim() : '';
  if (!name) throw invalidInput(`${field}: give the photo a name`, [{ field, code: 'required' }]);
  if ([...name].length > NAME_MAX) {
    throw invalidInput(`${field}: at most ${NAME_MAX} characters`, [{ field, code: 'too_long' }]);
  }
  return name;
}

/** `transform` arrives as a JSON string in multipart forms (MEDIA-112). */
export function transformField(value: unknown): Transform {
  if (value === undefined || value === '') return parseTransform({});
  if (typeof value !== 'string') return parseTransform(value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new AppError('INVALID_TRANSFORM', 'transform: not valid JSON', {
      field: 'transform',
      details: [{ field: 'transform', code: 'invalid_format' }],
    });
  }
  return parseTransform(parsed);
}

export function imageTypeField(config: PipelineConfig, value: unknown): MediaType {
  if (typeof value !== 'string' || value === '') {
    throw invalidInput('image_type: choose the kind of photo', [{ field: 'image_type', code: 'required' }]);
  }
  const type = typeOf(config, value);
  // ERRATA 18: media.md's INVALID_IMAGE_TYPE is ERR-01's INVALID_INPUT naming the field.
  if (!type)
    throw invalidInput(`image_type: unknown type "${value}"`, [
      { field: 'image_type', code: 'invalid_format' },
    ]);
  return type;
}

export const tooLarge = (config: PipelineConfig) =>
  new AppError('PAYLOAD_TOO_LARGE', `The photo is larger than ${config.maxUploadBytes / 1_048_576} MB`, {
    field: 'file',
  });

export const noFile = () =>
  invalidInput('Send one photo in the field "file"', [{ field: 'file', code: 'required' }]);

/** The uploaded photo is there, not empty and within the size limit, before anything reads it (MEDIA-113). */
export function uploadedFile(file: Buffer | undefined, config: PipelineConfig): Buffer {
  if (!file || file.length === 0) {
    if (file) throw new AppError('INVALID_IMAGE', 'The file is empty', { field: 'file' });
    throw noFile();
  }
  if (file.length > config.maxUploadBytes) throw tooLarge(config);
  return file;
}
