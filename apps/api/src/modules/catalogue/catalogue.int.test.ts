import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBusiness, createCategory, createRegion } from '../../test/factories.js';
import { browser, useStaffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { findOperation } from '../../openapi/registry.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const support = useStaffSession(harness, database, 'support_staff');
const admin = useStaffSession(harness, database, 'admin');
const superAdmin = useStaffSession(harness, database, 'super_admin');

const db = () => database.current.db;
type Item = Record<string, unknown> & { slug: string };
const itemsOf = (response: { body: unknown }) => (response.body as { data: Item[] }).data;
const itemOf = (response: { body: unknown }, wanted: string) =>
  itemsOf(response).find((item) => item.slug === wanted);
const slugsOf = (response: { body: unknown }) => itemsOf(response).map((item) => item.slug);
const slug = (prefix: string) => `${prefix}-${crypto.randomBytes(3).toString('hex')}`;

/** Factories write straight to the database; the app's writes announce themselves the same way. */
const listingsChanged = () => harness.services.directoryEvents.listingsChanged();

let listingChanges = 0;
beforeAll(() => {
  harness.services.directoryEvents.onListingsChanged(() => {
    listingChanges += 1;
  });
});

const auditOf = (entityId: string) =>
  db()
    .selectFrom('audit_logs')
    .select(['action', 'actor_id', 'actor_role', 'old_value', 'new_value', 'entity_type'])
    .where('entity_id', '=', entityId)
    .orderBy('timestamp')
    .execute();

/** A fresh category and region with a known set of businesses, so counts do not depend on other tests. */
async function taxonomyWithBusinesses() {
  const category = await createCategory(db(), {
    slug: slug('tailors'),
    names: JSON.stringify({ en: 'Tailors', sw: 'Mafundi cherehani' }),
    icon: 'scissors',
    sort_order: 500,
  });
  const region = await createRegion(db(), { slug: slug('kitui'), names: JSON.stringify({ en: 'Kitui' }) });
  const inBoth = { categories: [category.slug], regions: [region.slug, 'machakos'] };
  await createBusiness(db(), { status: 'active', content: inBoth });
  await createBusiness(db(), { status: 'active', content: inBoth });
  await createBusiness(db(), {
    status: 'active',
    content: { categories: [category.slug], regions: ['kisumu'] },
  });
  // Pending: not listed, so never counted in public; still counted by staff (non-deleted).
  await createBusiness(db(), { status: 'pending', content: inBoth });
  listingsChanged();
  return { category, region };
}

describe('public categories and regions (EP-SYS-05/06, ui.md §18.2)', () => {
  it('lists active categories in order with counts of active businesses, per region too', async () => {
    const { category, region } = await taxonomyWithBusinesses();
    const client = browser(harness);

    const all = await client.get('/api/categories').expect(200);
    expect(all.headers['cache-control']).toBe('public, max-age=300');
    expect(all.body.pagination).toEqual({ page: 1, limit: 100, total: all.body.data.length, pages: 1 });
    const orders = itemsOf(all).map((item) => item.sort_order as number);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(all.body.data[0]).toMatchObject({ slug: 'salons', name: 'Salons & Barbers', icon: 'scissors' });
    const mine = itemOf(all, category.slug);
    expect(mine).toEqual({
      slug: category.slug,
      name: 'Tailors',
      icon: 'scissors',
      sort_order: 500,
      business_count: 3,
    });

    const inRegion = await client.get(`/api/categories?region=${region.slug}`).expect(200);
    expect(itemOf(inRegion, category.slug)).toMatchObject({
      business_count: 2,
    });
    expect(itemOf(inRegion, 'salons')).toMatchObject({
      business_count: 0,
    });
    const kisumu = await client.get('/api/categories?region=kisumu').expect(200);
    expect(itemOf(kisumu, category.slug)).toMatchObject({
      business_count: 1,
    });

    const regions = await client.get('/api/regions').expect(200);
    expect(regions.headers['cache-control']).toBe('public, max-age=300');
    expect(itemOf(regions, region.slug)).toEqual({
      slug: region.slug,
      name: 'Kitui',
      coverage_note: null,
      sort_order: 0,
      business_count: 2,
    });
    expect(slugsOf(regions)).toEqual(expect.arrayContaining(['machakos', 'kisumu']));
  });

  it('names come in the asked language, falling back to English field by field (API-14)', async () => {
    const category = await createCategory(db(), {
      slug: slug('chemists'),
      names: JSON.stringify({ en: 'Chemists', sw: 'Maduka ya dawa' }),
    });
    listingsChanged();
    const client = browser(harness);
    const pick = (body: { data: { slug: string; name: string }[] }, wanted: string) =>
      body.data.find((item) => item.slug === wanted)?.name;
    const sw = await client.get('/api/categories?lang=sw').expect(200);
    expect(pick(sw.body, category.slug)).toBe('Maduka ya dawa');
    expect(pick(sw.body, 'salons')).toBe('Salons & Barbers');
    const ki = await client.get('/api/categories?lang=ki').expect(200);
    expect(pick(ki.body, category.slug)).toBe('Chemists');
    const regions = await client.get('/api/regions?lang=kam').expect(200);
    expect(pick(regions.body, 'machakos')).toBe('Machakos');
    await client.get('/api/categories?lang=fr').expect(400);
  });

  it('refuses an unknown or inactive region with REGION_NOT_FOUND, and hides inactive items', async () => {
    const client = browser(harness);
    for (const wanted of ['nowhere', 'Not%20A%20Slug', "x'%20or%201=1--"]) {
      const response = await client.get(`/api/categories?region=${wanted}`).expect(404);
      expect(response.body.error.code).toBe('REGION_NOT_FOUND');
      expect(response.headers['cache-control']).toBe('no-store');
    }
    const closed = await createRegion(db(), { slug: slug('closed'), is_active: false });
    await client.get(`/api/categories?region=${closed.slug}`).expect(404);
    const hidden = await createCategory(db(), { slug: slug('hidden'), is_active: false });
    listingsChanged();
    const categories = await client.get('/api/categories').expect(200);
    expect(slugsOf(categories)).not.toContain(hidden.slug);
    const regions = await client.get('/api/regions').expect(200);
    expect(slugsOf(regions)).not.toContain(closed.slug);
  });

  it('pages like every list (API-06): a page past the end is empty, limit above 100 is refused', async () => {
    const client = browser(harness);
    const first = await client.get('/api/categories?limit=5').expect(200);
    expect(first.body.data).toHaveLength(5);
    const total = first.body.pagination.total as number;
    expect(first.body.pagination).toEqual({ page: 1, limit: 5, total, pages: Math.ceil(total / 5) });
    const second = await client.get('/api/categories?limit=5&page=2').expect(200);
    expect(itemsOf(second)[0]?.slug).not.toBe(itemsOf(first)[0]?.slug);
    const beyond = await client.get('/api/categories?page=99').expect(200);
    expect(beyond.body.data).toEqual([]);
    await client.get('/api/categories?limit=101').expect(400);
    await client.get('/api/regions?colour=blue').expect(400);
  });
});

describe('the in-process cache of the public lists', () => {
  it('serves the same counts until a listing changes, then fresh ones', async () => {
    const { category, region } = await taxonomyWithBusinesses();
    const client = browser(harness);
    const count = async () =>
      itemOf(await client.get(`/api/categories?region=${region.slug}`).expect(200), category.slug)
        ?.business_count;
    expect(await count()).toBe(2);
    await createBusiness(db(), {
      status: 'active',
      content: { categories: [category.slug], regions: [region.slug] },
    });
    expect(await count()).toBe(2);
    listingsChanged();
    expect(await count()).toBe(3);
  });
});

describe('GET /api/public/settings (ui.md §18.2, ERRATA 25)', () => {
  it('shows only public keys, the home ads maximum and the languages', async () => {
    await db()
      .updateTable('system_config')
      .set({ value: '0700 111 222' })
      .where('key', '=', 'tafuta_support_phone')
      .execute();
    listingsChanged();
    const response = await browser(harness).get('/api/public/settings').expect(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.body.data.settings).toMatchObject({
      tafuta_support_phone: '0700 111 222',
      tafuta_office_hours: '',
      tafuta_support_whatsapp: '',
    });
    for (const secretish of ['tafuta_kra_pin', 'subdomain_blocklist', 'receipt_number_prefix']) {
      expect(response.body.data.settings).not.toHaveProperty(secretish);
    }
    expect(response.body.data.ranking).toEqual({ home_ads_max: 5 });
    expect(response.body.data.languages).toEqual(['en', 'sw', 'kam', 'ki']);
  });
});

describe('staff management of categories (ADM-253..256)', () => {
  it('support staff read everything, inactive items and languages included, but cannot change it', async () => {
    const { category } = await taxonomyWithBusinesses();
    const inactive = await createCategory(db(), { slug: slug('gone'), is_active: false });
    const list = await support.agent.get('/api/admin/categories').expect(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const row = itemOf(list, category.slug);
    expect(row).toMatchObject({
      category_id: category.category_id,
      names: { en: 'Tailors', sw: 'Mafundi cherehani' },
      is_active: true,
      // Three active and one pending: staff count every non-deleted business.
      business_count: 4,
      languages_filled: { en: true, sw: true, kam: false, ki: false },
    });
    expect(slugsOf(list)).toContain(inactive.slug);

    const refused = await support.agent
      .post('/api/admin/categories')
      .send({ slug: slug('nope'), names: { en: 'Nope' } })
      .expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    await support.agent
      .patch(`/api/admin/categories/${category.category_id}`)
      .send({ sort_order: 1 })
      .expect(403);
    const denied = await db()
      .selectFrom('audit_logs')
      .select('new_value')
      .where('actor_id', '=', support.userId)
      .where('action', '=', 'access_denied')
      .execute();
    expect(denied.map((entry) => (entry.new_value as { action: string }).action)).toEqual([
      'staff.categories.manage',
      'staff.categories.manage',
    ]);
  });

  it('needs a staff session', async () => {
    const response = await browser(harness).get('/api/admin/categories').expect(401);
    expect(response.body.error.code).toBe('ADMIN_SESSION_REQUIRED');
  });

  it('admin creates a category, audited, and it shows in public at once', async () => {
    const before = listingChanges;
    const wanted = slug('agrovets');
    const response = await admin.agent
      .post('/api/admin/categories')
      .send({ slug: wanted, names: { en: ' Agrovets ', sw: 'Maduka ya kilimo' }, icon: 'sprout' })
      .expect(201);
    expect(response.body.data).toMatchObject({
      slug: wanted,
      names: { en: 'Agrovets', sw: 'Maduka ya kilimo' },
      icon: 'sprout',
      is_active: true,
      business_count: 0,
    });
    expect(response.body.data.sort_order).toBeGreaterThan(15);
    expect(listingChanges).toBe(before + 1);
    expect(await auditOf(response.body.data.category_id)).toEqual([
      expect.objectContaining({
        action: 'category_created',
        actor_id: admin.userId,
        actor_role: 'admin',
        entity_type: 'category',
      }),
    ]);
    const publicList = await browser(harness).get('/api/categories?lang=sw').expect(200);
    expect(itemOf(publicList, wanted)?.name).toBe('Maduka ya kilimo');

    const duplicate = await admin.agent
      .post('/api/admin/categories')
      .send({ slug: wanted, names: { en: 'Again' } })
      .expect(409);
    expect(duplicate.body.error.code).toBe('CONFLICT');
    const noEnglish = await admin.agent
      .post('/api/admin/categories')
      .send({ slug: slug('x'), names: { sw: 'Bila Kiingereza' } })
      .expect(400);
    expect(noEnglish.body.error.code).toBe('INVALID_INPUT');
    await admin.agent
      .post('/api/admin/categories')
      .send({ slug: 'Bad Slug', names: { en: 'Bad' } })
      .expect(400);
  });

  it('edits names and order with old and new values in the audit log', async () => {
    const category = await createCategory(db(), {
      slug: slug('tuition'),
      names: JSON.stringify({ en: 'Tuition' }),
    });
    const response = await admin.agent
      .patch(`/api/admin/categories/${category.category_id}`)
      .send({ names: { en: 'Tuition Centres', kam: 'Masomo' }, sort_order: 42 })
      .expect(200);
    expect(response.body.data).toMatchObject({
      names: { en: 'Tuition Centres', kam: 'Masomo' },
      sort_order: 42,
      languages_filled: { en: true, sw: false, kam: true, ki: false },
    });
    expect(await auditOf(category.category_id)).toEqual([
      expect.objectContaining({
        action: 'category_updated',
        old_value: { names: { en: 'Tuition' }, sort_order: 0 },
        new_value: { names: { en: 'Tuition Centres', kam: 'Masomo' }, sort_order: 42 },
      }),
    ]);
    // The same values again change nothing and write nothing.
    await admin.agent
      .patch(`/api/admin/categories/${category.category_id}`)
      .send({ names: { kam: 'Masomo', en: 'Tuition Centres' } })
      .expect(200);
    expect(await auditOf(category.category_id)).toHaveLength(1);
  });

  it('changes a slug only while no business lists the category (ADM-254)', async () => {
    const { category } = await taxonomyWithBusinesses();
    const refused = await admin.agent
      .patch(`/api/admin/categories/${category.category_id}`)
      .send({ slug: slug('renamed') })
      .expect(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', business_count: 4 });

    const unused = await createCategory(db(), { slug: slug('unused') });
    const renamed = slug('renamed');
    const response = await admin.agent
      .patch(`/api/admin/categories/${unused.category_id}`)
      .send({ slug: renamed })
      .expect(200);
    expect(response.body.data.slug).toBe(renamed);
    const taken = await admin.agent
      .patch(`/api/admin/categories/${unused.category_id}`)
      .send({ slug: 'salons' })
      .expect(409);
    expect(taken.body.error.code).toBe('CONFLICT');
  });

  it('deactivates only unused categories, never "other", and reactivates (ADM-255)', async () => {
    const { category } = await taxonomyWithBusinesses();
    const refused = await admin.agent
      .patch(`/api/admin/categories/${category.category_id}`)
      .send({ is_active: false })
      .expect(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', business_count: 4 });
    expect(await auditOf(category.category_id)).toEqual([]);

    const other = await db()
      .selectFrom('categories')
      .select('category_id')
      .where('slug', '=', 'other')
      .executeTakeFirstOrThrow();
    const permanent = await admin.agent
      .patch(`/api/admin/categories/${other.category_id}`)
      .send({ is_active: false })
      .expect(409);
    expect(permanent.body.error.code).toBe('CONFLICT');
    await admin.agent.patch(`/api/admin/categories/${other.category_id}`).send({ slug: 'misc' }).expect(409);

    const unused = await createCategory(db(), { slug: slug('seasonal') });
    const before = listingChanges;
    await admin.agent
      .patch(`/api/admin/categories/${unused.category_id}`)
      .send({ is_active: false })
      .expect(200);
    expect(listingChanges).toBe(before + 1);
    const publicList = await browser(harness).get('/api/categories').expect(200);
    expect(slugsOf(publicList)).not.toContain(unused.slug);
    await admin.agent
      .patch(`/api/admin/categories/${unused.category_id}`)
      .send({ is_active: true })
      .expect(200);
    expect((await auditOf(unused.category_id)).map((entry) => [entry.action, entry.new_value])).toEqual([
      ['category_deactivated', { is_active: false }],
      ['category_reactivated', { is_active: true }],
    ]);
  });

  it('answers CATEGORY_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of [crypto.randomUUID(), 'not-a-uuid']) {
      const response = await admin.agent
        .patch(`/api/admin/categories/${id}`)
        .send({ sort_order: 3 })
        .expect(404);
      expect(response.body.error.code).toBe('CATEGORY_NOT_FOUND');
    }
  });
});

describe('staff management of regions (ADM-253..255, ERRATA 8: Super Admin only)', () => {
  it('support and admin may read regions but not change them', async () => {
    const list = await support.agent.get('/api/admin/regions').expect(200);
    expect(itemOf(list, 'machakos')).toMatchObject({
      names: { en: 'Machakos' },
      is_active: true,
      languages_filled: { en: true, sw: false, kam: false, ki: false },
    });
    await admin.agent.get('/api/admin/regions').expect(200);
    const refused = await admin.agent
      .post('/api/admin/regions')
      .send({ slug: slug('nyeri'), names: { en: 'Nyeri' } })
      .expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const machakosId = itemOf(list, 'machakos')!.region_id as string;
    await admin.agent.patch(`/api/admin/regions/${machakosId}`).send({ sort_order: 9 }).expect(403);
    await support.agent.patch(`/api/admin/regions/${machakosId}`).send({ sort_order: 9 }).expect(403);
    const denied = await db()
      .selectFrom('audit_logs')
      .select(['actor_id', 'entity_id'])
      .where('action', '=', 'access_denied')
      .where('actor_id', '=', admin.userId)
      .execute();
    expect(denied).toEqual(expect.arrayContaining([{ actor_id: admin.userId, entity_id: machakosId }]));
  });

  it('super admin creates and edits a region; the slug never changes', async () => {
    const wanted = slug('nyeri');
    const created = await superAdmin.agent
      .post('/api/admin/regions')
      .send({ slug: wanted, names: { en: 'Nyeri', ki: 'Nyeri' }, coverage_note: 'Nyeri town and Othaya' })
      .expect(201);
    const regionId = created.body.data.region_id as string;
    expect(created.body.data).toMatchObject({
      slug: wanted,
      coverage_note: 'Nyeri town and Othaya',
      business_count: 0,
      languages_filled: { en: true, sw: false, kam: false, ki: true },
    });
    const renamed = await superAdmin.agent
      .patch(`/api/admin/regions/${regionId}`)
      .send({ slug: 'somewhere-else' })
      .expect(400);
    expect(renamed.body.error.details).toEqual([{ field: 'slug', code: 'not_allowed' }]);
    const edited = await superAdmin.agent
      .patch(`/api/admin/regions/${regionId}`)
      .send({ names: { en: 'Nyeri County' }, coverage_note: null })
      .expect(200);
    expect(edited.body.data).toMatchObject({
      slug: wanted,
      names: { en: 'Nyeri County' },
      coverage_note: null,
    });
    expect((await auditOf(regionId)).map((entry) => entry.action)).toEqual([
      'region_created',
      'region_updated',
    ]);

    await superAdmin.agent
      .post('/api/admin/regions')
      .send({ slug: wanted, names: { en: 'Twice' } })
      .expect(409);
    const missing = await superAdmin.agent
      .patch(`/api/admin/regions/${crypto.randomUUID()}`)
      .send({ sort_order: 1 })
      .expect(404);
    expect(missing.body.error.code).toBe('REGION_NOT_FOUND');
  });

  it('deactivates a region only when no non-deleted business lists it', async () => {
    const { region } = await taxonomyWithBusinesses();
    const refused = await superAdmin.agent
      .patch(`/api/admin/regions/${region.region_id}`)
      .send({ is_active: false })
      .expect(409);
    // Two active and one pending business list it.
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', business_count: 3 });

    const empty = await createRegion(db(), { slug: slug('empty') });
    await superAdmin.agent
      .patch(`/api/admin/regions/${empty.region_id}`)
      .send({ is_active: false })
      .expect(200);
    const regions = await browser(harness).get('/api/regions').expect(200);
    expect(slugsOf(regions)).not.toContain(empty.slug);
    await superAdmin.agent
      .patch(`/api/admin/regions/${empty.region_id}`)
      .send({ is_active: true })
      .expect(200);
    expect((await auditOf(empty.region_id)).map((entry) => entry.action)).toEqual([
      'region_deactivated',
      'region_reactivated',
    ]);
  });
});

describe('replies match their OpenAPI description (API-15)', () => {
  it('public and staff lists, a create and a refusal', async () => {
    const { category } = await taxonomyWithBusinesses();
    const check = (method: string, path: string, response: { status: number; body: unknown }) => {
      const schema = findOperation(method, path)?.responses[response.status]?.schema;
      expect(schema, `${method} ${path} → ${response.status}`).toBeDefined();
      expect(schema!.safeParse(response.body).error?.issues ?? []).toEqual([]);
    };
    const client = browser(harness);
    check('GET', '/api/categories', await client.get('/api/categories?region=kisumu&lang=sw'));
    check('GET', '/api/categories', await client.get('/api/categories?region=atlantis'));
    check('GET', '/api/regions', await client.get('/api/regions'));
    check('GET', '/api/public/settings', await client.get('/api/public/settings'));
    check('GET', '/api/admin/categories', await support.agent.get('/api/admin/categories'));
    check('GET', '/api/admin/regions', await support.agent.get('/api/admin/regions'));
    check(
      'POST',
      '/api/admin/regions',
      await superAdmin.agent.post('/api/admin/regions').send({ slug: slug('meru'), names: { en: 'Meru' } }),
    );
    check(
      'PATCH',
      '/api/admin/categories/{id}',
      await admin.agent.patch(`/api/admin/categories/${category.category_id}`).send({ is_active: false }),
    );
  });
});
