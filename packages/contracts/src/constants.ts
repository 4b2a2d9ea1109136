/**
 * Plain value lists the back office needs at run time as well as the API. This module imports nothing
 * (zod above all), so the browser takes it through `@tafuta/contracts/constants` and its bundle stays free
 * of zod; the rest of the contracts re-export these names, so the API keeps importing `@tafuta/contracts`.
 * (WEEKDAYS lives in weekdays.ts: public pages need it, and a shared module lands in the initial chunk.)
 */

/** The sellable services. */
export const SERVICE_TYPES = [
  'website_hosting',
  'image_gallery',
  'search_promotion',
  'premium_listing',
  'ads',
] as const;
export type ServiceTypeName = (typeof SERVICE_TYPES)[number];

/** ADM-111. */
export const REJECTION_REASON_CODES = [
  'incomplete_information',
  'invalid_phone',
  'duplicate_listing',
  'inappropriate_content',
  'other',
] as const;
/** ADM-160. */
export const SUSPENSION_REASON_CODES = [
  'terms_violation',
  'fraud_or_misleading',
  'owner_request',
  'other',
] as const;
export const DELETION_REASON_CODES = ['owner_request', 'duplicate_listing', 'spam', 'other'] as const;

/**
 * The content document's top-level sections in the editor's order (ui.md §9.1): the owner's history and
 * the stored change summaries list what changed in this order, whatever order the stored keys have.
 */
export const CONTENT_SECTION_ORDER = [
  'default_language',
  'profile',
  'categories',
  'regions',
  'contact',
  'location',
  'hours',
  'mpesa',
  'website',
  'website_settings',
  'media',
] as const;
