import { z } from 'zod';
import { SERVICE_TYPES } from './directory.js';
import { text } from './fields.js';

/**
 * Request and reply shapes of the payments endpoints (payments.md §11, ERRATA 2, 3, 22, 23). Money is a
 * string with exactly two decimals (API-07); calendar dates are `YYYY-MM-DD` Nairobi days.
 * Grouped by area: pricing, checkout, discounts, subscriptions and payment status.
 */

export const moneyText = z.string().regex(/^\d{1,12}\.\d{2}$/, 'an amount with exactly 2 decimals');
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date');
const instantText = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
const serviceType = z.enum(SERVICE_TYPES);

// ---------------------------------------------------------------------------------------------------
// Pricing (PAY-027, ERRATA 23)

export const servicePrice = z.object({
  service_type: serviceType,
  name: z.string(),
  /** Net list price per month; null while the service is not on sale (PAY-025). */
  price_per_month: moneyText.nullable(),
  vat_per_month: moneyText.nullable(),
  /** What the customer pays for one month (PAY-051: whole shillings at launch prices). */
  gross_per_month: moneyText.nullable(),
  purchasable: z.boolean(),
});
export type ServicePrice = z.infer<typeof servicePrice>;

export const pricingReply = z.object({
  services: z.array(servicePrice),
  /** system_config.vat_rate as stored, e.g. "0.16". */
  vat_rate: z.string(),
});
export type PricingReply = z.infer<typeof pricingReply>;

// ---------------------------------------------------------------------------------------------------
// Checkout (PAY-101..109, PAY-320)

/** PAY-028: whole months 1–12. A JSON number only: "3", 1.5, -1 are refused with INVALID_INPUT. */
export const cartMonths = z.number().int().min(1).max(12);

export const cartLine = z.strictObject({
  business_id: z.uuid(),
  service_type: serviceType,
  months: cartMonths,
});
export type CartLine = z.infer<typeof cartLine>;

/** PAY-103 / UI-SUB-02..05: the web address wanted for a business bought website hosting without one. */
export const cartSubdomain = z.strictObject({
  business_id: z.uuid(),
  subdomain: text({ min: 1, max: 63 }),
});

/** PAY-109: printed on that business's receipt; null asks for none this time. */
export const KRA_PIN_PATTERN = /^[AP]\d{9}[A-Z]$/;
export const cartKraPin = z.strictObject({
  business_id: z.uuid(),
  buyer_kra_pin: z
    .string()
    .trim()
    .toUpperCase()
    .regex(KRA_PIN_PATTERN, 'a KRA PIN such as P051234567X')
    .nullable(),
});

/** At most 10 businesses × 5 services; the per-business and duplicate rules are checked by the server. */
const cartItems = z.array(cartLine).min(1).max(50);

/** The checkout may send the same cart it will initiate; PINs are checked here and used at initiation. */
export const quoteBody = z.strictObject({
  items: cartItems,
  subdomains: z.array(cartSubdomain).max(10).default([]),
  buyer_kra_pins: z.array(cartKraPin).max(10).default([]),
});
export type QuoteBody = z.infer<typeof quoteBody>;

export const initiateBody = z.strictObject({
  items: cartItems,
  subdomains: z.array(cartSubdomain).max(10).default([]),
  buyer_kra_pins: z.array(cartKraPin).max(10).default([]),
  /** The quote's `amount_kes`: a changed price, VAT rate or discount answers 409 with the new quote. */
  expected_total_kes: moneyText,
});
export type InitiateBody = z.infer<typeof initiateBody>;

export const quoteLine = z.object({
  service_type: serviceType,
  name: z.string(),
  months: z.number().int(),
  /** Net list price per month at the active fee. */
  unit_price: moneyText,
  list_net_amount: moneyText,
  list_gross_amount: moneyText,
  discount_id: z.uuid().nullable(),
  /** 0 when no discount applies (PAY-083: the single highest active percentage). */
  discount_percentage: z.number().int().min(0).max(90),
  /** PAY-052 step 6: list net − line net; it also absorbs the whole-shilling rounding. */
  discount_amount: moneyText,
  net_amount: moneyText,
  vat_amount: moneyText,
  /** The line total the customer pays, whole shillings. */
  amount_kes: moneyText,
  /** The subscription's current expiry when it is running, else null (a new term starts on payment). */
  current_expiration_date: calendarDate.nullable(),
  /** PAY-104: the expiry if paid today; last_service_date is the day before (ERRATA 22). */
  new_expiration_date: calendarDate,
  new_last_service_date: calendarDate,
});
export type QuoteLine = z.infer<typeof quoteLine>;

export const quoteBusiness = z.object({
  business_id: z.uuid(),
  business_name: z.string(),
  /** Website hosting without a web address yet: initiation needs a `subdomains` entry for it. */
  subdomain_required: z.boolean(),
  subdomain: z.string().nullable(),
  lines: z.array(quoteLine),
  net_amount: moneyText,
  vat_amount: moneyText,
  amount_kes: moneyText,
});

export const quoteReply = z.object({
  businesses: z.array(quoteBusiness),
  vat_rate: z.string(),
  net_amount: moneyText,
  vat_amount: moneyText,
  /** The grand total; send it back as `expected_total_kes`. */
  amount_kes: moneyText,
});
export type QuoteReply = z.infer<typeof quoteReply>;

export const PAYMENT_STATUSES = ['pending', 'completed', 'failed', 'cancelled', 'reversed'] as const;

