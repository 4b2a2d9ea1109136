import { LANGUAGES, type BusinessContent, type Language } from '@tafuta/contracts';
import { sql, type Kysely } from 'kysely';
import type { BusinessStatus, BusinessTier, Database, LanguageMap } from '../../db/schema.js';
import { nairobiDate } from '../../lib/nairobi-date.js';
import type { MediaUrlResolver } from '../media/urls.js';
import { badgeOf, locatorFor, type ImageLocator } from '../search/listing-view.js';

/**
 * Everything the "classic" website template (ui.md §8.3) needs about one business, read in one
 * statement (plus the media listing, MEDIA-224, which is cached per business for a minute). The render
 * step (render.ts) is pure and works from this alone.
 */

export interface TaxonomyName {
  slug: string;
  /** In the language the model was loaded for, English when that has no name. */
  name: string;
  names: Partial<Record<Language, string>>;
}

/** Size tag → URL, for the sizes that exist on disk (a missing size is simply absent). */
export type ImageUrls = Partial<Record<string, string>>;

export interface GalleryImage {
  slug: string;
  thumb: string;
  medium: string;
}

export interface WebsiteImages {
  /** First logo (MEDIA-220): `icon`, `small`, `medium`. */
  logo: ImageUrls | null;
  /** Hero band = first banner (ERRATA 15): `300x100`, `600x200`, `1200x400`. */
  banner: ImageUrls | null;
  /** About image = first `profile` entry (ERRATA 15): `small`, `large`. */
  about: ImageUrls | null;
  /** In the owner's order, capped at 5, or 50 with image_gallery (UI-VIS-04). */
  gallery: GalleryImage[];
}

export interface WebsiteModel {
  businessId: string;
  businessTag: string;
  /** `businesses.business_name` (= profile.en.business_name, UI-CJ-05). */
  businessName: string;
  status: BusinessStatus;
  verificationTier: BusinessTier;
  content: BusinessContent;
  contentVersion: number;
  contentUpdatedAt: Date;
  /** The language the names below were resolved for. */
  lang: Language;
  /** The instant the model describes (service activity, open-now, © year). */
  now: Date;
  preview: boolean;
  /** Service types active on the Nairobi day of `now` (PAY-181: active while today < expiration_date). */
  activeServices: string[];
  hostingActive: boolean;
  galleryActive: boolean;
  badge: 'verified' | 'premium' | null;
  /** The assigned web address label, if any. */
  subdomain: string | null;
  apexDomain: string;
  /** APP_URL, the main Tafuta app every link back to Tafuta points at (https://tafuta.ke in production). */
  mainSiteUrl: string;
  /** `https://{subdomain}.{apex}/`, the canonical URL; null before an address is assigned. */
  siteUrl: string | null;
  categories: TaxonomyName[];
  regions: TaxonomyName[];
  city: string;
  phone: string;
  /** UI-WEB-07 language menu: English plus every language with any business text, in §14.1 order. */
  languages: Language[];
  images: WebsiteImages;
}

export interface WebsiteModelOptions {
  lang: Language;
  now: Date;
  preview: boolean;
  /** SITE_APEX_DOMAIN, e.g. tafuta.ke. */
  apexDomain: string;
  /**
   * APP_URL: links back to Tafuta go to the app that really runs (http://localhost:3000 in the embedded
   * default), not to `https://{apex}`, which in development is production.
   */
  mainSiteUrl: string;
  /** MEDIA_BASE_URL: used for plain URLs when no resolver is given. */
  mediaBaseUrl: string;
  /** The shared media URL resolver (MEDIA-224): only outputs that exist are handed out. */
  mediaUrls?: Pick<MediaUrlResolver, 'lookup'> | undefined;
  /** Told the content version before the media listing is read (site-media.ts `mediaListingGuard`). */
  beforeMediaLookup?: ((businessId: string, contentVersion: number) => void) | undefined;
}

/** UI-VIS-04. */
export const HOSTED_GALLERY_LIMIT = 5;
export const FULL_GALLERY_LIMIT = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ModelRow {
  business_id: string;
  business_tag: string;
  business_name: string;
  status: BusinessStatus;
  verification_tier: BusinessTier;
  content_json: Record<string, unknown>;
  content_version: number;
  content_updated_at: Date;
  category_slugs: string[];
  region_slugs: string[];
  city: string;
  phone: string;
  services: string[];
  subdomain: string | null;
  category_names: { slug: string; names: LanguageMap }[];
  region_names: { slug: string; names: LanguageMap }[];
}

async function readRow(db: Kysely<Database>, businessId: string, today: string) {
  const { rows } = await sql<ModelRow>`
    select b.business_id, b.business_tag, b.business_name, b.status, b.verification_tier, b.content_json,
      b.content_version, b.content_updated_at, b.category_slugs, b.region_slugs, b.city, b.phone,
      array(select s.service_type from service_subscriptions s where s.business_id = b.business_id
        and s.status = 'active' and s.expiration_date > ${today}::date order by s.service_type) as services,
      (select d.name from subdomains d where d.business_id = b.business_id and d.state = 'assigned'
        order by d.assigned_at desc nulls last limit 1) as subdomain,
      coalesce((select json_agg(json_build_object('slug', c.slug, 'names', c.names))
        from categories c where c.slug = any(b.category_slugs)), '[]') as category_names,
      coalesce((select json_agg(json_build_object('slug', r.slug, 'names', r.names))
        from regions r where r.slug = any(b.region_slugs)), '[]') as region_names
    from businesses b where b.business_id = ${businessId}::uuid`.execute(db);
  return rows[0];
}

