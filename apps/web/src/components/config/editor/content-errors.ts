import { businessContentSchema, type FieldError, type FieldErrorCode } from '@tafuta/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import type { FieldValues, Resolver } from 'react-hook-form';
import { z } from 'zod';

/**
 * Field problems of the content document (ui.md §9.2), the same whether the browser found them with
 * the shared zod schema or the server answered 400 INVALID_INPUT with `details`: both name a content
 * path (`contact.whatsapp`, `profile.sw.tagline`) and a code, which become one translated sentence
 * (UI-SAVE-06: never the schema's or the server's English).
 *
 * A form error's `message` holds the problem as `key` or `key:limit` (`tooLong:100`); `problemText`
 * turns it into words.
 */

export type ProblemKey =
  | 'required'
  | 'tooLong'
  | 'tooShort'
  | 'tooMany'
  | 'phone'
  | 'mobile'
  | 'email'
  | 'url'
  | 'postal'
  | 'geo'
  | 'clock'
  | 'digits'
  | 'paybillNeeded'
  | 'repeated'
  | 'invalid';

/** Wrong shape → the sentence that says what a right one looks like. */
const FORMAT_PROBLEMS: [RegExp, ProblemKey][] = [
  [/^contact\.(phone|phone_alt)$/, 'phone'],
  [/^contact\.whatsapp$/, 'mobile'],
  [/^contact\.email$/, 'email'],
  [/^contact\.website_url$/, 'url'],
  [/^location\.postal_code$/, 'postal'],
  [/^location\.geo/, 'geo'],
  [/^hours\./, 'clock'],
  [/^mpesa\.(till_number|paybill_number)$/, 'digits'],
  [/^mpesa\.paybill_account$/, 'paybillNeeded'],
  [/^(categories|regions)$/, 'repeated'],
];

/** List limits of §9.2, for server answers, which carry a code but not the limit. */
const LIST_LIMITS: [RegExp, number][] = [
  [/^categories$/, 3],
  [/^regions$/, 2],
  [/^profile\.\w+\.services$/, 20],
  [/^website\.\w+\.services\.items$/, 30],
];

export function contentProblem(path: string, code: FieldErrorCode, limit?: number): string {
  const format = FORMAT_PROBLEMS.find(([pattern]) => pattern.test(path))?.[1];
  const listLimit = limit ?? LIST_LIMITS.find(([pattern]) => pattern.test(path))?.[1];
  switch (code) {
    case 'required':
      return 'required';
    case 'too_long':
      return limit ? `tooLong:${limit}` : 'tooLong';
    case 'too_short':
      return limit && limit > 1 ? `tooShort:${limit}` : 'required';
    case 'out_of_range':
      // Numbers out of range are coordinates; lists are too long (an empty list arrives as `required`).
      if (format === 'geo') return 'geo';
      return listLimit ? `tooMany:${listLimit}` : 'invalid';
    case 'not_unique':
      return 'repeated';
    default:
      return format ?? 'invalid';
  }
}

type Issue = z.core.$ZodIssue;

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key],
    document,
  );
}

function issueCode(issue: Issue, document: unknown): { code: FieldErrorCode; limit?: number } {
  switch (issue.code) {
    case 'invalid_type':
      return { code: valueAt(document, issue.path) === undefined ? 'required' : 'invalid_format' };
    case 'too_small':
      // An empty list or an empty text where one is needed is simply missing.
      if (issue.origin === 'array' || valueAt(document, issue.path) === '') return { code: 'required' };
      return {
        code: issue.origin === 'string' ? 'too_short' : 'out_of_range',
        limit: Number(issue.minimum),
      };
    case 'too_big':
      return { code: issue.origin === 'string' ? 'too_long' : 'out_of_range', limit: Number(issue.maximum) };
    default:
      return { code: 'invalid_format' };
  }
}

/** A content path of the document → the form field showing it, or null when the form has none. */
export type ContentPathMapper = (contentPath: string) => string | null;

/**
 * React Hook Form validation with the contracts' `businessContentSchema`: the form values are turned
 * into the document the server would store and checked with the very schema the API uses, and each
 * problem is put on the field that shows it. `extra` adds form-only checks (a phone that could not be
 * read at all, for example).
 */
export function contentResolver<F extends FieldValues>(
  toDocument: (values: F) => Record<string, unknown>,
  toFormPath: ContentPathMapper,
  extra?: (values: F) => { path: string; problem: string }[],
): Resolver<F> {
  const schema = z.custom<F>().superRefine((values, ctx) => {
    const document = toDocument(values);
    const result = businessContentSchema.safeParse(document);
    const seen = new Set<string>();
    const add = (path: string, message: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      ctx.addIssue({ code: 'custom', path: path.split('.'), message });
    };
    for (const problem of extra?.(values) ?? []) add(problem.path, problem.problem);
    for (const issue of result.success ? [] : result.error.issues) {
      const contentPath = issue.path.map(String).join('.');
      const { code, limit } = issueCode(issue, document);
      add(toFormPath(contentPath) ?? 'root', contentProblem(contentPath, code, limit));
    }
  });
  return zodResolver(schema);
}

/** 400 INVALID_INPUT `details` (`content.contact.whatsapp` …) as form errors. */
export function serverFieldErrors(
  details: readonly FieldError[],
  toFormPath: ContentPathMapper,
  prefix = 'content.',
): { path: string; message: string }[] {
  return details.flatMap((detail) => {
    const contentPath = detail.field.startsWith(prefix) ? detail.field.slice(prefix.length) : detail.field;
    const path = toFormPath(contentPath);
    return path ? [{ path, message: contentProblem(contentPath, detail.code) }] : [];
  });
}

/** The words for an encoded problem (`tooLong:100`). */
export function problemText(t: TFunction<'config'>, encoded: string | undefined): string {
  if (!encoded) return '';
  const [key = 'invalid', raw] = encoded.split(':');
  const problem = key as ProblemKey;
  const count = raw ? Number(raw) : undefined;
  switch (problem) {
    case 'tooLong':
      return count ? t('business.problems.tooLongCount', { count }) : t('business.problems.tooLong');
    case 'tooShort':
      return t('business.problems.tooShort', { count: count ?? 2 });
    case 'tooMany':
      return count ? t('business.problems.tooManyCount', { count }) : t('business.problems.tooMany');
    case 'required':
    case 'phone':
    case 'mobile':
    case 'email':
    case 'url':
    case 'postal':
    case 'geo':
    case 'clock':
    case 'digits':
    case 'paybillNeeded':
    case 'repeated':
      return t(`business.problems.${problem}`);
    default:
      return t('business.problems.invalid');
  }
}
