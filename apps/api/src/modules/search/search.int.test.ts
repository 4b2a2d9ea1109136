import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createBusiness, createCategory, grantService } from '../../test/factories.js';
import { browser } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { findOperation } from '../../openapi/registry.js';

/** Public search, landing headers and detail data through the real app (UI-LIST-05, UI-VIS-01, ERRATA 13/14). */

// Public views hand out only media URLs whose outputs exist (MEDIA-224): the test writes them.
const mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-search-media-'));
const { database, harness } = useIdentityHarness({ env: { MEDIA_PATH: mediaPath } });
const db = () => database.current.db;

function writeOutputs(business: { business_tag: string; business_id: string }, files: string[]) {
  for (const file of files) {
    const target = path.join(mediaPath, `${business.business_tag}_${business.business_id}`, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, 'webp');
  }
}

interface Item {
  business_id: string;
  name: string;
  tagline: string | null;
  categories: { slug: string; name: string }[];
  badge: string | null;
  promoted: boolean;
  hosted: boolean;
  website_url: string | null;
  logo_url: string | null;
  directions_url: string | null;
}
interface Reply {
  data: Item[];
  pagination: { page: number; limit: number; total: number; pages: number };
  ads: unknown[];
}

const ids: Record<string, string> = {};

async function listed(
  name: string,
  content: NonNullable<Parameters<typeof createBusiness>[1]>['content'] = {},
) {
  const business = await createBusiness(db(), {
    status: 'active',
    content: { ...content, profile: { en: { business_name: name }, ...content?.profile } },
  });
  ids[name] = business.business_id;
  return business;
}

let client: TestAgent;
/** One browser per test group: public search allows 30 requests a minute per address. */
async function search(query: Record<string, string | number>, agent = client): Promise<Reply> {
  const response = await agent.get('/api/search').query(query).expect(200);
  return response.body as Reply;
}
const names = (reply: Reply) => reply.data.map((item) => item.name);

beforeAll(async () => {
  const doreen = await listed('Doreen Beauty Parlour', {
    categories: ['salons'],
    profile: {
      en: { business_name: 'Doreen Beauty Parlour', tagline: 'Hair, braids and nails' },
      sw: { tagline: 'Nywele, misuko na kucha' },
    },
    location: { city: 'Machakos Town', geo: { lat: -1.5177, lng: 37.2634 } },
    media: { logo: ['doreen-logo'], gallery: ['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7'], banner: ['cover'] },
  });
  writeOutputs(doreen, [
    'logo/doreen-logo_small.webp',
    'logo/doreen-logo_medium.webp',
    'banner/cover_600x200.webp',
    'banner/cover_1200x400.webp',
    ...[1, 2, 3, 4, 5, 6, 7].flatMap((n) => [`gallery/g${n}_thumb.webp`, `gallery/g${n}_medium.webp`]),
  ]);
  await grantService(db(), doreen.business_id, 'website_hosting');
  await db()
    .insertInto('subdomains')
    .values({ name: 'doreen', business_id: doreen.business_id, state: 'assigned', assigned_at: new Date() })
    .execute();
  await db()
    .updateTable('businesses')
    .set({ verification_tier: 'verified' })
    .where('business_id', '=', doreen.business_id)
    .execute();
  await listed('Beauty Corner Doreen', { categories: ['salons'] });
  await listed('Mama Njeri Kitchen', {
    categories: ['restaurants'],
    regions: ['kisumu'],
    profile: { en: { business_name: 'Mama Njeri Kitchen', description: 'Ask for Doreen at the counter' } },
    location: { city: 'Kisumu', street_address1: 'Oginga Odinga Street' },
  });
  await listed('Gĩkũyũ Hardware', { categories: ['hardware'] });
  await listed('Kinyozi Smart', { categories: ['salons'], regions: ['kisumu'] });
  await listed('Salon Zuri', { categories: ['other'], regions: ['kisumu'] });
  await listed('Duka la Amani', {
    categories: ['shops'],
    profile: { en: { business_name: 'Duka la Amani' }, sw: { tagline: 'Vyakula vya kila siku' } },
  });
  // Never listed (UI-VIS-01): one business in each non-active status, all named like a match.
  await createBusiness(db(), { content: { profile: { en: { business_name: 'Doreen Pending Salon' } } } });
  for (const status of ['suspended', 'deactivated', 'out_of_business', 'deleted'] as const) {
    const hidden = await listed(`Doreen ${status} Salon`.replace('_', ' '));
    await db()
      .updateTable('businesses')
      .set({
        status,
        status_before_suspension: status === 'suspended' ? 'active' : null,
        deleted_at: status === 'deleted' ? new Date() : null,
      })
      .where('business_id', '=', hidden.business_id)
      .execute();
  }
  harness.services.directoryEvents.listingsChanged();
});

