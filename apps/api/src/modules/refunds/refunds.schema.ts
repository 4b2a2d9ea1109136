import { paginationQuerySchema, SERVICE_TYPES } from '@tafuta/contracts';
import { z } from 'zod';

/** Staff refund requests (ADM-312..314, ERRATA 10) and their replies. */

const money = z
  .string()
  .regex(/^\d+\.\d{2}$/)
  .describe('KES with 2 decimals');
const serviceType = z.enum(SERVICE_TYPES);
const refundStatus = z.enum(['pending', 'approved', 'completed', 'rejected']);

export const createRefundBody = z
  .strictObject({
    business_id: z.uuid(),
    requested_by: z.uuid().describe('The person asking, a user linked to the business'),
    services: z
      .array(z.strictObject({ service_type: serviceType, months: z.number().int().min(1).max(24) }))
      .min(1)
      .max(5)
      .refine((items) => new Set(items.map((item) => item.service_type)).size === items.length, {
        message: 'One entry per service',
      }),
    notes: z.string().trim().min(1).max(2000),
  })
  .describe('Whole months per service (PAY-253); complimentary months are never refundable');

export const rejectRefundBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

export const completeRefundBody = z.strictObject({
  cash_paid_kes: z.string().describe('Must equal the net refund, e.g. "441.00"'),
  paid_at: z.iso.datetime({ offset: true }),
  notes: z.string().trim().min(1).max(2000).optional(),
});

export const refundListQuery = paginationQuerySchema
  .extend({
    status: refundStatus.default('pending'),
    business_id: z.uuid().optional(),
    q: z.string().trim().min(1).max(100).optional().describe('Refund number, business name or owner phone'),
  })
  .strict();

const instant = z.string();

export const refundReply = z.object({
  request_id: z.uuid(),
  request_number: z.string(),
  status: refundStatus,
  business: z.object({ business_id: z.uuid(), business_name: z.string() }),
  requested_by: z.object({
    user_id: z.uuid(),
    full_name: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  created_by: z.object({ user_id: z.uuid(), full_name: z.string().nullable() }),
  requested_at: instant,
  notes: z.string().nullable(),
  refund_amount_kes: money,
  vat_reversed_kes: money,
  processing_fee_kes: money,
  processing_fee_vat_kes: money,
  net_refund_kes: money.describe('Cash to pay: refund amount less the processing fee'),
  approved_by: z.uuid().nullable(),
  approved_at: instant.nullable(),
  self_approved: z.boolean().describe('ADM-315: created and approved by the same staff member'),
  rejected_by: z.uuid().nullable(),
  rejected_at: instant.nullable(),
  reject_reason: z.string().nullable(),
  processed_by: z.uuid().nullable(),
  processed_at: instant.nullable(),
  cash_paid_kes: money.nullable(),
  paid_at: instant.nullable(),
  tx_id: z.uuid().nullable().describe('The refund transaction, once completed'),
  receipt_id: z.uuid().nullable(),
  receipt_number: z.string().nullable(),
  items: z.array(
    z.object({
      service_type: serviceType,
      months_to_refund: z.number().int(),
      source_item_id: z.uuid(),
      source_tx_id: z.uuid(),
      amount_per_month_kes: money,
      subtotal_kes: money.describe('Gross refunded from this purchase line'),
      vat_kes: money,
      net_kes: money,
      period_start: z.iso.date().nullable(),
      period_end: z.iso.date().nullable(),
    }),
  ),
});
