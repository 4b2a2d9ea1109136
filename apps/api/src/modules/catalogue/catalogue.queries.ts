import { LANGUAGES, text } from '@tafuta/contracts';
import { z } from 'zod';

/** Query strings of the catalogue endpoints, shared by the routes and their OpenAPI description. */

/** API-06 with a larger default: these reference lists are short and the apps want them whole. */
const page = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(100),
};
const lang = z.enum(LANGUAGES).default('en');

export const publicCategoriesQuery = z.strictObject({
  ...page,
  lang,
  // Any spelling is looked up, so a malformed slug is "no such region" (404) like an unknown one.
  region: text({ min: 1, max: 100 }).optional(),
});
export const publicRegionsQuery = z.strictObject({ ...page, lang });
export const staffListQuery = z.strictObject(page);
