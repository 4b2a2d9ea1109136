import type { Kysely, Transaction } from 'kysely';
import type { Database, StaffRoleName } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { consentState } from '../terms/terms.repo.js';

type Db = Kysely<Database> | Transaction<Database>;

const iso = (date: Date | null) => (date ? isoSeconds(date) : null);

/**
 * EP-ME-01's view of a person. Built field by field, so nothing internal (hashes, streaks) can leave
 * the server by being added to the table.
 */
export async function profileView(
  db: Db,
  userId: string,
  session: { staffRole: StaffRoleName | null; expiresAt: Date; absoluteExpiresAt: Date } | null,
) {
  const user = await db
    .selectFrom('users as u')
    .leftJoin('notification_preferences as p', 'p.user_id', 'u.user_id')
    .select([
      'u.user_id',
      'u.full_name',
      'u.nickname',
      'u.phone',
      'u.email',
      'u.physical_address',
      'u.language_preference',
      'u.profile_photo_url',
      'u.verification_tier',
      'u.status',
      'u.password_hash',
      'u.phone_verified_at',
      'u.created_at',
      'u.last_login_at',
      'p.marketing_sms_opt_in',
      'p.marketing_email_opt_in',
    ])
    .where('u.user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const consent = await consentState(db, userId);
  const accepted = (type: string) =>
    consent.find((document) => document.document_type === type)?.accepted_version_number ?? null;
  return {
    user_id: user.user_id,
    full_name: user.full_name,
    nickname: user.nickname,
    phone: user.phone,
    email: user.email,
    physical_address: user.physical_address,
    language_preference: user.language_preference,
    profile_photo_url: user.profile_photo_url,
    verification_tier: user.verification_tier,
    status: user.status,
    has_password: user.password_hash !== null,
    phone_verified_at: iso(user.phone_verified_at),
    created_at: iso(user.created_at),
    last_login_at: iso(user.last_login_at),
    preferences: {
      marketing_sms_opt_in: user.marketing_sms_opt_in ?? false,
      marketing_email_opt_in: user.marketing_email_opt_in ?? false,
    },
    consent: {
      terms_version: accepted('terms_of_service'),
      privacy_version: accepted('privacy_policy'),
      consent_required: consent.some((document) => !document.accepted),
    },
    staff_role: session?.staffRole ?? null,
    session: session
      ? {
          expires_at: isoSeconds(session.expiresAt),
          absolute_expires_at: isoSeconds(session.absoluteExpiresAt),
        }
      : null,
  };
}

export type ProfileView = Awaited<ReturnType<typeof profileView>>;

/** LGN-06's reply after any successful sign-in. */
export function signInReply(profile: ProfileView) {
  return {
    user: profile,
    account_status: profile.status,
    consent_required: profile.consent.consent_required,
    session: profile.session,
  };
}
