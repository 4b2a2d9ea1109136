import { sql, type Kysely } from 'kysely';
import type { Database, StaffRoleName } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { writeAuthLog, type ClientInfo } from '../auth/auth-log.js';
import { forgetStoreSessions, revokeAllSessions, type SessionDeps } from '../auth/session-lifecycle.js';
import { removePhotoFile } from './profile-photo.js';
import { changeStatus, type UsersDeps } from './users.service.js';

export interface StaffActor {
  userId: string;
  role: StaffRoleName;
  ip: string | null;
  requestId: string;
}

export interface StaffUsersDeps extends UsersDeps {
  sessions: Pick<SessionDeps, 'db' | 'store' | 'logger'>;
  /** Where profile photos live, so deletion removes the file too (ACC-07). */
  uploadsDir?: string;
}

const audit = (
  actor: StaffActor,
  input: { action: string; userId: string; reason: string; oldValue?: unknown; newValue?: unknown },
) =>
  ({
    actorId: actor.userId,
    actorRole: actor.role,
    action: input.action,
    entityType: 'user',
    entityId: input.userId,
    oldValue: input.oldValue,
    newValue: input.newValue,
    reason: input.reason,
    ip: actor.ip,
    requestId: actor.requestId,
  }) as const;

async function loadTarget(db: Kysely<Database>, userId: string) {
  const user = await db
    .selectFrom('users')
    .select(['user_id', 'status', 'phone', 'phone_verified_at', 'verification_tier', 'locked_until'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!user || user.status === 'deleted') throw new AppError('NOT_FOUND', 'No such user');
  return user;
}

/** EP-ADM-22 (ACC-03) and EP-ADM-23 (ACC-04): the person is told either way. */
const STAFF_STATUS_CHANGES = {
  suspend: {
    from: ['active', 'deactivated'],
    to: 'suspended',
    notice: 'account_suspended',
    action: 'user_suspended',
  },
  reinstate: { from: ['suspended'], to: 'active', notice: 'account_reinstated', action: 'user_reinstated' },
} as const;

async function staffStatusChange(
  kind: keyof typeof STAFF_STATUS_CHANGES,
  deps: StaffUsersDeps,
  actor: StaffActor,
  userId: string,
  reason: string,
  client: ClientInfo,
) {
  const change = STAFF_STATUS_CHANGES[kind];
  await changeStatus(deps, {
    userId,
    from: [...change.from],
    to: change.to,
    reason,
    by: actor.userId,
    client,
    notice: change.notice,
    audit: (trx) =>
      writeAuditInTransaction(
        trx,
        audit(actor, { action: change.action, userId, reason, newValue: { status: change.to } }),
      ),
  });
}

/** Suspension also ends every session at once (USR-08). */
export async function suspendUser(
  deps: StaffUsersDeps,
  actor: StaffActor,
  userId: string,
  reason: string,
  client: ClientInfo,
) {
  await staffStatusChange('suspend', deps, actor, userId, reason, client);
  await revokeAllSessions(deps.sessions, userId, 'suspended');
}

export function reinstateUser(
  deps: StaffUsersDeps,
  actor: StaffActor,
  userId: string,
  reason: string,
  client: ClientInfo,
) {
  return staffStatusChange('reinstate', deps, actor, userId, reason, client);
}

/** EP-ADM-25 (USR-12/13): informational tiers, never above unverified while the phone is unverified. */
export async function setUserTier(
  deps: StaffUsersDeps,
  actor: StaffActor,
  userId: string,
  tier: 'basic' | 'verified' | 'premium',
  reason: string,
) {
  const user = await loadTarget(deps.db, userId);
  if (!user.phone_verified_at) {
    throw new AppError('CONFLICT', 'The phone number is not verified yet, so the tier stays unverified');
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ verification_tier: tier }).where('user_id', '=', userId).execute();
    await writeAuditInTransaction(
      trx,
      audit(actor, {
        action: 'user_verification_changed',
        userId,
        reason,
        oldValue: { verification_tier: user.verification_tier },
        newValue: { verification_tier: tier },
      }),
    );
  });
}

/** EP-ADM-26 (LCK-05): ends a lock early and clears both streaks. */
export async function unlockUser(
  deps: StaffUsersDeps,
  actor: StaffActor,
  userId: string,
  reason: string,
  client: ClientInfo,
) {
  const user = await loadTarget(deps.db, userId);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ locked_until: null, failed_otp_streak: 0, failed_password_streak: 0 })
      .where('user_id', '=', userId)
      .execute();
    await writeAuditInTransaction(
      trx,
      audit(actor, {
        action: 'user_unlocked',
        userId,
        reason,
        oldValue: { locked_until: user.locked_until },
        newValue: { locked_until: null },
      }),
    );
  });
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'account_unlocked',
    userId,
    client,
    metadata: { by: actor.userId, reason },
  });
}

/**
 * EP-ADM-24 (ACC-05..07, ERRATA 19): one transaction anonymises the person and keeps every financial and
 * audit record under the pseudonymous user_id. The deletion notice is queued first, so it still reaches
 * the number it was written for; the worker blanks its copy once it is sent.
 */
