import { describe, expect, it } from 'vitest';
import { OTP_TEST_CODE, verifiedAccount } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { auditRows, castFor, expectDocumented, type Cast } from '../../test/business-kit.js';

const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '100000' },
});
const db = () => database.current.db;

type Who = 'owner' | 'admin' | 'employee' | 'stranger' | 'support' | 'staffAdmin';
const EVERYONE: Who[] = ['owner', 'admin', 'employee', 'stranger', 'support', 'staffAdmin'];

/** One row of ROLE-05 per endpoint: the status each caller gets. Each row runs on its own business. */
interface MatrixRow {
  name: string;
  expected: Record<Who, number>;
  request: (cast: Cast, who: Who) => Promise<{ status: number }>;
}

const person = async () => (await verifiedAccount(db())).phone;

const MATRIX: MatrixRow[] = [
  {
    name: 'GET /businesses/:id (view private)',
    expected: { owner: 200, admin: 200, employee: 200, stranger: 404, support: 200, staffAdmin: 200 },
    request: (cast, who) => cast[who].agent.get(`/api/businesses/${cast.businessId}`),
  },
  {
    name: 'PATCH /businesses/:id (edit content)',
    expected: { owner: 200, admin: 200, employee: 200, stranger: 404, support: 200, staffAdmin: 200 },
    request: (cast, who) =>
      cast[who].agent.patch(`/api/businesses/${cast.businessId}`).send({
        base_version: 1,
        force: true,
        content: { profile: { en: { tagline: `Edited by ${who}` } } },
        change_note: 'Matrix check',
      }),
  },
  {
    name: 'GET /businesses/:id/content/history',
    expected: { owner: 200, admin: 200, employee: 200, stranger: 404, support: 200, staffAdmin: 200 },
    request: (cast, who) => cast[who].agent.get(`/api/businesses/${cast.businessId}/content/history`),
  },
  {
    name: 'POST /businesses/:id/content/rollback',
    expected: { owner: 200, admin: 200, employee: 403, stranger: 404, support: 200, staffAdmin: 200 },
    request: async (cast, who) => {
      await cast.owner.agent
        .patch(`/api/businesses/${cast.businessId}`)
        .send({ base_version: 1, force: true, content: { hours: {} } });
      return cast[who].agent
        .post(`/api/businesses/${cast.businessId}/content/rollback`)
        .send({ version: 1, reason: 'Matrix check' });
    },
  },
  {
    name: 'GET /businesses/:id/users (view members)',
    expected: { owner: 200, admin: 200, employee: 200, stranger: 404, support: 200, staffAdmin: 200 },
    request: (cast, who) => cast[who].agent.get(`/api/businesses/${cast.businessId}/users`),
  },
  {
    name: 'POST /businesses/:id/users role employee',
    expected: { owner: 201, admin: 201, employee: 403, stranger: 404, support: 403, staffAdmin: 201 },
    request: async (cast, who) =>
      cast[who].agent
        .post(`/api/businesses/${cast.businessId}/users`)
        .send({ phone: await person(), role: 'employee', reason: 'Matrix check' }),
  },
  {
    name: 'POST /businesses/:id/users role admin',
    expected: { owner: 201, admin: 201, employee: 403, stranger: 404, support: 403, staffAdmin: 201 },
    request: async (cast, who) =>
      cast[who].agent
        .post(`/api/businesses/${cast.businessId}/users`)
        .send({ phone: await person(), role: 'admin', reason: 'Matrix check' }),
  },
  {
    name: 'POST /businesses/:id/users role owner',
    expected: { owner: 201, admin: 403, employee: 403, stranger: 404, support: 403, staffAdmin: 201 },
    request: async (cast, who) =>
      cast[who].agent
        .post(`/api/businesses/${cast.businessId}/users`)
        .send({ phone: await person(), role: 'owner', reason: 'Matrix check' }),
  },
  {
    name: 'PATCH /businesses/:id/users/:employee to admin',
    expected: { owner: 200, admin: 200, employee: 403, stranger: 404, support: 403, staffAdmin: 200 },
    request: (cast, who) =>
      cast[who].agent
        .patch(`/api/businesses/${cast.businessId}/users/${cast.employee.userId}`)
        .send({ role: 'admin', reason: 'Matrix check' }),
  },
  {
    name: 'DELETE /businesses/:id/users/:employee',
    expected: { owner: 200, admin: 200, employee: 200, stranger: 404, support: 403, staffAdmin: 200 },
    request: (cast, who) =>
      cast[who].agent
        .delete(`/api/businesses/${cast.businessId}/users/${cast.employee.userId}`)
        .send({ reason: 'Matrix check' }),
  },
  {
    name: 'PATCH /businesses/:id/business-tag',
    expected: { owner: 200, admin: 403, employee: 403, stranger: 404, support: 403, staffAdmin: 200 },
    request: (cast, who) =>
      cast[who].agent
        .patch(`/api/businesses/${cast.businessId}/business-tag`)
        .send({ business_tag: `tag-${cast.businessId.slice(0, 8)}`, confirm: true }),
  },
  {
    name: 'POST /businesses/:id/deactivate',
    expected: { owner: 200, admin: 403, employee: 403, stranger: 404, support: 403, staffAdmin: 403 },
    request: (cast, who) =>
      cast[who].agent
        .post(`/api/businesses/${cast.businessId}/deactivate`)
        .send({ reason: 'temporary_closure' }),
  },
];

