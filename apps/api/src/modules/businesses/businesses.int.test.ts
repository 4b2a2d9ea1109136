import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBusiness, grantService } from '../../test/factories.js';
import { OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import {
  auditRows,
  businessRow,
  castFor,
  expectDocumented,
  queuedNotices,
  signedInPerson,
} from '../../test/business-kit.js';

const media = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-media-'));
afterAll(() => fs.rmSync(media, { recursive: true, force: true }));

const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '100000', MEDIA_PATH: media },
});
const db = () => database.current.db;

const wizard = (overrides: Record<string, unknown> = {}) => ({
  business_name: 'Mama Njeri Kitchen',
  categories: ['restaurants'],
  regions: ['machakos'],
  phone: '0712 345 678',
  city: 'Machakos Town',
  ...overrides,
});

describe('adding a business (EP-BIZ-01)', () => {
  it('creates it pending with the caller as owner, a suggested tag, version 1 and a notice', async () => {
    const owner = await signedInPerson(harness, db());
    const response = await owner.agent
      .post('/api/businesses')
      .send(
        wizard({
          business_name: 'Café Wa Njeri',
          content: {
            profile: { en: { tagline: 'Chai na mandazi' } },
            contact: { whatsapp: '+254712345678' },
          },
        }),
      )
      .expect(201);
    expectDocumented('POST', '/api/businesses', response);
    const created = response.body.data;
    expect(created).toMatchObject({
      business_tag: 'cafe-wa-njeri',
      status: 'pending',
      review_state: 'awaiting_review',
      content_version: 1,
    });
    const row = await businessRow(db(), created.business_id);
    expect(row).toMatchObject({
      business_name: 'Café Wa Njeri',
      phone: '+254712345678',
      city: 'Machakos Town',
    });
    expect(row.submitted_at).toBeInstanceOf(Date);
    expect(row.content_json).toMatchObject({
      schema_version: 1,
      profile: { en: { business_name: 'Café Wa Njeri', tagline: 'Chai na mandazi' } },
      metadata: { updated_by: owner.userId, updated_by_type: 'owner' },
    });
    const roles = await db()
      .selectFrom('user_business_roles')
      .select(['user_id', 'role'])
      .where('business_id', '=', created.business_id)
      .execute();
    expect(roles).toEqual([{ user_id: owner.userId, role: 'owner' }]);
    expect(await queuedNotices(db(), 'business_submitted', [owner.userId])).toHaveLength(1);

    // The same name again gets the next free suffix (MEDIA-022).
    const again = await owner.agent.post('/api/businesses').send(wizard({ business_name: 'Cafe wa Njeri' }));
    expect(again.status).toBe(201);
    expect(again.body.data.business_tag).toBe('cafe-wa-njeri-2');

    const mine = await owner.agent.get('/api/users/me/businesses?limit=1').expect(200);
    expectDocumented('GET', '/api/users/me/businesses', mine);
    expect(mine.body.pagination).toMatchObject({ total: 2, pages: 2 });
    expect(mine.body.data[0]).toMatchObject({
      business_id: created.business_id,
      role: 'owner',
      status: 'pending',
      subdomain: null,
      services: [],
    });
  });

  it('takes a chosen tag once, and refuses bad tags, categories, keys and phones', async () => {
    const owner = await signedInPerson(harness, db());
    const ok = await owner.agent.post('/api/businesses').send(wizard({ business_tag: 'njeri-eats' }));
    expect(ok.status).toBe(201);
    expect(ok.body.data.business_tag).toBe('njeri-eats');

    const cases: [Record<string, unknown>, number, string, string?][] = [
      [{ business_tag: 'njeri-eats' }, 409, 'BUSINESS_TAG_TAKEN', 'business_tag'],
      [{ business_tag: '-bad-' }, 400, 'BUSINESS_TAG_INVALID', 'business_tag'],
      [{ categories: ['no-such-category'] }, 400, 'INVALID_INPUT', 'categories.0'],
      [{ regions: ['atlantis'] }, 400, 'INVALID_INPUT', 'regions.0'],
      [{ content: { favourite_colour: 'green' } }, 400, 'INVALID_INPUT', 'content.favourite_colour'],
      [{ content: { metadata: {} } }, 400, 'INVALID_INPUT', 'content.metadata'],
      [
        { content: { location: { postal_code: 'abc' } } },
        400,
        'INVALID_INPUT',
        'content.location.postal_code',
      ],
      [{ status: 'active' }, 400, 'INVALID_INPUT', 'status'],
      [{ phone: '12345' }, 400, 'INVALID_PHONE', 'phone'],
    ];
    for (const [change, status, code, field] of cases) {
      const response = await owner.agent.post('/api/businesses').send(wizard(change));
      expect(response.status, JSON.stringify(change)).toBe(status);
      expect(response.body.error, JSON.stringify(change)).toMatchObject({ code, field });
      expectDocumented('POST', '/api/businesses', response);
    }
    // UI-CJ-07: a document over 256 KB is refused although every field is within its own limit.
    const captions = Object.fromEntries(
      Array.from({ length: 2500 }, (_, i) => [`photo-${i}`, 'Knotless braids, all lengths, '.repeat(4)]),
    );
    const tooLarge = await owner.agent
      .post('/api/businesses')
      .send(wizard({ content: { website: { en: { gallery: { captions } } } } }));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'content' });
    const landline = await owner.agent.post('/api/businesses').send(wizard({ phone: '020 2345678' }));
    expect(landline.status).toBe(201);
    expect((await businessRow(db(), landline.body.data.business_id)).phone).toBe('+254202345678');
  });

  it('checks tags live (MEDIA-023) with a suggestion from the name', async () => {
    const person = await signedInPerson(harness, db());
    await createBusiness(db(), { businessTag: 'kioko-hardware' });
    const taken = await person.agent.get('/api/business-tags/check?tag=kioko-hardware').expect(200);
    expectDocumented('GET', '/api/business-tags/check', taken);
    expect(taken.body.data).toEqual({ valid: true, available: false, suggestion: 'kioko-hardware-2' });
    const named = await person.agent
      .get(`/api/business-tags/check?tag=Bad_Tag&name=${encodeURIComponent("Daniel's Salon Front")}`)
      .expect(200);
    expect(named.body.data).toEqual({ valid: false, available: null, suggestion: 'daniels-salon-front' });
    const script = await person.agent
      .get(`/api/business-tags/check?name=${encodeURIComponent('★★★')}`)
      .expect(200);
    expect(script.body.data.suggestion).toMatch(/^biz-[0-9a-f]{8}$/);
    await person.agent.get('/api/business-tags/check?tag=a&extra=1').expect(400);
  });
});

