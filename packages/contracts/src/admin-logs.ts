import { z } from 'zod';

/**
 * Back-office log screens (admin.md §10, EP-ADM-30/31, ERRATA 9): filters shared by the API and the
 * web app. `format=csv` turns the same filtered list into a streamed CSV export (Admin+, ADM-432).
 */

/** A day (EAT, `YYYY-MM-DD`) or an instant (ISO 8601 with offset). A `to` day includes the whole day. */
export const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Repeated (`?action=a&action=b`) or comma-separated (`?action=a,b`) values; each a simple word. */
const wordList = z
  .union([z.string().max(500), z.array(z.string().max(100)).max(20)])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(','))
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )
  .pipe(z.array(z.string().regex(/^[a-z][a-z_]*$/)).max(20));

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const logPage = {
  page: z.coerce.number().int().min(1).default(1),
  /** ADM-402/421: 50 rows per page by default. */
  limit: z.coerce.number().int().min(1).max(100).default(50),
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  format: z.enum(['json', 'csv']).default('json'),
};

export const AUTH_LOG_EVENT_TYPES = [
  'account_created',
  'otp_requested',
  'otp_verified',
  'otp_failed',
  'login_success',
  'login_failed',
  'logout',
  'logout_all',
  'password_set',
  'password_changed',
  'password_reset',
  'phone_changed',
  'email_changed',
  'account_state_changed',
  'account_locked',
  'account_unlocked',
  'consent_recorded',
] as const;

/** ADM-402: user, phone, email, IP, event type (multi), channel, date range, flagged only. */
export const authLogQuery = z.strictObject({
  ...logPage,
  user_id: z.uuid().optional(),
  phone: z.string().trim().min(3).max(32).optional(),
  email: z.string().trim().min(3).max(254).optional(),
  ip: z.string().trim().min(2).max(45).optional(),
  event_type: wordList.optional(),
  channel: z.enum(['public', 'admin']).optional(),
  flagged: flag.optional(),
});
export type AuthLogQuery = z.infer<typeof authLogQuery>;

/** ADM-421: actor, actor type, action (multi), entity type, entity id, date range, free text. */
export const auditLogQuery = z.strictObject({
  ...logPage,
  actor_id: z.uuid().optional(),
  actor_type: z.enum(['admin', 'system']).optional(),
  action: wordList.optional(),
  entity_type: z
    .string()
    .regex(/^[a-z][a-z_]*$/)
    .max(50)
    .optional(),
  entity_id: z.string().trim().min(1).max(100).optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type AuditLogQuery = z.infer<typeof auditLogQuery>;

export const authLogRow = z.object({
  log_id: z.uuid(),
  timestamp: z.iso.datetime(),
  channel: z.enum(['public', 'admin']),
  event_type: z.string(),
  user_id: z.uuid().nullable(),
  /** The account's name and phone now (ADM-701: anonymised people read "Deleted User {id}"). */
  user_name: z.string().nullable(),
  user_phone: z.string().nullable(),
  /** What was typed on the attempt. */
  phone: z.string().nullable(),
  email: z.string().nullable(),
  ip_address: z.string().nullable(),
  user_agent: z.string().nullable(),
  /** A readable device, e.g. "Android Chrome". */
  device: z.string().nullable(),
  reason: z.string().nullable(),
  flag: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});
export type AuthLogRow = z.infer<typeof authLogRow>;

export const auditLogRow = z.object({
  log_id: z.uuid(),
  timestamp: z.iso.datetime(),
  actor_id: z.uuid().nullable(),
  actor_name: z.string().nullable(),
  actor_type: z.enum(['admin', 'system']),
  actor_role: z.string().nullable(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  entity_label: z.string().nullable(),
  old_value: z.unknown(),
  new_value: z.unknown(),
  reason: z.string().nullable(),
  ip_address: z.string().nullable(),
  request_id: z.string().nullable(),
});
export type AuditLogRow = z.infer<typeof auditLogRow>;

/** ADM-700: an export above this many rows is refused with INVALID_INPUT ("narrow the filter"). */
export const MAX_EXPORT_ROWS = 50_000;
