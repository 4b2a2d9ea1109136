import { sql, type RawBuilder } from 'kysely';
import { LANGUAGES, type BusinessContent, type Language } from '@tafuta/contracts';

/**
 * The columns kept in step with `content_json` on every save, in the same transaction (UI-CJ-05): the
 * primary category and region, the contact facts staff lists filter on, and the search fields.
 */

/** NFKD, marks dropped, lower case: "Gĩkũyũ" → "gikuyu". The same folding as SQL `tafuta_fold`. */
export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** ADM-108 duplicate check and search tier 1: folded, with spaces and punctuation removed. */
export function nameKey(name: string): string {
  return foldText(name).replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface CategoryText {
  slug: string;
  names: Partial<Record<Language, string>>;
  keywords: Partial<Record<Language, string[]>>;
}

export interface DerivedColumns {
  business_name: string;
  category: string;
  region: string;
  category_slugs: string[];
  region_slugs: string[];
  phone: string;
  whatsapp: string | null;
  email: string | null;
  city: string;
  latitude: number | null;
  longitude: number | null;
  name_key: string;
  search_names: string;
  search_document: RawBuilder<unknown>;
  name_document: RawBuilder<unknown>;
}

function profileValues<K extends 'business_name' | 'tagline' | 'description' | 'directions_note'>(
  content: BusinessContent,
  key: K,
): string[] {
  return LANGUAGES.map((language) => content.profile[language]?.[key]).filter(
    (value): value is string => typeof value === 'string' && value.length > 0,
  );
}

function weighted(text: string, weight: 'A' | 'B' | 'C' | 'D'): RawBuilder<unknown> {
  return sql`setweight(to_tsvector('simple', tafuta_fold(${text}::text)), ${weight}::"char")`;
}

/**
 * UI-LIST-05 weights: A business names (every language), B category names and keywords and the services
 * list, C tagline, town and landmark, D description. `simple` configuration: no stemming, because the
 * text mixes English, Kiswahili, Kikamba and Gĩkũyũ.
 */
export function derivedColumns(
  content: BusinessContent,
  categories: readonly CategoryText[],
): DerivedColumns {
  const names = profileValues(content, 'business_name');
  const chosen = content.categories
    .map((slug) => categories.find((category) => category.slug === slug))
    .filter((category): category is CategoryText => category !== undefined);
  const categoryWords = chosen.flatMap((category) => [
    ...Object.values(category.names),
    ...Object.values(category.keywords).flat(),
  ]);
  const services = LANGUAGES.flatMap((language) => content.profile[language]?.services ?? []);
  const place = [
    content.location.city,
    content.location.street_address1 ?? '',
    content.location.street_address2 ?? '',
  ];
  const document = sql`${weighted(names.join(' '), 'A')} || ${weighted(
    [...categoryWords, ...services].join(' '),
    'B',
  )} || ${weighted([...profileValues(content, 'tagline'), ...place].join(' '), 'C')} || ${weighted(
    profileValues(content, 'description').join(' '),
    'D',
  )}`;
  const strong = [...names, ...categoryWords, ...services].join(' ');
  const englishName = content.profile.en?.business_name ?? names[0] ?? '';
  return {
    business_name: englishName,
    category: content.categories[0]!,
    region: content.regions[0]!,
    category_slugs: [...content.categories],
    region_slugs: [...content.regions],
    phone: content.contact.phone,
    whatsapp: content.contact.whatsapp ?? null,
    email: content.contact.email ?? null,
    city: content.location.city,
    latitude: content.location.geo?.lat ?? null,
    longitude: content.location.geo?.lng ?? null,
    name_key: nameKey(englishName),
    search_names: [...new Set(names.map(foldText))].join(' '),
    search_document: document,
    name_document: sql`to_tsvector('simple', tafuta_fold(${strong}::text))`,
  };
}