export const initiateReply = z.object({
  payment_id: z.uuid(),
  status: z.enum(PAYMENT_STATUSES),
  amount_kes: moneyText,
  /** PesaPal's payment page; the SPA sends the browser there. */
  redirect_url: z.string(),
  expires_at: instantText,
});
export type InitiateReply = z.infer<typeof initiateReply>;

export const cancelReply = z.object({
  payment_id: z.uuid(),
  status: z.literal('cancelled'),
  amount_kes: moneyText,
});

// ---------------------------------------------------------------------------------------------------
// Discounts (PAY-080..088, ADM-320)

export const DISCOUNT_STATUSES = ['active', 'expired', 'revoked'] as const;

/** PAY-084: 1–24 months from today (EAT); 12 when left out. */
const discountMonths = z.number().int().min(1).max(24);
const reason = text({ min: 3, max: 500, multiline: true });

export const createDiscountBody = z.strictObject({
  business_id: z.uuid(),
  discount_type: text({ min: 1, max: 100 }),
  discount_percentage: z.number().int().min(1).max(90),
  criteria: text({ min: 1, max: 1000, multiline: true }),
  evidence_note: text({ min: 1, max: 2000, multiline: true }).nullable().optional(),
  valid_months: discountMonths.optional(),
});
export type CreateDiscountBody = z.infer<typeof createDiscountBody>;

/** PAY-086 renewal and corrections; `valid_months` renews from today. A reason is always recorded. */
export const updateDiscountBody = z
  .strictObject({
    discount_type: text({ min: 1, max: 100 }).optional(),
    discount_percentage: z.number().int().min(1).max(90).optional(),
    criteria: text({ min: 1, max: 1000, multiline: true }).optional(),
    evidence_note: text({ min: 1, max: 2000, multiline: true }).nullable().optional(),
    valid_months: discountMonths.optional(),
    reason,
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'reason'), {
    message: 'change at least one field',
    path: ['valid_months'],
  });
export type UpdateDiscountBody = z.infer<typeof updateDiscountBody>;

export const revokeDiscountBody = z.strictObject({ reason });

export const staffDiscount = z.object({
  discount_id: z.uuid(),
  business_id: z.uuid(),
  business_name: z.string(),
  discount_type: z.string(),
  discount_percentage: z.number().int(),
  criteria: z.string(),
  evidence_note: z.string().nullable(),
  status: z.enum(DISCOUNT_STATUSES),
  granted_by: z.uuid(),
  granted_at: instantText,
  last_reviewed_at: instantText.nullable(),
  reviewed_by: z.uuid().nullable(),
  /** The first Nairobi day on which it no longer applies (PAY-084). */
  expires_at: calendarDate,
  /** ERRATA 22: the last day it applies. */
  last_valid_date: calendarDate,
  revoked_at: instantText.nullable(),
  revoked_by: z.uuid().nullable(),
  revoke_reason: z.string().nullable(),
});
export type StaffDiscount = z.infer<typeof staffDiscount>;

/** PAY-088: what owners and business admins see (ERRATA 23: Managers). */
export const ownerDiscount = z.object({
  discount_id: z.uuid(),
  discount_type: z.string(),
  discount_percentage: z.number().int(),
  expires_at: calendarDate,
  last_valid_date: calendarDate,
  /** PAY-083: the one checkout applies (highest percentage). */
  applies_at_checkout: z.boolean(),
});
export type OwnerDiscount = z.infer<typeof ownerDiscount>;

// ---------------------------------------------------------------------------------------------------
// Subscriptions (PAY-191, ERRATA 22)

export const subscriptionView = z.object({
  subscription_id: z.uuid().nullable(),
  service_type: serviceType,
  name: z.string(),
  /** `none`: never bought. `active` only while today (EAT) is before expiration_date (PAY-181). */
  status: z.enum(['active', 'expired', 'cancelled', 'none']),
  start_date: calendarDate.nullable(),
  /** The first day without service. */
  expiration_date: calendarDate.nullable(),
  /** ERRATA 22: the last day with service ("active until"). */
  last_service_date: calendarDate.nullable(),
  /** "N months M days left" while active, else null. */
  months_left: z.number().int().min(0).nullable(),
  days_left: z.number().int().min(0).nullable(),
  months_paid: z.number().int().min(0),
  complimentary_months: z.number().int().min(0),
  purchasable: z.boolean(),
  /** PAY-304's renewal link; the owner checkout opens with this service. */
  renew_url: z.string(),
});
export type SubscriptionView = z.infer<typeof subscriptionView>;

// ---------------------------------------------------------------------------------------------------
// Payment status (PAY-155, ERRATA 2)

export const paymentStatusParams = z.strictObject({ payment_id: z.uuid() });

export const paymentStatusReply = z.object({
  payment_id: z.uuid(),
  status: z.enum(PAYMENT_STATUSES),
  amount_kes: moneyText,
  /** Why a payment failed: declined, timeout, cancelled, gateway_unavailable or reversed. */
  failure_reason: z.string().nullable(),
  expires_at: instantText,
  completed_at: instantText.nullable(),
  transactions: z.array(
    z.object({
      tx_id: z.uuid(),
      business_id: z.uuid(),
      business_name: z.string(),
      status: z.enum(['pending', 'completed', 'failed', 'reversed', 'refunded']),
      receipt_id: z.uuid().nullable(),
      receipt_number: z.string().nullable(),
    }),
  ),
});
export type PaymentStatusReply = z.infer<typeof paymentStatusReply>;
