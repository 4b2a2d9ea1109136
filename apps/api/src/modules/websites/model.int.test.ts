import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KyselyPlugin } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServiceType } from '../../db/schema.js';
import { createBusiness, createCategory, createRegion } from '../../test/factories.js';
import { useTestDatabase } from '../../test/database.js';
import { DEFAULT_MEDIA_CONFIG_PATH, parseMediaAppConfig } from '../media/app-config.js';
import { createMediaUrlResolver } from '../media/urls.js';
import { fullContent } from './fixture.js';
import { loadWebsiteModel, type WebsiteModelOptions } from './model.js';
import { renderWebsite } from './render.js';

/** The website model read from a real database and a real media folder (UI-WEB-07, UI-VIS-04/05). */

const database = useTestDatabase();
const db = () => database.current.db;
const mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-website-media-'));
afterAll(() => fs.rmSync(mediaPath, { recursive: true, force: true }));
const { config } = parseMediaAppConfig(fs.readFileSync(DEFAULT_MEDIA_CONFIG_PATH));
const mediaUrls = createMediaUrlResolver({
  mediaPath,
  mediaBaseUrl: 'https://tafuta.ke/media',
  config: () => config,
});

// Monday 9 March 2026, 12:00 in Nairobi.
const NOW = new Date('2026-03-09T09:00:00Z');
const options = (overrides: Partial<WebsiteModelOptions> = {}): WebsiteModelOptions => ({
  lang: 'sw',
  now: NOW,
  preview: false,
  apexDomain: 'tafuta.ke',
  mainSiteUrl: 'https://tafuta.ke',
  mediaBaseUrl: 'https://tafuta.ke/media',
  mediaUrls,
  ...overrides,
});

/** A subscription that started before the fixed test clock and runs until `expirationDate` (PAY-181). */
async function grantService(businessId: string, serviceType: ServiceType, expirationDate: string) {
  await db()
    .insertInto('service_subscriptions')
    .values({
      business_id: businessId,
      service_type: serviceType,
      start_date: '2026-02-01',
      anchor_day: 1,
      expiration_date: expirationDate,
      months_paid: 1,
    })
    .execute();
}

function writeOutputs(business: { business_tag: string; business_id: string }, files: string[]) {
  for (const file of files) {
    const target = path.join(mediaPath, `${business.business_tag}_${business.business_id}`, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, 'webp');
  }
}

async function hostedSalon(gallery: string[]) {
  const category = await createCategory(db(), {
    names: JSON.stringify({ en: 'Salons & barbers', sw: 'Saluni na vinyozi' }),
  });
  const region = await createRegion(db(), { names: JSON.stringify({ en: 'Machakos' }) });
  const content = fullContent();
  const business = await createBusiness(db(), {
    status: 'active',
    content: {
      ...content,
      categories: [category.slug],
      regions: [region.slug],
      media: { logo: ['mark'], banner: ['front'], profile: ['gone'], gallery },
    },
  });
  await db()
    .insertInto('subdomains')
    .values({
      name: `doreen-${business.business_tag.slice(4, 12)}`,
      business_id: business.business_id,
      state: 'assigned',
    })
    .execute();
  return { business, category, region };
}

