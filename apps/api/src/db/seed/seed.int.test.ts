import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { businessTagPattern } from '@tafuta/contracts';
import { useTestDatabase } from '../../test/database.js';
import { demoContent, demoTag, DEMO_BUSINESSES } from './demo-businesses.js';
import { DEMO_USERS } from './demo-data.js';
import { DEMO_SHOP_SUBDOMAIN, DEMO_SHOP_TAG } from './demo-shop.js';
import { readSiteRow, siteStateAt } from '../../modules/websites/resolve.js';
import { SEED_CATEGORIES, SEED_REGIONS, SEED_SYSTEM_CONFIG } from './reference-data.js';
import { seed } from './index.js';

const database = useTestDatabase();

async function snapshot() {
  const { db } = database.current;
  return {
    categories: await db.selectFrom('categories').selectAll().orderBy('slug').execute(),
    regions: await db.selectFrom('regions').selectAll().orderBy('slug').execute(),
    config: await db.selectFrom('system_config').selectAll().orderBy('key').execute(),
    users: await db.selectFrom('users').selectAll().orderBy('phone').execute(),
    businesses: await db.selectFrom('businesses').selectAll().orderBy('business_tag').execute(),
    owners: await db.selectFrom('user_business_roles').selectAll().orderBy('business_id').execute(),
    subscriptions: await db
      .selectFrom('service_subscriptions')
      .selectAll()
      .orderBy('subscription_id')
      .execute(),
  };
}