describe('the permission matrix, row by row (ROLE-05, ERRATA 8, TST-11)', () => {
  let staff: Pick<Cast, 'support' | 'staffAdmin'> | undefined;
  for (const row of MATRIX) {
    it(row.name, async () => {
      const actual: Partial<Record<Who, number>> = {};
      for (const who of EVERYONE) {
        // A fresh business per caller, so one caller's change never decides the next one's answer.
        const cast = await castFor(harness, db(), { staff });
        staff ??= { support: cast.support, staffAdmin: cast.staffAdmin };
        actual[who] = (await row.request(cast, who)).status;
      }
      expect(actual).toEqual(row.expected);
    });
  }
});

describe('the team (EP-BIZ-10..13, ROLE-06..08, ADM-175)', () => {
  it('lists members, adds by phone and keeps the last owner (TST-11)', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}/users`;
    const listed = await cast.employee.agent.get(`${url}?limit=2`).expect(200);
    expectDocumented('GET', '/api/businesses/{id}/users', listed);
    expect(listed.body.pagination).toMatchObject({ total: 3, pages: 2 });
    expect(listed.body.data[0]).toMatchObject({
      user_id: cast.owner.userId,
      role: 'owner',
      phone: cast.owner.phone,
    });

    const newcomer = await verifiedAccount(db());
    const added = await cast.admin.agent
      .post(url)
      .send({ phone: `0${newcomer.phone.slice(4)}`, role: 'admin' })
      .expect(201);
    expectDocumented('POST', '/api/businesses/{id}/users', added);
    expect(added.body.data).toMatchObject({ user_id: newcomer.userId, role: 'admin' });
    const twice = await cast.owner.agent.post(url).send({ phone: newcomer.phone, role: 'employee' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_MEMBER');
    const nobody = await cast.owner.agent.post(url).send({ phone: '0799000000', role: 'employee' });
    expect(nobody.body.error.code).toBe('ACCOUNT_NOT_FOUND');
    expectDocumented('POST', '/api/businesses/{id}/users', nobody);

    // ROLE-07: a business admin cannot touch the owner role.
    const demote = await cast.admin.agent.patch(`${url}/${cast.owner.userId}`).send({ role: 'employee' });
    expect(demote.status).toBe(403);
    const lastOwner = await cast.owner.agent.patch(`${url}/${cast.owner.userId}`).send({ role: 'admin' });
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.error.code).toBe('LAST_OWNER');
    expectDocumented('PATCH', '/api/businesses/{id}/users/{user_id}', lastOwner);
    const leaving = await cast.owner.agent.delete(`${url}/${cast.owner.userId}`);
    expect(leaving.status).toBe(409);
    expect(leaving.body.error.code).toBe('LAST_OWNER');

    const promoted = await cast.owner.agent
      .patch(`${url}/${cast.employee.userId}`)
      .send({ role: 'admin' })
      .expect(200);
    expectDocumented('PATCH', '/api/businesses/{id}/users/{user_id}', promoted);
    expect(promoted.body.data).toMatchObject({ user_id: cast.employee.userId, role: 'admin' });
    const left = await cast.employee.agent.delete(`${url}/${cast.employee.userId}`).expect(200);
    expectDocumented('DELETE', '/api/businesses/{id}/users/{user_id}', left);
    await cast.employee.agent.get(`/api/businesses/${cast.businessId}`).expect(404);
    await cast.owner.agent.patch(`${url}/not-a-uuid`).send({ role: 'admin' }).expect(404);
    await cast.owner.agent.patch(`${url}/${cast.stranger.userId}`).send({ role: 'admin' }).expect(404);
    expect(await auditRows(db(), 'business_user_added', cast.businessId)).toEqual([]);
  });

  it('lets staff Admin+ move ownership with a reason, audited (ADM-175/176)', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}/users`;
    const buyer = await verifiedAccount(db());
    const noReason = await cast.staffAdmin.agent.post(url).send({ phone: buyer.phone, role: 'owner' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const reason = 'Business sold; checked both IDs at the office';
    await cast.staffAdmin.agent.post(url).send({ phone: buyer.phone, role: 'owner', reason }).expect(201);
    await cast.staffAdmin.agent
      .patch(`${url}/${cast.owner.userId}`)
      .send({ role: 'employee', reason })
      .expect(200);
    await cast.staffAdmin.agent.delete(`${url}/${cast.owner.userId}`).send({ reason }).expect(200);
    const lastOwner = await cast.staffAdmin.agent.delete(`${url}/${buyer.userId}`).send({ reason });
    expect(lastOwner.body.error.code).toBe('LAST_OWNER');

    const [added] = await auditRows(db(), 'business_user_added', cast.businessId);
    expect(added).toMatchObject({ reason, new_value: { user_id: buyer.userId, role: 'owner' } });
    const [changed] = await auditRows(db(), 'business_role_changed', cast.businessId);
    expect(changed).toMatchObject({
      old_value: { user_id: cast.owner.userId, role: 'owner' },
      new_value: { user_id: cast.owner.userId, role: 'employee' },
    });
    expect(await auditRows(db(), 'business_user_removed', cast.businessId)).toHaveLength(1);
    // The refused removal wrote nothing.
    expect(await auditRows(db(), 'business_user_removed', cast.businessId)).toHaveLength(1);
  });

  it('refuses every team change by members of a suspended business', async () => {
    const cast = await castFor(harness, db());
    await db()
      .updateTable('businesses')
      .set({ status: 'suspended', status_before_suspension: 'active' })
      .where('business_id', '=', cast.businessId)
      .execute();
    const url = `/api/businesses/${cast.businessId}/users`;
    const attempts = [
      cast.owner.agent.patch(`${url}/${cast.employee.userId}`).send({ role: 'admin' }),
      cast.admin.agent.post(url).send({ phone: (await verifiedAccount(db())).phone, role: 'employee' }),
      cast.owner.agent.delete(`${url}/${cast.admin.userId}`),
      cast.employee.agent.delete(`${url}/${cast.employee.userId}`),
    ];
    for (const attempt of attempts) {
      const response = await attempt;
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('BUSINESS_SUSPENDED');
    }
    await cast.employee.agent.get(url).expect(200);
    await cast.staffAdmin.agent
      .patch(`${url}/${cast.employee.userId}`)
      .send({ role: 'admin', reason: 'Owner asked at the office' })
      .expect(200);
  });
});
