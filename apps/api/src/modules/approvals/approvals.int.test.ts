import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createBusiness } from '../../test/factories.js';
import { useStaffSession, verifiedAccount } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { findOperation } from '../../openapi/registry.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const admin = useStaffSession(harness, database, 'admin');
const otherAdmin = useStaffSession(harness, database, 'admin');
const support = useStaffSession(harness, database, 'support_staff');

const db = () => database.current.db;

/** A pending business (awaiting review) whose owner has a phone, an email and a language. */
async function pendingBusiness(options: { language?: 'en' | 'sw' } = {}) {
  const owner = await verifiedAccount(db(), { email: `owner-${crypto.randomUUID()}@example.com` });
  if (options.language) {
    await db()
      .updateTable('users')
      .set({ language_preference: options.language })
      .where('user_id', '=', owner.userId)
      .execute();
  }
  const business = await createBusiness(db(), { ownerId: owner.userId });
  return { owner, business, id: business.business_id, name: business.business_name };
}

const row = (businessId: string) =>
  db().selectFrom('businesses').selectAll().where('business_id', '=', businessId).executeTakeFirstOrThrow();

const auditOf = (businessId: string, action: string) =>
  db()
    .selectFrom('audit_logs')
    .selectAll()
    .where('entity_id', '=', businessId)
    .where('action', '=', action)
    .execute();

const notices = (userId: string, templateKey: string) =>
  db()
    .selectFrom('notification_log')
    .select(['channel', 'body', 'recipient'])
    .where('user_id', '=', userId)
    .where('template_key', '=', templateKey)
    .orderBy('channel')
    .execute();

const inApp = (userId: string, type: string) =>
  db()
    .selectFrom('in_app_notifications')
    .select(['title', 'body', 'link'])
    .where('user_id', '=', userId)
    .where('type', '=', type)
    .execute();

describe('approve (EP-ADM-04, ADM-110..113)', () => {
  it('makes the business active, writes the review and audit rows, and tells the owner on every channel', async () => {
    const { owner, id, name } = await pendingBusiness();
    const response = await support.agent
      .post(`/api/admin/businesses/${id}/approve`)
      .send({ content_version: 1, note: 'Called the owner' });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ business_id: id, status: 'active', review_state: null });

    const business = await row(id);
    expect(business).toMatchObject({
      status: 'active',
      review_state: null,
      approved_by: support.userId,
      approved_content_version: 1,
    });
    expect(business.approved_at).toBeInstanceOf(Date);
    const reviews = await db()
      .selectFrom('business_reviews')
      .selectAll()
      .where('business_id', '=', id)
      .execute();
    expect(reviews).toEqual([
      expect.objectContaining({
        decision: 'approved',
        content_version: 1,
        decided_by: support.userId,
        note: 'Called the owner',
      }),
    ]);
    expect(await auditOf(id, 'business_approved')).toEqual([
      expect.objectContaining({
        actor_id: support.userId,
        actor_role: 'support_staff',
        entity_type: 'business',
      }),
    ]);
    expect((await notices(owner.userId, 'business_approved')).map((entry) => entry.channel)).toEqual([
      'email',
      'sms',
    ]);
    expect(await inApp(owner.userId, 'business_approved')).toEqual([
      expect.objectContaining({ title: 'Business approved', link: `/config/business/${id}` }),
    ]);

    await harness.deliver();
    const sms = harness.sms.messages({ to: owner.phone });
    expect(sms.map((message) => message.text)).toContain(
      `Tafuta: Good news! ${name} is approved and can now be found on tafuta.ke.`,
    );
  });

  it('lets exactly one of two staff approving at once win; the owner hears once', async () => {
    const { owner, id } = await pendingBusiness();
    const results = await Promise.all([
      admin.agent.post(`/api/admin/businesses/${id}/approve`).send({ content_version: 1 }),
      otherAdmin.agent.post(`/api/admin/businesses/${id}/approve`).send({ content_version: 1 }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    const loser = results.find((result) => result.status === 409)!;
    expect(loser.body.error.code).toBe('CONFLICT');
    expect(loser.body.error.message).toMatch(/^Already reviewed by .+ at .+ EAT$/);
    expect(await notices(owner.userId, 'business_approved')).toHaveLength(2); // one SMS, one email
    expect(await inApp(owner.userId, 'business_approved')).toHaveLength(1);
    expect(
      await db().selectFrom('business_reviews').select('review_id').where('business_id', '=', id).execute(),
    ).toHaveLength(1);

    // A repeated identical request after success is a 409 too, never a second notice (ADM-112).
    const again = await admin.agent.post(`/api/admin/businesses/${id}/approve`).send({ content_version: 1 });
    expect(again.status).toBe(409);
    expect(await inApp(owner.userId, 'business_approved')).toHaveLength(1);
  });

  it('refuses a stale content version', async () => {
    const { id } = await pendingBusiness();
    await sql`update businesses set content_version = 2 where business_id = ${id}`.execute(db());
    const response = await admin.agent
      .post(`/api/admin/businesses/${id}/approve`)
      .send({ content_version: 1 });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe('Content changed — please review again');
    expect((await row(id)).status).toBe('pending');
  });

  it('refuses while an owner is suspended', async () => {
    const { owner, id } = await pendingBusiness();
    await db()
      .updateTable('users')
      .set({ status: 'suspended' })
      .where('user_id', '=', owner.userId)
      .execute();
    const response = await admin.agent
      .post(`/api/admin/businesses/${id}/approve`)
      .send({ content_version: 1 });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/suspended or deleted/);
    expect((await row(id)).review_state).toBe('awaiting_review');
  });

  it('answers 404 for an unknown or malformed id', async () => {
    const unknown = await admin.agent
      .post(`/api/admin/businesses/${crypto.randomUUID()}/approve`)
      .send({ content_version: 1 });
    expect(unknown.status).toBe(404);
    const malformed = await admin.agent
      .post('/api/admin/businesses/nope/approve')
      .send({ content_version: 1 });
    expect(malformed.status).toBe(404);
  });
});