describe('seed', () => {
  it('holds the launch reference data (ADM-257, ADM-258, ADM-451, ERRATA 25)', async () => {
    const { categories, regions, config } = await snapshot();
    expect(categories).toHaveLength(SEED_CATEGORIES.length);
    expect(regions.map((region) => region.slug)).toEqual(['kisumu', 'machakos']);
    expect(categories.find((category) => category.slug === 'restaurants')?.names).toEqual({
      en: 'Hotels & Eateries',
    });
    expect(categories.find((category) => category.slug === 'hotels')?.names).toEqual({
      en: 'Lodgings & Guest Houses',
    });
    const values = Object.fromEntries(config.map((entry) => [entry.key, entry.value]));
    expect(values).toMatchObject({
      tafuta_business_name: 'eBiashara Rahisi Ltd',
      tafuta_kra_pin: '',
      tafuta_vat_registration_number: '',
      vat_rate: '0.16',
      refund_processing_fee_percentage: '5',
      receipt_number_prefix: 'TFT',
    });
    expect(config.filter((entry) => entry.must_set_before_launch).map((entry) => entry.key)).toContain(
      'tafuta_kra_pin',
    );
  });

  it('changes nothing when run again, demo data included', async () => {
    const { db } = database.current;
    const first = await seed(db, { demo: true });
    expect(first).toMatchObject({ categories: 0, regions: 0, configKeys: 0, termsVersions: 0, templates: 0 });
    expect(first.users).toBeGreaterThan(0);
    // The directory plus Demo Shop, the showcase website (demo-shop.ts).
    expect(first.businesses).toBe(DEMO_BUSINESSES.length + 1);
    const before = await snapshot();
    const second = await seed(db, { demo: true });
    expect(second).toEqual({
      categories: 0,
      regions: 0,
      configKeys: 0,
      termsVersions: 0,
      templates: 0,
      users: 0,
      businesses: 0,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('records the demo people’s consent to the current terms once, so they can sign in and work', async () => {
    const { db } = database.current;
    await seed(db, { demo: true });
    await seed(db, { demo: true });
    const rows = await db
      .selectFrom('user_terms_consent as c')
      .innerJoin('users as u', 'u.user_id', 'c.user_id')
      .select(['u.phone', 'c.version_id'])
      .where(
        'u.phone',
        'in',
        DEMO_USERS.map((user) => user.phone),
      )
      .execute();
    // One row per person per document (terms of service and privacy policy), however often the seed runs.
    expect(rows).toHaveLength(DEMO_USERS.length * 2);
  });

  it('keeps what staff changed since the first run', async () => {
    const { db } = database.current;
    await db
      .updateTable('system_config')
      .set({ value: 'P051234567X' })
      .where('key', '=', 'tafuta_kra_pin')
      .execute();
    await db
      .updateTable('categories')
      .set({ names: JSON.stringify({ en: 'Salons', sw: 'Saluni' }) })
      .where('slug', '=', 'salons')
      .execute();
    await seed(db, { demo: false });
    const pin = await db
      .selectFrom('system_config')
      .select('value')
      .where('key', '=', 'tafuta_kra_pin')
      .executeTakeFirst();
    expect(pin?.value).toBe('P051234567X');
    const salons = await db
      .selectFrom('categories')
      .select('names')
      .where('slug', '=', 'salons')
      .executeTakeFirst();
    expect(salons?.names).toEqual({ en: 'Salons', sw: 'Saluni' });
    expect(SEED_REGIONS).toHaveLength(2);
    expect(SEED_SYSTEM_CONFIG.every((entry) => entry.description.length > 0)).toBe(true);
  });
});

describe('the demo directory (issue 4 item 6)', () => {
  it('is about sixty approved businesses in both regions, owned by the demo users', async () => {
    const { db } = database.current;
    await seed(db, { demo: true });
    const businesses = await db
      .selectFrom('businesses')
      .select(['business_id', 'status', 'region_slugs', 'category_slugs', 'whatsapp', 'content_json'])
      .where(
        'business_tag',
        'in',
        DEMO_BUSINESSES.map((business) => demoTag(business.name)),
      )
      .execute();
    expect(businesses.length).toBeGreaterThanOrEqual(55);
    expect(businesses.length).toBe(DEMO_BUSINESSES.length);
    expect(businesses.every((business) => business.status === 'active')).toBe(true);
    const inRegion = (slug: string) => businesses.filter((business) => business.region_slugs.includes(slug));
    expect(inRegion('machakos').length).toBeGreaterThanOrEqual(25);
    expect(inRegion('kisumu').length).toBeGreaterThanOrEqual(25);
    // Every seeded category but one is used, so the category pages are not empty.
    const used = new Set(businesses.flatMap((business) => business.category_slugs));
    expect(SEED_CATEGORIES.filter((category) => !used.has(category.slug))).toEqual([]);
    expect(businesses.filter((business) => business.whatsapp !== null).length).toBeGreaterThan(10);
    const documents = businesses.map((business) => business.content_json);
    expect(documents.filter((content) => content.mpesa).length).toBeGreaterThan(30);
    expect(documents.filter((content) => content.hours).length).toBeGreaterThan(40);
    expect(documents.filter((content) => (content.profile as { sw?: unknown }).sw).length).toBeGreaterThan(
      40,
    );

    // The public counts read the link tables: every business is linked to its categories and regions.
    const links = await db
      .selectFrom('business_regions as br')
      .innerJoin('regions as r', 'r.region_id', 'br.region_id')
      .select(['r.slug'])
      .where(
        'br.business_id',
        'in',
        businesses.map((business) => business.business_id),
      )
      .execute();
    expect(links.filter((link) => link.slug === 'kisumu')).toHaveLength(inRegion('kisumu').length);

    const owners = await db
      .selectFrom('user_business_roles as ubr')
      .innerJoin('users as u', 'u.user_id', 'ubr.user_id')
      .select(['u.phone', 'ubr.role'])
      .where(
        'ubr.business_id',
        'in',
        businesses.map((business) => business.business_id),
      )
      .execute();
    expect(owners).toHaveLength(businesses.length);
    expect(new Set(owners.map((owner) => owner.phone))).toEqual(
      new Set(DEMO_USERS.map((user) => user.phone)),
    );
    expect(owners.every((owner) => owner.role === 'owner')).toBe(true);

    const promoted = await db
      .selectFrom('service_subscriptions')
      .select('service_type')
      .where(
        'business_id',
        'in',
        businesses.map((business) => business.business_id),
      )
      .where('status', '=', 'active')
      .where('expiration_date', '>', sql<string>`nairobi_today()`)
      .execute();
    expect(promoted.filter((row) => row.service_type === 'search_promotion').length).toBeGreaterThanOrEqual(
      3,
    );
    expect(promoted.filter((row) => row.service_type === 'website_hosting').length).toBeGreaterThanOrEqual(2);

    // Hosted demo businesses have a web address, its DNS record queued for the worker (ERRATA 26).
    const addresses = await db
      .selectFrom('subdomains as d')
      .innerJoin('dns_jobs as j', 'j.subdomain_id', 'd.subdomain_id')
      .select(['d.name', 'd.state', 'd.dns_status', 'j.action'])
      .where(
        'd.business_id',
        'in',
        businesses.map((business) => business.business_id),
      )
      .execute();
    expect(addresses.length).toBe(promoted.filter((row) => row.service_type === 'website_hosting').length);
    expect(addresses.every((row) => row.state === 'assigned' && row.action === 'ensure')).toBe(true);
  });

  it('writes documents the content schema accepts, with tags that follow MEDIA-021', () => {
    const tags = DEMO_BUSINESSES.map((business, index) => {
      expect(() => demoContent(business, index)).not.toThrow();
      return demoTag(business.name);
    });
    expect(new Set(tags).size).toBe(tags.length);
    expect(tags.every((tag) => businessTagPattern.test(tag))).toBe(true);
    expect(tags).toEqual(expect.arrayContaining(['kinyozi-bora-barbers', 'otieno-motor-garage']));
  });
});

describe('Demo Shop, the website at http://demo-shop.localhost:3000 (README)', () => {
  it('is a live website with every section filled in, in English and Kiswahili', async () => {
    const { db } = database.current;
    await seed(db, { demo: true });
    const shop = await db
      .selectFrom('businesses')
      .select(['business_id', 'status', 'content_json'])
      .where('business_tag', '=', DEMO_SHOP_TAG)
      .executeTakeFirstOrThrow();
    expect(shop.status).toBe('active');
    const state = siteStateAt(await readSiteRow(db, DEMO_SHOP_SUBDOMAIN), new Date());
    expect(state).toMatchObject({ kind: 'live', site: { businessId: shop.business_id } });
    const content = shop.content_json as Record<string, Record<string, Record<string, unknown>>>;
    for (const language of ['en', 'sw']) {
      expect(Object.keys(content.profile![language]!).sort()).toEqual(
        ['business_name', 'description', 'directions_note', 'hours_note', 'services', 'tagline'].sort(),
      );
      expect(Object.keys(content.website![language]!).sort()).toEqual([
        'about',
        'contact',
        'hero',
        'services',
      ]);
    }
    expect(content.contact).toMatchObject({ whatsapp: expect.stringMatching(/^\+2547/) });
    expect(content.location).toMatchObject({ geo: { lat: expect.any(Number), lng: expect.any(Number) } });
    expect(content.mpesa).toMatchObject({ till_number: expect.stringMatching(/^\d{5,7}$/) });
    expect(Object.keys(content.hours!)).toHaveLength(7);
  });
});
