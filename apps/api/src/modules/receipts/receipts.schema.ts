import { paginationQuerySchema, SERVICE_TYPES } from '@tafuta/contracts';
import { z } from 'zod';

/** Request and reply shapes of the receipts and transactions endpoints (PAY-226, payments.md §11). */

const money = z
  .string()
  .regex(/^\d+\.\d{2}$/)
  .describe('KES with 2 decimals');
const instant = z.string().describe('ISO 8601 UTC');
const calendarDate = z.iso.date();
const serviceType = z.enum(SERVICE_TYPES);
const txStatus = z.enum(['pending', 'completed', 'failed', 'reversed', 'refunded']);

export const receiptsQuery = paginationQuerySchema.strict();

export const transactionsQuery = paginationQuerySchema
  .extend({
    from: calendarDate.optional().describe('First EAT day, inclusive'),
    to: calendarDate.optional().describe('Last EAT day, inclusive'),
    status: txStatus.optional(),
    q: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe('UI-TX-02: part of a receipt number, or a service (type or its English/Kiswahili name)'),
  })
  .strict();

export const receiptItem = z.object({
  receipt_id: z.uuid(),
  receipt_number: z.string(),
  receipt_type: z.enum(['purchase', 'refund']),
  tx_id: z.uuid(),
  amount_kes: money,
  vat_kes: money,
  net_kes: money,
  issued_at: instant,
  download_url: z.string(),
});

export const transactionItem = z.object({
  tx_id: z.uuid(),
  payment_id: z.uuid().nullable(),
  business_id: z.uuid(),
  transaction_type: z.enum(['purchase', 'refund']),
  status: txStatus,
  amount_kes: money,
  vat_kes: money,
  net_kes: money,
  vat_rate: z.string(),
  payment_method: z.enum(['pesapal', 'cash']),
  reference_number: z.string().nullable(),
  refunded_amount_kes: money,
  receipt_id: z.uuid().nullable(),
  receipt_number: z.string().nullable(),
  receipt_url: z.string().nullable(),
  created_at: instant,
  completed_at: instant.nullable(),
  items: z.array(z.object({ service_type: serviceType, months: z.number().int() })),
});

export const transactionDetailReply = transactionItem.extend({
  buyer_kra_pin: z.string().nullable(),
  line_items: z.array(
    z.object({
      item_id: z.uuid(),
      service_type: serviceType,
      months_purchased: z.number().int(),
      unit_price_kes: money,
      discount_percentage: z.number().int().nullable(),
      discount_kes: money,
      subtotal_kes: money,
      vat_kes: money,
      total_kes: money,
      months_refunded: z.number().int(),
      gross_refunded_kes: money,
      period_start: calendarDate.nullable(),
      period_end: calendarDate.nullable().describe('First day without service from this line'),
      last_service_date: calendarDate.nullable().describe('ERRATA 22'),
    }),
  ),
  refunds: z.array(
    z.object({
      request_id: z.uuid(),
      request_number: z.string(),
      status: z.enum(['pending', 'approved', 'completed', 'rejected']),
      refund_amount_kes: money,
      net_refund_kes: money,
      refund_tx_id: z.uuid().nullable(),
      receipt_id: z.uuid().nullable(),
      receipt_number: z.string().nullable(),
    }),
  ),
});
