import { describe, expect, it } from 'vitest';
import { addMonths, nairobiDate } from '../../lib/nairobi-date.js';
import { auditRows, expectDocumented } from '../../test/business-kit.js';
import { createBusiness, createUser } from '../../test/factories.js';
import { useStaffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { completedPurchase, setSubscription } from '../../test/purchase-kit.js';
import { creditItems } from '../payments/crediting.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const admin = useStaffSession(harness, database, 'admin');
const support = useStaffSession(harness, database, 'support_staff');
const db = () => database.current.db;

async function premiumListing(startDate: string, expirationDate: string) {
  const business = await createBusiness(db(), { status: 'active' });
  const subscription = await setSubscription(db(), {
    businessId: business.business_id,
    serviceType: 'premium_listing',
    startDate,
    anchorDay: Number(startDate.slice(8, 10)),
    expirationDate,
    monthsPaid: 12,
  });
  return { business, subscription };
}

describe('active services (ADM-341, ADM-178)', () => {
  it('lists active subscriptions soonest first with the premium review due date', async () => {
    const today = nairobiDate(new Date());
    const old = addMonths(today, -7, 1);
    const { business, subscription } = await premiumListing(old, addMonths(today, 5, 1));
    const res = await support.agent
      .get(`/api/admin/services/active?business_id=${business.business_id}`)
      .expect(200);
    expectDocumented('GET', '/api/admin/services/active', res);
    expect(res.body.data).toEqual([
      expect.objectContaining({
        subscription_id: subscription.subscription_id,
        service_type: 'premium_listing',
        premium_review: {
          last_review_at: null,
          last_outcome: null,
          due_on: addMonths(old, 6, Number(old.slice(8, 10))),
          due: true,
        },
      }),
    ]);
    const due = await support.agent
      .get(`/api/admin/services/active?premium_review_due=true&business_id=${business.business_id}`)
      .expect(200);
    expect(due.body.pagination.total).toBe(1);
  });

  it('records a review (Admin+), moves the due date, and refuses support staff', async () => {
    const today = nairobiDate(new Date());
    const { business, subscription } = await premiumListing(addMonths(today, -7, 1), addMonths(today, 5, 1));
    const path = `/api/admin/services/${subscription.subscription_id}/premium-review`;
    await support.agent.post(path).send({ outcome: 'pass', note: 'Photos and hours checked' }).expect(403);
    const res = await admin.agent
      .post(path)
      .send({ outcome: 'fail', note: 'Phone number unreachable' })
      .expect(201);
    expectDocumented('POST', '/api/admin/services/{subscription_id}/premium-review', res);
    expect(res.body.data.next_due_on).toBe(addMonths(today, 6, Number(today.slice(8, 10))));
    expect(await auditRows(db(), 'premium_review_recorded', subscription.subscription_id)).toHaveLength(1);
    const list = await support.agent
      .get(`/api/admin/services/active?business_id=${business.business_id}`)
      .expect(200);
    expect(list.body.data[0].premium_review).toMatchObject({ last_outcome: 'fail', due: false });

    const hosting = await setSubscription(db(), {
      businessId: business.business_id,
      serviceType: 'website_hosting',
      startDate: today,
      anchorDay: 1,
      expirationDate: addMonths(today, 1, 1),
      monthsPaid: 1,
    });
    await admin.agent
      .post(`/api/admin/services/${hosting.subscription_id}/premium-review`)
      .send({ outcome: 'pass', note: 'Not a premium listing' })
      .expect(409);
  });

  it('a newly bought premium listing is due its first review 6 months after crediting (ADM-178)', async () => {
    const today = nairobiDate(new Date());
    const payer = await createUser(db());
    const business = await createBusiness(db(), { ownerId: payer.user_id, status: 'active' });
    const purchase = await completedPurchase(db(), {
      businessId: business.business_id,
      payerId: payer.user_id,
      lines: [{ serviceType: 'premium_listing', months: 12, periodStart: today, periodEnd: today }],
    });
    // The PAY-151 crediting step of a settled payment, as the settlement runs it.
    await db()
      .transaction()
      .execute((trx) =>
        creditItems(
          trx,
          purchase.items.map((item) => ({
            itemId: item.item_id,
            txId: purchase.txId,
            businessId: business.business_id,
            serviceType: item.service_type,
            months: 12,
            discountId: null,
          })),
          today,
        ),
      );
    const list = await support.agent
      .get(`/api/admin/services/active?business_id=${business.business_id}`)
      .expect(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({
        service_type: 'premium_listing',
        premium_review: {
          last_review_at: null,
          last_outcome: null,
          due_on: addMonths(today, 6, Number(today.slice(8, 10))),
          due: false,
        },
      }),
    ]);
  });
});

describe('renewal reminder (ADM-342)', () => {
  it('lets support staff send one per 24 h to Owners, audited', async () => {
    const today = nairobiDate(new Date());
    const { business, subscription } = await premiumListing(today, addMonths(today, 1, 1));
    const path = `/api/admin/services/${subscription.subscription_id}/remind`;
    const res = await support.agent.post(path).expect(200);
    expectDocumented('POST', '/api/admin/services/{subscription_id}/remind', res);
    expect(res.body.data.recipients).toBeGreaterThan(0);
    const queued = await db()
      .selectFrom('notification_log')
      .select('template_key')
      .where('user_id', '=', business.ownerId)
      .where('template_key', '=', 'service_expiring')
      .execute();
    expect(queued.length).toBeGreaterThan(0);
    expect(await auditRows(db(), 'reminder_sent', subscription.subscription_id)).toHaveLength(1);
    const again = await admin.agent.post(path).expect(409);
    expect(again.body.error.code).toBe('CONFLICT');
    await support.agent.post('/api/admin/services/00000000-0000-4000-8000-000000000000/remind').expect(404);
  });
});
