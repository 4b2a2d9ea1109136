import { z } from 'zod';
import { LANGUAGES } from './enums.js';

/**
 * Replies of the category and region endpoints (EP-SYS-05/06, ui.md §18.2, admin.md ADM-253) and of
 * `GET /api/public/settings`. Public lists carry one language (API-14); staff lists carry every name.
 */

const count = z.number().int().min(0);
const names = z.partialRecord(z.enum(LANGUAGES), z.string());
const keywords = z.partialRecord(z.enum(LANGUAGES), z.array(z.string()));
/** ADM-253 "sw ✓ kam ✗": which languages staff have typed a name in. */
const languagesFilled = z.record(z.enum(LANGUAGES), z.boolean());
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

export const publicCategory = z.object({
  slug: z.string(),
  name: z.string(),
  icon: z.string().nullable(),
  sort_order: z.number().int(),
  /** Active businesses listing the category (in `region` when one is asked for). */
  business_count: count,
});
export type PublicCategory = z.infer<typeof publicCategory>;

export const publicRegion = z.object({
  slug: z.string(),
  name: z.string(),
  coverage_note: z.string().nullable(),
  sort_order: z.number().int(),
  business_count: count,
});
export type PublicRegion = z.infer<typeof publicRegion>;

const staffItem = {
  names,
  sort_order: z.number().int(),
  is_active: z.boolean(),
  /** Non-deleted businesses listing the item (ADM-253, ADM-255). */
  business_count: count,
  languages_filled: languagesFilled,
  created_at: instant,
  updated_at: instant,
};

export const staffCategory = z.object({
  category_id: z.uuid(),
  slug: z.string(),
  keywords,
  icon: z.string().nullable(),
  ...staffItem,
});
export type StaffCategory = z.infer<typeof staffCategory>;

export const staffRegion = z.object({
  region_id: z.uuid(),
  slug: z.string(),
  coverage_note: z.string().nullable(),
  ...staffItem,
});
export type StaffRegion = z.infer<typeof staffRegion>;

/** ui.md §18.2: what the public app needs before anyone signs in. */
export const publicSettings = z.object({
  /** The `system_config` keys marked public (office contact details, VAT rate, legal name). */
  settings: z.record(z.string(), z.string()),
  ranking: z.object({ home_ads_max: z.number().int().min(0) }),
  /** UI-I18N-03: the enabled languages, in menu order. */
  languages: z.array(z.enum(LANGUAGES)),
});
export type PublicSettings = z.infer<typeof publicSettings>;
