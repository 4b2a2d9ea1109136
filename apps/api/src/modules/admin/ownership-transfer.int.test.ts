import { describe, expect, it } from 'vitest';
import { auditRows, expectDocumented, queuedNotices } from '../../test/business-kit.js';
import { createBusiness, createUser } from '../../test/factories.js';
import { useStaffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/** ADM-176: one atomic ownership transfer by Admin+, audited, with the 409 cases. */

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const admin = useStaffSession(harness, database, 'admin');
const db = () => database.current.db;

const verifiedUser = () => createUser(db(), { phone_verified_at: new Date() });

async function team(businessId: string) {
  const rows = await db()
    .selectFrom('user_business_roles')
    .select(['user_id', 'role'])
    .where('business_id', '=', businessId)
    .where('is_deleted', '=', false)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.user_id, row.role]));
}

const transfer = (businessId: string, body: Record<string, unknown>) =>
  admin.agent.post(`/api/admin/businesses/${businessId}/transfer-ownership`).send(body);

describe('POST /api/admin/businesses/:id/transfer-ownership (ADM-176)', () => {
  it('makes an employee the owner and the old owner an admin in one step, audited and notified', async () => {
    const business = await createBusiness(db(), { status: 'active' });
    const employee = await verifiedUser();
    await db()
      .insertInto('user_business_roles')
      .values({
        user_id: employee.user_id,
        business_id: business.business_id,
        role: 'employee',
        created_by: business.ownerId,
      })
      .execute();

    const res = await transfer(business.business_id, {
      to_user_id: employee.user_id,
      reason: 'Business sold, papers seen at the office',
      old_owner_role: 'admin',
    }).expect(200);
    expectDocumented('POST', '/api/admin/businesses/{id}/transfer-ownership', res);
    expect(res.body.data).toEqual({
      business_id: business.business_id,
      owner: { user_id: employee.user_id, full_name: employee.full_name },
      previous_owners: [{ user_id: business.ownerId, role: 'admin', removed: false }],
    });
    expect(await team(business.business_id)).toEqual({
      [employee.user_id]: 'owner',
      [business.ownerId]: 'admin',
    });
    const audit = await auditRows(db(), 'business_ownership_transferred', business.business_id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: admin.userId,
      reason: 'Business sold, papers seen at the office',
    });
    expect(
      await queuedNotices(db(), 'business_role_changed', [employee.user_id, business.ownerId]),
    ).toHaveLength(2);

    // Now the only owner: a second transfer to them changes nothing (409).
    await transfer(business.business_id, {
      to_user_id: employee.user_id,
      reason: 'Same request again',
      old_owner_role: 'remove',
    }).expect(409);
  });

  it('adds an outside person as owner and removes the old owner; refuses unverified people (409)', async () => {
    const business = await createBusiness(db(), { status: 'active' });
    const unverified = await createUser(db());
    const refused = await transfer(business.business_id, {
      to_user_id: unverified.user_id,
      reason: 'Owner lost the phone',
      old_owner_role: 'remove',
    }).expect(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect(await team(business.business_id)).toEqual({ [business.ownerId]: 'owner' });

    const heir = await verifiedUser();
    await transfer(business.business_id, {
      to_user_id: heir.user_id,
      reason: 'Owner died, death certificate seen',
      old_owner_role: 'remove',
    }).expect(200);
    expect(await team(business.business_id)).toEqual({ [heir.user_id]: 'owner' });
    expect(await queuedNotices(db(), 'member_added', [heir.user_id])).toHaveLength(1);
    expect(await auditRows(db(), 'business_ownership_transferred', business.business_id)).toHaveLength(1);
  });
});
