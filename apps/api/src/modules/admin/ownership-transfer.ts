import { sql } from 'kysely';
import type { TransferOwnershipBody, TransferOwnershipView } from '@tafuta/contracts';
import { conflict } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { lockBusiness } from '../approvals/status-view.js';
import type { DirectoryDeps } from '../directory-deps.js';
import type { AdminActor } from './staff-actor.js';

/**
 * ADM-176 as one transaction: the new person becomes an owner and every other owner is downgraded or
 * removed together, so a failure half-way can no longer leave two owners or a team the staff did not
 * intend. Lock order as in memberships: the business row, then its role rows. One audit row
 * (`business_ownership_transferred`) records the whole change; the people whose role changes hear of it
 * through the same templates as single changes (ADM-175).
 */
export async function transferOwnership(
  deps: Pick<DirectoryDeps, 'db' | 'notifier'>,
  actor: AdminActor,
  businessId: string,
  body: TransferOwnershipBody,
): Promise<TransferOwnershipView> {
  const view = await deps.db.transaction().execute(async (trx) => {
    const business = await lockBusiness(trx, businessId);
    if (business.status === 'deleted') throw conflict('This business is deleted');
    // ROLE-06: only an active account with a verified phone can hold a role.
    const person = await trx
      .selectFrom('users')
      .select(['user_id', 'full_name'])
      .where('user_id', '=', body.to_user_id)
      .where('status', '=', 'active')
      .where('phone_verified_at', 'is not', null)
      .executeTakeFirst();
    if (!person) throw conflict('The new owner must be an active user with a verified phone');
    const members = await trx
      .selectFrom('user_business_roles')
      .select(['id', 'user_id', 'role'])
      .where('business_id', '=', businessId)
      .where('is_deleted', '=', false)
      .orderBy('id')
      .forUpdate()
      .execute();
    const target = members.find((row) => row.user_id === person.user_id);
    const oldOwners = members.filter((row) => row.role === 'owner' && row.user_id !== person.user_id);
    if (target?.role === 'owner' && oldOwners.length === 0) {
      throw conflict('This person is already the only owner');
    }

    const variables = (role: string) => ({ business_name: business.business_name, role });
    if (!target) {
      await trx
        .insertInto('user_business_roles')
        .values({ user_id: person.user_id, business_id: businessId, role: 'owner', created_by: actor.userId })
        .execute();
      await deps.notifier.enqueue(trx, {
        userId: person.user_id,
        templateKey: 'member_added',
        variables: variables('owner'),
      });
    } else if (target.role !== 'owner') {
      await trx
        .updateTable('user_business_roles')
        .set({ role: 'owner' })
        .where('id', '=', target.id)
        .execute();
      await deps.notifier.enqueue(trx, {
        userId: person.user_id,
        templateKey: 'business_role_changed',
        variables: variables('owner'),
      });
    }
    for (const owner of oldOwners) {
      if (body.old_owner_role === 'remove') {
        // ROLE-08: the row is kept for history, as a single removal keeps it.
        await trx
          .updateTable('user_business_roles')
          .set({ is_deleted: true, removed_at: sql<Date>`now()`, removed_by: actor.userId })
          .where('id', '=', owner.id)
          .execute();
      } else {
        await trx
          .updateTable('user_business_roles')
          .set({ role: body.old_owner_role })
          .where('id', '=', owner.id)
          .execute();
        await deps.notifier.enqueue(trx, {
          userId: owner.user_id,
          templateKey: 'business_role_changed',
          variables: variables(body.old_owner_role),
        });
      }
    }

    const previous = oldOwners.map((owner) => ({
      user_id: owner.user_id,
      role: body.old_owner_role === 'remove' ? null : body.old_owner_role,
      removed: body.old_owner_role === 'remove',
    }));
    await writeAuditInTransaction(trx, {
      ...actor.audit,
      action: 'business_ownership_transferred',
      entityType: 'business',
      entityId: businessId,
      entityLabel: business.business_name,
      oldValue: {
        owners: oldOwners.map((owner) => owner.user_id),
        new_owner_role: target?.role ?? null,
      },
      newValue: { owner: person.user_id, previous_owners: previous },
      reason: body.reason,
    });
    return {
      business_id: businessId,
      owner: { user_id: person.user_id, full_name: person.full_name },
      previous_owners: previous,
    };
  });
  deps.notifier.nudge();
  return view;
}
