import type { BusinessContent } from '@tafuta/contracts';
import { APP_LANGUAGES, type AppLanguage } from '../../../i18n/language';

/**
 * The website editor's form (UI-WED-03/04) and its mapping to and from `content_json` (ui.md §9.2):
 * per-language texts under `website.{lang}`, the section switches under `website_settings`, and the
 * About image as the first `media.profile` entry (ERRATA 15). Pure, so it is unit-tested.
 */

export const SECTIONS = ['about', 'services', 'gallery', 'hours', 'location', 'contact'] as const;
export type Section = (typeof SECTIONS)[number];

/** ui.md §9.2 limits. */
export const LIMITS = {
  hero_title: 60,
  hero_subtitle: 120,
  about_title: 40,
  about_content: 3000,
  services_title: 40,
  item_name: 60,
  item_description: 200,
  item_price: 30,
  gallery_title: 40,
  caption: 120,
  contact_title: 40,
  items: 30,
} as const;

export interface ServiceItem {
  name: string;
  description: string;
  price: string;
}

export interface LanguageTexts {
  hero_title: string;
  hero_subtitle: string;
  about_title: string;
  about_content: string;
  services_title: string;
  items: ServiceItem[];
  gallery_title: string;
  /** One caption per gallery photo, in `gallery` order (index keys: a tag may be all digits). */
  captions: string[];
  contact_title: string;
}

export interface WebsiteForm {
  texts: Record<AppLanguage, LanguageTexts>;
  sections: Record<Section, boolean>;
  /** The profile photo shown in About, or null for none chosen. */
  about_image: string | null;
}

/** The single-line and paragraph fields of one language (not the lists). */
export const TEXT_FIELDS = [
  'hero_title',
  'hero_subtitle',
  'about_title',
  'about_content',
  'services_title',
  'gallery_title',
  'contact_title',
] as const;

/** UI-LANG-03: the empty fields of `own` filled with the English wording, nothing else touched. */
export function withEnglish(own: LanguageTexts, english: LanguageTexts): LanguageTexts {
  const filled: LanguageTexts = {
    ...own,
    items: own.items.length > 0 ? own.items : english.items.map((item) => ({ ...item })),
    captions: own.captions.map((caption, index) =>
      caption.trim() ? caption : (english.captions[index] ?? ''),
    ),
  };
  for (const key of TEXT_FIELDS) if (!own[key].trim()) filled[key] = english[key];
  return filled;
}

/** The text fields counted for a tab's completion dot (UI-LANG-01). */
export const COMPLETION_FIELDS = [
  'hero_title',
  'hero_subtitle',
  'about_title',
  'about_content',
  'services_title',
  'items',
  'gallery_title',
  'captions',
  'contact_title',
] as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export function galleryOf(content: BusinessContent): string[] {
  return content.media?.gallery ?? [];
}

function textsOf(content: BusinessContent, language: AppLanguage, gallery: string[]): LanguageTexts {
  const site = content.website?.[language] ?? {};
  const captions = site.gallery?.captions ?? {};
  return {
    hero_title: str(site.hero?.title),
    hero_subtitle: str(site.hero?.subtitle),
    about_title: str(site.about?.title),
    about_content: str(site.about?.content),
    services_title: str(site.services?.title),
    items: (site.services?.items ?? []).map((item) => ({
      name: item.name,
      description: str(item.description),
      price: str(item.price),
    })),
    gallery_title: str(site.gallery?.title),
    captions: gallery.map((slug) => str(captions[slug])),
    contact_title: str(site.contact?.title),
  };
}

