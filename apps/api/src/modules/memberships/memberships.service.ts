import { sql, type Kysely, type Transaction } from 'kysely';
import type { BusinessRoleName, Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { normaliseKenyanMobile } from '../../lib/phone.js';
import {
  can,
  canChangeMemberRole,
  canRemoveMember,
  type Actor,
  type BusinessAction,
  type BusinessRole,
} from '../auth/permissions.js';
import type { Logger } from '../../http/logger.js';
import type { Notifier } from '../notifications/notifier.js';

/**
 * Business membership (ROLE-01..08). The directory's business endpoints call these; the rule that a
 * business always keeps an owner is enforced here, under a lock on the business's role rows, so two
 * owners leaving at the same moment cannot both succeed.
 */

type Db = Kysely<Database> | Transaction<Database>;

export interface MembershipDeps {
  db: Kysely<Database>;
  notifier: Pick<Notifier, 'enqueue' | 'nudge'>;
  /** ROLE-09: refusals are written to the application log at warning level. */
  logger?: Pick<Logger, 'warn'>;
  phoneTestPrefixes?: readonly string[];
}

/** Runs inside the change's transaction: staff changes write their audit row there (ADM-175). */
export type WithinTransaction = (trx: Transaction<Database>) => Promise<void>;

const ROLE_ACTION: Record<BusinessRole, BusinessAction> = {
  owner: 'business.manage_owners',
  admin: 'business.manage_admins',
  employee: 'business.manage_employees',
};

export async function activeRole(db: Db, userId: string, businessId: string): Promise<BusinessRole | null> {
  const row = await db
    .selectFrom('user_business_roles')
    .select('role')
    .where('user_id', '=', userId)
    .where('business_id', '=', businessId)
    .where('is_deleted', '=', false)
    .executeTakeFirst();
  return row?.role ?? null;
}

/** Locks the business's active roles and returns them; every membership change runs after this. */
async function lockMembers(trx: Transaction<Database>, businessId: string) {
  return trx
    .selectFrom('user_business_roles')
    .select(['id', 'user_id', 'role'])
    .where('business_id', '=', businessId)
    .where('is_deleted', '=', false)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** The locked members, the actor's and the target's place among them, and whether staff Admin+ acts. */
async function membershipContext(
  trx: Transaction<Database>,
  input: { actor: Actor; businessId: string; targetUserId: string },
) {
  const members = await lockMembers(trx, input.businessId);
  const target = members.find((row) => row.user_id === input.targetUserId);
  if (!target) throw new AppError('NOT_FOUND', 'This person is not a member of the business');
  return {
    members,
    target,
    actorRole: members.find((row) => row.user_id === input.actor.userId)?.role ?? null,
    actorIsStaffAdmin: can(input.actor, 'business.manage_owners', {
      kind: 'business',
      businessId: input.businessId,
      actorRole: null,
    }),
    isSelf: target.user_id === input.actor.userId,
  };
}

const lastOwner = () => new AppError('LAST_OWNER', 'A business must keep at least one owner');
function refused(deps: MembershipDeps, actor: Actor, businessId: string, action: string): AppError {
  deps.logger?.warn('Membership action refused', { user_id: actor.userId, business_id: businessId, action });
  return new AppError('FORBIDDEN', 'Your role on this business does not allow this');
}

/** ROLE-04: the creator of a business becomes its owner (called in the creating transaction). */
export async function addFounder(trx: Db, businessId: string, userId: string): Promise<void> {
  await trx
    .insertInto('user_business_roles')
    .values({ user_id: userId, business_id: businessId, role: 'owner', created_by: userId })
    .execute();
}

/** ROLE-06 (EP-BIZ-11): by phone, to an active account with a verified phone. */
export async function addMember(
  deps: MembershipDeps,
  input: {
    actor: Actor;
    businessId: string;
    businessName: string;
    phone: string;
    role: BusinessRoleName;
    within?: WithinTransaction;
  },
): Promise<{ userId: string; fullName: string; role: BusinessRoleName }> {
  const actorRole = await activeRole(deps.db, input.actor.userId, input.businessId);
  if (
    !can(input.actor, ROLE_ACTION[input.role], { kind: 'business', businessId: input.businessId, actorRole })
  ) {
    throw refused(deps, input.actor, input.businessId, `add_${input.role}`);
  }
  const phone = normaliseKenyanMobile(input.phone, { testPrefixes: deps.phoneTestPrefixes ?? [] });
  if (!phone) throw new AppError('INVALID_PHONE', 'Enter a Kenyan mobile number', { field: 'phone' });
  const member = await deps.db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('users')
      .select(['user_id', 'full_name'])
      .where('phone', '=', phone)
      .where('status', '=', 'active')
      .where('phone_verified_at', 'is not', null)
      .executeTakeFirst();
    if (!person)
      throw new AppError('ACCOUNT_NOT_FOUND', 'No active account uses this number; ask them to register');
    const members = await lockMembers(trx, input.businessId);
    if (members.some((row) => row.user_id === person.user_id)) {
      throw new AppError('ALREADY_MEMBER', 'This person already has a role on this business');
    }
    await trx
      .insertInto('user_business_roles')
      .values({
        user_id: person.user_id,
        business_id: input.businessId,
        role: input.role,
        created_by: input.actor.userId,
      })
      .execute();
    await deps.notifier.enqueue(trx, {
      userId: person.user_id,
      templateKey: 'member_added',
      variables: { business_name: input.businessName, role: input.role },
    });
    await input.within?.(trx);
    return person;
  });
  deps.notifier.nudge();
  return { userId: member.user_id, fullName: member.full_name, role: input.role };
}

