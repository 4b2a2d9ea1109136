import { DEFAULT_TRANSFORM, type Transform } from '@tafuta/contracts/photos';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { parseTransform } from './transform.js';

/** The request side of MEDIA-150; the maths it feeds is tested with `@tafuta/contracts/photos`. */

const t = (patch: Partial<Transform> = {}): Transform => ({ ...DEFAULT_TRANSFORM, ...patch });

describe('MEDIA-150 parameters', () => {
  it('fills defaults and rounds to the stored precision', () => {
    expect(parseTransform({ zoom: 1.234, rotation: -2.46, focus_x: 0.123456 })).toEqual(
      t({ zoom: 1.23, rotation: -2.5, focus_x: 0.1235 }),
    );
  });

  it.each([
    [{ zoom: 0.9 }, 'transform.zoom'],
    [{ rotation: 181 }, 'transform.rotation'],
    [{ brightness: '0.2' }, 'transform.brightness'],
    [{ sharpen: 1 }, 'transform.sharpen'],
  ])('refuses %j with INVALID_TRANSFORM naming the field (never clamps)', (input, field) => {
    try {
      parseTransform(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('INVALID_TRANSFORM');
      expect((error as AppError).options.field).toBe(field);
    }
  });
});