describe('reject and resubmission (EP-ADM-05, ADM-101, ADM-111)', () => {
  it('requires a reason with "other"', async () => {
    const { id } = await pendingBusiness();
    const response = await admin.agent
      .post(`/api/admin/businesses/${id}/reject`)
      .send({ content_version: 1, reason_code: 'other' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'reason' })]);
  });

  it('sends the business back with the preset in each owner’s language, then takes the resubmission', async () => {
    const { owner, id, name } = await pendingBusiness();
    const swahili = await verifiedAccount(db());
    await db()
      .updateTable('users')
      .set({ language_preference: 'sw' })
      .where('user_id', '=', swahili.userId)
      .execute();
    await db()
      .insertInto('user_business_roles')
      .values({ user_id: swahili.userId, business_id: id, role: 'owner' })
      .execute();

    const response = await admin.agent
      .post(`/api/admin/businesses/${id}/reject`)
      .send({ content_version: 1, reason_code: 'incomplete_information', reason: 'Add your opening hours' });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      status: 'pending',
      review_state: 'changes_requested',
      rejection_reason_code: 'incomplete_information',
      rejection_reason: 'Add your opening hours',
      rejection_count: 1,
    });
    expect(await auditOf(id, 'business_rejected')).toHaveLength(1);
    const [review] = await db()
      .selectFrom('business_reviews')
      .selectAll()
      .where('business_id', '=', id)
      .execute();
    expect(review).toMatchObject({ decision: 'rejected', reason_code: 'incomplete_information' });

    await harness.deliver();
    expect(harness.sms.messages({ to: owner.phone }).map((message) => message.text)).toContain(
      `Tafuta: ${name} was not approved yet: some required information is missing (Add your opening hours). Please fix it at tafuta.ke/config and we will check it again.`,
    );
    const [swNotice] = await inApp(swahili.userId, 'business_rejected');
    expect(swNotice!.body).toContain('baadhi ya taarifa muhimu hazipo (Add your opening hours)');

    // Not in the queue while it waits for the owner; listed under the changes_requested toggle.
    const waiting = await admin.agent.get('/api/admin/businesses/pending?state=changes_requested&limit=100');
    expect(waiting.status).toBe(200);
    const waitingItems = (waiting.body as { data: { business_id: string }[] }).data;
    const item = waitingItems.find((entry) => entry.business_id === id);
    expect(item).toMatchObject({
      review_state: 'changes_requested',
      rejection_reason: 'Add your opening hours',
      sla: 'neutral',
    });
    const queue = await admin.agent.get('/api/admin/businesses/pending?limit=100');
    const queued = (queue.body as { data: { business_id: string }[] }).data;
    expect(queued.some((entry) => entry.business_id === id)).toBe(false);

    // The owner's save (ADM-101) puts it back: as the owner edit route does, a new version and submission.
    await sql`update businesses set review_state = 'awaiting_review', submitted_at = now(),
                content_version = content_version + 1 where business_id = ${id}`.execute(db());
    const stale = await admin.agent.post(`/api/admin/businesses/${id}/approve`).send({ content_version: 1 });
    expect(stale.status).toBe(409);
    const approved = await admin.agent
      .post(`/api/admin/businesses/${id}/approve`)
      .send({ content_version: 2 });
    expect(approved.status).toBe(200);
    expect((await row(id)).approved_content_version).toBe(2);
  });
});

