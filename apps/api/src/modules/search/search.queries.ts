import { businessTagPattern, categorySlug, LANGUAGES, regionSlug } from '@tafuta/contracts';
import { z } from 'zod';

/** GET /api/search/landing (UI-LIST-03/09). */
export const landingQuery = z.strictObject({
  region: regionSlug.optional(),
  category: categorySlug.optional(),
  lang: z.enum(LANGUAGES).default('en'),
});

/** API-14: public content in one language, falling back field by field. */
export const languageQuery = z.strictObject({ lang: z.enum(LANGUAGES).default('en') });

/** A tag that cannot exist is simply "not found" (API-09). */
export const businessTagParam = z.object({
  business_tag: z.string().regex(businessTagPattern).describe('MEDIA-021 tag; anything else answers 404'),
});
