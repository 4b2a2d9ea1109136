import { hoursSchema, LANGUAGES, searchQuery, trackingBatchBody } from '@tafuta/contracts';
import { z } from 'zod';
import { businessTagParam, landingQuery, languageQuery } from '../../modules/search/search.queries.js';
import { statsQuery } from '../../modules/tracking/tracking.routes.js';
import { STAT_EVENT_TYPES } from '../../modules/tracking/tracking.service.js';
import { defineOperation, list, ok, type Operation } from '../operation.js';

/** Public search, landing headers, detail data and tracking: modules/search and modules/tracking. */

const cached =
  'Cacheable: `Cache-Control: public, max-age=300` (API-12); the reply never varies by caller (ERRATA 13).';
const language = z.enum(LANGUAGES);
const named = z.object({ slug: z.string(), name: z.string() });
const counted = named.extend({ count: z.number().int().min(0) });
const localText = z.object({ text: z.string(), lang: language });
const badge = z.enum(['verified', 'premium']).nullable();

const listingItem = z.object({
  business_id: z.uuid(),
  business_tag: z.string(),
  name: z.string(),
  name_lang: language,
  tagline: z.string().nullable(),
  categories: named.array(),
  regions: named.array(),
  city: z.string(),
  phone: z.string(),
  whatsapp: z.string().nullable(),
  directions_url: z.string().nullable(),
  logo_url: z.string().nullable(),
  badge,
  promoted: z.boolean(),
  hosted: z.boolean(),
  website_url: z.string().nullable(),
  hours: hoursSchema.nullable(),
  default_language: language,
});

const landing = z.object({
  region: named.nullable(),
  category: named.nullable(),
  total: z.number().int().min(0),
  related: z.object({ categories_in_region: counted.array(), category_in_regions: counted.array() }),
});

const publicBusiness = z.object({
  business_id: z.uuid(),
  business_tag: z.string(),
  lang: language,
  default_language: language,
  name: localText,
  tagline: localText.nullable(),
  description: localText.nullable(),
  services: z.object({ items: z.string().array(), lang: language }).nullable(),
  service_items: z
    .object({
      items: z
        .object({ name: z.string(), description: z.string().nullable(), price: z.string().nullable() })
        .array(),
      lang: language,
    })
    .nullable(),
  directions_note: localText.nullable(),
  hours_note: localText.nullable(),
  categories: named.array(),
  regions: named.array(),
  contact: z.object({
    phone: z.string(),
    phone_alt: z.string().nullable(),
    whatsapp: z.string().nullable(),
    email: z.string().nullable(),
    website_url: z.string().nullable(),
  }),
  location: z.object({
    street_address1: z.string().nullable(),
    street_address2: z.string().nullable(),
    city: z.string(),
    postal_code: z.string().nullable(),
    geo: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  }),
  directions_url: z.string().nullable(),
  hours: hoursSchema.nullable(),
  mpesa: z
    .object({
      till_number: z.string().nullable(),
      paybill_number: z.string().nullable(),
      paybill_account: z.string().nullable(),
    })
    .nullable(),
  media: z.object({
    logo_url: z.string().nullable(),
    banners: z.object({ slug: z.string(), url: z.string(), url_wide: z.string() }).array(),
    gallery: z
      .object({ slug: z.string(), thumb_url: z.string(), url: z.string(), caption: z.string().nullable() })
      .array(),
  }),
  badge,
  promoted: z.boolean(),
  website_url: z.string().nullable(),
});

const eventCounts = z.object(
  Object.fromEntries(STAT_EVENT_TYPES.map((type) => [type, z.number().int().min(0)])) as Record<
    (typeof STAT_EVENT_TYPES)[number],
    z.ZodNumber
  >,
);
const stats = z.object({
  business_id: z.uuid(),
  days: z.number().int(),
  from: z.iso.date(),
  to: z.iso.date(),
  totals: eventCounts,
  daily: z.object({ day: z.iso.date(), counts: eventCounts.partial() }).array(),
});

