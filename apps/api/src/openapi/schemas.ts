import {
  errorEnvelopeSchema,
  LANGUAGES,
  paginationSchema,
  USER_STATUSES,
  VERIFICATION_TIERS,
} from '@tafuta/contracts';
import { z } from 'zod';

/**
 * Reply shapes for the OpenAPI description (API-15). They describe what the routes send today, field by
 * field; the contract tests parse real replies with them, so a field that changes shape fails there.
 */

/** API-07: an instant is ISO 8601 UTC with `Z`, to the second (isoSeconds). */
export const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
  .meta({ format: 'date-time', examples: ['2026-03-01T09:15:00Z'] });

/** Canonical E.164 (PHN-02); test prefixes outside production are E.164 as well. */
export const e164 = z
  .string()
  .regex(/^\+[1-9]\d{7,14}$/)
  .meta({ examples: ['+254712345678'] });

export const staffRole = z.enum(['super_admin', 'admin', 'support_staff']);

export const sessionTimes = z.object({ expires_at: instant, absolute_expires_at: instant });

/** EP-ME-01: the view of a person built by modules/users/profile.ts (profileView). */
export const profileView = z.object({
  user_id: z.uuid(),
  full_name: z.string(),
  nickname: z.string().nullable(),
  phone: e164,
  email: z.string().nullable(),
  physical_address: z.string().nullable(),
  language_preference: z.enum(LANGUAGES),
  profile_photo_url: z.string().nullable(),
  verification_tier: z.enum(VERIFICATION_TIERS),
  status: z.enum(USER_STATUSES),
  has_password: z.boolean(),
  phone_verified_at: instant.nullable(),
  created_at: instant.nullable(),
  last_login_at: instant.nullable(),
  preferences: z.object({ marketing_sms_opt_in: z.boolean(), marketing_email_opt_in: z.boolean() }),
  consent: z.object({
    terms_version: z.string().nullable(),
    privacy_version: z.string().nullable(),
    consent_required: z.boolean(),
  }),
  staff_role: staffRole.nullable().describe('Null unless the caller is in a staff session'),
  session: sessionTimes.nullable().describe('Null when a staff member reads another person'),
});

/** LGN-06: the reply to every successful sign-in (signInReply). */
export const signInReply = z.object({
  user: profileView,
  account_status: z.enum(USER_STATUSES),
  consent_required: z.boolean(),
  session: sessionTimes,
});

/** OTP-08's timing fields, as every code-sending endpoint answers them. */
export const otpReply = z.object({
  otp_sent: z.boolean(),
  otp_expires_at: instant,
  resend_available_at: instant,
});

export const termsVersion = z.object({
  version_id: z.uuid(),
  version_number: z.string(),
  published_at: instant,
  url: z.string(),
});

export const marketingPreferences = z.object({
  marketing_sms_opt_in: z.boolean(),
  marketing_email_opt_in: z.boolean(),
});

export const inAppNotification = z.object({
  notification_id: z.uuid(),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  created_at: instant,
  read_at: instant.nullable(),
});

export const outboxEntry = z.object({
  channel: z.enum(['sms', 'email']),
  recipient: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  time: instant,
});

/** API-05 as the error middleware writes it, extra keys per code included (packages/contracts). */
export const apiErrorEnvelope = errorEnvelopeSchema;

interface EnvelopeParts {
  data: z.ZodType;
  paginated: boolean;
  extra: z.ZodRawShape;
}

const envelopeParts = new WeakMap<z.ZodType, EnvelopeParts>();

/**
 * API-04's success envelope around `data` (API-06 `pagination` for lists; `extra` for top-level keys a
 * list adds, such as `unread_count`). The document renders it as the SuccessEnvelope component plus `data`.
 */
export function envelope(
  data: z.ZodType,
  options: { paginated?: boolean; extra?: z.ZodRawShape } = {},
): z.ZodType {
  const paginated = options.paginated ?? false;
  const extra = options.extra ?? {};
  const schema = z.object({
    success: z.literal(true),
    data,
    message: z.string().optional(),
    ...(paginated ? { pagination: paginationSchema } : {}),
    ...extra,
    timestamp: instant,
  });
  envelopeParts.set(schema, { data, paginated, extra });
  return schema;
}

export const envelopeOf = (schema: z.ZodType): EnvelopeParts | undefined => envelopeParts.get(schema);

/** The SuccessEnvelope component: API-04 with `data` left open. */
export const successEnvelopeBase = z.object({
  success: z.literal(true),
  data: z.unknown(),
  message: z.string().optional(),
  timestamp: instant,
});