/** ROLE-07 (EP-BIZ-12). */
export async function changeMemberRole(
  deps: MembershipDeps,
  input: {
    actor: Actor;
    businessId: string;
    businessName: string;
    targetUserId: string;
    role: BusinessRoleName;
    within?: WithinTransaction;
  },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const { members, target, actorRole, actorIsStaffAdmin, isSelf } = await membershipContext(trx, input);
    const allowed = canChangeMemberRole({
      actorRole,
      actorIsStaffAdmin,
      targetCurrentRole: target.role,
      newRole: input.role,
      isSelf,
    });
    if (!allowed) throw refused(deps, input.actor, input.businessId, `change_role_to_${input.role}`);
    if (target.role === input.role) return;
    const owners = members.filter((row) => row.role === 'owner');
    if (target.role === 'owner' && owners.length === 1) throw lastOwner();
    await trx
      .updateTable('user_business_roles')
      .set({ role: input.role })
      .where('id', '=', target.id)
      .execute();
    await deps.notifier.enqueue(trx, {
      userId: target.user_id,
      templateKey: 'business_role_changed',
      variables: { business_name: input.businessName, role: input.role },
    });
    await input.within?.(trx);
  });
  deps.notifier.nudge();
}

/** ROLE-08 (EP-BIZ-13): the row is kept with is_deleted; coming back later makes a new row (ROLE-01). */
export async function removeMember(
  deps: MembershipDeps,
  input: { actor: Actor; businessId: string; targetUserId: string; within?: WithinTransaction },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const { members, target, actorRole, actorIsStaffAdmin, isSelf } = await membershipContext(trx, input);
    const allowed = canRemoveMember({ actorRole, actorIsStaffAdmin, targetRole: target.role, isSelf });
    if (!allowed) throw refused(deps, input.actor, input.businessId, 'remove_member');
    if (target.role === 'owner' && members.filter((row) => row.role === 'owner').length === 1)
      throw lastOwner();
    await trx
      .updateTable('user_business_roles')
      .set({ is_deleted: true, removed_at: sql<Date>`now()`, removed_by: input.actor.userId })
      .where('id', '=', target.id)
      .execute();
    await input.within?.(trx);
  });
}
