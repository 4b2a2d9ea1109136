import { z } from 'zod';
import { categorySlug, regionSlug } from './business-content.js';
import { DELETION_REASON_CODES, REJECTION_REASON_CODES, SUSPENSION_REASON_CODES } from './constants.js';
import { LANGUAGES } from './enums.js';
import { text } from './fields.js';

/** Enums and request shapes of the directory endpoints (auth-and-api.md §15.4–15.5, admin.md §4–7). */

export {
  DELETION_REASON_CODES,
  REJECTION_REASON_CODES,
  SERVICE_TYPES,
  SUSPENSION_REASON_CODES,
  type ServiceTypeName,
} from './constants.js';

export const BUSINESS_STATUSES = [
  'pending',
  'active',
  'deactivated',
  'out_of_business',
  'suspended',
  'deleted',
] as const;
export type BusinessStatusName = (typeof BUSINESS_STATUSES)[number];

export const REVIEW_STATES = ['awaiting_review', 'changes_requested'] as const;
export const BUSINESS_TIERS = ['basic', 'verified', 'premium'] as const;
export const BUSINESS_ROLES = ['owner', 'admin', 'employee'] as const;
export const CONTENT_CHANGE_TYPES = [
  'owner_edit',
  'admin_edit',
  'ai_edit',
  'approval',
  'system',
  'rollback',
] as const;

/** EP-BIZ-04. */
export const DEACTIVATION_REASONS = ['out_of_business', 'temporary_closure', 'other'] as const;

/** MEDIA-021. */
export const businessTagPattern = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;
/** UI-SUB-02. */
export const subdomainPattern = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,28}[a-z0-9]$/;

const reason = text({ min: 1, max: 500, multiline: true });
const note = text({ max: 140 });

/**
 * EP-BIZ-01 as the create wizard sends it: the few required facts up front, the rest of the document
 * optional. Phones arrive in any common spelling and are normalised by the server (PHN-02/03).
 */
export const createBusinessBody = z.strictObject({
  business_name: text({ min: 2, max: 80 }),
  categories: z.array(categorySlug).min(1).max(3),
  regions: z.array(regionSlug).min(1).max(2),
  phone: text({ min: 1, max: 32 }),
  city: text({ min: 1, max: 60 }),
  business_tag: text({ min: 1, max: 64 }).optional(),
  default_language: z.enum(LANGUAGES).optional(),
  /** Any other part of the document (ui.md §9), merged before validation. */
  content: z.record(z.string(), z.unknown()).optional(),
});
export type CreateBusinessBody = z.infer<typeof createBusinessBody>;

/** UI-CJ-09 / ERRATA 16: a partial document deep-merged into the current one. */
export const updateBusinessBody = z.strictObject({
  base_version: z.number().int().min(1),
  content: z.record(z.string(), z.unknown()),
  change_note: note.optional(),
  force: z.boolean().optional(),
});
export type UpdateBusinessBody = z.infer<typeof updateBusinessBody>;

/** ERRATA 16: `{version, reason, base_version?}`; a staff rollback needs the reason (EP-BIZ-23). */
export const rollbackBody = z.strictObject({
  version: z.number().int().min(1),
  reason: text({ max: 140 }).optional(),
  base_version: z.number().int().min(1).optional(),
});

export const deactivateBusinessBody = z.strictObject({
  reason: z.enum(DEACTIVATION_REASONS),
  note: note.optional(),
});

/** MEDIA-025/026. */
export const businessTagChangeBody = z.strictObject({
  business_tag: text({ min: 1, max: 64 }),
  confirm: z.boolean().optional(),
});

export const addMemberBody = z.strictObject({
  phone: text({ min: 1, max: 32 }),
  role: z.enum(BUSINESS_ROLES),
  reason: reason.optional(),
});
export const changeMemberBody = z.strictObject({ role: z.enum(BUSINESS_ROLES), reason: reason.optional() });

/** ADM-110 / ERRATA 10. */
export const approveBusinessBody = z.strictObject({
  content_version: z.number().int().min(1),
  note: note.optional(),
});
export const rejectBusinessBody = z
  .strictObject({
    content_version: z.number().int().min(1),
    reason_code: z.enum(REJECTION_REASON_CODES),
    reason: reason.optional(),
  })
  .refine((body) => body.reason_code !== 'other' || Boolean(body.reason), {
    message: 'a reason is required with "other"',
    path: ['reason'],
  });