describe('search relevance (UI-LIST-05)', () => {
  beforeAll(() => {
    client = browser(harness);
  });

  it('puts the name that starts with q first, then names containing it, then other text', async () => {
    const reply = await search({ q: 'doreen' });
    expect(names(reply)).toEqual(['Doreen Beauty Parlour', 'Beauty Corner Doreen', 'Mama Njeri Kitchen']);
    expect(reply.pagination).toEqual({ page: 1, limit: 20, total: 3, pages: 1 });
    expect(reply.ads).toEqual([]);
  });

  it('matches word prefixes, category names and Kiswahili content', async () => {
    expect(names(await search({ q: 'Dor' }))[0]).toBe('Doreen Beauty Parlour');
    const salons = names(await search({ q: 'salon' }));
    expect(salons[0]).toBe('Salon Zuri');
    expect(salons.slice(1).sort()).toEqual([
      'Beauty Corner Doreen',
      'Doreen Beauty Parlour',
      'Kinyozi Smart',
    ]);
    expect(names(await search({ q: 'vyakula' }))).toEqual(['Duka la Amani']);
  });

  it('ignores accents and case: "gikuyu" finds "Gĩkũyũ"', async () => {
    expect(names(await search({ q: 'GIKUYU' }))).toEqual(['Gĩkũyũ Hardware']);
  });

  it('tolerates typos in names without matching unrelated ones', async () => {
    const reply = await search({ q: 'doren' });
    expect(names(reply).sort()).toEqual(['Beauty Corner Doreen', 'Doreen Beauty Parlour']);
    expect(names(await search({ q: 'salom' }))).toEqual(['Salon Zuri']);
    expect(names(await search({ q: 'hardwre' }))).toEqual(['Gĩkũyũ Hardware']);
    expect(names(await search({ q: 'zzyzx' }))).toEqual([]);
  });

  it('requires every word to match somewhere', async () => {
    expect(names(await search({ q: 'doreen kitchen' }))).toEqual(['Mama Njeri Kitchen']);
    expect(names(await search({ q: 'doreen hardware' }))).toEqual([]);
  });
});

describe('filters and visibility (UI-VIS-01, UI-LIST-02)', () => {
  beforeAll(() => {
    client = browser(harness);
  });

  it('filters by category and region, and never lists inactive businesses', async () => {
    expect(names(await search({ category: 'salons' })).sort()).toEqual(
      ['Beauty Corner Doreen', 'Doreen Beauty Parlour', 'Kinyozi Smart'].sort(),
    );
    expect(names(await search({ category: 'salons', region: 'kisumu' }))).toEqual(['Kinyozi Smart']);
    expect(names(await search({ region: 'kisumu' })).sort()).toEqual([
      'Kinyozi Smart',
      'Mama Njeri Kitchen',
      'Salon Zuri',
    ]);
    const all = await search({ limit: 50 });
    expect(all.pagination.total).toBe(7);
    expect(names(all).some((name) => name.endsWith(' Salon'))).toBe(false);
  });

  it('answers 404 with a clear code for unknown or inactive slugs', async () => {
    const closed = await createCategory(db(), { is_active: false });
    for (const [query, code] of [
      [{ category: 'no-such-category' }, 'CATEGORY_NOT_FOUND'],
      [{ category: closed.slug }, 'CATEGORY_NOT_FOUND'],
      [{ region: 'nairobi' }, 'REGION_NOT_FOUND'],
    ] as const) {
      const response = await client.get('/api/search').query(query).expect(404);
      expect(response.body.error.code).toBe(code);
    }
    const landing = await client.get('/api/search/landing').query({ region: 'mombasa' }).expect(404);
    expect(landing.body.error.code).toBe('REGION_NOT_FOUND');
  });

  it('returns the compact card of UI-RANK-07 in the requested language', async () => {
    const [card] = (await search({ q: 'Doreen Beauty', lang: 'sw' })).data;
    expect(card).toMatchObject({
      business_id: ids['Doreen Beauty Parlour'],
      name: 'Doreen Beauty Parlour',
      tagline: 'Nywele, misuko na kucha',
      categories: [{ slug: 'salons', name: 'Salons & Barbers' }],
      badge: 'verified',
      promoted: false,
      hosted: true,
      website_url: 'https://doreen.tafuta.ke/',
      directions_url: 'https://www.google.com/maps/dir/?api=1&destination=-1.5177,37.2634',
    });
    expect(card?.logo_url).toMatch(/\/media\/biz-[a-z0-9-]+_[0-9a-f-]{36}\/logo\/doreen-logo_small\.webp$/);
    const [kitchen] = (await search({ q: 'njeri' })).data;
    expect(kitchen).toMatchObject({ hosted: false, website_url: null, logo_url: null, badge: null });
    expect(kitchen?.directions_url).toBe(
      'https://www.google.com/maps/search/?api=1&query=Oginga%20Odinga%20Street%2C%20Kisumu%2C%20Kenya',
    );
  });
});

