import { z } from 'zod';
import { defineOperation } from '../operation.js';

/**
 * Provider callbacks (modules/notifications/webhooks.routes.ts). ERRATA 4 moved them from EP-HOOK-03/04
 * (`/api/webhooks/*`, LATER) to integrations.md's MVP paths. They answer in the provider's terms (API-13).
 * The routes parse bodies with the adapters' own (unexported) schemas; these describe the same fields.
 */

const tags = ['webhooks'];

const vintexReport = z
  .object({
    message_id: z.string().min(1),
    status: z.enum(['sent', 'delivered', 'failed']),
    reason: z.string().nullish(),
  })
  .describe('VintEx (INT-213), JSON');
const africasTalkingReport = z
  .object({
    id: z.string().min(1),
    status: z.string().describe('Sent, Submitted, Buffered, Success, Rejected or Failed'),
    phoneNumber: z.string().optional(),
    networkCode: z.string().optional(),
    failureReason: z.string().optional(),
    retryCount: z.string().optional(),
  })
  .describe("Africa's Talking (INT-232), form fields");

const mailgunEvent = z.object({
  signature: z.object({
    timestamp: z.union([z.string().min(1), z.number().int()]),
    token: z.string().min(1),
    signature: z.string().min(1),
  }),
  'event-data': z.object({
    id: z.string().min(1),
    event: z.string().min(1).describe('delivered, failed, complained, unsubscribed …'),
    severity: z.string().nullish(),
    reason: z.string().nullish(),
    recipient: z.string().nullish(),
    timestamp: z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]),
    message: z.object({ headers: z.object({ 'message-id': z.string().nullish() }).nullish() }).nullish(),
    'user-variables': z.record(z.string(), z.unknown()).nullish(),
  }),
});

export const webhookOperations = [
  defineOperation({
    method: 'post',
    path: '/api/integrations/sms/{provider}/delivery',
    operationId: 'receiveSmsDeliveryReport',
    summary: 'SMS delivery report from the gateway',
    description:
      'The token is compared in constant time with SMS_CALLBACK_TOKEN. Reports never move a message ' +
      'backwards (INT-241); unknown ids are logged and still answered 200.',
    specId: 'INT-240',
    tags,
    security: 'public',
    callback: true,
    params: z.object({ provider: z.enum(['vintex', 'africastalking']) }),
    query: z.object({ token: z.string().describe('SMS_CALLBACK_TOKEN') }),
    request: z.union([vintexReport, africasTalkingReport]),
    requestContentTypes: ['application/json', 'application/x-www-form-urlencoded'],
    responses: {
      200: { description: 'Report taken (empty body)' },
      403: { description: 'Wrong token or unknown provider (empty body)' },
    },
  }),
  defineOperation({
    method: 'post',
    path: '/api/integrations/mailgun/events',
    operationId: 'receiveMailgunEvent',
    summary: 'Mailgun delivery, bounce and complaint events',
    description:
      'Signed with MAILGUN_WEBHOOK_SIGNING_KEY (INT-311); idempotent by `event-data.id` (INT-312). A ' +
      'processing error answers 500 so that Mailgun retries.',
    specId: 'INT-310',
    tags,
    security: 'public',
    callback: true,
    request: mailgunEvent,
    responses: {
      200: { description: 'Event taken', schema: z.object({ message: z.literal('ok') }) },
      406: {
        description: 'Bad or stale signature, replayed token or malformed body; Mailgun does not retry',
      },
    },
  }),
];