/** Keys of a reply that parsing with the documented schema dropped. */
function undocumentedKeys(actual: unknown, kept: unknown, at = ''): string[] {
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (Array.isArray(actual) && Array.isArray(kept)) {
    return actual.flatMap((item, index) => undocumentedKeys(item, kept[index], `${at}[${index}]`));
  }
  if (!isRecord(actual) || !isRecord(kept)) return [];
  return Object.keys(actual).flatMap((key) =>
    key in kept ? undocumentedKeys(actual[key], kept[key], `${at}.${key}`) : [`${at}.${key}`],
  );
}

function expectDocumented(method: string, path: string, response: { status: number; body: unknown }) {
  const spec = findOperation(method, path)?.responses[response.status];
  expect(spec?.schema, `${method} ${path} ${response.status}`).toBeDefined();
  const parsed = spec!.schema!.safeParse(response.body);
  expect(parsed.error?.issues ?? [], JSON.stringify(response.body)).toEqual([]);
  expect(undocumentedKeys(response.body, parsed.data)).toEqual([]);
}

describe('replies match the OpenAPI registry (API-15)', () => {
  it('for the queue and every action', async () => {
    const { id, name } = await pendingBusiness();
    const base = '/api/admin/businesses/{id}';
    expectDocumented(
      'GET',
      '/api/admin/businesses/pending',
      await admin.agent.get('/api/admin/businesses/pending'),
    );
    expectDocumented(
      'GET',
      '/api/admin/businesses/pending',
      await admin.agent.get('/api/admin/businesses/pending?state=changes_requested'),
    );
    const url = `/api/admin/businesses/${id}`;
    expectDocumented(
      'POST',
      `${base}/approve`,
      await admin.agent.post(`${url}/approve`).send({ content_version: 1 }),
    );
    expectDocumented(
      'POST',
      `${base}/approve`,
      await admin.agent.post(`${url}/approve`).send({ content_version: 1 }),
    );
    const reasonBody = { reason: 'Checked in person' };
    expectDocumented(
      'POST',
      `${base}/suspend`,
      await admin.agent.post(`${url}/suspend`).send({ reason_code: 'other', reason: 'x' }),
    );
    expectDocumented(
      'POST',
      `${base}/reinstate`,
      await admin.agent.post(`${url}/reinstate`).send(reasonBody),
    );
    expectDocumented(
      'POST',
      `${base}/out-of-business`,
      await admin.agent.post(`${url}/out-of-business`).send(reasonBody),
    );
    expectDocumented(
      'POST',
      `${base}/back-in-business`,
      await admin.agent.post(`${url}/back-in-business`).send(reasonBody),
    );
    expectDocumented(
      'PATCH',
      `${base}/verification`,
      await admin.agent
        .patch(`${url}/verification`)
        .send({ verification_tier: 'premium', reason: 'Permit seen' }),
    );
    expectDocumented(
      'DELETE',
      base,
      await admin.agent.delete(url).send({ reason_code: 'spam', confirm_name: 'wrong' }),
    );
    expectDocumented(
      'DELETE',
      base,
      await admin.agent.delete(url).send({ reason_code: 'spam', confirm_name: name }),
    );
    const other = await pendingBusiness();
    expectDocumented(
      'POST',
      `${base}/reject`,
      await support.agent
        .post(`/api/admin/businesses/${other.id}/reject`)
        .send({ content_version: 1, reason_code: 'invalid_phone' }),
    );
    expectDocumented(
      'POST',
      `${base}/suspend`,
      await support.agent.post(`${url}/suspend`).send({ reason_code: 'other', reason: 'x' }),
    );
  });
});