describe('the private view (EP-BIZ-02, ERRATA 14)', () => {
  it('shows members and staff the business by id or tag, and nobody else', async () => {
    const cast = await castFor(harness, db());
    await grantService(db(), cast.businessId, 'website_hosting', { months: 2 });
    const row = await businessRow(db(), cast.businessId);
    for (const [who, role] of [
      ['owner', 'owner'],
      ['admin', 'admin'],
      ['employee', 'employee'],
      ['support', null],
      ['staffAdmin', null],
    ] as const) {
      const response = await cast[who].agent.get(`/api/businesses/${cast.businessId}`);
      expect(response.status, who).toBe(200);
      expectDocumented('GET', '/api/businesses/{id}', response);
      expect(response.body.data, who).toMatchObject({ business_id: cast.businessId, your_role: role });
    }
    const byTag = await cast.employee.agent.get(`/api/businesses/${row.business_tag}`).expect(200);
    expect(byTag.body.data).toMatchObject({
      business_tag: row.business_tag,
      status: 'active',
      content_version: 1,
      subscriptions: [{ service_type: 'website_hosting', status: 'active' }],
    });
    const subscription = byTag.body.data.subscriptions[0];
    expect(new Date(subscription.last_service_date).getTime()).toBe(
      new Date(subscription.expiration_date).getTime() - 86_400_000,
    );

    for (const target of [cast.businessId, row.business_tag, 'not-a-uuid!', crypto.randomUUID()]) {
      const refused = await cast.stranger.agent.get(`/api/businesses/${encodeURIComponent(target)}`);
      expect(refused.status, target).toBe(404);
      expectDocumented('GET', '/api/businesses/{id}', refused);
    }
    await harness.agent().get(`/api/businesses/${cast.businessId}`).expect(401);
    await db()
      .updateTable('businesses')
      .set({ status: 'deleted', deleted_at: new Date() })
      .where('business_id', '=', cast.businessId)
      .execute();
    await cast.owner.agent.get(`/api/businesses/${cast.businessId}`).expect(404);
    await cast.support.agent.get(`/api/businesses/${cast.businessId}`).expect(200);
  });
});

