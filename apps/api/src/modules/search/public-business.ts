import type { Language, PublicBusiness } from '@tafuta/contracts';
import { AppError } from '../../http/errors.js';
import {
  badgeOf,
  contentOf,
  directionsUrl,
  localServices,
  localText,
  logoUrl,
  named,
  plainLocator,
  websiteUrl,
  type ImageLocator,
  type ViewContext,
} from './listing-view.js';
import type { ListingRow } from './search.repo.js';

/** UI-VIS-04: hosting alone shows the first 5 gallery images; image_gallery shows up to 50. */
const HOSTED_GALLERY_LIMIT = 5;
const FULL_GALLERY_LIMIT = 50;

export type { PublicBusiness } from '@tafuta/contracts';

/**
 * UI-DET-01 / ERRATA 14: detail data exists only for an active business with active website hosting.
 * A closed (`out_of_business`) business answers 404 NOT_FOUND with `closed: true`, so the page can say
 * "no longer in business" (API-16 has no 410; the server-rendered shell sends 410). Everything else is a
 * plain 404.
 */
export function publicBusinessView(
  row: (ListingRow & { status: string }) | undefined,
  context: ViewContext,
  locator?: ImageLocator,
): PublicBusiness {
  if (row?.status === 'out_of_business') {
    throw new AppError('NOT_FOUND', 'This business is no longer in business', { extra: { closed: true } });
  }
  if (!row || row.status !== 'active' || !row.services.includes('website_hosting')) {
    throw new AppError('NOT_FOUND', 'No such business');
  }
  const content = contentOf(row);
  const locate = locator ?? plainLocator(context, row);
  const lang = context.lang;
  const media = content.media ?? {};
  const galleryLimit = row.services.includes('image_gallery') ? FULL_GALLERY_LIMIT : HOSTED_GALLERY_LIMIT;
  const websiteText = [lang, 'en', content.default_language, 'sw', 'kam', 'ki'] as Language[];
  const captionLanguage = websiteText.find((language) => content.website?.[language]?.gallery?.captions);
  const captions = captionLanguage ? (content.website?.[captionLanguage]?.gallery?.captions ?? {}) : {};
  const itemsLanguage = websiteText.find(
    (language) => (content.website?.[language]?.services?.items?.length ?? 0) > 0,
  );
  const items = itemsLanguage ? (content.website?.[itemsLanguage]?.services?.items ?? []) : [];
  return {
    business_id: row.business_id,
    business_tag: row.business_tag,
    lang,
    default_language: content.default_language,
    name: localText(content, lang, 'business_name') ?? { text: row.business_name, lang: 'en' },
    tagline: localText(content, lang, 'tagline'),
    description: localText(content, lang, 'description'),
    services: localServices(content, lang),
    service_items: itemsLanguage
      ? {
          items: items.map((item) => ({
            name: item.name,
            description: item.description ?? null,
            price: item.price ?? null,
          })),
          lang: itemsLanguage,
        }
      : null,
    directions_note: localText(content, lang, 'directions_note'),
    hours_note: localText(content, lang, 'hours_note'),
    categories: named(row.category_slugs, context.categories, lang),
    regions: named(row.region_slugs, context.regions, lang),
    contact: {
      phone: content.contact.phone,
      phone_alt: content.contact.phone_alt ?? null,
      whatsapp: content.contact.whatsapp ?? null,
      email: content.contact.email ?? null,
      website_url: content.contact.website_url ?? null,
    },
    location: {
      street_address1: content.location.street_address1 ?? null,
      street_address2: content.location.street_address2 ?? null,
      city: content.location.city,
      postal_code: content.location.postal_code ?? null,
      geo: content.location.geo ?? null,
    },
    directions_url: directionsUrl(content),
    hours: content.hours ?? null,
    mpesa: content.mpesa
      ? {
          till_number: content.mpesa.till_number ?? null,
          paybill_number: content.mpesa.paybill_number ?? null,
          paybill_account: content.mpesa.paybill_account ?? null,
        }
      : null,
    media: {
      logo_url: logoUrl(locate, row, 'medium', 'medium'),
      // Slugs without outputs on disk are skipped (MEDIA-221), so every URL handed out exists.
      banners: (media.banner ?? []).flatMap((slug) => {
        const [url, wide] = [locate('banner', slug, '600x200'), locate('banner', slug, '1200x400')];
        return url && wide ? [{ slug, url, url_wide: wide }] : [];
      }),
      gallery: (media.gallery ?? [])
        .flatMap((slug) => {
          const [thumb, url] = [locate('gallery', slug, 'thumb'), locate('gallery', slug, 'medium')];
          return thumb && url ? [{ slug, thumb_url: thumb, url, caption: captions[slug] ?? null }] : [];
        })
        .slice(0, galleryLimit),
    },
    badge: badgeOf(row),
    promoted: row.services.includes('search_promotion'),
    website_url: websiteUrl(context, row),
  };
}
