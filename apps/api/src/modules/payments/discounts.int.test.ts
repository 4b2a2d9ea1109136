import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, nairobiDate } from '../../lib/nairobi-date.js';
import { auditRows, castFor, expectDocumented } from '../../test/business-kit.js';
import { grantService } from '../../test/factories.js';
import { OTP_TEST_CODE, staffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { expireDiscounts, sendDiscountReminders } from './discount-jobs.js';

/** Discounts by staff (ADM-320, PAY-080..088), their daily jobs, and the owner's subscriptions view. */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });
const db = () => database.current.db;

const grant = (businessId: string, extra: Record<string, unknown> = {}) => ({
  business_id: businessId,
  discount_type: '5+ employees at minimum wage',
  discount_percentage: 50,
  criteria: 'Payroll for 6 staff seen at the office',
  ...extra,
});

describe('staff discounts', () => {
  it('lets Admin+ grant, renew and revoke with audit rows; Support may only look', async () => {
    const cast = await castFor(harness, db());
    const today = nairobiDate(new Date());
    const refused = await cast.support.agent.post('/api/discounts').send(grant(cast.businessId));
    expect(refused.status).toBe(403);

    const created = await cast.staffAdmin.agent.post('/api/discounts').send(grant(cast.businessId));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectDocumented('post', '/api/discounts', created);
    const id = created.body.data.discount_id as string;
    // PAY-084: 12 months by default.
    expect((created.body.data.expires_at as string).slice(0, 4)).toBe(String(Number(today.slice(0, 4)) + 1));
    expect(await auditRows(db(), 'applied_discount', id)).toHaveLength(1);

    expect(
      (
        await cast.staffAdmin.agent
          .post('/api/discounts')
          .send(grant(cast.businessId, { discount_percentage: 100 }))
      ).status,
    ).toBe(400);
    expect(
      (await cast.staffAdmin.agent.post('/api/discounts').send(grant(cast.businessId, { valid_months: 25 })))
        .status,
    ).toBe(400);

    const noReason = await cast.staffAdmin.agent.patch(`/api/discounts/${id}`).send({ valid_months: 6 });
    expect(noReason.status).toBe(400);
    const renewed = await cast.staffAdmin.agent
      .patch(`/api/discounts/${id}`)
      .send({ valid_months: 24, reason: 'Reviewed payroll again' });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.data.reviewed_by).toBe(cast.staffAdmin.userId);
    expect(renewed.body.data.last_reviewed_at).not.toBeNull();
    expect(renewed.body.data.expires_at > created.body.data.expires_at).toBe(true);
    expect(await auditRows(db(), 'discount_updated', id)).toHaveLength(1);

    const list = await cast.support.agent.get(
      `/api/admin/discounts?business_id=${cast.businessId}&status=active`,
    );
    expect(list.status).toBe(200);
    expectDocumented('get', '/api/admin/discounts', list);
    const listed = list.body.data as { discount_id: string }[];
    expect(listed.map((row) => row.discount_id)).toEqual([id]);
    expect(list.body.pagination).toMatchObject({ total: 1, page: 1 });

    // ERRATA 23: Managers (owner and business admin) see the business's discounts; employees do not.
    for (const who of ['owner', 'admin'] as const) {
      const own = await cast[who].agent.get(`/api/businesses/${cast.businessId}/discounts`);
      expect(own.status, who).toBe(200);
      expectDocumented('get', '/api/businesses/{id}/discounts', own);
      expect(own.body.data).toEqual([
        expect.objectContaining({ discount_id: id, discount_percentage: 50, applies_at_checkout: true }),
      ]);
    }
    expect((await cast.employee.agent.get(`/api/businesses/${cast.businessId}/discounts`)).status).toBe(403);
    expect((await cast.stranger.agent.get(`/api/businesses/${cast.businessId}/discounts`)).status).toBe(404);

    expect((await cast.staffAdmin.agent.delete(`/api/discounts/${id}`).send({})).status).toBe(400);
    const revoked = await cast.staffAdmin.agent
      .delete(`/api/discounts/${id}`)
      .send({ reason: 'Staff reduced to 3' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.data).toMatchObject({ status: 'revoked', revoke_reason: 'Staff reduced to 3' });
    expect(await auditRows(db(), 'revoked_discount', id)).toHaveLength(1);
    expect(
      (await cast.staffAdmin.agent.delete(`/api/discounts/${id}`).send({ reason: 'again' })).status,
    ).toBe(409);
    expect((await cast.owner.agent.get(`/api/businesses/${cast.businessId}/discounts`)).body.data).toEqual(
      [],
    );
    expect(
      (
        await cast.staffAdmin.agent
          .patch(`/api/discounts/${crypto.randomUUID()}`)
          .send({ valid_months: 1, reason: 'x y z' })
      ).status,
    ).toBe(404);
  });

  it('expires discounts at their date with a system audit row, and reminds owners once 7 days before', async () => {
    const cast = await castFor(harness, db());
    const staff = await staffSession(harness, db(), 'admin');
    const make = async (valid_months: number) =>
      (await staff.agent.post('/api/discounts').send(grant(cast.businessId, { valid_months }))).body.data
        .discount_id as string;
    const ending = await make(1);
    const lasting = await make(3);
    const row = await db()
      .selectFrom('discounts')
      .select('expires_at')
      .where('discount_id', '=', ending)
      .executeTakeFirstOrThrow();

    // Eight days before: nothing yet. Six days before: one reminder to each owner, never twice.
    const at = (date: string) => new Date(`${date}T06:00:00Z`);
    expect(
      await sendDiscountReminders(
        { db: db(), logger: harness.logger, notifier: harness.services.notifier },
        at(addDays(row.expires_at, -8)),
      ),
    ).toBe(0);
    const deps = { db: db(), logger: harness.logger, notifier: harness.services.notifier };
    expect(await sendDiscountReminders(deps, at(addDays(row.expires_at, -6)))).toBe(1);
    expect(await sendDiscountReminders(deps, at(addDays(row.expires_at, -5)))).toBe(0);
    const notices = await db()
      .selectFrom('in_app_notifications')
      .select(['user_id', 'type'])
      .where('type', '=', 'discount_expiring')
      .where('user_id', '=', cast.owner.userId)
      .execute();
    expect(notices).toHaveLength(1);

    expect(await expireDiscounts(deps, at(addDays(row.expires_at, -1)))).toBe(0);
    expect(await expireDiscounts(deps, at(row.expires_at))).toBeGreaterThanOrEqual(1);
    const states = await db()
      .selectFrom('discounts')
      .select(['discount_id', 'status'])
      .where('discount_id', 'in', [ending, lasting])
      .execute();
    expect(Object.fromEntries(states.map((entry) => [entry.discount_id, entry.status]))).toEqual({
      [ending]: 'expired',
      [lasting]: 'active',
    });
    const audit = await auditRows(db(), 'discount_expired', ending);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: null, actor_type: 'system' });
    expect(await expireDiscounts(deps, at(row.expires_at))).toBe(0);
  });
});