describe('bad input never reaches the database unescaped', () => {
  beforeAll(() => {
    client = browser(harness);
  });

  it.each([
    `'`,
    `"doreen"`,
    `'; drop table businesses; --`,
    'a & b | !c',
    ':*',
    '\\',
    '\\\\x',
    '(doreen',
    'doreen:*A <-> !!',
    '🔥💇‍♀️',
    'tab\there\u000bvt\u0007bell',
    'x'.repeat(200),
  ])('%j answers 200', async (q) => {
    const response = await client.get('/api/search').query({ q });
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body.data)).toBe(true);
  });

  it('answers 400, never 500, to a 10 KB string, a limit above 50 and unknown parameters', async () => {
    for (const query of [
      { q: 'x'.repeat(10_240) },
      { limit: 51 },
      { page: 0 },
      { seed: 16 },
      { sort: 'name' },
    ]) {
      const response = await client.get('/api/search').query(query);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('INVALID_INPUT');
    }
    expect(
      await db()
        .selectFrom('businesses')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirst(),
    ).toEqual({ n: 12 });
  });

  it('answers an empty page past the end', async () => {
    const reply = await search({ category: 'salons', page: 5, limit: 2 });
    expect(reply.data).toEqual([]);
    expect(reply.pagination).toEqual({ page: 5, limit: 2, total: 3, pages: 2 });
  });
});

