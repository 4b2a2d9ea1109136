import { beforeAll, describe, expect, it } from 'vitest';
import { createBusiness, createUser } from '../../test/factories.js';
import { verifiedAccount } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { createMemoryLogger } from '../../test/memory-logger.js';
import type { Actor } from '../auth/permissions.js';
import {
  activeRole,
  addMember,
  changeMemberRole,
  removeMember,
  type MembershipDeps,
} from './memberships.service.js';

const { database, harness } = useIdentityHarness();
let deps: MembershipDeps;

beforeAll(() => {
  deps = { db: database.current.db, notifier: harness.services.notifier };
});

const member = (userId: string): Actor => ({ userId, staffRole: null });

async function businessWith(roles: Record<'owner' | 'admin' | 'employee', number>) {
  const people: Record<string, string[]> = { owner: [], admin: [], employee: [] };
  let businessId = '';
  for (const role of ['owner', 'admin', 'employee'] as const) {
    for (let index = 0; index < roles[role]; index += 1) {
      const user = await verifiedAccount(database.current.db);
      // The founder comes in through the same path as the API's create (insertBusiness + addFounder).
      if (role === 'owner' && index === 0) {
        businessId = (await createBusiness(database.current.db, { ownerId: user.userId })).business_id;
      } else {
        await database.current.db
          .insertInto('user_business_roles')
          .values({ user_id: user.userId, business_id: businessId, role })
          .execute();
      }
      people[role]!.push(user.userId);
    }
  }
  return { businessId, owners: people.owner!, admins: people.admin!, employees: people.employee! };
}

