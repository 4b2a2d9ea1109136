import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createBusiness, grantService } from '../../test/factories.js';
import { useStaffSession, verifiedAccount } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const admin = useStaffSession(harness, database, 'admin');
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

describe('status actions (ADM-160..166, ERRATA 11)', () => {
  it('suspends and reinstates to the prior status, telling the owners each time', async () => {
    const { owner, id, name } = await pendingBusiness();
    await admin.agent.post(`/api/admin/businesses/${id}/approve`).send({ content_version: 1 }).expect(200);
    await admin.agent
      .post(`/api/admin/businesses/${id}/suspend`)
      .send({ reason_code: 'terms_violation' })
      .expect(200);
    expect((await notices(owner.userId, 'business_suspended')).map((entry) => entry.channel)).toEqual([
      'email',
      'sms',
    ]);
    expect(await row(id)).toMatchObject({
      status: 'suspended',
      status_before_suspension: 'active',
      status_reason_code: 'terms_violation',
    });

    // Wrong current state is a conflict.
    const twice = await admin.agent
      .post(`/api/admin/businesses/${id}/suspend`)
      .send({ reason_code: 'terms_violation' });
    expect(twice.status).toBe(409);
    const notOut = await admin.agent
      .post(`/api/admin/businesses/${id}/back-in-business`)
      .send({ reason: 'x' });
    expect(notOut.status).toBe(409);

    const reinstated = await admin.agent
      .post(`/api/admin/businesses/${id}/reinstate`)
      .send({ reason: 'Owner fixed the listing' });
    expect(reinstated.status).toBe(200);
    expect(reinstated.body.data).toMatchObject({ status: 'active', status_before_suspension: null });

    const [suspended] = await auditOf(id, 'business_suspended');
    expect(suspended).toMatchObject({
      old_value: { status: 'active', review_state: null },
      new_value: expect.objectContaining({ status: 'suspended' }),
    });
    expect(await auditOf(id, 'business_reinstated')).toHaveLength(1);

    await harness.deliver();
    const texts = harness.sms.messages({ to: owner.phone }).map((message) => message.text);
    expect(texts).toContain(
      `Tafuta: ${name} is suspended and hidden: it breaks the Tafuta terms of use. Call ${await supportPhone()} for help.`,
    );
    expect(texts).toContain(`Tafuta: ${name} is active again.`);
  });

  it('keeps an owner-deactivated business deactivated after reinstatement (ADM-163)', async () => {
    const { id } = await pendingBusiness();
    await db()
      .updateTable('businesses')
      .set({ status: 'deactivated', review_state: null, deactivation_reason: 'temporary_closure' })
      .where('business_id', '=', id)
      .execute();
    await admin.agent
      .post(`/api/admin/businesses/${id}/suspend`)
      .send({ reason_code: 'owner_request' })
      .expect(200);
    await admin.agent.post(`/api/admin/businesses/${id}/reinstate`).send({ reason: 'Lifted' }).expect(200);
    expect((await row(id)).status).toBe('deactivated');
  });

  it('returns a suspended pending business to the queue on reinstatement', async () => {
    const { id } = await pendingBusiness();
    await admin.agent
      .post(`/api/admin/businesses/${id}/suspend`)
      .send({ reason_code: 'fraud_or_misleading' })
      .expect(200);
    expect(await row(id)).toMatchObject({
      status: 'suspended',
      review_state: null,
      status_before_suspension: 'pending',
    });
    await admin.agent.post(`/api/admin/businesses/${id}/reinstate`).send({ reason: 'Checked' }).expect(200);
    expect(await row(id)).toMatchObject({ status: 'pending', review_state: 'awaiting_review' });
  });

  it('marks out of business and back, notifying the owners', async () => {
    const { owner, id } = await pendingBusiness();
    await admin.agent.post(`/api/admin/businesses/${id}/approve`).send({ content_version: 1 }).expect(200);
    const out = await admin.agent
      .post(`/api/admin/businesses/${id}/out-of-business`)
      .send({ reason: 'Shop is closed' });
    expect(out.status).toBe(200);
    expect(out.body.data.status).toBe('out_of_business');
    const back = await admin.agent
      .post(`/api/admin/businesses/${id}/back-in-business`)
      .send({ reason: 'Reopened' });
    expect(back.body.data.status).toBe('active');
    expect(await inApp(owner.userId, 'business_out_of_business')).toEqual([
      expect.objectContaining({ body: expect.stringContaining('Shop is closed') }),
    ]);
    expect(await inApp(owner.userId, 'business_back_in_business')).toHaveLength(1);
    expect(await auditOf(id, 'business_out_of_business')).toHaveLength(1);
    expect(await auditOf(id, 'business_back_in_business')).toHaveLength(1);
  });

  it('refuses support staff with 403 and writes an access_denied row', async () => {
    const { id } = await pendingBusiness();
    const response = await support.agent
      .post(`/api/admin/businesses/${id}/suspend`)
      .send({ reason_code: 'terms_violation' });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
    const denied = await db()
      .selectFrom('audit_logs')
      .selectAll()
      .where('action', '=', 'access_denied')
      .where('actor_id', '=', support.userId)
      .where('entity_id', '=', id)
      .execute();
    expect(denied).toHaveLength(1);
    expect((await row(id)).status).toBe('pending');
  });

  it('sets the verification tier (Admin+), audited', async () => {
    const { id } = await pendingBusiness();
    const response = await admin.agent
      .patch(`/api/admin/businesses/${id}/verification`)
      .send({ verification_tier: 'verified', reason: 'Saw the business permit' });
    expect(response.status).toBe(200);
    expect(response.body.data.verification_tier).toBe('verified');
    expect(await auditOf(id, 'business_verification_changed')).toEqual([
      expect.objectContaining({
        old_value: { verification_tier: 'basic' },
        new_value: { verification_tier: 'verified' },
        reason: 'Saw the business permit',
      }),
    ]);
    const refused = await support.agent
      .patch(`/api/admin/businesses/${id}/verification`)
      .send({ verification_tier: 'premium', reason: 'x' });
    expect(refused.status).toBe(403);
  });
});

