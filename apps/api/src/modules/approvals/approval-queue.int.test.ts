import crypto from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBusiness, createCategory, createRegion, type businessContent } from '../../test/factories.js';
import { staffMember, useStaffSession, verifiedAccount } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { sendOverdueAlerts, sendPendingDigest, type ApprovalJobsDeps } from './approval-jobs.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const support = useStaffSession(harness, database, 'support_staff');

const db = () => database.current.db;
let jobs: ApprovalJobsDeps;

beforeAll(() => {
  jobs = {
    db: db(),
    logger: harness.logger,
    notifier: harness.services.notifier,
    appUrl: 'https://tafuta.ke',
  };
});

/** A pending business in `region` submitted `hoursAgo` hours ago. */
async function submitted(
  region: string,
  hoursAgo: number,
  content: Parameters<typeof businessContent>[0] = {},
) {
  const owner = await verifiedAccount(db());
  const business = await createBusiness(db(), {
    ownerId: owner.userId,
    content: { regions: [region], ...content },
  });
  await sql`update businesses set submitted_at = now() - make_interval(hours => ${hoursAgo})
             where business_id = ${business.business_id}`.execute(db());
  return business;
}

interface Item {
  business_id: string;
  sla: string;
  age_hours: number;
  possible_duplicates: number;
  description_excerpt: string | null;
  submitter: { user_id: string };
}

async function queue(query: string) {
  const response = await support.agent.get(`/api/admin/businesses/pending?${query}`);
  expect(response.status).toBe(200);
  return response.body as {
    data: Item[];
    pagination: { total: number; page: number; pages: number };
    summary: { total_pending: number; overdue: number; oldest_age_hours: number | null };
  };
}

describe('the queue (EP-ADM-03, ADM-105..108)', () => {
  it('orders oldest first by default, newest first on request, and colours the age', async () => {
    const region = (await createRegion(db())).slug;
    const fresh = await submitted(region, 2);
    const amber = await submitted(region, 13);
    const red = await submitted(region, 30);

    const oldest = await queue(`region=${region}`);
    expect(oldest.data.map((item) => item.business_id)).toEqual([
      red.business_id,
      amber.business_id,
      fresh.business_id,
    ]);
    expect(oldest.data.map((item) => item.sla)).toEqual(['red', 'amber', 'neutral']);
    expect(oldest.data.map((item) => item.age_hours)).toEqual([30, 13, 2]);
    expect(oldest.pagination).toMatchObject({ total: 3, page: 1, pages: 1 });
    expect(oldest.data[0]!.submitter.user_id).toBe(red.ownerId);

    const newest = await queue(`region=${region}&sort=newest`);
    expect(newest.data.map((item) => item.business_id)).toEqual([
      fresh.business_id,
      amber.business_id,
      red.business_id,
    ]);

    const paged = await queue(`region=${region}&limit=2&page=2`);
    expect(paged.data.map((item) => item.business_id)).toEqual([fresh.business_id]);
    expect(paged.pagination).toMatchObject({ total: 3, pages: 2 });

    // The header counts the whole queue, whatever the filter.
    expect(oldest.summary.overdue).toBeGreaterThanOrEqual(1);
    expect(oldest.summary.oldest_age_hours).toBeGreaterThanOrEqual(30);
    expect(oldest.summary.total_pending).toBeGreaterThanOrEqual(3);
  });

  it('sorts by region, then oldest first', async () => {
    const [first, second] = [
      `aaa-${crypto.randomBytes(3).toString('hex')}`,
      `aab-${crypto.randomBytes(3).toString('hex')}`,
    ];
    await createRegion(db(), { slug: first });
    await createRegion(db(), { slug: second });
    const category = (await createCategory(db())).slug;
    const b1 = await submitted(second, 40, { categories: [category] });
    const b2 = await submitted(first, 1, { categories: [category] });
    const b3 = await submitted(first, 5, { categories: [category] });
    const sorted = await queue(`category=${category}&sort=region`);
    expect(sorted.data.map((item) => item.business_id)).toEqual([
      b3.business_id,
      b2.business_id,
      b1.business_id,
    ]);
  });

  it('counts possible duplicates by phone or by name within a region, and excerpts the description', async () => {
    const region = (await createRegion(db())).slug;
    const phone = `+2547${crypto.randomInt(10_000_000, 99_999_999)}`;
    const original = await submitted(region, 3, {
      contact: { phone },
      profile: { en: { business_name: 'Mama Ngina Salon', description: 'x'.repeat(300) } },
    });
    await createBusiness(db(), {
      status: 'active',
      content: { regions: [region], profile: { en: { business_name: 'mama-ngina  SALON' } } },
    });
    await createBusiness(db(), { status: 'active', content: { contact: { phone } } });
    // Same name elsewhere is no duplicate; neither is a deleted business with the same phone.
    await createBusiness(db(), {
      status: 'active',
      content: { profile: { en: { business_name: 'Mama Ngina Salon' } } },
    });
    const deleted = await createBusiness(db(), { content: { contact: { phone } } });
    await sql`update businesses set status = 'deleted', review_state = null, deleted_at = now()
               where business_id = ${deleted.business_id}`.execute(db());

    const item = (await queue(`region=${region}`)).data.find(
      (entry) => entry.business_id === original.business_id,
    )!;
    expect(item.possible_duplicates).toBe(2);
    expect(item.description_excerpt).toBe('x'.repeat(200));
  });

  it('refuses an unknown sort and answers 401-style codes without a staff session', async () => {
    expect((await support.agent.get('/api/admin/businesses/pending?sort=random')).status).toBe(400);
    const anonymous = await harness.agent().get('/api/admin/businesses/pending');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('ADMIN_SESSION_REQUIRED');
  });
});