describe('caching and lifecycle (API-12, ERRATA 13)', () => {
  beforeAll(() => {
    client = browser(harness);
  });

  it('marks public replies cacheable and errors not', async () => {
    const found = await client.get('/api/search').query({ q: 'doreen', seed: 3 }).expect(200);
    expect(found.headers['cache-control']).toBe('public, max-age=300');
    // Serialised and gzipped once per computed reply; a client without gzip gets the same JSON plain.
    expect(found.headers['content-encoding']).toBe('gzip');
    expect(found.headers.vary).toMatch(/Accept-Encoding/i);
    const plain = await client
      .get('/api/search')
      .query({ q: 'doreen', seed: 3 })
      .set('Accept-Encoding', 'identity')
      .expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(found.body);
    const landing = await client.get('/api/search/landing').query({ region: 'machakos' }).expect(200);
    expect(landing.headers['cache-control']).toBe('public, max-age=300');
    const refused = await client.get('/api/search').query({ limit: 500 }).expect(400);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('drops a suspended business at once and lists it again when reinstated', async () => {
    const business = await listed('Zawadi Tailors');
    harness.services.directoryEvents.listingsChanged();
    const query = { q: 'zawadi', seed: 5 };
    expect(names(await search(query))).toEqual(['Zawadi Tailors']);
    await db()
      .updateTable('businesses')
      .set({ status: 'suspended', status_before_suspension: 'active' })
      .where('business_id', '=', business.business_id)
      .execute();
    harness.services.directoryEvents.listingsChanged();
    expect(names(await search(query))).toEqual([]);
    await db()
      .updateTable('businesses')
      .set({ status: 'active', status_before_suspension: null })
      .where('business_id', '=', business.business_id)
      .execute();
    harness.services.directoryEvents.listingsChanged();
    expect(names(await search(query))).toEqual(['Zawadi Tailors']);
  });

  it('gives the landing header with counts and related links (UI-LIST-03/09)', async () => {
    const response = await client
      .get('/api/search/landing')
      .query({ region: 'machakos', category: 'salons' })
      .expect(200);
    expect(response.body.data).toEqual({
      region: { slug: 'machakos', name: 'Machakos' },
      category: { slug: 'salons', name: 'Salons & Barbers' },
      total: 2,
      related: {
        categories_in_region: expect.arrayContaining([
          { slug: 'hardware', name: 'Hardware Stores', count: 1 },
          { slug: 'shops', name: 'Shops & Retail', count: 1 },
        ]),
        category_in_regions: [{ slug: 'kisumu', name: 'Kisumu', count: 1 }],
      },
    });
  });
});

describe('public detail data (UI-DET-01/06, ERRATA 14)', () => {
  beforeAll(() => {
    client = browser(harness);
  });

  it('serves an active hosted business with 5 gallery images, 7 with image_gallery', async () => {
    const tag = (
      await db()
        .selectFrom('businesses')
        .select('business_tag')
        .where('business_id', '=', ids['Doreen Beauty Parlour']!)
        .executeTakeFirstOrThrow()
    ).business_tag;
    const response = await client.get(`/api/public/businesses/${tag}`).query({ lang: 'sw' }).expect(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const data = response.body.data;
    expect(data.name).toEqual({ text: 'Doreen Beauty Parlour', lang: 'en' });
    expect(data.tagline).toEqual({ text: 'Nywele, misuko na kucha', lang: 'sw' });
    expect(data.media.gallery).toHaveLength(5);
    expect(data.media.logo_url).toMatch(/\/logo\/doreen-logo_medium\.webp$/);
    expect(data.media.banners[0].url).toMatch(/\/banner\/cover_600x200\.webp$/);
    expect(data.website_url).toBe('https://doreen.tafuta.ke/');
    await grantService(db(), ids['Doreen Beauty Parlour']!, 'image_gallery');
    const full = await client.get(`/api/public/businesses/${tag}`).expect(200);
    expect(full.body.data.media.gallery).toHaveLength(7);
  });

  it('answers 404 for free listings and unknown tags, with closed: true for a closed business', async () => {
    const free = await db()
      .selectFrom('businesses')
      .select('business_tag')
      .where('business_id', '=', ids['Kinyozi Smart']!)
      .executeTakeFirstOrThrow();
    await client.get(`/api/public/businesses/${free.business_tag}`).expect(404);
    await client.get('/api/public/businesses/no-such-business').expect(404);
    await client.get('/api/public/businesses/NOT_A_TAG').expect(404);
    const closed = await db()
      .selectFrom('businesses')
      .select(['business_tag', 'business_id'])
      .where('status', '=', 'out_of_business')
      .executeTakeFirstOrThrow();
    await grantService(db(), closed.business_id, 'website_hosting');
    const response = await client.get(`/api/public/businesses/${closed.business_tag}`).expect(404);
    expect(response.body.error).toMatchObject({ code: 'NOT_FOUND', closed: true });
  });
});

describe('replies match the OpenAPI registry (API-15)', () => {
  it('documents every key of the search, landing and detail replies', async () => {
    const agent = browser(harness);
    const tag = (
      await db()
        .selectFrom('businesses')
        .select('business_tag')
        .where('business_id', '=', ids['Doreen Beauty Parlour']!)
        .executeTakeFirstOrThrow()
    ).business_tag;
    for (const [path, query, openApiPath] of [
      ['/api/search', { q: 'doreen' }, '/api/search'],
      ['/api/search/landing', { region: 'machakos', category: 'salons' }, '/api/search/landing'],
      [`/api/public/businesses/${tag}`, {}, '/api/public/businesses/{business_tag}'],
    ] as const) {
      const response = await agent.get(path).query(query).expect(200);
      const schema = findOperation('get', openApiPath)?.responses[200]?.schema;
      const parsed = schema?.safeParse(response.body);
      expect(parsed?.success, path).toBe(true);
      // Parsing drops keys no schema names: an equal copy means nothing is undocumented.
      expect(parsed?.data, path).toEqual(response.body);
    }
  });
});