describe('delete (EP-ADM-08, ADM-165)', () => {
  it('refuses a wrong confirmation name with 400 and changes nothing', async () => {
    const { id, name } = await pendingBusiness();
    const response = await admin.agent
      .delete(`/api/admin/businesses/${id}`)
      .send({ reason_code: 'spam', confirm_name: name.toUpperCase() });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'confirm_name' });
    expect((await row(id)).status).toBe('pending');
  });

  it('tells the owners, cancels services, and blanks contacts in the content and its history when asked', async () => {
    const { owner, id, name } = await pendingBusiness();
    await admin.agent.post(`/api/admin/businesses/${id}/approve`).send({ content_version: 1 }).expect(200);
    await db()
      .updateTable('businesses')
      .set({
        content_json: sql`jsonb_set(jsonb_set(content_json, '{contact,email}', '"shop@example.com"'),
                                    '{location,street_address1}', '"Moi Avenue 12"')`,
        email: 'shop@example.com',
      })
      .where('business_id', '=', id)
      .execute();
    await sql`update business_content_history set content_json = jsonb_set(content_json, '{contact,email}', '"shop@example.com"')
               where business_id = ${id}`.execute(db());
    await grantService(db(), id, 'website_hosting');

    const response = await admin.agent
      .delete(`/api/admin/businesses/${id}`)
      .send({ reason_code: 'owner_request', confirm_name: name, anonymise_contacts: true });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ status: 'deleted', review_state: null });
    const business = await row(id);
    expect(business.deleted_at).toBeInstanceOf(Date);
    expect(business.email).toBeNull();
    const content = business.content_json as {
      contact: Record<string, unknown>;
      location: Record<string, unknown>;
    };
    expect(content.contact.email).toBeNull();
    expect(content.contact.phone).toBe(business.phone);
    expect(content.location.street_address1).toBeNull();
    const history = await db()
      .selectFrom('business_content_history')
      .select('content_json')
      .where('business_id', '=', id)
      .execute();
    expect(
      history.map((entry) => (entry.content_json as { contact: { email: unknown } }).contact.email),
    ).toEqual([null]);
    const subscriptions = await db()
      .selectFrom('service_subscriptions')
      .select('status')
      .where('business_id', '=', id)
      .execute();
    expect(subscriptions).toEqual([{ status: 'cancelled' }]);
    expect(await auditOf(id, 'business_deleted')).toEqual([
      expect.objectContaining({
        new_value: expect.objectContaining({
          cancelled_services: ['website_hosting'],
          anonymised_contacts: true,
        }),
      }),
    ]);
    await harness.deliver();
    expect(harness.sms.messages({ to: owner.phone }).map((message) => message.text)).toContain(
      `Tafuta: ${name} has been removed from Tafuta. Questions? Call ${await supportPhone()}.`,
    );

    const again = await admin.agent
      .delete(`/api/admin/businesses/${id}`)
      .send({ reason_code: 'owner_request', confirm_name: name });
    expect(again.status).toBe(409);
  });
});

async function supportPhone(): Promise<string> {
  const config = await db()
    .selectFrom('system_config')
    .select('value')
    .where('key', '=', 'tafuta_support_phone')
    .executeTakeFirst();
  return config?.value ?? '';
}
