import type { AppLanguage } from '../../../i18n/language';
import type { BusinessPrivate } from '../../../lib/config/types';

/**
 * Order, visibility and captions live in the content document, not in the photo files (MEDIA-220/221,
 * ERRATA 15): `content_json.media[type]` is the ordered list of shown slugs (the first profile photo is
 * the About image) and gallery captions are `website.{lang}.gallery.captions[slug]` (UI-WED-03).
 */

export type Captions = Partial<Record<AppLanguage, string>>;

export function mediaRefs(business: Pick<BusinessPrivate, 'content_json'>, type: string): string[] {
  return business.content_json.media?.[type] ?? [];
}

export function captionsOf(business: Pick<BusinessPrivate, 'content_json'>, slug: string): Captions {
  const captions: Captions = {};
  for (const [language, texts] of Object.entries(business.content_json.website ?? {})) {
    const caption = texts?.gallery?.captions?.[slug];
    if (caption) captions[language as AppLanguage] = caption;
  }
  return captions;
}

/** Swaps a slug with its neighbour; unchanged at either end or when the slug is not listed. */
export function moved(list: string[], slug: string, by: -1 | 1): string[] {
  const index = list.indexOf(slug);
  const target = index + by;
  if (index < 0 || target < 0 || target >= list.length) return list;
  const next = [...list];
  next[index] = list[target]!;
  next[target] = slug;
  return next;
}

/** ERRATA 15: "Use on website About" puts the photo first (shown again if it was hidden). */
export function aboutFirst(list: string[], slug: string): string[] {
  return [slug, ...list.filter((other) => other !== slug)];
}

/**
 * The partial `website` document for a caption save: only languages whose caption changed; an emptied
 * caption is sent as null, which the content save removes. Null when nothing changed.
 */
export function captionPatch(before: Captions, next: Captions, slug: string): Record<string, unknown> | null {
  const website: Record<string, unknown> = {};
  for (const [language, text] of Object.entries(next)) {
    const value = text.trim();
    if (value === (before[language as AppLanguage] ?? '')) continue;
    website[language] = { gallery: { captions: { [slug]: value || null } } };
  }
  return Object.keys(website).length === 0 ? null : website;
}
