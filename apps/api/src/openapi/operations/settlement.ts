import { paymentStatusParams, paymentStatusReply } from '@tafuta/contracts';
import { z } from 'zod';
import { defineOperation, ok } from '../operation.js';

/**
 * Payment confirmation (modules/payments/webhook.routes.ts, payment-status.routes.ts): PesaPal's IPN and
 * the status the return page polls. Both settle through the one PAY-151 routine.
 */

const ipnFields = z.object({
  OrderTrackingId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  OrderMerchantReference: z.string().regex(/^[A-Za-z0-9._:-]{1,50}$/),
  OrderNotificationType: z
    .string()
    .regex(/^[A-Z_]{1,32}$/)
    .optional()
    .describe('IPNCHANGE; RECURRING is logged and acknowledged; CALLBACKURL is treated as a hint too'),
});

/** INT-142: always HTTP 200; `status` 500 asks PesaPal to send the notification again. */
const acknowledgement = z.object({
  orderNotificationType: z.string(),
  orderTrackingId: z.string(),
  orderMerchantReference: z.string(),
  status: z.union([z.literal(200), z.literal(500)]),
});

const ipnDescription =
  'The notification carries no status and no signature (INT-141): the server asks PesaPal ' +
  '(GetTransactionStatus) and credits at most once under the payment row lock (PAY-151). Acknowledged ' +
  'with `status` 200 once recorded and applied — duplicates, unknown orders and still-pending answers ' +
  'included — and 500 when PesaPal could not be asked or the database failed, so PesaPal retries. ' +
  'Limited to 60 requests per minute per address.';

const ipnResponses = {
  200: { description: 'INT-142 acknowledgement', schema: acknowledgement },
  400: { description: 'Missing or malformed ids (INT-140 limits); nothing is done (empty body)' },
};

export const settlementOperations = [
  defineOperation({
    method: 'get',
    path: '/api/payments/webhook',
    operationId: 'receivePesapalIpnGet',
    summary: 'PesaPal IPN (GET)',
    description: ipnDescription,
    specId: 'INT-140',
    tags: ['webhooks'],
    security: 'public',
    callback: true,
    query: ipnFields,
    responses: ipnResponses,
    errors: ['RATE_LIMIT_EXCEEDED'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/payments/webhook',
    operationId: 'receivePesapalIpnPost',
    summary: 'PesaPal IPN (POST)',
    description: ipnDescription,
    specId: 'INT-140',
    tags: ['webhooks'],
    security: 'public',
    callback: true,
    request: ipnFields,
    requestContentTypes: ['application/json', 'application/x-www-form-urlencoded'],
    responses: ipnResponses,
    errors: ['RATE_LIMIT_EXCEEDED'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/payments/{payment_id}/status',
    operationId: 'getPaymentStatus',
    summary: 'Status of a payment, for the return page',
    description:
      'The payer, or Support+ staff in a staff session; anyone else gets 404 (ERRATA 2). While the ' +
      'payment is pending and PesaPal was last asked more than 10 s ago, PesaPal is asked first (one ' +
      'check per payment at a time), so the page resolves even when the IPN is late (PAY-155).',
    specId: 'PAY-155',
    tags: ['payments'],
    security: 'session',
    params: paymentStatusParams,
    responses: { 200: ok('The payment and its transactions with their receipts', paymentStatusReply) },
  }),
];
