import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { BusinessesTable, Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { can, type Actor, type BusinessAction, type BusinessRole } from '../auth/permissions.js';
import { activeRole } from '../memberships/memberships.service.js';

/**
 * The one door to a business for every business-scoped endpoint (ROLE-05, ROLE-09, ROLE-10, API-09):
 * who may learn it exists, who may do the action, and what its status still allows.
 */

type Db = Kysely<Database> | Transaction<Database>;
export type BusinessRow = Selectable<BusinessesTable>;

export interface BusinessAccess {
  business: BusinessRow;
  /** The actor's active role on the business; null for staff who are not members. */
  actorRole: BusinessRole | null;
  /** True when the permission came from the staff column rather than a business role. */
  asStaff: boolean;
}

/** Actions that change the business; members are stopped by its status (ROLE-10), staff are not. */
const WRITE_ACTIONS: ReadonlySet<BusinessAction> = new Set<BusinessAction>([
  'business.edit_content',
  'business.upload_image',
  'business.delete_image',
  'business.rollback',
  'business.manage_ads',
  'business.pay',
  'business.manage_employees',
  'business.manage_admins',
  'business.manage_owners',
  'business.set_subdomain',
  'business.change_tag',
]);

/** API-09: an id that is not a UUID is simply "not found". */
export function parseBusinessId(value: unknown): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'No such business');
  return parsed.data;
}

export async function findBusiness(
  db: Db,
  businessId: string,
  options: { forUpdate?: boolean } = {},
): Promise<BusinessRow | undefined> {
  let query = db.selectFrom('businesses').selectAll().where('business_id', '=', businessId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * Resolves `businessId` for `actor` and checks `action`:
 * - not found, deleted (for members), or neither a member nor staff allowed to view → 404;
 * - a member or staff member without the action → 403 FORBIDDEN, logged at warning level (ROLE-09);
 * - a member changing a suspended business → 403 BUSINESS_SUSPENDED; an out-of-business one → 409
 *   BUSINESS_NOT_EDITABLE (ERRATA 18). Staff are not limited by status (ROLE-10).
 * Pass a transaction with `forUpdate` to lock the row for the change that follows.
 */
export async function businessForActor(
  db: Db,
  input: {
    actor: Actor;
    businessId: string;
    action: BusinessAction;
    forUpdate?: boolean;
    logger?: Pick<Logger, 'warn'>;
  },
): Promise<BusinessAccess> {
  const business = await findBusiness(db, input.businessId, { forUpdate: input.forUpdate });
  if (!business) throw new AppError('NOT_FOUND', 'No such business');
  const actorRole =
    business.status === 'deleted' ? null : await activeRole(db, input.actor.userId, business.business_id);
  const resource = { kind: 'business' as const, businessId: business.business_id, actorRole };
  const staffMayView = can(
    { userId: input.actor.userId, staffRole: input.actor.staffRole },
    'business.view_private',
    {
      ...resource,
      actorRole: null,
    },
  );
  if (actorRole === null && !staffMayView) throw new AppError('NOT_FOUND', 'No such business');

  const asMember = actorRole !== null && can({ ...input.actor, staffRole: null }, input.action, resource);
  const asStaff =
    !asMember &&
    can({ userId: input.actor.userId, staffRole: input.actor.staffRole }, input.action, {
      ...resource,
      actorRole: null,
    });
  if (!asMember && !asStaff) {
    input.logger?.warn('Business action refused', {
      user_id: input.actor.userId,
      business_id: business.business_id,
      action: input.action,
      role: actorRole,
      staff_role: input.actor.staffRole,
    });
    throw new AppError('FORBIDDEN', 'Your role on this business does not allow this');
  }
  if (asMember && WRITE_ACTIONS.has(input.action)) {
    if (business.status === 'suspended') {
      throw new AppError(
        'BUSINESS_SUSPENDED',
        'This business is suspended; it can be viewed but not changed',
      );
    }
    if (business.status === 'out_of_business') {
      throw new AppError('BUSINESS_NOT_EDITABLE', 'This business is marked out of business; reopen it first');
    }
  }
  return { business, actorRole, asStaff };
}

/** The active owners of a business, who receive its account notices (ADM-125). */
export async function activeOwnerIds(db: Db, businessId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_business_roles')
    .select('user_id')
    .where('business_id', '=', businessId)
    .where('role', '=', 'owner')
    .where('is_deleted', '=', false)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => row.user_id);
}
