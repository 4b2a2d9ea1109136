import { fallbackLanguages, LANGUAGES, type BusinessContent, type Language } from '@tafuta/contracts';

/**
 * Business text for the page language with the UI-CJ-03 fallback, cut to the §9.2 limits. Documents
 * are validated on save, but a row written before a rule tightened (or by hand) must still render, so
 * every read here checks its type and length instead of trusting the stored shape.
 */

export interface Local {
  text: string;
  lang: Language;
}

/** ui.md §9.2 limits (characters). */
export const LIMITS = {
  business_name: 80,
  tagline: 100,
  description: 1000,
  service: 60,
  services: 20,
  directions_note: 160,
  hours_note: 120,
  hero_title: 60,
  hero_subtitle: 120,
  about_title: 40,
  about_content: 3000,
  section_title: 40,
  items: 30,
  item_name: 60,
  item_description: 200,
  item_price: 30,
  caption: 120,
  street: 100,
  city: 60,
  paybill_account: 20,
} as const;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * Plain text (UI-CJ-02): control characters out (line breaks kept), trimmed, cut to `max` without
 * splitting a surrogate pair; a cut shows "…". Null for non-strings and empty strings.
 */
export function clip(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  let text = value.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
  if (text.length > max) {
    let end = max - 1;
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    text = `${text.slice(0, end).trimEnd()}…`;
  }
  return text.length > 0 ? text : null;
}

const asLanguage = (value: unknown): Language =>
  LANGUAGES.includes(value as Language) ? (value as Language) : 'en';

const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** Reads one path below `content.{area}.{language}`; undefined wherever the shape is not an object. */
function at(content: BusinessContent, area: 'profile' | 'website', language: Language, path: string[]) {
  let node: unknown = record(record(content)?.[area])?.[language];
  for (const key of path) node = record(node)?.[key];
  return node;
}

export class ContentText {
  readonly order: Language[];

  constructor(
    readonly content: BusinessContent,
    readonly lang: Language,
  ) {
    this.order = fallbackLanguages(lang, asLanguage(record(content)?.default_language));
  }

  private first(area: 'profile' | 'website', path: string[], max: number): Local | null {
    for (const language of this.order) {
      const text = clip(at(this.content, area, language, path), max);
      if (text !== null) return { text, lang: language };
    }
    return null;
  }

  profile(key: 'business_name' | 'tagline' | 'description' | 'directions_note' | 'hours_note'): Local | null {
    return this.first('profile', [key], LIMITS[key]);
  }

  website(path: [string, string], max: number): Local | null {
    return this.first('website', path, max);
  }

  /** Profile services: the first language with a non-empty list, as a whole list (UI-CJ-03). */
  profileServices(): { items: string[]; lang: Language } | null {
    for (const language of this.order) {
      const list = at(this.content, 'profile', language, ['services']);
      if (!Array.isArray(list)) continue;
      const items = list
        .slice(0, LIMITS.services)
        .map((item) => clip(item, LIMITS.service))
        .filter((item): item is string => item !== null);
      if (items.length > 0) return { items, lang: language };
    }
    return null;
  }

  /** Website service items, whole list per language like the profile services. */
  serviceItems(): {
    items: { name: string; description: string | null; price: string | null }[];
    lang: Language;
  } | null {
    for (const language of this.order) {
      const list = at(this.content, 'website', language, ['services', 'items']);
      if (!Array.isArray(list)) continue;
      const items = list.slice(0, LIMITS.items).flatMap((item) => {
        const name = clip(record(item)?.name, LIMITS.item_name);
        if (name === null) return [];
        return [
          {
            name,
            description: clip(record(item)?.description, LIMITS.item_description),
            price: clip(record(item)?.price, LIMITS.item_price),
          },
        ];
      });
      if (items.length > 0) return { items, lang: language };
    }
    return null;
  }

  /** A gallery caption: each image's caption falls back on its own (captions are per image, not a list). */
  caption(slug: string): Local | null {
    for (const language of this.order) {
      const captions = record(at(this.content, 'website', language, ['gallery', 'captions']));
      const text = clip(captions && Object.hasOwn(captions, slug) ? captions[slug] : null, LIMITS.caption);
      if (text !== null) return { text, lang: language };
    }
    return null;
  }
}

/** A field of a non-language part of the document (contact, location, mpesa…); unknown if absent. */
export function field(content: BusinessContent, area: string, key: string): unknown {
  return record(record(content)?.[area])?.[key];
}