export const suspendBusinessBody = z
  .strictObject({ reason_code: z.enum(SUSPENSION_REASON_CODES), reason: reason.optional() })
  .refine((body) => body.reason_code !== 'other' || Boolean(body.reason), {
    message: 'a reason is required with "other"',
    path: ['reason'],
  });
export const staffStatusReasonBody = z.strictObject({ reason });
export const deleteBusinessBody = z
  .strictObject({
    reason_code: z.enum(DELETION_REASON_CODES),
    reason: reason.optional(),
    confirm_name: text({ min: 1, max: 80 }),
    anonymise_contacts: z.boolean().optional(),
  })
  .refine((body) => body.reason_code !== 'other' || Boolean(body.reason), {
    message: 'a reason is required with "other"',
    path: ['reason'],
  });
export const businessVerificationBody = z.strictObject({
  verification_tier: z.enum(BUSINESS_TIERS),
  reason,
});

export const subdomainBody = z.strictObject({ subdomain: text({ min: 1, max: 63 }) });

/** GET /api/search (UI-RANK-02, ERRATA 13). `limit` above 50 is refused (API-06: search allows at most 50). */
export const searchQuery = z.strictObject({
  q: z.string().max(200).optional(),
  category: categorySlug.optional(),
  region: regionSlug.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  seed: z.coerce.number().int().min(0).max(15).optional(),
  lang: z.enum(LANGUAGES).default('en'),
});
export type SearchQuery = z.infer<typeof searchQuery>;

/** Names per language (ADM-256: `en` required, others typed by staff). */
export const languageNames = z
  .partialRecord(z.enum(LANGUAGES), text({ min: 1, max: 80 }))
  .refine((names) => Boolean(names.en), { message: 'an English name is required', path: ['en'] });

export const createCategoryBody = z.strictObject({
  slug: categorySlug,
  names: languageNames,
  keywords: z.partialRecord(z.enum(LANGUAGES), z.array(text({ min: 1, max: 40 })).max(30)).optional(),
  icon: text({ min: 1, max: 40 }).optional(),
  sort_order: z.number().int().min(0).max(10_000).optional(),
});
export const updateCategoryBody = z.strictObject({
  slug: categorySlug.optional(),
  names: languageNames.optional(),
  keywords: z.partialRecord(z.enum(LANGUAGES), z.array(text({ min: 1, max: 40 })).max(30)).optional(),
  icon: text({ min: 1, max: 40 }).nullable().optional(),
  sort_order: z.number().int().min(0).max(10_000).optional(),
  is_active: z.boolean().optional(),
});
export const createRegionBody = z.strictObject({
  slug: regionSlug,
  names: languageNames,
  coverage_note: text({ max: 300 }).optional(),
  sort_order: z.number().int().min(0).max(10_000).optional(),
});
export const updateRegionBody = z.strictObject({
  names: languageNames.optional(),
  coverage_note: text({ max: 300 }).nullable().optional(),
  sort_order: z.number().int().min(0).max(10_000).optional(),
  is_active: z.boolean().optional(),
});

/** UI-TRK-02/03: a batch of at most 20 anonymous events. */
export const TRACKED_EVENT_TYPES = [
  'detail_view',
  'call_click',
  'whatsapp_click',
  'directions_click',
  'website_click',
  'email_click',
  'ad_impression',
  'ad_click',
] as const;
export const trackingBatchBody = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  events: z
    .array(
      z.strictObject({
        type: z.enum(TRACKED_EVENT_TYPES),
        business_id: z.uuid(),
        ad_id: z.uuid().optional(),
        surface: z.enum(['card', 'detail', 'website', 'ad']),
        page: z.enum(['home', 'search', 'category', 'region', 'detail', 'website']),
        region: regionSlug.optional(),
        category: categorySlug.optional(),
        lang: z.enum(LANGUAGES).optional(),
        client_time: z.string().max(40).optional(),
      }),
    )
    .min(1)
    .max(20),
});
