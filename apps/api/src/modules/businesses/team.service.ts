import type { BusinessRoleName } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import type { BusinessAction } from '../auth/permissions.js';
import {
  activeRole,
  addMember,
  changeMemberRole,
  removeMember,
  type MembershipDeps,
  type WithinTransaction,
} from '../memberships/memberships.service.js';
import { businessForActor, type BusinessRow } from './access.js';
import type { BusinessActor, BusinessDeps } from './businesses.service.js';

/**
 * The team of a business (EP-BIZ-10..13) on top of the memberships rules (ROLE-06..08). Staff (Admin+)
 * give a reason and each change is audited in its transaction (ADM-175).
 */

const ROLE_ACTION: Record<BusinessRoleName, BusinessAction> = {
  owner: 'business.manage_owners',
  admin: 'business.manage_admins',
  employee: 'business.manage_employees',
};

const membershipDeps = (deps: BusinessDeps): MembershipDeps => ({
  db: deps.db,
  notifier: deps.notifier,
  logger: deps.logger,
  phoneTestPrefixes: deps.phoneTestPrefixes,
});

interface AuditValues {
  oldValue?: unknown;
  newValue?: unknown;
}

/**
 * A staff change needs its reason and leaves an audit row, written inside the change's transaction (its
 * values may be read there, after the change); a member's change needs neither.
 */
function staffAudit(
  actor: BusinessActor,
  business: BusinessRow,
  staff: { asStaff: boolean; reason: string | undefined; action: string },
  values: (trx: Parameters<WithinTransaction>[0]) => Promise<AuditValues> | AuditValues,
): WithinTransaction | undefined {
  if (!staff.asStaff) return undefined;
  const reason = staff.reason;
  if (!reason) {
    throw new AppError('INVALID_INPUT', 'Staff must give a reason', {
      field: 'reason',
      details: [{ field: 'reason', code: 'required' }],
    });
  }
  return async (trx) =>
    writeAuditInTransaction(trx, {
      actorId: actor.userId,
      actorRole: actor.staffRole,
      action: staff.action,
      entityType: 'business',
      entityId: business.business_id,
      entityLabel: business.business_name,
      ...(await values(trx)),
      reason,
      ip: actor.ip,
      requestId: actor.requestId,
    });
}

function memberQuery(deps: BusinessDeps, businessId: string) {
  return deps.db
    .selectFrom('user_business_roles as r')
    .innerJoin('users as u', 'u.user_id', 'r.user_id')
    .where('r.business_id', '=', businessId)
    .where('r.is_deleted', '=', false);
}

const memberColumns = [
  'u.user_id',
  'u.full_name',
  'u.nickname',
  'u.phone',
  'r.role',
  'r.created_at',
] as const;
type MemberRow = {
  user_id: string;
  full_name: string;
  nickname: string | null;
  phone: string | null;
  role: BusinessRoleName;
  created_at: Date;
};
const memberView = ({ created_at, ...row }: MemberRow) => ({ ...row, added_at: isoSeconds(created_at) });

/** EP-BIZ-10: every member may see the team (read-only for employees). */
export async function listMembers(
  deps: BusinessDeps,
  actor: BusinessActor,
  businessId: string,
  page: { page: number; limit: number },
) {
  await businessForActor(deps.db, {
    actor,
    businessId,
    action: 'business.view_members',
    logger: deps.logger,
  });
  const { total } = await memberQuery(deps, businessId)
    .select((eb) => eb.fn.countAll<string>().as('total'))
    .executeTakeFirstOrThrow();
  const rows = await memberQuery(deps, businessId)
    .select(memberColumns)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(page.limit)
    .offset((page.page - 1) * page.limit)
    .execute();
  return { total: Number(total), items: rows.map(memberView) };
}

/** EP-BIZ-11 (ROLE-06): Managers add employees and admins; only owners (and staff) add owners. */
export async function addTeamMember(
  deps: BusinessDeps,
  actor: BusinessActor,
  businessId: string,
  body: { phone: string; role: BusinessRoleName; reason?: string },
) {
  const { business, asStaff } = await businessForActor(deps.db, {
    actor,
    businessId,
    action: ROLE_ACTION[body.role],
    logger: deps.logger,
  });
  const added = await addMember(membershipDeps(deps), {
    actor,
    businessId,
    businessName: business.business_name,
    phone: body.phone,
    role: body.role,
    within: staffAudit(
      actor,
      business,
      { asStaff, reason: body.reason, action: 'business_user_added' },
      // The row this transaction just wrote: created_at is the transaction's now(), later than the rest.
      async (trx) => {
        const row = await trx
          .selectFrom('user_business_roles')
          .select('user_id')
          .where('business_id', '=', businessId)
          .where('is_deleted', '=', false)
          .orderBy('created_at', 'desc')
          .executeTakeFirstOrThrow();
        return { newValue: { user_id: row.user_id, role: body.role } };
      },
    ),
  });
  return { user_id: added.userId, full_name: added.fullName, role: added.role };
}

async function memberOf(deps: BusinessDeps, businessId: string, userId: string) {
  const row = await memberQuery(deps, businessId)
    .select(memberColumns)
    .where('r.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'This person is not a member of the business');
  return memberView(row);
}

/** EP-BIZ-12 (ROLE-07): the fine rules (who may touch the owner role, the last owner) are ROLE-07's. */
export async function changeTeamRole(
  deps: BusinessDeps,
  actor: BusinessActor,
  businessId: string,
  targetUserId: string,
  body: { role: BusinessRoleName; reason?: string },
) {
  const { business, asStaff } = await businessForActor(deps.db, {
    actor,
    businessId,
    action: 'business.manage_employees',
    logger: deps.logger,
  });
  const before = await activeRole(deps.db, targetUserId, businessId);
  await changeMemberRole(membershipDeps(deps), {
    actor,
    businessId,
    businessName: business.business_name,
    targetUserId,
    role: body.role,
    within: staffAudit(
      actor,
      business,
      { asStaff, reason: body.reason, action: 'business_role_changed' },
      () => ({
        oldValue: { user_id: targetUserId, role: before },
        newValue: { user_id: targetUserId, role: body.role },
      }),
    ),
  });
  return memberOf(deps, businessId, targetUserId);
}

/** EP-BIZ-13 (ROLE-08): Managers remove others, anyone may leave, never the last owner. */
export async function removeTeamMember(
  deps: BusinessDeps,
  actor: BusinessActor,
  businessId: string,
  targetUserId: string,
  body: { reason?: string },
) {
  const self = targetUserId === actor.userId;
  const { business, asStaff } = await businessForActor(deps.db, {
    actor,
    businessId,
    action: self ? 'business.leave' : 'business.manage_employees',
    logger: deps.logger,
  });
  // ROLE-10: leaving is a change too, and a suspended business is read-only for its members.
  if (!asStaff && business.status === 'suspended') {
    throw new AppError('BUSINESS_SUSPENDED', 'This business is suspended; it can be viewed but not changed');
  }
  const before = await activeRole(deps.db, targetUserId, businessId);
  await removeMember(membershipDeps(deps), {
    actor,
    businessId,
    targetUserId,
    within: staffAudit(
      actor,
      business,
      { asStaff, reason: body.reason, action: 'business_user_removed' },
      () => ({
        oldValue: { user_id: targetUserId, role: before },
      }),
    ),
  });
  return { user_id: targetUserId, removed: true };
}