describe('closing and reopening (EP-BIZ-04/05, ERRATA 11, UI-SET-02/03)', () => {
  it('lets only the owner close; a once-approved business reopens at once', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}`;
    for (const who of ['admin', 'employee', 'support', 'staffAdmin'] as const) {
      const refused = await cast[who].agent.post(`${url}/deactivate`).send({ reason: 'temporary_closure' });
      expect(refused.status, who).toBe(403);
    }
    await cast.stranger.agent.post(`${url}/deactivate`).send({ reason: 'other' }).expect(404);

    const closed = await cast.owner.agent
      .post(`${url}/deactivate`)
      .send({ reason: 'temporary_closure', note: 'Renovations in March' })
      .expect(200);
    expectDocumented('POST', '/api/businesses/{id}/deactivate', closed);
    expect(closed.body.data).toMatchObject({
      status: 'deactivated',
      deactivation_reason: 'temporary_closure',
    });
    const again = await cast.owner.agent.post(`${url}/deactivate`).send({ reason: 'other' });
    expect(again.status).toBe(409);

    const reopened = await cast.owner.agent.post(`${url}/reactivate`).expect(200);
    expectDocumented('POST', '/api/businesses/{id}/reactivate', reopened);
    expect(reopened.body.data).toMatchObject({
      status: 'active',
      review_state: null,
      deactivation_reason: null,
    });
    const active = await cast.owner.agent.post(`${url}/reactivate`);
    expect(active.status).toBe(409);
    expectDocumented('POST', '/api/businesses/{id}/reactivate', active);
  });

  it('sends an out-of-business or never-approved business back to review, and refuses a suspended one', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}`;
    await cast.owner.agent.post(`${url}/deactivate`).send({ reason: 'out_of_business' }).expect(200);
    const before = await businessRow(db(), cast.businessId);
    expect(before.status).toBe('out_of_business');
    // ERRATA 18: nothing is edited while out of business.
    const edit = await cast.owner.agent
      .patch(url)
      .send({ base_version: 1, content: { profile: { en: { tagline: 'Back soon' } } } });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('BUSINESS_NOT_EDITABLE');

    const reopened = await cast.owner.agent.post(`${url}/reactivate`).expect(200);
    expect(reopened.body.data).toMatchObject({ status: 'pending', review_state: 'awaiting_review' });
    expect((await businessRow(db(), cast.businessId)).submitted_at!.getTime()).toBeGreaterThan(
      before.submitted_at!.getTime(),
    );
    expect(await queuedNotices(db(), 'business_submitted', [cast.owner.userId])).toHaveLength(1);

    const fresh = await castFor(harness, db(), { status: 'pending' });
    const freshUrl = `/api/businesses/${fresh.businessId}`;
    await fresh.owner.agent.post(`${freshUrl}/deactivate`).send({ reason: 'other' }).expect(200);
    const back = await fresh.owner.agent.post(`${freshUrl}/reactivate`).expect(200);
    expect(back.body.data).toMatchObject({ status: 'pending', review_state: 'awaiting_review' });

    await db()
      .updateTable('businesses')
      .set({ status: 'suspended', status_before_suspension: 'active', review_state: null })
      .where('business_id', '=', fresh.businessId)
      .execute();
    await fresh.owner.agent.post(`${freshUrl}/reactivate`).expect(409);
    await fresh.owner.agent.post(`${freshUrl}/deactivate`).send({ reason: 'other' }).expect(409);
  });
});

describe('changing the business tag (MEDIA-024..026)', () => {
  it('needs the owner or staff Admin+, a confirmation and a free tag, and renames the media folder', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/businesses/${cast.businessId}/business-tag`;
    const { business_tag: oldTag } = await businessRow(db(), cast.businessId);
    const oldFolder = path.join(media, `${oldTag}_${cast.businessId}`);
    fs.mkdirSync(path.join(oldFolder, 'gallery'), { recursive: true });
    fs.writeFileSync(path.join(oldFolder, 'shop-front.jpg'), 'bytes');

    for (const who of ['admin', 'employee', 'support'] as const) {
      const refused = await cast[who].agent.patch(url).send({ business_tag: 'new-name', confirm: true });
      expect(refused.status, who).toBe(403);
    }
    const unconfirmed = await cast.owner.agent.patch(url).send({ business_tag: 'mama-njeri-new' });
    expect(unconfirmed.status).toBe(400);
    expectDocumented('PATCH', '/api/businesses/{id}/business-tag', unconfirmed);
    expect(unconfirmed.body.error.code).toBe('CONFIRMATION_REQUIRED');
    expect(unconfirmed.body.error.message).toContain('Old links will stop working');
    const invalid = await cast.owner.agent.patch(url).send({ business_tag: 'Mama Njeri', confirm: true });
    expect(invalid.body.error.code).toBe('BUSINESS_TAG_INVALID');
    await createBusiness(db(), { businessTag: 'already-used' });
    const taken = await cast.owner.agent.patch(url).send({ business_tag: 'already-used', confirm: true });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('BUSINESS_TAG_TAKEN');
    expect(fs.existsSync(oldFolder)).toBe(true);

    const changed = await cast.owner.agent.patch(url).send({ business_tag: 'mama-njeri-new', confirm: true });
    expect(changed.status).toBe(200);
    expectDocumented('PATCH', '/api/businesses/{id}/business-tag', changed);
    expect(changed.body.data.business_tag).toBe('mama-njeri-new');
    expect(fs.existsSync(oldFolder)).toBe(false);
    expect(
      fs.readFileSync(path.join(media, `mama-njeri-new_${cast.businessId}`, 'shop-front.jpg'), 'utf8'),
    ).toBe('bytes');
    expect(await auditRows(db(), 'media_business_tag_change', cast.businessId)).toEqual([]);

    const byStaff = await cast.staffAdmin.agent
      .patch(url)
      .send({ business_tag: 'njeri-by-staff', confirm: true });
    expect(byStaff.status).toBe(200);
    const [audit] = await auditRows(db(), 'media_business_tag_change', cast.businessId);
    expect(audit).toMatchObject({
      actor_id: cast.staffAdmin.userId,
      old_value: { business_tag: 'mama-njeri-new' },
      new_value: { business_tag: 'njeri-by-staff' },
    });
    expect(fs.existsSync(path.join(media, `njeri-by-staff_${cast.businessId}`))).toBe(true);
  });
});