function namesIn(
  slugs: readonly string[],
  rows: readonly { slug: string; names: LanguageMap }[],
  lang: Language,
): TaxonomyName[] {
  // The business's order (first = primary, UI-CJ-05), not the catalogue's.
  return slugs.map((slug) => {
    const names = rows.find((row) => row.slug === slug)?.names ?? { en: slug };
    return { slug, name: names[lang] ?? names.en ?? slug, names };
  });
}

function hasText(value: unknown): boolean {
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.some(hasText);
  if (value && typeof value === 'object') return Object.values(value).some(hasText);
  return false;
}

/** English plus each language with any profile or website text (UI-WEB-07). */
export function languagesWithText(content: BusinessContent): Language[] {
  return LANGUAGES.filter(
    (language) =>
      language === 'en' || hasText(content.profile?.[language]) || hasText(content.website?.[language]),
  );
}

const SIZE_OF_URL = /_([a-z0-9-]+)\.webp(?:\?|$)/;

/**
 * URLs of one image keyed by the size actually served: the resolver may hand out a larger size when one
 * is missing (MEDIA-224), and the template's `srcset` widths must describe the real file.
 */
function imageUrls(locate: ImageLocator, type: string, slug: unknown, sizes: readonly string[]) {
  if (typeof slug !== 'string') return null;
  const urls: ImageUrls = {};
  for (const size of sizes) {
    let url: string | null;
    try {
      url = locate(type, slug, size);
    } catch {
      // A slug that could never name a file (an old or hostile row) has no image.
      url = null;
    }
    const actual = url ? SIZE_OF_URL.exec(url)?.[1] : undefined;
    if (url && actual && sizes.includes(actual)) urls[actual] = url;
  }
  return Object.keys(urls).length > 0 ? urls : null;
}

function slugsOf(content: BusinessContent, type: string): unknown[] {
  const slugs = (content.media as Record<string, unknown> | undefined)?.[type];
  return Array.isArray(slugs) ? slugs : [];
}

/** The images the template shows, as URLs (pure: the locator holds the one disk listing). */
export function websiteImages(
  content: BusinessContent,
  locate: ImageLocator,
  galleryActive: boolean,
): WebsiteImages {
  const galleryLimit = galleryActive ? FULL_GALLERY_LIMIT : HOSTED_GALLERY_LIMIT;
  const first = (type: string, sizes: readonly string[]) => {
    for (const slug of slugsOf(content, type)) {
      const urls = imageUrls(locate, type, slug, sizes);
      if (urls) return urls;
    }
    return null;
  };
  const gallery: GalleryImage[] = [];
  for (const slug of slugsOf(content, 'gallery')) {
    if (gallery.length >= galleryLimit) break;
    const urls = imageUrls(locate, 'gallery', slug, ['thumb', 'medium']);
    const thumb = urls?.thumb ?? urls?.medium;
    const medium = urls?.medium ?? urls?.thumb;
    if (typeof slug === 'string' && thumb && medium) gallery.push({ slug, thumb, medium });
  }
  return {
    logo: first('logo', ['icon', 'small', 'medium']),
    banner: first('banner', ['300x100', '600x200', '1200x400']),
    about: first('profile', ['small', 'large']),
    gallery,
  };
}

/**
 * The website model of a business, or null when there is no such business. Loads whatever the status
 * (the caller decides what to show, UI-WEB-02).
 */
export async function loadWebsiteModel(
  db: Kysely<Database>,
  businessId: string,
  options: WebsiteModelOptions,
): Promise<WebsiteModel | null> {
  if (!UUID.test(businessId)) return null;
  const row = await readRow(db, businessId, nairobiDate(options.now));
  if (!row) return null;
  const content = row.content_json as unknown as BusinessContent;
  options.beforeMediaLookup?.(row.business_id, row.content_version);
  const hostingActive = row.services.includes('website_hosting');
  const galleryActive = row.services.includes('image_gallery');
  const locate = await locatorFor(
    { mediaBaseUrl: options.mediaBaseUrl, mediaUrls: options.mediaUrls },
    { business_id: row.business_id, business_tag: row.business_tag, content_json: row.content_json },
  ).catch((): ImageLocator => () => null);
  return {
    businessId: row.business_id,
    businessTag: row.business_tag,
    businessName: row.business_name,
    status: row.status,
    verificationTier: row.verification_tier,
    content,
    contentVersion: row.content_version,
    contentUpdatedAt: row.content_updated_at,
    lang: options.lang,
    now: options.now,
    preview: options.preview,
    activeServices: row.services,
    hostingActive,
    galleryActive,
    badge: badgeOf({ verification_tier: row.verification_tier, services: row.services }),
    subdomain: row.subdomain,
    apexDomain: options.apexDomain,
    mainSiteUrl: options.mainSiteUrl,
    siteUrl: row.subdomain ? `https://${row.subdomain}.${options.apexDomain}/` : null,
    categories: namesIn(row.category_slugs, row.category_names, options.lang),
    regions: namesIn(row.region_slugs, row.region_names, options.lang),
    city: row.city,
    phone: row.phone,
    languages: languagesWithText(content),
    images: websiteImages(content, locate, galleryActive),
  };
}
