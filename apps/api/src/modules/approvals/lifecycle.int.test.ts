import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedInPerson } from '../../test/business-kit.js';
import { browser, OTP_TEST_CODE, useStaffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/**
 * The Directory issue's lifecycle, end to end through the HTTP API only: an owner creates a business,
 * staff reject it, the owner fixes it (resubmission), staff approve it, the public finds it, staff
 * suspend it (gone from search at once), and reinstate it (back). Each transition notifies the owner.
 */

const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '10000' },
});
const staff = useStaffSession(harness, database, 'admin');
const db = () => database.current.db;

const templatesSentTo = async (userId: string) =>
  (
    await db()
      .selectFrom('in_app_notifications')
      .select('type')
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute()
  ).map((row) => row.type);

describe('a business from creation to search and back (issue 4 lifecycle)', () => {
  it('pending → rejected → resubmitted → approved → live → suspended (hidden) → reinstated (live)', async () => {
    const owner = await signedInPerson(harness, db());
    const word = `zawadi${crypto.randomBytes(3).toString('hex')}`;
    const visitor = browser(harness);
    const findIt = async () => {
      const response = await visitor.get(`/api/search?q=${word}&region=machakos&seed=4`).expect(200);
      return (response.body.data as { business_id: string }[]).map((item) => item.business_id);
    };

    const created = await owner.agent
      .post('/api/businesses')
      .send({
        business_name: `${word} Beauty Parlour`,
        categories: ['salons'],
        regions: ['machakos'],
        phone: '0712 345 678',
        city: 'Machakos Town',
      })
      .expect(201);
    const id = created.body.data.business_id as string;
    expect(created.body.data).toMatchObject({ status: 'pending', content_version: 1 });
    expect(await findIt()).toEqual([]);

    const rejected = await staff.agent
      .post(`/api/admin/businesses/${id}/reject`)
      .send({ content_version: 1, reason_code: 'incomplete_information', reason: 'Add your opening hours' })
      .expect(200);
    expect(rejected.body.data).toMatchObject({ status: 'pending', review_state: 'changes_requested' });
    const queue = await staff.agent.get('/api/admin/businesses/pending?limit=100').expect(200);
    expect((queue.body.data as { business_id: string }[]).map((item) => item.business_id)).not.toContain(id);

    // Any owner save resubmits (ADM-101).
    const saved = await owner.agent
      .patch(`/api/businesses/${id}`)
      .send({
        base_version: 1,
        content: { hours: { monday: { open: '08:00', close: '18:00' }, sunday: { closed: true } } },
      })
      .expect(200);
    expect(saved.body.data.content_version).toBe(2);
    const requeued = await staff.agent.get('/api/admin/businesses/pending?limit=100').expect(200);
    expect((requeued.body.data as { business_id: string }[]).map((item) => item.business_id)).toContain(id);

    await staff.agent.post(`/api/admin/businesses/${id}/approve`).send({ content_version: 2 }).expect(200);
    expect(await findIt()).toEqual([id]);

    await staff.agent
      .post(`/api/admin/businesses/${id}/suspend`)
      .send({ reason_code: 'terms_violation', reason: 'Reported as misleading' })
      .expect(200);
    expect(await findIt()).toEqual([]);
    // Members may still read it, not change it (ROLE-10).
    await owner.agent.get(`/api/businesses/${id}`).expect(200);
    const refused = await owner.agent
      .patch(`/api/businesses/${id}`)
      .send({ base_version: 2, content: { location: { city: 'Athi River' } } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('BUSINESS_SUSPENDED');

    await staff.agent
      .post(`/api/admin/businesses/${id}/reinstate`)
      .send({ reason: 'Checked with the owner' })
      .expect(200);
    expect(await findIt()).toEqual([id]);

    expect(await templatesSentTo(owner.userId)).toEqual([
      'business_submitted',
      'business_rejected',
      'business_submitted',
      'business_approved',
      'business_suspended',
      'business_reinstated',
    ]);
    await harness.deliver();
    const texts = harness.sms.messages({ to: owner.phone }).map((message) => message.text);
    expect(texts).toContain(`Tafuta: ${word} Beauty Parlour is active again.`);
  });
});
