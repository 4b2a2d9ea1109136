import { z } from 'zod';
import { SERVICE_TYPES } from './directory.js';
import { calendarDate, moneyText } from './payments.js';

/**
 * Back-office money, services and dashboard shapes (admin.md §3, §8, §9, ADM-178; ERRATA 23 adds
 * `reversed`). Money is a string with two decimals; a figure that can go below zero (revenue after
 * refunds) uses `signedMoneyText`. Instants are ISO 8601 UTC; ranges are EAT days.
 */

export const signedMoneyText = z.string().regex(/^-?\d{1,12}\.\d{2}$/, 'an amount with exactly 2 decimals');
const instant = z.string().describe('ISO 8601 UTC');
const serviceType = z.enum(SERVICE_TYPES);
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const TRANSACTION_STATUSES = ['pending', 'completed', 'failed', 'refunded', 'reversed'] as const;

/** ADM-300's presets; `custom` (or a from/to without a preset) reads from/to as EAT days, both included. */
export const DATE_PRESETS = [
  'today',
  'last_7_days',
  'last_30_days',
  'this_month',
  'last_month',
  'custom',
] as const;

export const adminTransactionsQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  range: z.enum(DATE_PRESETS).optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  status: z.enum(TRANSACTION_STATUSES).optional(),
  type: z.enum(['purchase', 'refund']).optional(),
  service_type: serviceType.optional(),
  needs_attention: flag.optional(),
  /** Business name (part), receipt number, PesaPal tracking id or confirmation code, payment id, reference. */
  q: z.string().trim().min(1).max(100).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type AdminTransactionsQuery = z.infer<typeof adminTransactionsQuery>;

export const adminTransactionRow = z.object({
  tx_id: z.uuid(),
  created_at: instant,
  completed_at: instant.nullable(),
  business_id: z.uuid(),
  business_name: z.string(),
  transaction_type: z.enum(['purchase', 'refund']),
  status: z.enum(TRANSACTION_STATUSES),
  /** Incl. VAT. */
  amount_kes: moneyText,
  vat_kes: moneyText,
  net_kes: moneyText,
  /** "Website hosting × 3" per line (refunds: the months given back). */
  items: z.array(z.object({ service_type: serviceType, months: z.number().int() })),
  reference_number: z.string().nullable(),
  pesapal_order_tracking_id: z.string().nullable(),
  receipt_id: z.uuid().nullable(),
  receipt_number: z.string().nullable(),
  receipt_url: z.string().nullable(),
  needs_attention: z.boolean(),
  attention_reason: z.string().nullable(),
});
export type AdminTransactionRow = z.infer<typeof adminTransactionRow>;

/** ADM-301: footer totals of the whole filtered set (every page). */
export const transactionTotals = z.object({
  count: z.number().int(),
  /** Completed purchases, incl. VAT (refunded ones too: the money was collected). */
  gross_kes: moneyText,
  vat_kes: moneyText,
  net_kes: moneyText,
  /** Cash paid out by completed refunds. */
  refunds_kes: moneyText,
  /** ADM-303: completed purchases' net minus the net reversed by completed refunds. */
  revenue_kes: signedMoneyText,
});
export type TransactionTotals = z.infer<typeof transactionTotals>;

export const transactionsRange = z.object({ from: calendarDate, to: calendarDate });

export const paymentEventRow = z.object({
  event_id: z.uuid(),
  received_at: instant,
  source: z.string(),
  outcome: z.string(),
  status_code: z.number().int().nullable(),
  status_description: z.string().nullable(),
  amount: z.string().nullable(),
  currency: z.string().nullable(),
  confirmation_code: z.string().nullable(),
});

/** ADM-302: the staff view of one transaction. */
export const adminTransactionDetail = z.object({
  tx_id: z.uuid(),
  transaction_type: z.enum(['purchase', 'refund']),
  status: z.enum(TRANSACTION_STATUSES),
  business: z.object({ business_id: z.uuid(), business_name: z.string() }),
  amount_kes: moneyText,
  vat_kes: moneyText,
  net_kes: moneyText,
  vat_rate: z.string(),
  refunded_amount_kes: moneyText,
  payment_method: z.enum(['pesapal', 'cash']),
  reference_number: z.string().nullable(),
  buyer_kra_pin: z.string().nullable(),
  created_at: instant,
  completed_at: instant.nullable(),
  failure_reason: z.string().nullable(),
  notes: z.string().nullable(),
  /** Refunds: the months given back as negative lines, plus the processing fee kept. */
  line_items: z.array(
    z.object({
      service_type: z.enum([...SERVICE_TYPES, 'processing_fee']),
      months: z.number().int(),
      unit_price_kes: moneyText,
      discount_percentage: z.number().int().nullable(),
      discount_kes: moneyText,
      subtotal_kes: signedMoneyText,
      vat_kes: signedMoneyText,
      total_kes: signedMoneyText,
    }),
  ),
  payment: z
    .object({
      payment_id: z.uuid(),
      status: z.string(),
      amount_kes: moneyText,
      payer: z.object({ user_id: z.uuid(), full_name: z.string().nullable(), phone: z.string().nullable() }),
      pesapal_order_tracking_id: z.string().nullable(),
      /** PesaPal's OrderMerchantReference is the payment id (payments.md). */
      merchant_reference: z.uuid(),
      confirmation_code: z.string().nullable(),
      payment_method: z.string().nullable(),
      failure_reason: z.string().nullable(),
      events: z.array(paymentEventRow),
    })
    .nullable(),
  receipt: z
    .object({ receipt_id: z.uuid(), receipt_number: z.string(), download_url: z.string() })
    .nullable(),
  refunds: z.array(
    z.object({
      request_id: z.uuid(),
      request_number: z.string(),
      status: z.string(),
      net_refund_kes: moneyText,
      refund_tx_id: z.uuid().nullable(),
    }),
  ),
  needs_attention: z.boolean(),
  attention_reason: z.string().nullable(),
  resolution: z
    .object({
      resolved_at: instant,
      resolved_by: z.object({ user_id: z.uuid(), full_name: z.string().nullable() }),
      note: z.string(),
    })
    .nullable(),
});
export type AdminTransactionDetail = z.infer<typeof adminTransactionDetail>;

