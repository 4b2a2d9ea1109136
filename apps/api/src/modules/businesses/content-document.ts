import { isDeepStrictEqual } from 'node:util';
import { businessContentSchema, LANGUAGES, MAX_CONTENT_BYTES, type BusinessContent } from '@tafuta/contracts';
import { CONTENT_SECTION_ORDER } from '@tafuta/contracts/constants';
import { isoSeconds } from '../../http/envelope.js';
import { AppError, invalidInput } from '../../http/errors.js';
import { toFieldErrors } from '../../http/validate.js';

/**
 * The content document (ui.md §9) as plain data: merging a partial save into it (UI-CJ-09), validating
 * the result (UI-CJ-07/08), the server's part (`schema_version`, `metadata`) and the history summary
 * (UI-HIST-03). No database here.
 */

type Json = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Keys only the server writes; a client sending them is refused, not ignored (API-08). */
const SERVER_KEYS = ['schema_version', 'metadata'] as const;

export function refuseServerKeys(patch: Json): void {
  const sent = SERVER_KEYS.filter((key) => Object.hasOwn(patch, key));
  if (sent.length > 0) {
    throw invalidInput(
      `content.${sent[0]} is set by the server`,
      sent.map((key) => ({ field: `content.${key}`, code: 'not_allowed' as const })),
    );
  }
}

/** UI-CJ-09: objects merge, arrays (and every other value) replace, `null` removes the key. */
export function deepMerge(current: Json, patch: Json): Json {
  const merged: Json = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (isPlainObject(value)) {
      merged[key] = deepMerge(isPlainObject(merged[key]) ? merged[key] : {}, value);
    } else merged[key] = value;
  }
  return merged;
}

/**
 * Validates a whole document with the shared schema; problems are named `content.<path>`. The parsed
 * copy (trimmed text, UI-CJ-02) is what gets stored.
 */
export function validateContent(document: Json): BusinessContent {
  const result = businessContentSchema.safeParse(document);
  if (!result.success) {
    const details = toFieldErrors(result.error.issues, document, 'content');
    throw invalidInput(
      `${details[0]?.field ?? 'content'}: ${result.error.issues[0]?.message ?? ''}`,
      details,
    );
  }
  // UI-CJ-07: the stored document stays small enough to send over 3G and to keep every version.
  if (Buffer.byteLength(JSON.stringify(result.data)) > MAX_CONTENT_BYTES) {
    throw new AppError('INVALID_INPUT', 'The content is larger than 256 KB', {
      field: 'content',
      details: [{ field: 'content', code: 'too_long' }],
    });
  }
  return result.data;
}

/** The server's part of every saved document (ui.md §9.2 "server" rows). */
export function stamp(
  content: Json,
  by: { userId: string | null; type: 'owner' | 'admin' | 'system' },
): Json {
  return {
    ...content,
    schema_version: 1,
    metadata: { last_updated: isoSeconds(new Date()), updated_by: by.userId, updated_by_type: by.type },
  };
}

const PROFILE_LABELS: Record<string, string> = {
  business_name: 'name',
  tagline: 'tagline',
  description: 'description',
  services: 'services',
  directions_note: 'directions',
  hours_note: 'hours note',
};
const CONTACT_LABELS: Record<string, string> = {
  phone: 'phone',
  phone_alt: 'second phone',
  whatsapp: 'WhatsApp',
  email: 'email',
  website_url: 'website link',
};
const LOCATION_LABELS: Record<string, string> = {
  street_address1: 'address',
  street_address2: 'landmark',
  city: 'town',
  postal_code: 'postal code',
  geo: 'map location',
};
const TOP_LABELS: Record<string, string> = {
  default_language: 'main language',
  categories: 'categories',
  regions: 'regions',
  hours: 'opening hours',
  mpesa: 'M-Pesa details',
  website_settings: 'website settings',
  media: 'photos',
};

const objectAt = (value: unknown, key: string): Json => {
  const child = isPlainObject(value) ? value[key] : undefined;
  return isPlainObject(child) ? child : {};
};
/** Summaries name things in the order of the editor (ui.md §9.1), whatever order the stored keys have. */
const ORDER: string[] = [
  ...CONTENT_SECTION_ORDER,
  ...LANGUAGES,
  ...Object.keys(PROFILE_LABELS),
  ...Object.keys(CONTACT_LABELS),
  ...Object.keys(LOCATION_LABELS),
  'hero',
  'about',
  'gallery',
];
const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);
const keysOf = (...values: Json[]) =>
  [...new Set(values.flatMap((value) => Object.keys(value)))].sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  );
