import { text } from '@tafuta/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors.js';
import { parseInput } from './validate.js';

const profileSchema = z.strictObject({
  full_name: text({ min: 2, max: 100 }),
  nickname: text({ min: 1, max: 50 }).optional(),
  bio: text({ max: 500, multiline: true }).optional(),
  age: z.number().int().min(18).max(120).optional(),
});

function failure(value: unknown): AppError {
  try {
    parseInput(profileSchema, value);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('parseInput (API-05, API-08)', () => {
  it('returns trimmed data when the input is valid', () => {
    expect(parseInput(profileSchema, { full_name: '  Mwende Mutua ' })).toEqual({
      full_name: 'Mwende Mutua',
    });
  });

  it('refuses unknown and read-only fields by name instead of dropping them', () => {
    const error = failure({ full_name: 'Mwende', status: 'active', verification_tier: 'premium' });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.status).toBe(400);
    expect(error.options.details).toEqual([
      { field: 'status', code: 'not_allowed' },
      { field: 'verification_tier', code: 'not_allowed' },
    ]);
    expect(error.options.field).toBe('status');
  });

  it('reports every problem with the catalogue field codes', () => {
    const error = failure({ full_name: 'M', nickname: 'x'.repeat(51), age: 12 });
    expect(error.options.details).toEqual([
      { field: 'full_name', code: 'too_short' },
      { field: 'nickname', code: 'too_long' },
      { field: 'age', code: 'out_of_range' },
    ]);
  });

  it('marks a missing field as required and a wrong type as invalid_format', () => {
    expect(failure({}).options.details).toEqual([{ field: 'full_name', code: 'required' }]);
    expect(failure({ full_name: 42 }).options.details).toEqual([
      { field: 'full_name', code: 'invalid_format' },
    ]);
  });

  it('refuses control characters, allowing newlines and tabs only in multi-line text', () => {
    expect(failure({ full_name: 'Mwende\u0000' }).options.details).toEqual([
      { field: 'full_name', code: 'invalid_format' },
    ]);
    expect(failure({ full_name: 'Mwende\nMutua' }).options.details).toEqual([
      { field: 'full_name', code: 'invalid_format' },
    ]);
    expect(parseInput(profileSchema, { full_name: 'Mwende', bio: 'Line one\n\tLine two' }).bio).toBe(
      'Line one\n\tLine two',
    );
  });
});
