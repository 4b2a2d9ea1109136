import { z } from 'zod';
import { LANGUAGES } from './enums.js';
import { text } from './fields.js';

/**
 * Request bodies of the identity endpoints (spec/auth-and-api.md §15.2–15.3). Phones arrive in any
 * common spelling and are normalised by the server (PHN-02), so here they are only bounded strings.
 */

const phone = text({ min: 1, max: 32 });
/** USR-01: Unicode letters (ĩ, ũ …), spaces, apostrophe, hyphen, full stop. */
export const fullName = text({ min: 2, max: 100 }).regex(/^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u, {
  message: 'may hold only letters, spaces, apostrophes, hyphens and full stops',
});
const nickname = text({ min: 1, max: 50 });
/** PHN-06: trimmed, lower-cased, one plain address. */
export const email = text({ min: 3, max: 254 })
  .transform((value) => value.toLowerCase())
  .pipe(z.string().regex(/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/, 'invalid email'));
const physicalAddress = text({ max: 200 });
const language = z.enum(LANGUAGES);
const otpCode = z.string().regex(/^\d{6}$/, 'must be 6 digits');
const versionNumber = text({ min: 1, max: 20 });
/** bcrypt reads 72 bytes; the rules (PWD-01) are checked by the server to report every failure at once. */
const password = z.string().min(1).max(200);

export const registerBody = z.strictObject({
  phone,
  full_name: fullName,
  nickname: nickname.nullish(),
  email: email.nullish(),
  physical_address: physicalAddress.nullish(),
  language_preference: language.optional(),
  terms_version: versionNumber,
  privacy_version: versionNumber,
  marketing_sms_opt_in: z.boolean().default(false),
  marketing_email_opt_in: z.boolean().default(false),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const phoneBody = z.strictObject({ phone });
export const verifyOtpBody = z.strictObject({ phone, code: otpCode });
export const passwordLoginBody = z.strictObject({ phone, password });
export const passwordUpdateBody = z.strictObject({ phone, code: otpCode, new_password: password });
export const staffLoginBody = z.strictObject({ email: text({ min: 3, max: 254 }), password });

/** EP-ME-02: phone, status, verification_tier and password are refused by name (strict object). */
export const profileUpdateBody = z.strictObject({
  full_name: fullName.optional(),
  nickname: nickname.nullable().optional(),
  email: email.nullable().optional(),
  physical_address: physicalAddress.nullable().optional(),
  language_preference: language.optional(),
});
export const passwordChangeBody = z.strictObject({ current_password: password, new_password: password });
export const preferencesBody = z.strictObject({
  marketing_sms_opt_in: z.boolean().optional(),
  marketing_email_opt_in: z.boolean().optional(),
});
export const consentBody = z.strictObject({ terms_version: versionNumber, privacy_version: versionNumber });
export const deactivateBody = z.strictObject({ reason: text({ max: 500 }).optional() });
export const notificationsReadBody = z.union([
  z.strictObject({ ids: z.array(z.uuid()).min(1).max(100) }),
  z.strictObject({ all: z.literal(true) }),
]);
export const unsubscribeBody = z.strictObject({ token: text({ min: 10, max: 200 }) });

/** admin.md §0: a staff reason is 5–500 characters. */
export const staffReason = text({ min: 5, max: 500 });
export const staffReasonBody = z.strictObject({ reason: staffReason });
export const staffDeleteUserBody = z.strictObject({
  reason: staffReason,
  confirm: text({ min: 1, max: 32 }),
});
export const staffVerificationBody = z.strictObject({
  verification_tier: z.enum(['basic', 'verified', 'premium']),
  reason: staffReason,
});

/** ADM-037: the staff "forgot password" request and the reset from the emailed link. */
export const staffForgotPasswordBody = z.strictObject({ email: text({ min: 3, max: 254 }) });
export const staffResetPasswordBody = z.strictObject({
  token: text({ min: 20, max: 200 }),
  new_password: password,
});
