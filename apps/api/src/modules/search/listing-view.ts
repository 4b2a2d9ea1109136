import {
  fallbackLanguages,
  LANGUAGES,
  type BusinessContent,
  type Language,
  type ListingItem,
  type LocalText,
} from '@tafuta/contracts';
import { buildMediaUrl, type MediaUrlResolver } from '../media/urls.js';
import type { ListingRow, TaxonomyRow } from './search.repo.js';

/**
 * Display-ready views of a business for public surfaces (UI-RANK-07 cards, UI-DET-06 detail data): text
 * resolved for the visitor's language with UI-CJ-03 fallback, contact action URLs (ui.md §5.5), media
 * URLs (MEDIA-223) and badges (UI-VIS-05).
 */

export interface ViewContext {
  lang: Language;
  mediaBaseUrl: string;
  apexDomain: string;
  categories: ReadonlyMap<string, TaxonomyRow>;
  regions: ReadonlyMap<string, TaxonomyRow>;
  /** The media URL resolver (MEDIA-224): URLs only for outputs that exist. Without it, plain URLs. */
  mediaUrls?: Pick<MediaUrlResolver, 'lookup'> | undefined;
}

export type { ListingItem, LocalText } from '@tafuta/contracts';

type ProfileKey = 'business_name' | 'tagline' | 'description' | 'directions_note' | 'hours_note';

const languageOf = (value: unknown): Language =>
  LANGUAGES.includes(value as Language) ? (value as Language) : 'en';

export function contentOf(row: Pick<ListingRow, 'content_json'>): BusinessContent {
  // Stored documents were validated on save (UI-CJ-09); this is a read of that shape.
  return row.content_json as unknown as BusinessContent;
}

/** UI-CJ-03: visitor language → en → default language → sw, kam, ki. */
export function localText(content: BusinessContent, lang: Language, key: ProfileKey): LocalText | null {
  for (const language of fallbackLanguages(lang, languageOf(content.default_language))) {
    const value = content.profile[language]?.[key];
    if (typeof value === 'string' && value.length > 0) return { text: value, lang: language };
  }
  return null;
}

/** Lists fall back as a whole list, never item by item (UI-CJ-03). */
export function localServices(
  content: BusinessContent,
  lang: Language,
): { items: string[]; lang: Language } | null {
  for (const language of fallbackLanguages(lang, languageOf(content.default_language))) {
    const items = content.profile[language]?.services;
    if (items && items.length > 0) return { items, lang: language };
  }
  return null;
}

export function named(
  slugs: readonly string[],
  names: ReadonlyMap<string, TaxonomyRow>,
  lang: Language,
): { slug: string; name: string }[] {
  return slugs.map((slug) => {
    const row = names.get(slug);
    return { slug, name: row ? (row.names[lang] ?? row.names.en) : slug };
  });
}

/** UI-ACT-03: coordinates when known, else the street and landmark; hidden without either. */
export function directionsUrl(content: BusinessContent): string | null {
  const geo = content.location.geo;
  if (geo) return `https://www.google.com/maps/dir/?api=1&destination=${geo.lat},${geo.lng}`;
  const street = content.location.street_address1 ?? '';
  const landmark = content.location.street_address2 ?? '';
  if (!street && !landmark) return null;
  const query = [street, landmark, content.location.city, 'Kenya'].filter((part) => part).join(', ');
  return `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(query)}`;
}

/**
 * Where a business's images are (MEDIA-223/224): a URL for a referenced slug at a size, or null when the
 * image has no output on disk (renderers skip it, MEDIA-221).
 */
export type ImageLocator = (type: string, slug: string, size: string) => string | null;

/** MEDIA-223 URLs without a look at the disk: for views built without the media resolver. */
export function plainLocator(
  context: Pick<ViewContext, 'mediaBaseUrl'>,
  row: Pick<ListingRow, 'business_tag' | 'business_id'>,
): ImageLocator {
  return (type, slug, size) => buildMediaUrl(context.mediaBaseUrl, row, { type, slug, size });
}

/**
 * The disk-checked locator of one business (one cached listing read, MEDIA-224); businesses whose
 * content references no image never touch the disk.
 */
export async function locatorFor(
  context: Pick<ViewContext, 'mediaBaseUrl' | 'mediaUrls'>,
  row: Pick<ListingRow, 'business_tag' | 'business_id' | 'content_json'>,
): Promise<ImageLocator> {
  const media = contentOf(row).media ?? {};
  if (!context.mediaUrls || !Object.values(media).some((slugs) => slugs.length > 0)) {
    return plainLocator(context, row);
  }
  const find = await context.mediaUrls.lookup(row);
  return (type, slug, size) => find({ type, slug, size });
}

/** The first logo that exists (MEDIA-220), else the first profile image, else none (initials, UI-CARD-01). */
export function logoUrl(
  locate: ImageLocator,
  row: Pick<ListingRow, 'content_json'>,
  logoSize: string,
  profileSize: string,
): string | null {
  const media = contentOf(row).media ?? {};
  for (const slug of media.logo ?? []) {
    const url = locate('logo', slug, logoSize);
    if (url) return url;
  }
  for (const slug of media.profile ?? []) {
    const url = locate('profile', slug, profileSize);
    if (url) return url;
  }
  return null;
}

/** UI-VIS-05: Premium needs the tier and an active premium_listing; otherwise a premium tier shows Verified. */
export function badgeOf(
  row: Pick<ListingRow, 'verification_tier' | 'services'>,
): 'verified' | 'premium' | null {
  if (row.verification_tier === 'premium' && row.services.includes('premium_listing')) return 'premium';
  if (row.verification_tier === 'verified' || row.verification_tier === 'premium') return 'verified';
  return null;
}

export const isHosted = (row: Pick<ListingRow, 'services'>): boolean =>
  row.services.includes('website_hosting');

/** UI-ACT-04: hosted businesses with an assigned web address only. */
export function websiteUrl(
  context: Pick<ViewContext, 'apexDomain'>,
  row: Pick<ListingRow, 'services' | 'subdomain'>,
) {
  return isHosted(row) && row.subdomain ? `https://${row.subdomain}.${context.apexDomain}/` : null;
}

/** UI-RANK-07: the compact card; never the full content document. */
export function listingItem(
  row: ListingRow,
  context: ViewContext,
  locate: ImageLocator = plainLocator(context, row),
): ListingItem {
  const content = contentOf(row);
  const name = localText(content, context.lang, 'business_name');
  return {
    business_id: row.business_id,
    business_tag: row.business_tag,
    name: name?.text ?? row.business_name,
    name_lang: name?.lang ?? 'en',
    tagline: localText(content, context.lang, 'tagline')?.text ?? null,
    categories: named(row.category_slugs, context.categories, context.lang),
    regions: named(row.region_slugs, context.regions, context.lang),
    city: row.city,
    phone: row.phone,
    whatsapp: row.whatsapp,
    directions_url: directionsUrl(content),
    logo_url: logoUrl(locate, row, 'small', 'thumb'),
    badge: badgeOf(row),
    promoted: row.services.includes('search_promotion'),
    hosted: isHosted(row),
    website_url: websiteUrl(context, row),
    hours: content.hours ?? null,
    default_language: languageOf(content.default_language),
  };
}
