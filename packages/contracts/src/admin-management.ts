import { z } from 'zod';
import { email, staffReason } from './auth.js';
import { paginationQuerySchema } from './envelope.js';
import { BUSINESS_STATUSES, SERVICE_TYPES } from './directory.js';
import { USER_STATUSES, VERIFICATION_TIERS } from './enums.js';
import { text } from './fields.js';

/**
 * Back-office management (admin.md §2.2, §5.1–5.2, §6, §11): staff accounts, business and user lists
 * and details, system configuration and the fee schedule. Request shapes and the replies the web app
 * reads; the server builds every reply field by field.
 */

export const STAFF_ROLES = ['super_admin', 'admin', 'support_staff'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

const yesNo = z.enum(['yes', 'no']);
const slug = text({ min: 1, max: 64 }).regex(/^[a-z0-9-]+$/, 'invalid slug');
const search = text({ min: 1, max: 100 });

// --- Staff accounts (ADM-024..028, EP-ADM-82..85) ---------------------------------------------------

/** ADM-021 as narrowed by ERRATA 7: the person already has a verified account with this phone. */
export const staffAccountCreateBody = z.strictObject({
  email,
  phone: text({ min: 1, max: 32 }),
  role: z.enum(STAFF_ROLES),
});

/**
 * ADM-025: one PATCH carries any of role change, (re)activation, resending the invitation, sending a
 * password reset and unlocking. A reason is required for a role change and a deactivation.
 */
export const staffAccountUpdateBody = z
  .strictObject({
    role: z.enum(STAFF_ROLES).optional(),
    is_active: z.boolean().optional(),
    resend_invite: z.literal(true).optional(),
    send_password_reset: z.literal(true).optional(),
    unlock: z.literal(true).optional(),
    reason: staffReason.optional(),
  })
  .refine(
    (body) =>
      body.role !== undefined ||
      body.is_active !== undefined ||
      body.resend_invite !== undefined ||
      body.send_password_reset !== undefined ||
      body.unlock !== undefined,
    { message: 'name at least one change' },
  );
export type StaffAccountUpdateBody = z.infer<typeof staffAccountUpdateBody>;

export const staffAccountDeactivateBody = z.strictObject({ reason: staffReason });

export const staffAccountsQuery = paginationQuerySchema
  .extend({ q: search.optional(), role: z.enum(STAFF_ROLES).optional(), active: yesNo.optional() })
  .strict();

const personRef = z.object({ user_id: z.uuid(), full_name: z.string() }).nullable();

export const staffAccountView = z.object({
  admin_user_id: z.uuid(),
  user_id: z.uuid(),
  full_name: z.string(),
  phone: z.string().nullable(),
  login_email: z.string(),
  role: z.enum(STAFF_ROLES),
  is_active: z.boolean(),
  password_set: z.boolean(),
  created_at: z.iso.datetime(),
  created_by: personRef,
  deactivated_at: z.iso.datetime().nullable(),
  last_login_at: z.iso.datetime().nullable(),
  locked_until: z.iso.datetime().nullable(),
  locked: z.boolean(),
  /** The newest unused invitation; `expired` lets the list offer "Resend invite" (ADM-024). */
  invite: z.object({ expires_at: z.iso.datetime(), expired: z.boolean() }).nullable(),
});
export type StaffAccountView = z.infer<typeof staffAccountView>;

// --- Businesses (ADM-150..155) ----------------------------------------------------------------------

export const adminBusinessesQuery = paginationQuerySchema
  .extend({
    q: search.optional(),
    status: z.enum(BUSINESS_STATUSES).optional(),
    region: slug.optional(),
    category: slug.optional(),
    verification_tier: z.enum(['basic', 'verified', 'premium']).optional(),
    has_paid_service: yesNo.optional(),
    /** ERRATA 9: `csv` downloads the whole filtered list (Admin+, ADM-152/700); page and limit are ignored. */
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();
export type AdminBusinessesQuery = z.infer<typeof adminBusinessesQuery>;

const serviceSummary = z.object({
  service_type: z.string(),
  status: z.string(),
  expiration_date: z.iso.date(),
  /** ERRATA 22: the last day with service (expiration_date − 1). */
  last_service_date: z.iso.date(),
});

const ownerSummary = z.object({ user_id: z.uuid(), full_name: z.string(), phone: z.string().nullable() });

export const adminBusinessRow = z.object({
  business_id: z.uuid(),
  business_name: z.string(),
  business_tag: z.string(),
  status: z.enum(BUSINESS_STATUSES),
  verification_tier: z.string(),
  categories: z.array(z.string()),
  regions: z.array(z.string()),
  phone: z.string(),
  email: z.string().nullable(),
  subdomain: z.string().nullable(),
  owner: ownerSummary.nullable(),
  active_services: z.array(serviceSummary),
  created_at: z.iso.datetime(),
});
export type AdminBusinessRow = z.infer<typeof adminBusinessRow>;

export const adminBusinessDetail = adminBusinessRow.extend({
  city: z.string(),
  whatsapp: z.string().nullable(),
  website_url: z.string().nullable(),
  review_state: z.string().nullable(),
  status_changed_at: z.iso.datetime(),
  status_reason_code: z.string().nullable(),
  status_reason: z.string().nullable(),
  status_before_suspension: z.string().nullable(),
  submitted_at: z.iso.datetime().nullable(),
  approved_at: z.iso.datetime().nullable(),
  approved_by: personRef,
  rejection_count: z.number().int(),
  content: z.object({
    version: z.number().int(),
    updated_at: z.iso.datetime(),
    last_change: z
      .object({ change_type: z.string(), changed_by: personRef, created_at: z.iso.datetime() })
      .nullable(),
  }),
  reviews: z.array(
    z.object({
      decision: z.enum(['approved', 'rejected']),
      reason_code: z.string().nullable(),
      reason: z.string().nullable(),
      content_version: z.number().int(),
      submitted_at: z.iso.datetime(),
      decided_at: z.iso.datetime(),
      decided_by: personRef,
    }),
  ),
  members: z.array(
    z.object({
      user_id: z.uuid(),
      full_name: z.string(),
      phone: z.string().nullable(),
      role: z.enum(['owner', 'admin', 'employee']),
      since: z.iso.datetime(),
    }),
  ),
  subscriptions: z.array(
    serviceSummary.extend({
      subscription_id: z.uuid(),
      months_paid: z.number().int(),
      complimentary_months: z.number().int(),
      start_date: z.iso.date(),
    }),
  ),
  discounts: z.array(
    z.object({
      discount_id: z.uuid(),
      discount_type: z.string(),
      discount_percentage: z.number().int(),
      status: z.string(),
      expires_at: z.iso.date(),
    }),
  ),
  transactions: z.array(
    z.object({
      tx_id: z.uuid(),
      transaction_type: z.string(),
      status: z.string(),
      /** VAT-inclusive, API-07 money. */
      amount: z.string(),
      needs_attention: z.boolean(),
      created_at: z.iso.datetime(),
    }),
  ),
  refunds: z.array(
    z.object({
      request_id: z.uuid(),
      request_number: z.string(),
      status: z.string(),
      net_refund: z.string(),
      requested_at: z.iso.datetime(),
    }),
  ),
});
export type AdminBusinessDetail = z.infer<typeof adminBusinessDetail>;

// --- Users (ADM-200..208) ---------------------------------------------------------------------------

export const adminUsersQuery = paginationQuerySchema
  .extend({
    q: search.optional(),
    status: z.enum(USER_STATUSES).optional(),
    verification_tier: z.enum(VERIFICATION_TIERS).optional(),
    locked: yesNo.optional(),
    has_staff_account: yesNo.optional(),
    /** ERRATA 9: `csv` downloads the whole filtered list (Admin+, ADM-200/700); page and limit are ignored. */
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();
export type AdminUsersQuery = z.infer<typeof adminUsersQuery>;

export const adminUserRow = z.object({
  user_id: z.uuid(),
  full_name: z.string(),
  status: z.enum(USER_STATUSES),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  verification_tier: z.enum(VERIFICATION_TIERS),
  created_at: z.iso.datetime(),
  locked_until: z.iso.datetime().nullable(),
  has_staff_account: z.boolean(),
  business_counts: z.object({ owner: z.number().int(), admin: z.number().int(), employee: z.number().int() }),
});
export type AdminUserRow = z.infer<typeof adminUserRow>;

export const adminUserDetail = adminUserRow.extend({
  nickname: z.string().nullable(),
  language_preference: z.string(),
  physical_address: z.string().nullable(),
  phone_verified_at: z.iso.datetime().nullable(),
  status_changed_at: z.iso.datetime(),
  status_reason: z.string().nullable(),
  last_login_at: z.iso.datetime().nullable(),
  last_login_method: z.string().nullable(),
  last_active_at: z.iso.datetime().nullable(),
  failed_otp_streak: z.number().int(),
  failed_password_streak: z.number().int(),
  staff_account: z.object({ role: z.enum(STAFF_ROLES), is_active: z.boolean() }).nullable(),
  preferences: z.object({ marketing_sms_opt_in: z.boolean(), marketing_email_opt_in: z.boolean() }),
  consents: z.array(
    z.object({ document_type: z.string(), version_number: z.string(), accepted_at: z.iso.datetime() }),
  ),
  businesses: z.array(
    z.object({
      business_id: z.uuid(),
      business_name: z.string(),
      status: z.string(),
      role: z.enum(['owner', 'admin', 'employee']),
    }),
  ),
  /** ADM-201: the latest 20 messages sent to the person (no bodies: ADM-531 keeps those in the log). */
  messages: z.array(
    z.object({
      notification_id: z.uuid(),
      template_key: z.string().nullable(),
      channel: z.string(),
      status: z.string(),
      created_at: z.iso.datetime(),
    }),
  ),
});
export type AdminUserDetail = z.infer<typeof adminUserDetail>;

// --- System configuration (ADM-450..456) ------------------------------------------------------------

export const systemConfigView = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      value: z.string(),
      description: z.string(),
      must_set_before_launch: z.boolean(),
      is_public: z.boolean(),
      /** True for a launch key that is still empty: the screen shows it in red. */
      missing: z.boolean(),
      updated_at: z.iso.datetime(),
      updated_by: personRef,
    }),
  ),
  /** ADM-455 / ADM-056: one red alert per empty launch key; receipts cannot be issued while any remain. */
  alerts: z.array(z.object({ key: z.string(), severity: z.literal('red'), message: z.string() })),
  launch_ready: z.boolean(),
  /** ADM-456: values change with the audited server command, never in the screen. */
  change_command: z.string(),
});
export type SystemConfigView = z.infer<typeof systemConfigView>;