export async function deleteUser(
  deps: StaffUsersDeps,
  actor: StaffActor,
  userId: string,
  input: { reason: string; confirmPhone: string | null },
) {
  const user = await loadTarget(deps.db, userId);
  if (!user.phone || input.confirmPhone !== user.phone) {
    throw new AppError('INVALID_INPUT', "Type the user's phone number to confirm", {
      field: 'confirm',
      details: [{ field: 'confirm', code: 'invalid_format' }],
    });
  }
  const revokedSessions = await deps.db.transaction().execute(async (trx) => {
    await trx.selectFrom('users').select('user_id').where('user_id', '=', userId).forUpdate().execute();
    const staff = await trx
      .selectFrom('admin_users')
      .select('admin_user_id')
      .where('user_id', '=', userId)
      .where('is_active', '=', true)
      .executeTakeFirst();
    if (staff) throw new AppError('CONFLICT', 'Deactivate this person’s staff account first');
    // ACC-06: the only active owner of a business blocks deletion until ownership moves. A deleted
    // business needs no owner any more (ADM-204: "of any non-deleted business").
    const soleOwner = await sql<{ business_id: string }>`
      select r.business_id from user_business_roles r
        join businesses b on b.business_id = r.business_id
       where r.user_id = ${userId} and r.role = 'owner' and not r.is_deleted
         and b.status <> 'deleted'
         and not exists (select 1 from user_business_roles o
                          where o.business_id = r.business_id and o.role = 'owner'
                            and not o.is_deleted and o.user_id <> ${userId})
       limit 1`.execute(trx);
    if (soleOwner.rows.length > 0) {
      throw new AppError('SOLE_OWNER', 'This person is the only owner of a business; move ownership first', {
        extra: { business_id: soleOwner.rows[0]!.business_id },
      });
    }

    await deps.notifier.enqueue(trx, { userId, templateKey: 'account_deleted' });
    // ADM-531: messages already sent keep their facts but lose address and text.
    await trx
      .updateTable('notification_log')
      .set({ recipient: null, subject: null, body: null, html_body: null })
      .where('user_id', '=', userId)
      .where((eb) =>
        eb.or([eb('template_key', '<>', 'account_deleted'), eb('status', 'not in', ['queued', 'sending'])]),
      )
      .execute();
    await trx
      .updateTable('users')
      .set({
        full_name: `Deleted User ${userId}`,
        nickname: null,
        email: null,
        phone: null,
        physical_address: null,
        password_hash: null,
        profile_photo_url: null,
        status: 'deleted',
        deleted_at: sql<Date>`now()`,
        status_changed_at: sql<Date>`now()`,
        status_reason: input.reason,
        locked_until: null,
      })
      .where('user_id', '=', userId)
      .execute();
    const sessions = await trx
      .updateTable('user_sessions')
      .set({ revoked_at: sql<Date>`now()`, revoked_reason: 'deleted' })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning('session_id')
      .execute();
    await trx
      .deleteFrom('otp_codes')
      .where((eb) => eb.or([eb('user_id', '=', userId), eb('phone', '=', user.phone)]))
      .execute();
    await trx
      .updateTable('notification_preferences')
      .set({ marketing_sms_opt_in: false, marketing_email_opt_in: false })
      .where('user_id', '=', userId)
      .execute();
    await trx
      .updateTable('user_business_roles')
      .set({ is_deleted: true, removed_at: sql<Date>`now()`, removed_by: actor.userId })
      .where('user_id', '=', userId)
      .where('is_deleted', '=', false)
      .execute();
    await trx
      .updateTable('admin_users')
      .set({ is_active: false, deactivated_at: sql<Date>`now()`, deactivated_by: actor.userId })
      .where('user_id', '=', userId)
      .where('is_active', '=', true)
      .execute();
    await sql`select blank_auth_log_pii(null, ${userId}::uuid)`.execute(trx);
    // Consent evidence stays (ACC-07), but pseudonymous: where it was given from goes.
    await trx
      .updateTable('user_terms_consent')
      .set({ ip_address: null, user_agent: null })
      .where('user_id', '=', userId)
      .execute();
    await trx
      .updateTable('marketing_consent_events')
      .set({ ip_address: null })
      .where('user_id', '=', userId)
      .execute();
    await writeAuditInTransaction(
      trx,
      audit(actor, {
        action: 'user_deleted',
        userId,
        reason: input.reason,
        oldValue: { status: user.status },
        newValue: { status: 'deleted' },
      }),
    );
    return sessions.map((session) => session.session_id);
  });
  deps.notifier.nudge();
  if (deps.uploadsDir) await removePhotoFile({ logger: deps.logger, uploadsDir: deps.uploadsDir }, userId);
  // The rows were revoked inside the transaction; their store copies go now that it has committed.
  forgetStoreSessions({ ...deps.sessions, secureCookie: false }, revokedSessions);
  const revoked = revokedSessions.length;
  // Written after the blanking, so it carries no personal data either (ACC-07).
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'account_state_changed',
    userId,
    client: { ip: null, userAgent: null },
    metadata: {
      from: user.status,
      to: 'deleted',
      by: actor.userId,
      reason: input.reason,
      sessions_revoked: revoked,
    },
  });
}
