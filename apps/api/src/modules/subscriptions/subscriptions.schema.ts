import { SERVICE_TYPES } from '@tafuta/contracts';
import { z } from 'zod';

/** ADM-350 adjustment bodies (ERRATA 10: by `adjustment_type`) and ADM-351's complimentary grant. */

const reason = z.string().trim().min(1).max(1000);
const serviceType = z.enum(SERVICE_TYPES);

export const adjustBody = z.discriminatedUnion('adjustment_type', [
  z.strictObject({
    adjustment_type: z.literal('add_months'),
    months: z.number().int().min(1).max(12),
    reason,
  }),
  z.strictObject({
    adjustment_type: z.literal('remove_months'),
    months: z.number().int().min(1).max(36),
    reason,
  }),
  z.strictObject({
    adjustment_type: z.literal('set_expiration'),
    expiration_date: z.iso.date().describe('New first day without service (≥ today)'),
    reason,
  }),
  z.strictObject({
    adjustment_type: z.literal('activate'),
    until_date: z.iso.date().describe('New expiry (first day without service), after today'),
    reason,
  }),
  z.strictObject({ adjustment_type: z.literal('deactivate'), reason }),
  z.strictObject({ adjustment_type: z.literal('void_promo'), reason }),
]);

export const grantBody = z.strictObject({
  service_type: serviceType,
  months: z.number().int().min(1).max(12),
  reason,
});

export const subscriptionReply = z.object({
  subscription_id: z.uuid(),
  business_id: z.uuid(),
  service_type: serviceType,
  status: z.enum(['active', 'expired', 'cancelled']),
  start_date: z.iso.date(),
  expiration_date: z.iso.date().describe('First day without service (PAY-181)'),
  last_service_date: z.iso.date().describe('ERRATA 22'),
  months_paid: z.number().int(),
  complimentary_months: z.number().int(),
});