export const searchOperations: Operation[] = [
  defineOperation({
    method: 'get',
    path: '/api/search',
    operationId: 'searchBusinesses',
    summary: 'Search and list active businesses in ranking order',
    description:
      'Only `active` businesses (UI-VIS-01). `q` matches every word as a prefix in any language of the content and category names, accent-insensitively, with typo tolerance on names (pg_trgm); relevance tiers of UI-LIST-05 first, then the rotation key of UI-RANK-03 with the per-tab `seed` 0–15 mixed with the rotation bucket (ERRATA 13). `limit` above 50 is refused (API-06). Items per UI-RANK-07. `ads` is always empty: the ads module does not exist yet (UI-ADS-05). Rate limit: 30 a minute per client IP (RL-01). ' +
      cached,
    specId: 'EP-PUB-01',
    tags: ['directory'],
    security: 'public',
    query: searchQuery,
    responses: {
      200: list('One page of listings', listingItem, {
        ads: z.array(z.object({ position: z.number().int() })).describe('UI-ADS-05; empty until ads exist'),
      }),
    },
    errors: ['CATEGORY_NOT_FOUND', 'REGION_NOT_FOUND'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/search/landing',
    operationId: 'getLandingHeader',
    summary: 'Header and related links of a category or region landing page',
    description: `Names in \`lang\` (English fallback), the count of listed businesses, other categories listed in the region (≤ 8, with counts) and the category in other regions (UI-LIST-03, UI-LIST-09). ${cached}`,
    specId: 'UI-LIST-09',
    tags: ['directory'],
    security: 'public',
    query: landingQuery,
    responses: { 200: ok('Landing page header', landing) },
    errors: ['CATEGORY_NOT_FOUND', 'REGION_NOT_FOUND'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/public/businesses/{business_tag}',
    operationId: 'getPublicBusiness',
    summary: 'Detail-page data of a hosted business',
    description:
      'Only for an `active` business with active website hosting (UI-DET-01, ERRATA 14); anything else answers 404 `NOT_FOUND`. A business marked out of business answers 404 `NOT_FOUND` with `error.closed = true` (API-16 has no 410; the server-rendered shell sends 410). Text resolved for `lang` with the UI-CJ-03 fallback, each with its language; gallery limited to 5 images without `image_gallery` (UI-VIS-04). ' +
      cached,
    specId: 'UI-DET-06',
    tags: ['directory'],
    security: 'public',
    params: businessTagParam,
    query: languageQuery,
    responses: { 200: ok('Display-ready business', publicBusiness) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/events',
    operationId: 'trackEvents',
    summary: 'Count a batch of anonymous click and view events',
    description:
      'UI-TRK-03/04; replaces EP-PUB-04 (ERRATA 21). Events for unknown or non-active businesses, `detail_view` of a business without website hosting, events from obvious bots (user agent) and repeats of the same type + business + token within 10 minutes are ignored; `ad_impression`/`ad_click` are ignored until the ads module exists. Only daily counts are stored. Answers 200 with the counts (never 204, ERRATA 18). Rate limit: 60 a minute per client IP.',
    specId: 'EP-PUB-04',
    tags: ['directory'],
    security: 'public',
    request: trackingBatchBody,
    responses: {
      200: ok(
        'Events counted',
        z.object({ accepted: z.number().int().min(0), ignored: z.number().int().min(0) }),
      ),
    },
  }),
  defineOperation({
    method: 'get',
    path: '/api/businesses/{id}/stats',
    operationId: 'getBusinessStats',
    summary: 'Daily click and view counts of a business',
    description:
      'UI-TRK-05: Member · Support+. Totals per event type over the last `days` Nairobi days (today included) and the counts per day (days without events left out).',
    specId: 'UI-TRK-05',
    tags: ['businesses'],
    security: 'user',
    params: z.object({ id: z.uuid().describe('The business; anything else answers 404') }),
    query: statsQuery,
    responses: { 200: ok('Counts', stats) },
    errors: ['FORBIDDEN'],
  }),
];