export const resolveTransactionBody = z.strictObject({
  note: z.string().trim().min(5).max(1000),
});

// ---------------------------------------------------------------------------------------------------
// Services (ADM-341, ADM-342, ADM-178)

export const activeServicesQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  service_type: serviceType.optional(),
  /** ADM-341: any, ≤ 7 days, ≤ 30 days. */
  expiring: z.enum(['any', '7', '30']).default('any'),
  business_id: z.uuid().optional(),
  /** Business name (part). */
  business: z.string().trim().min(1).max(100).optional(),
  region: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .optional(),
  premium_review_due: flag.optional(),
});
export type ActiveServicesQuery = z.infer<typeof activeServicesQuery>;

export const activeServiceRow = z.object({
  subscription_id: z.uuid(),
  business_id: z.uuid(),
  business_name: z.string(),
  service_type: serviceType,
  status: z.enum(['active', 'expired', 'cancelled']),
  start_date: calendarDate,
  expiration_date: calendarDate,
  /** ERRATA 22: the last day with service. */
  last_service_date: calendarDate,
  months_paid: z.number().int(),
  complimentary_months: z.number().int(),
  months_left: z.number().int(),
  days_left: z.number().int(),
  /** ADM-178, premium listings only (null otherwise). */
  premium_review: z
    .object({
      last_review_at: instant.nullable(),
      last_outcome: z.enum(['pass', 'fail']).nullable(),
      due_on: calendarDate,
      due: z.boolean(),
    })
    .nullable(),
  last_reminder_at: instant.nullable(),
});
export type ActiveServiceRow = z.infer<typeof activeServiceRow>;

export const premiumReviewBody = z.strictObject({
  outcome: z.enum(['pass', 'fail']),
  note: z.string().trim().min(5).max(1000),
});

export const premiumReviewReply = z.object({
  subscription_id: z.uuid(),
  outcome: z.enum(['pass', 'fail']),
  reviewed_at: instant,
  next_due_on: calendarDate,
});

export const reminderReply = z.object({
  subscription_id: z.uuid(),
  recipients: z.number().int(),
  sent_at: instant,
});

// ---------------------------------------------------------------------------------------------------
// Dashboard (ADM-053..056)

export const dashboardAlert = z.object({
  key: z.enum([
    'queue_over_threshold',
    'overdue_reviews',
    'expiring_services',
    'payments_need_attention',
    'pending_payments_stale',
    'legal_identity_incomplete',
    'suspicious_sign_ins',
    'platform_health',
  ]),
  severity: z.enum(['info', 'amber', 'red']),
  count: z.number().int(),
  message: z.string(),
  /** The screen that deals with it. */
  link: z.string(),
});
export type DashboardAlert = z.infer<typeof dashboardAlert>;

export const dashboardReply = z.object({
  cards: z.object({
    pending_approval: z.object({ count: z.number().int(), threshold: z.number().int(), amber: z.boolean() }),
    active_businesses: z.number().int(),
    total_users: z.number().int(),
    revenue_month: z.object({ month: z.string(), revenue_kes: signedMoneyText }),
  }),
  alerts: z.array(dashboardAlert),
  generated_at: instant,
});
export type DashboardReply = z.infer<typeof dashboardReply>;

export const activityQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const ACTIVITY_TYPES = [
  'user_registered',
  'business_submitted',
  'business_approved',
  'business_rejected',
  'payment_completed',
  'payment_failed',
  'refund_completed',
  'service_expired',
  'business_suspended',
] as const;

export const activityRow = z.object({
  at: instant,
  type: z.enum(ACTIVITY_TYPES),
  text: z.string(),
  link: z.string(),
});
export type ActivityRow = z.infer<typeof activityRow>;
