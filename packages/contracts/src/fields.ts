import { z } from 'zod';

// API-08: control characters are refused; newline and tab only where a field is multi-line.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE_TAB = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** A trimmed string with a maximum length (every string has one) and no control characters. */
export function text(options: { min?: number; max: number; multiline?: boolean }) {
  const forbidden = options.multiline ? CONTROL_EXCEPT_NEWLINE_TAB : CONTROL_CHARACTERS;
  return z
    .string()
    .trim()
    .min(options.min ?? 0)
    .max(options.max)
    .refine((value) => !forbidden.test(value), { message: 'contains control characters' });
}