describe('loadWebsiteModel', () => {
  it('reads one business in one statement, with names, services, address, badge and existing images', async () => {
    const gallery = Array.from({ length: 8 }, (_, index) => `g${index + 1}`);
    const { business, category, region } = await hostedSalon(gallery);
    await grantService(business.business_id, 'website_hosting', '2026-04-01');
    await grantService(business.business_id, 'premium_listing', '2026-04-01');
    await db()
      .updateTable('businesses')
      .set({ verification_tier: 'premium' })
      .where('business_id', '=', business.business_id)
      .execute();
    writeOutputs(business, [
      'logo/mark_icon.webp',
      'logo/mark_medium.webp',
      // Only the largest banner exists: every size resolves to it (MEDIA-224).
      'banner/front_1200x400.webp',
      ...gallery.flatMap((slug) =>
        slug === 'g2' ? [] : [`gallery/${slug}_thumb.webp`, `gallery/${slug}_medium.webp`],
      ),
    ]);
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => ((statements += 1), args.node),
      transformResult: (args) => Promise.resolve(args.result),
    };
    const model = await loadWebsiteModel(db().withPlugin(counter), business.business_id, options());
    expect(statements).toBe(1);
    expect(model).toMatchObject({
      businessId: business.business_id,
      businessTag: business.business_tag,
      businessName: 'Doreen Beauty Parlour',
      status: 'active',
      hostingActive: true,
      galleryActive: false,
      badge: 'premium',
      activeServices: ['premium_listing', 'website_hosting'],
      siteUrl: `https://doreen-${business.business_tag.slice(4, 12)}.tafuta.ke/`,
      categories: [{ slug: category.slug, name: 'Saluni na vinyozi' }],
      regions: [{ slug: region.slug, name: 'Machakos' }],
      city: 'Machakos Town',
      languages: ['en', 'sw'],
      lang: 'sw',
    });
    const folder = `https://tafuta.ke/media/${business.business_tag}_${business.business_id}`;
    expect(model!.images.logo).toEqual({
      icon: `${folder}/logo/mark_icon.webp`,
      medium: `${folder}/logo/mark_medium.webp`,
    });
    expect(model!.images.banner).toEqual({ '1200x400': `${folder}/banner/front_1200x400.webp` });
    expect(model!.images.about).toBeNull();
    // Hosting without image_gallery: the first 5 that exist (g2 has no files).
    expect(model!.images.gallery.map((photo) => photo.slug)).toEqual(['g1', 'g3', 'g4', 'g5', 'g6']);
    const { html } = renderWebsite(model!, { lang: 'sw', preview: false });
    expect(html).toContain('<p class="bd g">');
    expect(html).toContain(`${folder}/gallery/g6_thumb.webp`);
  });

  it('services count while the Nairobi day of `now` is before expiration_date; image_gallery lifts the cap', async () => {
    const gallery = Array.from({ length: 8 }, (_, index) => `p${index + 1}`);
    const { business } = await hostedSalon(gallery);
    writeOutputs(
      business,
      gallery.map((slug) => `gallery/${slug}_thumb.webp`),
    );
    await grantService(business.business_id, 'website_hosting', '2026-03-10');
    await grantService(business.business_id, 'image_gallery', '2026-03-10');
    // 23:59 EAT on 9 March: the last day of service.
    const lastMinute = await loadWebsiteModel(
      db(),
      business.business_id,
      options({ now: new Date('2026-03-09T20:59:00Z') }),
    );
    expect([lastMinute!.hostingActive, lastMinute!.galleryActive]).toEqual([true, true]);
    expect(lastMinute!.images.gallery).toHaveLength(8);
    // The resolver fell back from medium to thumb, the only size there is.
    expect(lastMinute!.images.gallery[0]!.medium).toMatch(/p1_thumb\.webp$/);
    const expired = await loadWebsiteModel(
      db(),
      business.business_id,
      options({ now: new Date('2026-03-09T21:00:00Z') }),
    );
    expect([expired!.hostingActive, expired!.galleryActive]).toEqual([false, false]);
    expect(expired!.activeServices).toEqual([]);
    expect(expired!.images.gallery).toHaveLength(5);
  });

  it('loads a business in any status (the caller picks the page); unknown or malformed ids give null', async () => {
    const pending = await createBusiness(db(), { status: 'pending' });
    const model = await loadWebsiteModel(
      db(),
      pending.business_id,
      options({ preview: true, mediaUrls: undefined }),
    );
    expect(model).toMatchObject({
      status: 'pending',
      hostingActive: false,
      subdomain: null,
      siteUrl: null,
      preview: true,
    });
    expect(model!.images).toEqual({ logo: null, banner: null, about: null, gallery: [] });
    expect(await loadWebsiteModel(db(), '00000000-0000-4000-8000-000000000000', options())).toBeNull();
    expect(await loadWebsiteModel(db(), 'not-a-uuid', options())).toBeNull();
  });
});