// --- Fee schedule (ADM-460..462, PAY-022..026) ------------------------------------------------------

/** ADM-461: whole KES ≥ 1, sent as API-07 money ("200" or "200.00"). */
const wholeShillings = z
  .string()
  .trim()
  .regex(/^[1-9]\d{0,6}(\.00?)?$/, 'whole shillings, at least 1');

export const feeCreateBody = z.strictObject({
  service_type: z.enum(SERVICE_TYPES),
  price_per_month: wholeShillings,
  description: text({ min: 1, max: 200 }).optional(),
  reason: staffReason,
});

export const feeUpdateBody = z
  .strictObject({
    price_per_month: wholeShillings.optional(),
    description: text({ min: 1, max: 200 }).optional(),
    active: z.boolean().optional(),
    reason: staffReason,
  })
  .refine(
    (body) =>
      body.price_per_month !== undefined || body.description !== undefined || body.active !== undefined,
    { message: 'name at least one change' },
  );

export const feeView = z.object({
  fee_id: z.uuid(),
  service_type: z.enum(SERVICE_TYPES),
  description: z.string(),
  price_per_month: z.string(),
  active: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  created_by: personRef,
  /** PAY-026: the screen warns (never blocks) when a price is not a multiple of 25 KES. */
  warnings: z.array(z.literal('price_not_multiple_of_25')),
});
export type FeeView = z.infer<typeof feeView>;

export const feesQuery = paginationQuerySchema
  .extend({ service_type: z.enum(SERVICE_TYPES).optional(), active: yesNo.optional() })
  .strict();

/**
 * ADM-176: one atomic ownership transfer. The target becomes an owner (joining the team if need be) and
 * every other owner becomes `admin` or `employee`, or is removed.
 */
export const transferOwnershipBody = z.strictObject({
  to_user_id: z.uuid(),
  reason: staffReason,
  old_owner_role: z.enum(['admin', 'employee', 'remove']),
});
export type TransferOwnershipBody = z.infer<typeof transferOwnershipBody>;

export const transferOwnershipView = z.object({
  business_id: z.uuid(),
  owner: z.object({ user_id: z.uuid(), full_name: z.string() }),
  previous_owners: z.array(
    z.object({ user_id: z.uuid(), role: z.enum(['admin', 'employee']).nullable(), removed: z.boolean() }),
  ),
});
export type TransferOwnershipView = z.infer<typeof transferOwnershipView>;