describe('digest and overdue alerts (ADM-121, ADM-122)', () => {
  it('emails every active staff account the digest, and Admins once per overdue submission', async () => {
    const admin = await staffMember(db(), 'admin');
    const superAdmin = await staffMember(db(), 'super_admin');
    const supportOnly = await staffMember(db(), 'support_staff');
    const inactive = await staffMember(db(), 'admin', { isActive: false });
    const late = await submitted(
      (await createRegion(db(), { names: JSON.stringify({ en: 'Kitui' }) })).slug,
      26,
    );

    expect(await sendPendingDigest(jobs)).toBeGreaterThanOrEqual(3);
    await harness.deliver();
    const digest = harness.mail.messages({ to: supportOnly.email });
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toMatch(/^Tafuta: \d+ businesses waiting for approval$/);
    expect(digest[0]!.text).toContain('- Kitui: 1');
    expect(digest[0]!.text).toContain('https://tafuta.ke/admin/businesses/pending');
    expect(harness.mail.messages({ to: inactive.email })).toHaveLength(0);

    const alerted = await sendOverdueAlerts(jobs);
    expect(alerted).toBeGreaterThanOrEqual(1);
    await harness.deliver();
    for (const person of [admin, superAdmin]) {
      const alerts = harness.mail
        .messages({ to: person.email })
        .filter((mail) => mail.subject.includes('overdue'));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.text).toContain(late.business_name);
    }
    expect(
      harness.mail.messages({ to: supportOnly.email }).filter((mail) => mail.subject.includes('overdue')),
    ).toEqual([]);

    // Once per submission: a second run finds nothing; a resubmission that goes overdue alerts again.
    expect(await sendOverdueAlerts(jobs)).toBe(0);
    await sql`update businesses set submitted_at = now() - interval '25 hours' where business_id = ${late.business_id}`.execute(
      db(),
    );
    expect(await sendOverdueAlerts(jobs)).toBe(1);
  });

  it('sends no digest when nothing awaits review', async () => {
    await sql`update businesses set status = 'active', review_state = null where status = 'pending'`.execute(
      db(),
    );
    const before = await db()
      .selectFrom('notification_log')
      .select('notification_id')
      .where('template_key', '=', 'pending_digest')
      .execute();
    expect(await sendPendingDigest(jobs)).toBe(0);
    const after = await db()
      .selectFrom('notification_log')
      .select('notification_id')
      .where('template_key', '=', 'pending_digest')
      .execute();
    expect(after).toHaveLength(before.length);
    expect(await sendOverdueAlerts(jobs)).toBe(0);
  });
});
