import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import type { Notifier } from '../notifications/notifier.js';
import { writeAuthLog, type ClientInfo } from './auth-log.js';
import { assertStrongPassword, hashPassword } from './passwords.js';
import { revokeAllSessions, type SessionDeps } from './session-lifecycle.js';

/** ADM-037: a reset link lives one hour and works once. */
export const STAFF_RESET_TTL_MS = 60 * 60_000;

export interface StaffPasswordDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Pick<Notifier, 'sendSecretEmail'>;
  sessions: Pick<SessionDeps, 'db' | 'store' | 'logger'>;
  appUrl: string;
}

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * ADM-037 (ERRATA 7): a staff password is reset by an emailed single-use link, never by an SMS code, so a
 * stolen phone cannot open the back office. The reply is the same whether or not the email is staff.
 */
export async function requestStaffPasswordReset(
  deps: StaffPasswordDeps,
  emailInput: string,
  client: ClientInfo,
): Promise<void> {
  const email = emailInput.trim().toLowerCase();
  const staff = await deps.db
    .selectFrom('admin_users')
    .select(['admin_user_id', 'user_id', 'login_email'])
    .where(sql`lower(login_email)`, '=', email)
    .where('is_active', '=', true)
    .executeTakeFirst();
  if (!staff) {
    deps.logger.info('Staff password reset asked for an address that is not active staff');
    return;
  }
  const token = crypto.randomBytes(32).toString('base64url');
  await deps.db.transaction().execute(async (trx) => {
    // Only the newest link works.
    await trx
      .updateTable('staff_password_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('admin_user_id', '=', staff.admin_user_id)
      .where('purpose', '=', 'reset')
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('staff_password_tokens')
      .values({
        admin_user_id: staff.admin_user_id,
        purpose: 'reset',
        token_hash: hashToken(token),
        expires_at: new Date(Date.now() + STAFF_RESET_TTL_MS),
      })
      .execute();
    await writeAuditInTransaction(trx, {
      actorId: null,
      actorRole: null,
      action: 'admin_password_reset_sent',
      entityType: 'admin_user',
      entityId: staff.admin_user_id,
      ip: client.ip,
    });
  });
  // Sent inline, after commit: the link must never rest in plain text in the outbox (ERRATA 7).
  const sent = await deps.notifier.sendSecretEmail({
    userId: staff.user_id,
    templateKey: 'staff_password_reset',
    toEmail: staff.login_email,
    variables: { reset_url: `${deps.appUrl}/admin/reset-password?token=${token}` },
    secret: token,
  });
  if (!sent)
    deps.logger.warn('The staff password reset email could not be sent', {
      admin_user_id: staff.admin_user_id,
    });
}

/** Sets the new password from a valid link; every staff session of that person ends (ADM-036). */
export async function resetStaffPassword(
  deps: StaffPasswordDeps,
  input: { token: string; newPassword: string },
  client: ClientInfo,
): Promise<void> {
  const invalid = () =>
    new AppError('INVALID_INPUT', 'This link is not valid any more; ask for a new one', {
      field: 'token',
      details: [{ field: 'token', code: 'invalid_format' }],
    });
  const row = await deps.db
    .selectFrom('staff_password_tokens as t')
    .innerJoin('admin_users as a', 'a.admin_user_id', 't.admin_user_id')
    .select([
      't.token_id',
      't.expires_at',
      't.used_at',
      'a.admin_user_id',
      'a.user_id',
      'a.login_email',
      'a.is_active',
    ])
    .where('t.token_hash', '=', hashToken(input.token))
    // ADM-024 / §15: the same reset call sets the first password from an invitation link.
    .where('t.purpose', 'in', ['reset', 'invite'])
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= new Date() || !row.is_active) throw invalid();
  assertStrongPassword(input.newPassword, 'new_password', { staff: true, email: row.login_email });
  const passwordHash = await hashPassword(input.newPassword);

  const used = await deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('staff_password_tokens')
      .set({ used_at: sql<Date>`now()` })
      .where('token_id', '=', row.token_id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return false;
    await trx
      .updateTable('admin_users')
      .set({
        password_hash: passwordHash,
        password_set_at: new Date(),
        failed_login_count: 0,
        locked_until: null,
      })
      .where('admin_user_id', '=', row.admin_user_id)
      .execute();
    return true;
  });
  // Two tabs racing with one link: only the first sets a password.
  if (!used) throw invalid();
  const revoked = await revokeAllSessions(deps.sessions, row.user_id, 'staff_password_reset', {
    scope: 'admin',
  });
  await writeAuthLog(deps.db, deps.logger, {
    eventType: 'password_reset',
    channel: 'admin',
    userId: row.user_id,
    email: row.login_email,
    client,
    metadata: { sessions_revoked: revoked },
  });
}
