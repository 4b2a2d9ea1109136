import { DEFAULT_TRANSFORM, normaliseTransform, type Transform } from '@tafuta/contracts/photos';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';

/**
 * The transform as a client sends it (MEDIA-150): validation only. The maths (geometry, colour,
 * rounding) is in `@tafuta/contracts/photos`, shared with the dashboard's preview.
 */

const finite = (min: number, max: number) => z.number().finite().min(min).max(max);

/** A partial transform as a client sends it; unknown keys and out-of-range values are refused. */
export const transformInput = z.strictObject({
  zoom: finite(1, 5).optional(),
  focus_x: finite(0, 1).optional(),
  focus_y: finite(0, 1).optional(),
  rotation: finite(-180, 180).optional(),
  flip_horizontal: z.boolean().optional(),
  flip_vertical: z.boolean().optional(),
  brightness: finite(-1, 1).optional(),
  contrast: finite(-1, 1).optional(),
  saturation: finite(-1, 1).optional(),
});
export type TransformInput = z.infer<typeof transformInput>;

/**
 * MEDIA-150: validates a transform (missing keys take defaults) and rounds it to the stored precision.
 * Never clamps: a bad value is `400 INVALID_TRANSFORM` naming the field.
 */
export function parseTransform(value: unknown): Transform {
  const parsed = transformInput.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field =
      issue?.code === 'unrecognized_keys'
        ? `transform.${issue.keys[0] ?? ''}`
        : ['transform', ...(issue?.path ?? []).map(String)].join('.');
    throw new AppError('INVALID_TRANSFORM', `${field}: ${issue?.message ?? 'invalid'}`, {
      field,
      details: [
        {
          field,
          code:
            issue?.code === 'unrecognized_keys'
              ? 'not_allowed'
              : issue?.code === 'too_big' || issue?.code === 'too_small'
                ? 'out_of_range'
                : 'invalid_format',
        },
      ],
    });
  }
  return normaliseTransform({ ...DEFAULT_TRANSFORM, ...parsed.data });
}
