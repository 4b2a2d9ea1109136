import { z } from 'zod';
import { paginationQuerySchema } from './envelope.js';
import { text } from './fields.js';

/** Back-office messaging (admin.md §12.2, §12.4, §12.5; ERRATA 10: broadcasts per ADM-520..523). */

export const MESSAGE_LANGUAGES = ['en', 'sw', 'kam', 'ki'] as const;
export const MESSAGE_CHANNELS = ['sms', 'email', 'in_app'] as const;
export const BROADCAST_AUDIENCES = ['all_users', 'all_owners', 'business', 'user'] as const;

const messageBody = text({ min: 1, max: 1000, multiline: true });

/** ADM-520: English required, the other language tabs optional (recipients get theirs, else English). */
export const broadcastBodies = z.strictObject({
  en: messageBody,
  sw: messageBody.optional(),
  kam: messageBody.optional(),
  ki: messageBody.optional(),
});

export const broadcastDraft = z.strictObject({
  audience: z.strictObject({
    type: z.enum(BROADCAST_AUDIENCES),
    /** The business (`business`) or user (`user`); left out for everyone-audiences. */
    id: z.uuid().optional(),
  }),
  category: z.enum(['marketing', 'service']).default('marketing'),
  channels: z.array(z.enum(MESSAGE_CHANNELS)).min(1).max(3),
  /** Required when email is one of the channels. */
  subject: text({ min: 1, max: 200 }).optional(),
  bodies: broadcastBodies,
});
export type BroadcastDraft = z.infer<typeof broadcastDraft>;

/** ADM-523: above 100 recipients the sender types the recipient count to confirm. */
export const broadcastSendBody = broadcastDraft.extend({
  confirm_count: z.number().int().min(0).optional(),
});
export type BroadcastSendBody = z.infer<typeof broadcastSendBody>;

export const BROADCAST_CONFIRM_ABOVE = 100;

const kes = z.string().regex(/^-?\d+\.\d{2}$/);

export const recipientCounts = z.object({
  total: z.number().int().min(0),
  sms: z.number().int().min(0),
  email: z.number().int().min(0),
  in_app: z.number().int().min(0),
});

export const broadcastPreview = z.object({
  recipients: recipientCounts,
  /** SMS segments of each language's body as sent (with the "Tafuta:" prefix and marketing opt-out). */
  sms_segments: z.record(z.string(), z.number().int().min(1)),
  sms_unit_cost_kes: kes,
  /** ADM-522: SMS recipients × segments × sms_unit_cost_kes. */
  estimated_sms_cost_kes: kes,
  quiet_hours: z.object({
    window: z.string(),
    active: z.boolean(),
    /** When held marketing SMS go out (ADM-524); null when SMS go now. */
    sms_release_at: z.iso.datetime().nullable(),
  }),
  confirmation_required: z.boolean(),
  samples: z.array(
    z.object({
      language: z.enum(MESSAGE_LANGUAGES),
      recipient_user_id: z.uuid().nullable(),
      sms: z.string().nullable(),
      email_subject: z.string().nullable(),
      email_text: z.string().nullable(),
      in_app_title: z.string().nullable(),
      in_app_body: z.string().nullable(),
    }),
  ),
});
export type BroadcastPreview = z.infer<typeof broadcastPreview>;

export const broadcastSent = z.object({
  broadcast_id: z.uuid(),
  recipients: recipientCounts,
  estimated_sms_cost_kes: kes,
  sms_release_at: z.iso.datetime().nullable(),
});

const statusCounts = z.object({
  queued: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
});

/** ADM-526: broadcast history. */
export const broadcastView = z.object({
  broadcast_id: z.uuid(),
  created_at: z.iso.datetime(),
  sender_id: z.uuid(),
  sender_name: z.string().nullable(),
  audience_type: z.enum(BROADCAST_AUDIENCES),
  audience_id: z.uuid().nullable(),
  category: z.enum(['marketing', 'service']),
  channels: z.array(z.enum(MESSAGE_CHANNELS)),
  subject: z.string().nullable(),
  bodies: z.record(z.string(), z.string()),
  recipients: recipientCounts,
  counts: z.object({ sms: statusCounts, email: statusCounts, in_app: z.number().int() }),
  estimated_sms_cost_kes: kes,
  actual_sms_cost_kes: kes,
  sms_release_at: z.iso.datetime().nullable(),
});
export type BroadcastView = z.infer<typeof broadcastView>;

export const broadcastListQuery = paginationQuerySchema.strict();

/** ADM-530: the message log, filterable. */
export const messageLogQuery = paginationQuerySchema
  .extend({
    user_id: z.uuid().optional(),
    broadcast_id: z.uuid().optional(),
    channel: z.enum(['sms', 'email']).optional(),
    status: z.enum(['queued', 'sending', 'sent', 'delivered', 'failed', 'skipped']).optional(),
    category: z.enum(['security', 'account', 'transactional', 'service', 'marketing', 'staff']).optional(),
    template_key: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .max(64)
      .optional(),
    recipient: z.string().trim().min(3).max(254).optional(),
    from: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
    to: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
  })
  .strict();
export type MessageLogQuery = z.infer<typeof messageLogQuery>;

export const messageLogRow = z.object({
  notification_id: z.uuid(),
  user_id: z.uuid().nullable(),
  broadcast_id: z.uuid().nullable(),
  template_key: z.string(),
  category: z.string(),
  channel: z.enum(['sms', 'email']),
  language: z.string(),
  recipient: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  status: z.string(),
  skip_reason: z.string().nullable(),
  provider_message_id: z.string().nullable(),
  error: z.string().nullable(),
  segments: z.number().int().nullable(),
  cost_kes: kes.nullable(),
  created_at: z.iso.datetime(),
  sent_at: z.iso.datetime().nullable(),
  delivered_at: z.iso.datetime().nullable(),
});
export type MessageLogRow = z.infer<typeof messageLogRow>;

/** ADM-506: one cell of the template grid (template × channel × language). */
export const templateCell = z.object({
  channel: z.enum(MESSAGE_CHANNELS),
  language: z.enum(MESSAGE_LANGUAGES),
  present: z.boolean(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  updated_at: z.iso.datetime().nullable(),
  updated_by: z.uuid().nullable(),
});

export const templateRow = z.object({
  template_key: z.string(),
  category: z.string(),
  channels: z.array(z.enum(MESSAGE_CHANNELS)),
  variables: z.array(z.string()),
  cells: z.array(templateCell),
});
export type TemplateRow = z.infer<typeof templateRow>;

export const templateParams = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .max(64),
  channel: z.enum(MESSAGE_CHANNELS),
  language: z.enum(MESSAGE_LANGUAGES),
});

/** ADM-506: subject for email (and the in-app title); SMS bodies at most 3 segments. */
export const templateUpdateBody = z.strictObject({
  subject: text({ min: 1, max: 200 }).optional(),
  body: text({ min: 1, max: 5000, multiline: true }),
  reason: text({ min: 5, max: 500 }).optional(),
});
export type TemplateUpdateBody = z.infer<typeof templateUpdateBody>;