const lengthOf = (value: unknown) => (Array.isArray(value) ? value.length : 0);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** A list that only grew or shrank is told by count ("added 1 service"); any other change is "changed". */
function listChange(before: unknown, after: unknown, word: string, label: string, out: Phrases) {
  const [was, is] = [lengthOf(before), lengthOf(after)];
  if (is > was) out.counts.push(`added ${plural(is - was, word)}`);
  else if (is < was) out.counts.push(`removed ${plural(was - is, word)}`);
  else out.changed.push(label);
}

interface Phrases {
  changed: string[];
  counts: string[];
}

/**
 * UI-HIST-03: what a save changed, in words, from the two documents ("Changed description (sw) and
 * opening hours; added 1 service"), at most 140 characters.
 */
export function describeChanges(before: Json, after: Json): string {
  const out: Phrases = { changed: [], counts: [] };
  for (const key of keysOf(before, after)) {
    if (key === 'metadata' || key === 'schema_version' || isDeepStrictEqual(before[key], after[key]))
      continue;
    if (key === 'profile' || key === 'website') {
      const [was, is] = [objectAt(before, key), objectAt(after, key)];
      for (const lang of keysOf(was, is)) {
        const [wasLang, isLang] = [objectAt(was, lang), objectAt(is, lang)];
        for (const field of keysOf(wasLang, isLang)) {
          if (isDeepStrictEqual(wasLang[field], isLang[field])) continue;
          if (key === 'profile' && field === 'services') {
            listChange(wasLang[field], isLang[field], 'service', `services (${lang})`, out);
          } else if (key === 'profile') {
            out.changed.push(`${PROFILE_LABELS[field] ?? field} (${lang})`);
          } else if (field === 'services') {
            const items = (value: unknown) => (isPlainObject(value) ? value.items : undefined);
            const [wasItems, isItems] = [items(wasLang[field]), items(isLang[field])];
            if (isDeepStrictEqual(wasItems, isItems)) out.changed.push(`website services (${lang})`);
            else listChange(wasItems, isItems, 'website service', `website services (${lang})`, out);
          } else out.changed.push(`website ${field} (${lang})`);
        }
      }
    } else if (key === 'contact' || key === 'location') {
      const labels = key === 'contact' ? CONTACT_LABELS : LOCATION_LABELS;
      const [was, is] = [objectAt(before, key), objectAt(after, key)];
      for (const field of keysOf(was, is)) {
        if (!isDeepStrictEqual(was[field], is[field])) out.changed.push(labels[field] ?? field);
      }
    } else out.changed.push(TOP_LABELS[key] ?? key);
  }
  const changed = [...new Set(out.changed)];
  const parts = [changed.length > 0 ? `Changed ${joinWords(changed)}` : '', ...out.counts].filter(Boolean);
  if (parts.length === 0) return 'No changes';
  const summary = parts.join('; ');
  const sentence = summary.charAt(0).toUpperCase() + summary.slice(1);
  return sentence.length <= 140 ? sentence : `${sentence.slice(0, 139).trimEnd()}…`;
}

/** The generated summary followed by the editor's own note (UI-HIST-03). */
export function withNote(summary: string, note: string | undefined): string {
  return note ? `${summary} — ${note}` : summary;
}

/**
 * UI-HIST-06: a restored version keeps today's photos. Restore never touches photo files, so the
 * current `media` stays as it is, and captions of photos that no longer exist are dropped.
 */
export function restoreKeepingMedia(old: Json, current: Json): Json {
  const restored: Json = structuredClone(old);
  if (current.media === undefined) delete restored.media;
  else restored.media = structuredClone(current.media);
  const slugs = new Set(
    Object.values(isPlainObject(current.media) ? current.media : {}).flatMap((list) =>
      Array.isArray(list) ? (list as unknown[]) : [],
    ),
  );
  const website = isPlainObject(restored.website) ? restored.website : {};
  for (const language of Object.values(website)) {
    const gallery = objectAt(language, 'gallery');
    const captions = gallery.captions;
    if (!isPlainObject(captions)) continue;
    for (const slug of Object.keys(captions)) if (!slugs.has(slug)) delete captions[slug];
  }
  return restored;
}