describe('business membership (ROLE-03..08, TST-11)', () => {
  it('lets a business admin add another admin, but not an owner', async () => {
    const business = await businessWith({ owner: 1, admin: 1, employee: 0 });
    const newcomer = await verifiedAccount(database.current.db);
    const added = await addMember(deps, {
      actor: member(business.admins[0]!),
      businessId: business.businessId,
      businessName: 'Mama Mboga',
      phone: newcomer.phone,
      role: 'admin',
    });
    expect(added.role).toBe('admin');
    expect(await activeRole(database.current.db, newcomer.userId, business.businessId)).toBe('admin');

    const another = await verifiedAccount(database.current.db);
    await expect(
      addMember(deps, {
        actor: member(business.admins[0]!),
        businessId: business.businessId,
        businessName: 'Mama Mboga',
        phone: another.phone,
        role: 'owner',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('tells the added person by SMS and in the app', async () => {
    const business = await businessWith({ owner: 1, admin: 0, employee: 0 });
    const newcomer = await verifiedAccount(database.current.db);
    await addMember(deps, {
      actor: member(business.owners[0]!),
      businessId: business.businessId,
      businessName: 'Kioko Hardware',
      phone: newcomer.phone,
      role: 'employee',
    });
    const queued = await database.current.db
      .selectFrom('notification_log')
      .select(['template_key', 'channel', 'body'])
      .where('user_id', '=', newcomer.userId)
      .execute();
    expect(queued).toEqual([expect.objectContaining({ template_key: 'member_added', channel: 'sms' })]);
    expect(queued[0]!.body).toContain('Kioko Hardware');
    const inApp = await database.current.db
      .selectFrom('in_app_notifications')
      .select('type')
      .where('user_id', '=', newcomer.userId)
      .execute();
    expect(inApp).toEqual([{ type: 'member_added' }]);
  });

  it('refuses employees, unknown or unverified numbers and people already in the business', async () => {
    const business = await businessWith({ owner: 1, admin: 0, employee: 1 });
    const newcomer = await verifiedAccount(database.current.db);
    const base = { businessId: business.businessId, businessName: 'Duka', role: 'employee' as const };
    await expect(
      addMember(deps, { ...base, actor: member(business.employees[0]!), phone: newcomer.phone }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const unverified = await createUser(database.current.db);
    await expect(
      addMember(deps, { ...base, actor: member(business.owners[0]!), phone: unverified.phone! }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });

    const employee = await database.current.db
      .selectFrom('users')
      .select('phone')
      .where('user_id', '=', business.employees[0]!)
      .executeTakeFirstOrThrow();
    await expect(
      addMember(deps, { ...base, actor: member(business.owners[0]!), phone: employee.phone! }),
    ).rejects.toMatchObject({ code: 'ALREADY_MEMBER' });
  });

  it('never lets the last owner leave or be demoted', async () => {
    const business = await businessWith({ owner: 1, admin: 1, employee: 0 });
    const owner = business.owners[0]!;
    await expect(
      removeMember(deps, { actor: member(owner), businessId: business.businessId, targetUserId: owner }),
    ).rejects.toMatchObject({ code: 'LAST_OWNER' });
    await expect(
      changeMemberRole(deps, {
        actor: member(owner),
        businessId: business.businessId,
        businessName: 'Duka',
        targetUserId: owner,
        role: 'admin',
      }),
    ).rejects.toMatchObject({ code: 'LAST_OWNER' });
    expect(await activeRole(database.current.db, owner, business.businessId)).toBe('owner');

    // Once a second owner exists, the first may leave; the row is kept as removed (ROLE-01).
    await changeMemberRole(deps, {
      actor: member(owner),
      businessId: business.businessId,
      businessName: 'Duka',
      targetUserId: business.admins[0]!,
      role: 'owner',
    });
    await removeMember(deps, { actor: member(owner), businessId: business.businessId, targetUserId: owner });
    const rows = await database.current.db
      .selectFrom('user_business_roles')
      .select(['is_deleted', 'removed_by'])
      .where('user_id', '=', owner)
      .execute();
    expect(rows).toEqual([{ is_deleted: true, removed_by: owner }]);
  });

  it('lets only one of two owners leaving at the same moment succeed', async () => {
    const business = await businessWith({ owner: 2, admin: 0, employee: 0 });
    const results = await Promise.allSettled(
      business.owners.map((owner) =>
        removeMember(deps, { actor: member(owner), businessId: business.businessId, targetUserId: owner }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({
      reason: expect.objectContaining({ code: 'LAST_OWNER' }),
    });
  });

  it('lets a business admin remove employees and admins but not owners; staff Admin+ may', async () => {
    const business = await businessWith({ owner: 2, admin: 1, employee: 1 });
    const admin = member(business.admins[0]!);
    await removeMember(deps, {
      actor: admin,
      businessId: business.businessId,
      targetUserId: business.employees[0]!,
    });
    await expect(
      removeMember(deps, {
        actor: admin,
        businessId: business.businessId,
        targetUserId: business.owners[1]!,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const staff: Actor = { userId: (await verifiedAccount(database.current.db)).userId, staffRole: 'admin' };
    await removeMember(deps, {
      actor: staff,
      businessId: business.businessId,
      targetUserId: business.owners[1]!,
    });
    const support: Actor = { userId: staff.userId, staffRole: 'support_staff' };
    await expect(
      removeMember(deps, {
        actor: support,
        businessId: business.businessId,
        targetUserId: business.admins[0]!,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('refused membership actions (ROLE-09)', () => {
  it('writes a warning to the application log when an employee tries to remove a member', async () => {
    const business = await businessWith({ owner: 1, admin: 0, employee: 2 });
    const { logger, lines } = createMemoryLogger('warn');
    const employee = business.employees[0]!;
    await expect(
      removeMember(
        { ...deps, logger },
        { actor: member(employee), businessId: business.businessId, targetUserId: business.employees[1]! },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'Membership action refused',
        user_id: employee,
        business_id: business.businessId,
        action: 'remove_member',
      }),
    );
    expect(await activeRole(database.current.db, business.employees[1]!, business.businessId)).toBe(
      'employee',
    );
  });
});
