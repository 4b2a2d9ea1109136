import crypto from 'node:crypto';
import { sql } from 'kysely';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createBusiness, grantService } from '../../test/factories.js';
import {
  OTP_TEST_CODE,
  signInWithTestCode,
  staffSession,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { assignSubdomain } from '../subdomains/subdomains.service.js';

/** UI-WEB-06 previews, UI-SEO-03/04 robots.txt and sitemap.xml on the main site. */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });
const db = () => database.current.db;
const word = () => `pv${crypto.randomBytes(4).toString('hex')}`;

async function business(options: { status?: 'pending' | 'active'; hosting?: boolean; name?: string } = {}) {
  const owner = await verifiedAccount(db(), { consent: true });
  const businessName = `Kibanda ${word()}`;
  const row = await createBusiness(db(), {
    ownerId: owner.userId,
    status: options.status ?? 'active',
    content: {
      profile: { en: { business_name: businessName }, sw: { tagline: 'Karibu sana' } },
      categories: ['salons'],
      regions: ['kisumu'],
      location: { city: 'Kondele' },
    },
  });
  if (options.hosting) await grantService(db(), row.business_id, 'website_hosting');
  if (options.name) {
    const name = options.name;
    await db()
      .transaction()
      .execute((trx) => assignSubdomain(trx, { businessId: row.business_id, name, actorId: null }));
  }
  return { businessId: row.business_id, tag: row.business_tag, businessName, owner };
}

const previewPath = (businessId: string, query = '') =>
  `/config/business/${businessId}/website/preview${query}`;

describe('website preview (UI-WEB-06)', () => {
  it('sends someone signed out to sign in and back', async () => {
    const shop = await business({ status: 'pending' });
    const reply = await request(harness.app).get(previewPath(shop.businessId, '?lang=sw')).expect(302);
    expect(reply.headers.location).toBe(
      `/login?returnTo=${encodeURIComponent(previewPath(shop.businessId, '?lang=sw'))}`,
    );
    expect(reply.headers['cache-control']).toBe('private, no-store');
  });

  it('renders saved content with the ribbon and noindex for the team, before hosting is bought', async () => {
    const shop = await business({ status: 'pending' });
    const owner = await signInWithTestCode(harness, shop.owner.phone);
    const reply = await owner.get(previewPath(shop.businessId)).expect(200);
    expect(reply.text).toContain(shop.businessName);
    expect(reply.text).toContain('Preview — not public');
    expect(reply.text).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(reply.headers['cache-control']).toBe('private, no-store');
    expect(reply.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(reply.headers['content-security-policy']).toContain("script-src 'none'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    const swahili = await owner.get(previewPath(shop.businessId, '?lang=sw')).expect(200);
    expect(swahili.text).toContain('<html lang="sw"');
    expect(swahili.text).toContain('Karibu sana');
    // A preview never sets the visitor's language.
    expect(swahili.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringContaining('tafuta_lang')]),
    );

    const employee = await verifiedAccount(db(), { consent: true });
    await db()
      .insertInto('user_business_roles')
      .values({ user_id: employee.userId, business_id: shop.businessId, role: 'employee' })
      .execute();
    await (await signInWithTestCode(harness, employee.phone)).get(previewPath(shop.businessId)).expect(200);
  });

  it('shows staff Support+ any business, and nobody else anything', async () => {
    const shop = await business({ hosting: true, name: word() });
    const support = await staffSession(harness, db(), 'support_staff');
    expect((await support.agent.get(previewPath(shop.businessId)).expect(200)).text).toContain(
      shop.businessName,
    );

    const stranger = await verifiedAccount(db(), { consent: true });
    const agent = await signInWithTestCode(harness, stranger.phone);
    const refused = await agent.get(previewPath(shop.businessId)).expect(404);
    expect(refused.text).not.toContain(shop.businessName);
    await agent.get(previewPath(crypto.randomUUID())).expect(404);
    await agent.get(previewPath('not-a-uuid')).expect(404);
  });
});

describe('robots.txt and sitemap.xml on the main site (UI-SEO-03, UI-SEO-04)', () => {
  it('keeps crawlers out of the dashboard, back office, auth pages and API, and names the sitemap', async () => {
    const reply = await request(harness.app).get('/robots.txt').expect(200);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    for (const line of ['Disallow: /config', 'Disallow: /admin', 'Disallow: /api/', 'Disallow: /login']) {
      expect(reply.text).toContain(line);
    }
    expect(reply.text).toContain('Sitemap: https://tafuta.ke/sitemap.xml');
  });

  it('lists public pages, landing pages with businesses, hosted detail pages and live websites only', async () => {
    const live = await business({ hosting: true, name: word() });
    const lapsedName = word();
    const lapsed = await business({ hosting: true, name: lapsedName });
    await db()
      .updateTable('service_subscriptions')
      .set({
        start_date: sql<string>`nairobi_today() - interval '2 months'`,
        expiration_date: sql<string>`nairobi_today() - interval '1 day'`,
      })
      .where('business_id', '=', lapsed.businessId)
      .execute();
    const pendingName = word();
    const pending = await business({ status: 'pending', hosting: true, name: pendingName });
    const suspendedName = word();
    const suspended = await business({ hosting: true, name: suspendedName });
    await db()
      .updateTable('businesses')
      .set({ status: 'suspended', status_before_suspension: 'active' })
      .where('business_id', '=', suspended.businessId)
      .execute();
    const liveName = (
      await db()
        .selectFrom('subdomains')
        .select('name')
        .where('business_id', '=', live.businessId)
        .executeTakeFirstOrThrow()
    ).name;
    harness.services.directoryEvents.listingsChanged();

    const reply = await request(harness.app).get('/sitemap.xml').expect(200);
    expect(reply.headers['content-type']).toBe('application/xml; charset=utf-8');
    const xml = reply.text;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    for (const page of [
      '/',
      '/categories',
      '/about',
      '/contact',
      '/terms',
      '/privacy',
      '/list-your-business',
    ]) {
      expect(xml).toContain(`<loc>https://tafuta.ke${page}</loc>`);
    }
    expect(xml).toContain('<loc>https://tafuta.ke/category/salons</loc>');
    expect(xml).toContain('<loc>https://tafuta.ke/region/kisumu</loc>');
    expect(xml).toContain('<loc>https://tafuta.ke/region/kisumu/category/salons</loc>');
    expect(xml).toMatch(
      new RegExp(
        `<url><loc>https://${liveName}\\.tafuta\\.ke/</loc><lastmod>\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z</lastmod></url>`,
      ),
    );
    expect(xml).toContain(`<loc>https://tafuta.ke/business/${live.tag}</loc>`);
    for (const [name, tag] of [
      [lapsedName, lapsed.tag],
      [pendingName, pending.tag],
      [suspendedName, suspended.tag],
    ]) {
      expect(xml).not.toContain(`https://${name}.tafuta.ke/`);
      expect(xml).not.toContain(`/business/${tag}<`);
    }

    const again = await request(harness.app)
      .get('/sitemap.xml')
      .set('If-None-Match', reply.headers.etag as string)
      .expect(304);
    expect(again.text).toBe('');
    await request(harness.app).get('/sitemap-1.xml').expect(404);
  });
});