describe('GET /api/businesses/:id/subscriptions', () => {
  it('shows the whole team each service with its expiry, last service day and time left', async () => {
    const cast = await castFor(harness, db());
    await grantService(db(), cast.businessId, 'website_hosting', { months: 3 });
    for (const who of ['owner', 'admin', 'employee'] as const) {
      const res = await cast[who].agent.get(`/api/businesses/${cast.businessId}/subscriptions`);
      expect(res.status, who).toBe(200);
      expectDocumented('get', '/api/businesses/{id}/subscriptions', res);
      const rows = res.body.data as Record<string, unknown>[];
      const hosting = rows.find((row) => row.service_type === 'website_hosting')!;
      expect(hosting).toMatchObject({
        status: 'active',
        months_left: 3,
        days_left: 0,
        months_paid: 3,
        purchasable: true,
      });
      expect(hosting.last_service_date).toBe(addDays(hosting.expiration_date as string, -1));
      expect(hosting.renew_url).toMatch(/\/renew\//);
      const premium = rows.find((row) => row.service_type === 'premium_listing');
      expect(premium).toMatchObject({ status: 'none', purchasable: false, expiration_date: null });
    }
    expect((await cast.support.agent.get(`/api/businesses/${cast.businessId}/subscriptions`)).status).toBe(
      200,
    );
    expect((await cast.stranger.agent.get(`/api/businesses/${cast.businessId}/subscriptions`)).status).toBe(
      404,
    );
  });
});
