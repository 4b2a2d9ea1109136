import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { StaffAccountUpdateBody, StaffAccountView } from '@tafuta/contracts';
import type { Database, StaffRoleName } from '../../db/schema.js';
import { isoSeconds, paginate } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { normaliseKenyanMobile } from '../../lib/phone.js';
import type { ClientInfo } from '../auth/auth-log.js';
import { staffCandidate, type StaffCandidate } from '../auth/staff-candidate.js';
import { revokeAllSessions, type SessionDeps } from '../auth/session-lifecycle.js';
import { requestStaffPasswordReset } from '../auth/staff-password.service.js';
import type { Notifier } from '../notifications/notifier.js';
import type { AdminActor } from './staff-actor.js';

/**
 * Staff accounts (admin.md §2.2, ADM-024..028, EP-ADM-82..85 with ERRATA 7): invitations by email with a
 * single-use 48-hour link, role changes, deactivation and the guards that keep at least one super admin.
 */

type Trx = Transaction<Database>;

/** ADM-024: the set-password link of an invitation works once, for 48 hours. */
export const STAFF_INVITE_TTL_MS = 48 * 60 * 60_000;

export interface StaffAccountsDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Pick<Notifier, 'sendSecretEmail'>;
  sessions: Pick<SessionDeps, 'db' | 'store' | 'logger'>;
  appUrl: string;
  phoneTestPrefixes: readonly string[];
}

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const iso = (date: Date | null) => (date ? isoSeconds(date) : null);

function accountQuery(db: Kysely<Database> | Trx) {
  return db
    .selectFrom('admin_users as a')
    .innerJoin('users as u', 'u.user_id', 'a.user_id')
    .leftJoin('users as c', 'c.user_id', 'a.created_by')
    .select([
      'a.admin_user_id',
      'a.user_id',
      'u.full_name',
      'u.phone',
      'a.login_email',
      'a.role',
      'a.is_active',
      'a.password_hash',
      'a.created_at',
      'a.created_by',
      'c.full_name as created_by_name',
      'a.deactivated_at',
      'a.last_login_at',
      'a.locked_until',
    ])
    .select((eb) =>
      eb
        .selectFrom('staff_password_tokens as t')
        .select('t.expires_at')
        .whereRef('t.admin_user_id', '=', 'a.admin_user_id')
        .where('t.purpose', '=', 'invite')
        .where('t.used_at', 'is', null)
        .orderBy('t.created_at', 'desc')
        .limit(1)
        .as('invite_expires_at'),
    );
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof accountQuery>['executeTakeFirstOrThrow']>>;

/** Built field by field: the password hash only ever leaves as `password_set`. */
function accountView(row: AccountRow, now = new Date()): StaffAccountView {
  const inviteExpiresAt = row.invite_expires_at === null ? null : new Date(row.invite_expires_at);
  return {
    admin_user_id: row.admin_user_id,
    user_id: row.user_id,
    full_name: row.full_name,
    phone: row.phone,
    login_email: row.login_email,
    role: row.role,
    is_active: row.is_active,
    password_set: row.password_hash !== null,
    created_at: isoSeconds(row.created_at),
    created_by:
      row.created_by === null ? null : { user_id: row.created_by, full_name: row.created_by_name ?? '' },
    deactivated_at: iso(row.deactivated_at),
    last_login_at: iso(row.last_login_at),
    locked_until: iso(row.locked_until),
    locked: row.locked_until !== null && row.locked_until > now,
    // An invitation only matters while no password has been chosen.
    invite:
      inviteExpiresAt === null || row.password_hash !== null
        ? null
        : { expires_at: isoSeconds(inviteExpiresAt), expired: inviteExpiresAt <= now },
  };
}

export async function staffAccountView(db: Kysely<Database>, adminUserId: string) {
  const row = await accountQuery(db).where('a.admin_user_id', '=', adminUserId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such staff account');
  return accountView(row);
}

/** ADM-028: the staff list, active accounts first, then by name. */
export async function listStaffAccounts(
  db: Kysely<Database>,
  query: { page: number; limit: number; q?: string; role?: StaffRoleName; active?: 'yes' | 'no' },
) {
  let base = accountQuery(db);
  if (query.role) base = base.where('a.role', '=', query.role);
  if (query.active) base = base.where('a.is_active', '=', query.active === 'yes');
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([eb('u.full_name', 'ilike', pattern), eb('a.login_email', 'ilike', pattern)]),
    );
  }
  const total = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .orderBy('a.is_active', 'desc')
    .orderBy('u.full_name')
    .orderBy('a.admin_user_id')
    .limit(query.limit)
    .offset((query.page - 1) * query.limit)
    .execute();
  return {
    items: rows.map((row) => accountView(row)),
    pagination: paginate(query.page, query.limit, Number(total.n)),
  };
}