export function fromContent(content: BusinessContent): WebsiteForm {
  const gallery = galleryOf(content);
  const sections = content.website_settings?.sections ?? {};
  return {
    texts: Object.fromEntries(
      APP_LANGUAGES.map((language) => [language, textsOf(content, language, gallery)]),
    ) as Record<AppLanguage, LanguageTexts>,
    // §9.2: a section without a switch is shown.
    sections: Object.fromEntries(SECTIONS.map((section) => [section, sections[section] !== false])) as Record<
      Section,
      boolean
    >,
    about_image: content.media?.profile?.[0] ?? null,
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value);
/** An object of optional fields, or null (remove it) when every field is empty. */
function part(fields: Record<string, unknown>): Json | null {
  return Object.values(fields).every((value) => value === null) ? null : fields;
}

function languagePatch(texts: LanguageTexts, gallery: string[]): Json | null {
  // Every row is sent, an empty one too: the schema then asks for its name at the same index the
  // form shows, instead of a row silently vanishing.
  const items = texts.items.map((item) => ({
    name: item.name,
    ...(item.description.trim() ? { description: item.description } : {}),
    ...(item.price.trim() ? { price: item.price } : {}),
  }));
  const captions = Object.fromEntries(
    gallery.map((slug, index) => [slug, orNull(texts.captions[index] ?? '')]),
  );
  const site = {
    hero: part({ title: orNull(texts.hero_title), subtitle: orNull(texts.hero_subtitle) }),
    about: part({ title: orNull(texts.about_title), content: orNull(texts.about_content) }),
    services: part({ title: orNull(texts.services_title), items: items.length > 0 ? items : null }),
    gallery: part({
      title: orNull(texts.gallery_title),
      captions: Object.values(captions).every((value) => value === null) ? null : captions,
    }),
    contact: part({ title: orNull(texts.contact_title) }),
  };
  return part(site);
}

/**
 * The partial document to send (UI-CJ-09: objects merge, arrays replace, `null` removes): every
 * language's website texts with `null` for what was emptied, all section switches when one changed,
 * and `media.profile` only when the About image changed.
 */
export function toPatch(values: WebsiteForm, current: BusinessContent): Json {
  const gallery = galleryOf(current);
  const patch: Json = {
    website: Object.fromEntries(
      APP_LANGUAGES.map((language) => [language, languagePatch(values.texts[language], gallery)]),
    ),
  };
  // Only a real change of a switch is sent, so an untouched document gains no settings block (and the
  // history summary names no change that was not made).
  const before = fromContent(current).sections;
  if (SECTIONS.some((section) => before[section] !== values.sections[section])) {
    patch.website_settings = { template: 'classic', sections: { ...values.sections } };
  }
  const profile = current.media?.profile ?? [];
  if (values.about_image !== null && values.about_image !== profile[0]) {
    patch.media = { profile: [values.about_image, ...profile.filter((slug) => slug !== values.about_image)] };
  }
  return patch;
}

/** The server's merge (apps/api/src/modules/businesses/content-document.ts `deepMerge`), for validation. */
export function mergePatch(current: Json, patch: Json): Json {
  const merged: Json = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (isObject(value)) merged[key] = mergePatch(isObject(merged[key]) ? merged[key] : {}, value);
    else merged[key] = value;
  }
  return merged;
}

/** The document the server would store after this save: what the shared schema checks. */
export function toDocument(values: WebsiteForm, current: BusinessContent): Json {
  return mergePatch(current, toPatch(values, current));
}

const FIELD_OF: Record<string, keyof LanguageTexts> = {
  'hero.title': 'hero_title',
  'hero.subtitle': 'hero_subtitle',
  'about.title': 'about_title',
  'about.content': 'about_content',
  'services.title': 'services_title',
  'services.items': 'items',
  'gallery.title': 'gallery_title',
  'contact.title': 'contact_title',
};

/** A content path (`website.sw.services.items.2.name`) → the form field showing it. */
export function toFormPath(gallery: string[]) {
  return (contentPath: string): string | null => {
    const match = /^website\.(\w+)\.(.+)$/.exec(contentPath);
    if (!match) return null;
    const [, language, rest = ''] = match;
    const item = /^services\.items\.(\d+)\.(name|description|price)$/.exec(rest);
    if (item) return `texts.${language}.items.${item[1]}.${item[2]}`;
    const caption = /^gallery\.captions\.(.+)$/.exec(rest);
    if (caption) {
      const index = gallery.indexOf(caption[1]!);
      return index === -1 ? null : `texts.${language}.captions.${index}`;
    }
    const field = FIELD_OF[rest];
    return field ? `texts.${language}.${field}` : null;
  };
}
