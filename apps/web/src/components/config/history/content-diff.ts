import { CONTENT_SECTION_ORDER } from '@tafuta/contracts/constants';
import { APP_LANGUAGES } from '../../../i18n/language';

/**
 * UI-HIST-04: what differs between two versions of `content_json`, field by field and per language, as
 * plain before/after values the history screen can print. Pure and DOM-free so it is unit-tested.
 *
 * Lists are compared whole (UI-CJ-03 treats them as one value), hours per day, captions per photo.
 * `metadata`, `schema_version` and the template name are the server's bookkeeping and never listed.
 */

/** A printable leaf: text, or a switch (website sections; `false` for a closed day in hours). */
export type DiffValue = string | boolean;

export interface DiffEntry {
  /** Dotted path of the leaf, e.g. `profile.sw.tagline` or `hours.monday`. */
  path: string;
  /** Top-level key: profile, website, contact, location, hours, media, categories… */
  group: string;
  /** The language of a per-language field, else null. */
  language: string | null;
  /** The path inside the group (and language): `tagline`, `hero.title`, `gallery.captions.braids-1`. */
  field: string;
  before: DiffValue | null;
  after: DiffValue | null;
}

type Json = unknown;
const SKIPPED = new Set(['metadata', 'schema_version']);
/** Set by the server (§9.2 "server default"), never by an owner: not a difference worth listing. */
const SKIPPED_PATHS = new Set(['website_settings.template']);
const PER_LANGUAGE = new Set(['profile', 'website']);

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isBlank(value: Json): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** One website service item as a line: "Box braids · All lengths · From KES 1,500". */
function itemLine(item: Json): string {
  if (!isObject(item)) return String(item);
  return ['name', 'description', 'price']
    .map((key) => item[key])
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join(' · ');
}

function hoursValue(day: Json): DiffValue | null {
  if (!isObject(day)) return null;
  if (day.closed === true) return false;
  if (typeof day.open === 'string' && typeof day.close === 'string') return `${day.open}–${day.close}`;
  return null;
}

/** Leaves of one subtree, keyed by dotted path; collapsed where a value is read as one thing. */
function collect(value: Json, path: string[], out: Map<string, DiffValue>): void {
  const key = path.join('.');
  if (isBlank(value) || SKIPPED_PATHS.has(key)) return;
  const [group] = path;
  if (group === 'hours' && path.length === 2) {
    const hours = hoursValue(value);
    if (hours !== null) out.set(key, hours);
    return;
  }
  if (group === 'location' && path[1] === 'geo' && isObject(value)) {
    out.set(key, `${String(value.lat)}, ${String(value.lng)}`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    const lines = value.map((entry) => (isObject(entry) ? itemLine(entry) : String(entry)));
    // Short tag lists read best on one line; services and items one per line.
    const oneLine = group === 'categories' || group === 'regions' || group === 'media';
    out.set(key, lines.join(oneLine ? ', ' : '\n'));
    return;
  }
  if (isObject(value)) {
    for (const [child, inner] of Object.entries(value)) collect(inner, [...path, child], out);
    return;
  }
  if (typeof value === 'boolean') out.set(key, value);
  else out.set(key, String(value));
}

export function flattenContent(content: Json): Map<string, DiffValue> {
  const out = new Map<string, DiffValue>();
  if (!isObject(content)) return out;
  for (const [key, value] of Object.entries(content)) {
    if (!SKIPPED.has(key)) collect(value, [key], out);
  }
  return out;
}

function describe(path: string): Pick<DiffEntry, 'group' | 'language' | 'field'> {
  const [group = '', ...rest] = path.split('.');
  if (PER_LANGUAGE.has(group) && rest.length > 1) {
    const [language = '', ...field] = rest;
    return { group, language, field: field.join('.') };
  }
  return { group, language: null, field: rest.join('.') };
}

/** Top-level order of the editors; within a group, document order of `after` then `before`. */
const rank = (list: readonly string[], value: string | null) => {
  const index = value === null ? -1 : list.indexOf(value);
  return index === -1 ? list.length : index;
};

/** Every leaf whose printable value differs between `before` and `after`. */
export function diffContent(before: Json, after: Json): DiffEntry[] {
  const was = flattenContent(before);
  const is = flattenContent(after);
  const paths = [...new Set([...is.keys(), ...was.keys()])];
  const entries = paths
    .filter((path) => was.get(path) !== is.get(path))
    .map((path) => ({
      path,
      ...describe(path),
      before: was.get(path) ?? null,
      after: is.get(path) ?? null,
    }));
  const position = new Map(paths.map((path, index) => [path, index]));
  return entries.sort(
    (a, b) =>
      rank(CONTENT_SECTION_ORDER, a.group) - rank(CONTENT_SECTION_ORDER, b.group) ||
      rank(APP_LANGUAGES, a.language) - rank(APP_LANGUAGES, b.language) ||
      position.get(a.path)! - position.get(b.path)!,
  );
}

/** Photo tags a version shows (`media.*`), for UI-HIST-04/06's "no longer available". */
export function mediaTags(content: Json): string[] {
  if (!isObject(content) || !isObject(content.media)) return [];
  return Object.values(content.media).flatMap((list) =>
    Array.isArray(list) ? list.filter((tag): tag is string => typeof tag === 'string') : [],
  );
}