async function issueInvite(trx: Trx, adminUserId: string, createdBy: string): Promise<string> {
  // Only the newest invitation works.
  await trx
    .updateTable('staff_password_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('admin_user_id', '=', adminUserId)
    .where('purpose', '=', 'invite')
    .where('used_at', 'is', null)
    .execute();
  const token = crypto.randomBytes(32).toString('base64url');
  await trx
    .insertInto('staff_password_tokens')
    .values({
      admin_user_id: adminUserId,
      purpose: 'invite',
      token_hash: hashToken(token),
      expires_at: new Date(Date.now() + STAFF_INVITE_TTL_MS),
      created_by: createdBy,
    })
    .execute();
  return token;
}

/** Sent after commit and inline: the link must never rest in plain text in the outbox (ERRATA 7). */
async function sendInvite(
  deps: StaffAccountsDeps,
  account: { userId: string; email: string; role: StaffRoleName },
  token: string,
) {
  const sent = await deps.notifier.sendSecretEmail({
    userId: account.userId,
    templateKey: 'staff_invite',
    toEmail: account.email,
    variables: {
      set_password_url: `${deps.appUrl}/admin/set-password?token=${token}`,
      staff_role: account.role.replace('_', ' '),
    },
    secret: token,
  });
  if (!sent) deps.logger.warn('The staff invitation email could not be sent', { user_id: account.userId });
}

/** ADM-024's refusals of a staff candidate, as the back office shows them. */
function candidateRefusal(candidate: Exclude<StaffCandidate, { ok: true }>): AppError {
  switch (candidate.problem) {
    case 'email_taken':
      return new AppError('EMAIL_ALREADY_USED', 'Another staff account uses this login email', {
        field: 'email',
        details: [{ field: 'email', code: 'not_unique' }],
      });
    case 'phone_not_verified':
      return new AppError(
        'ACCOUNT_NOT_FOUND',
        'No verified account uses this phone: the person first registers on the site with it',
        { field: 'phone' },
      );
    case 'account_not_active':
      return new AppError('CONFLICT', `The account using this phone is ${candidate.status}`);
    case 'already_staff':
      return new AppError('CONFLICT', 'This person already has a staff account (ADM-022)');
  }
}

/** EP-ADM-83 / ADM-024: link the person's verified account to a new staff account and email the link. */
export async function inviteStaff(
  deps: StaffAccountsDeps,
  actor: AdminActor,
  input: { email: string; phone: string; role: StaffRoleName },
): Promise<StaffAccountView> {
  const phone = normaliseKenyanMobile(input.phone, { testPrefixes: deps.phoneTestPrefixes });
  if (!phone) {
    throw new AppError('INVALID_PHONE', 'Enter a Kenyan mobile number such as 0712 345 678', {
      field: 'phone',
    });
  }
  const { adminUserId, userId, token } = await deps.db.transaction().execute(async (trx) => {
    const candidate = await staffCandidate(trx, { email: input.email, phone });
    if (!candidate.ok) throw candidateRefusal(candidate);
    const row = await trx
      .insertInto('admin_users')
      .values({
        user_id: candidate.userId,
        login_email: input.email,
        role: input.role,
        created_by: actor.userId,
      })
      .returning('admin_user_id')
      .executeTakeFirstOrThrow();
    const token = await issueInvite(trx, row.admin_user_id, actor.userId);
    await writeAuditInTransaction(trx, {
      ...actor.audit,
      action: 'admin_user_created',
      entityType: 'admin_user',
      entityId: row.admin_user_id,
      entityLabel: input.email,
      newValue: { user_id: candidate.userId, login_email: input.email, role: input.role },
    });
    return { adminUserId: row.admin_user_id, userId: candidate.userId, token };
  });
  await sendInvite(deps, { userId, email: input.email, role: input.role }, token);
  return staffAccountView(deps.db, adminUserId);
}

async function lockAccount(trx: Trx, adminUserId: string) {
  // Every super admin row is locked first, so two concurrent demotions cannot both pass the count.
  await trx
    .selectFrom('admin_users')
    .select('admin_user_id')
    .where('role', '=', 'super_admin')
    .where('is_active', '=', true)
    .forUpdate()
    .execute();
  const account = await trx
    .selectFrom('admin_users as a')
    .innerJoin('users as u', 'u.user_id', 'a.user_id')
    .select([
      'a.admin_user_id',
      'a.user_id',
      'a.login_email',
      'a.role',
      'a.is_active',
      'a.password_hash',
      'u.status',
    ])
    .where('a.admin_user_id', '=', adminUserId)
    .forUpdate('a')
    .executeTakeFirst();
  if (!account) throw new AppError('NOT_FOUND', 'No such staff account');
  return account;
}

async function otherActiveSuperAdmins(trx: Trx, adminUserId: string): Promise<number> {
  const row = await trx
    .selectFrom('admin_users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', 'super_admin')
    .where('is_active', '=', true)
    .where('admin_user_id', '!=', adminUserId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function requireReason(reason: string | undefined): string {
  if (!reason) {
    throw new AppError('INVALID_INPUT', 'A reason is required for this change', {
      field: 'reason',
      details: [{ field: 'reason', code: 'required' }],
    });
  }
  return reason;
}

/** EP-ADM-84/85 and ADM-025..027; each part of the change is audited on its own row. */
export async function updateStaffAccount(
  deps: StaffAccountsDeps,
  actor: AdminActor,
  adminUserId: string,
  change: StaffAccountUpdateBody,
  client: ClientInfo,
): Promise<StaffAccountView> {
  const after = await deps.db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, adminUserId);
    const self = account.user_id === actor.userId;
    const audit = (
      action: string,
      values: { oldValue?: unknown; newValue?: unknown; reason?: string | null },
    ) =>
      writeAuditInTransaction(trx, {
        ...actor.audit,
        action,
        entityType: 'admin_user',
        entityId: account.admin_user_id,
        entityLabel: account.login_email,
        ...values,
      });
    const losesSuper =
      account.role === 'super_admin' &&
      account.is_active &&
      ((change.role !== undefined && change.role !== 'super_admin') || change.is_active === false);
    if (self && losesSuper) throw new AppError('CONFLICT', 'You cannot demote or deactivate yourself');
    if (self && change.is_active === false) throw new AppError('CONFLICT', 'You cannot deactivate yourself');
    if (losesSuper && (await otherActiveSuperAdmins(trx, account.admin_user_id)) === 0) {
      throw new AppError('LAST_SUPER_ADMIN', 'At least one active super admin must remain');
    }

    let token: string | null = null;
    let endSessions = false;
    if (change.role !== undefined && change.role !== account.role) {
      const reason = requireReason(change.reason);
      await trx
        .updateTable('admin_users')
        .set({ role: change.role })
        .where('admin_user_id', '=', adminUserId)
        .execute();
      await audit('admin_role_changed', {
        oldValue: { role: account.role },
        newValue: { role: change.role },
        reason,
      });
    }
    if (change.is_active === false && account.is_active) {
      const reason = requireReason(change.reason);
      await trx
        .updateTable('admin_users')
        .set({ is_active: false, deactivated_at: sql<Date>`now()`, deactivated_by: actor.userId })
        .where('admin_user_id', '=', adminUserId)
        .execute();
      await audit('admin_deactivated', {
        oldValue: { is_active: true },
        newValue: { is_active: false },
        reason,
      });
      endSessions = true;
    }
    if (change.is_active === true && !account.is_active) {
      // ADM-022: a suspended or deleted person gets no staff powers back.
      if (account.status !== 'active')
        throw new AppError('CONFLICT', `The person's account is ${account.status}`);
      await trx
        .updateTable('admin_users')
        .set({ is_active: true, deactivated_at: null, deactivated_by: null })
        .where('admin_user_id', '=', adminUserId)
        .execute();
      await audit('admin_reactivated', {
        oldValue: { is_active: false },
        newValue: { is_active: true },
        reason: change.reason ?? null,
      });
    }
    if (change.unlock) {
      await trx
        .updateTable('admin_users')
        .set({ failed_login_count: 0, locked_until: null })
        .where('admin_user_id', '=', adminUserId)
        .execute();
      await audit('admin_unlocked', { reason: change.reason ?? null });
    }
    if (change.resend_invite) {
      if (account.password_hash !== null) {
        throw new AppError('CONFLICT', 'This person has already chosen a password; send a password reset');
      }
      token = await issueInvite(trx, adminUserId, actor.userId);
      await audit('admin_invite_resent', { reason: change.reason ?? null });
    }
    if (change.send_password_reset) {
      if (!(change.is_active ?? account.is_active))
        throw new AppError('CONFLICT', 'The staff account is not active');
      await audit('admin_password_reset_triggered', { reason: change.reason ?? null });
    }
    return { account, token, endSessions };
  });

  if (after.endSessions) {
    // ADM-026: deactivation ends every staff session of that person at once.
    await revokeAllSessions(deps.sessions, after.account.user_id, 'staff_deactivated', { scope: 'admin' });
  }
  if (after.token) {
    const role = change.role ?? after.account.role;
    await sendInvite(
      deps,
      { userId: after.account.user_id, email: after.account.login_email, role },
      after.token,
    );
  }
  if (change.send_password_reset) {
    await requestStaffPasswordReset(deps, after.account.login_email, client);
  }
  return staffAccountView(deps.db, adminUserId);
}
