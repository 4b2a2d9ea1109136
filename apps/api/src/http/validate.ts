import type { FieldError, FieldErrorCode } from '@tafuta/contracts';
import type { z } from 'zod';
import { invalidInput } from './errors.js';

type Issue = z.core.$ZodIssue;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function fieldCode(issue: Issue, input: unknown): FieldErrorCode {
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? 'required' : 'invalid_format';
    case 'too_small':
      return issue.origin === 'string' ? 'too_short' : 'out_of_range';
    case 'too_big':
      return issue.origin === 'string' ? 'too_long' : 'out_of_range';
    case 'unrecognized_keys':
      return 'not_allowed';
    default:
      return 'invalid_format';
  }
}

/** Maps zod issues to API-05 `details`; an unknown key is reported under its own name (API-08). */
export function toFieldErrors(issues: readonly Issue[], input: unknown, prefix = ''): FieldError[] {
  return issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: base ? `${base}.${key}` : key,
        code: 'not_allowed' as const,
      }));
    }
    return [{ field: base || '(body)', code: fieldCode(issue, input) }];
  });
}

/**
 * Parses request input at the edge. Schemas are strict objects, so unknown or read-only fields are
 * refused with 400 INVALID_INPUT rather than silently dropped.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const input = value ?? {};
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = toFieldErrors(result.error.issues, input);
  const first = result.error.issues[0];
  const message = first ? `${details[0]?.field ?? 'input'}: ${first.message}` : 'Invalid input';
  throw invalidInput(message, details);
}
