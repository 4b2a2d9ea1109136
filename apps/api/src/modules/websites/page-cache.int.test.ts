import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, testConfig } from '../../test/app.js';
import { createBusiness, grantService } from '../../test/factories.js';
import { OTP_TEST_CODE, signInWithTestCode, verifiedAccount } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { createServices } from '../../services.js';
import { installDefaultMediaConfig } from '../media/app-config.js';
import { photoJpeg } from '../media/test-images.js';
import { listenForListingChanges, type ListingsListener } from '../search/listings-listener.js';
import { assignSubdomain } from '../subdomains/subdomains.service.js';

/**
 * The rendered-page cache (websites.routes.ts) is keyed by everything a page shows. Photos: an upload, a
 * delete or a reorder gives the next request a new page and ETag, in the process that made the change
 * and in another one (PM2 runs two), whose media listing (MEDIA-224, a minute per business) knows nothing
 * of the change. The badge: a verification tier written anywhere shows once the facts are re-read.
 */

const mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-website-photos-'));
installDefaultMediaConfig(mediaPath);
afterAll(() => fs.rmSync(mediaPath, { recursive: true, force: true }));
const env = { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '100000', MEDIA_PATH: mediaPath };
const { database, harness } = useIdentityHarness({ env });
const db = () => database.current.db;
const ORIGIN = 'https://tafuta.ke';

/** The other app process: its own caches and media listing, told of commits by the listings NOTIFY. */
let other: ReturnType<typeof buildTestApp>;
let otherListener: ListingsListener | undefined;
let otherNotifications = 0;
beforeAll(async () => {
  const services = createServices({
    config: testConfig(env),
    db: db(),
    logger: harness.logger,
    version: '0.0.0-test',
  });
  services.directoryEvents.onListingsChanged(() => {
    otherNotifications += 1;
  });
  other = buildTestApp(db(), { env, services, logger: harness.logger });
  otherListener = await listenForListingChanges({
    connectionString: database.current.url,
    events: services.directoryEvents,
    logger: harness.logger,
  });
});
afterAll(async () => {
  await otherListener?.close();
});

async function hostedSite() {
  const owner = await verifiedAccount(db(), { consent: true });
  const business = await createBusiness(db(), {
    ownerId: owner.userId,
    status: 'active',
    content: {
      profile: { en: { business_name: `Duka ${crypto.randomBytes(3).toString('hex')}` } },
      contact: { phone: '+254712000111' },
      location: { city: 'Machakos' },
    },
  });
  await grantService(db(), business.business_id, 'website_hosting');
  const name = `ph${crypto.randomBytes(4).toString('hex')}`;
  await db()
    .transaction()
    .execute((trx) => assignSubdomain(trx, { businessId: business.business_id, name, actorId: null }));
  const agent = await signInWithTestCode(harness, owner.phone);
  return { businessId: business.business_id, host: `${name}.tafuta.ke`, agent };
}

type Site = Awaited<ReturnType<typeof hostedSite>>;

const page = (site: Site, app = harness.app) => request(app).get('/').set('Host', site.host).expect(200);

async function upload(site: Site, type: string, name: string): Promise<string> {
  const reply = await site.agent
    .post(`/api/businesses/${site.businessId}/photos`)
    .set('Origin', ORIGIN)
    .field('image_type', type)
    .field('image_name', name)
    .attach('file', await photoJpeg(), 'photo.jpg')
    .expect(201);
  return reply.body.data.slug as string;
}

/** Gallery thumbnails in page order. */
const thumbs = (html: string) => [...html.matchAll(/\/gallery\/([a-z0-9-]+)_thumb\.webp/g)].map((m) => m[1]);

describe('photo changes on a hosted website (MEDIA-221, UI-WEB-04)', () => {
  it('an upload, a reorder and a delete each give the next request a new ETag and the photos as they are', async () => {
    const site = await hostedSite();
    const first = await page(site);
    expect(thumbs(first.text)).toEqual([]);

    const chapati = await upload(site, 'gallery', 'Chapati');
    const uploaded = await page(site);
    expect(uploaded.headers.etag).not.toBe(first.headers.etag);
    expect(thumbs(uploaded.text)).toEqual([chapati]);

    const pilau = await upload(site, 'gallery', 'Pilau');
    const two = await page(site);
    expect(thumbs(two.text)).toEqual([chapati, pilau]);

    // Reordering is a content save of `media` (MEDIA-221).
    const current = await site.agent.get(`/api/businesses/${site.businessId}`).expect(200);
    await site.agent
      .patch(`/api/businesses/${site.businessId}`)
      .set('Origin', ORIGIN)
      .send({
        base_version: current.body.data.content_version,
        content: { media: { gallery: [pilau, chapati] } },
      })
      .expect(200);
    const reordered = await page(site);
    expect(reordered.headers.etag).not.toBe(two.headers.etag);
    expect(thumbs(reordered.text)).toEqual([pilau, chapati]);

    await site.agent
      .delete(`/api/businesses/${site.businessId}/photos/${pilau}`)
      .set('Origin', ORIGIN)
      .send({})
      .expect(200);
    const deleted = await page(site);
    expect(deleted.headers.etag).not.toBe(reordered.headers.etag);
    expect(thumbs(deleted.text)).toEqual([chapati]);
    // A browser holding the old page revalidates and is sent the new one.
    await request(harness.app)
      .get('/')
      .set('Host', site.host)
      .set('If-None-Match', reordered.headers.etag as string)
      .expect(200);
  });

  it('another process shows a photo uploaded here on its next request, not a minute later', async () => {
    const site = await hostedSite();
    const logo = await upload(site, 'logo', 'Logo');
    // The other process has rendered the site with its logo, so it holds the business's media listing.
    const before = await page(site, other);
    expect(before.text).toContain(`/logo/${logo}_`);
    expect(before.text).not.toContain('/profile/');

    const seen = otherNotifications;
    const slug = await upload(site, 'profile', 'Shop front');
    // The listings NOTIFY of the new content version has reached the other process.
    await vi.waitFor(
      () => {
        if (otherNotifications <= seen) throw new Error('no change notification yet');
      },
      { timeout: 5_000, interval: 10 },
    );
    const after = await page(site, other);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.text).toContain(`/profile/${slug}_large.webp`);
  });
});

describe('the badge (ADM-170)', () => {
  it('follows a verification tier written behind the app within the facts second, not the page minute', async () => {
    const site = await hostedSite();
    const before = await page(site);
    expect(before.text).not.toContain('Verified');
    // No event and no NOTIFY: only the business row's updated_at moves.
    await db()
      .updateTable('businesses')
      .set({ verification_tier: 'verified' })
      .where('business_id', '=', site.businessId)
      .execute();
    await vi.waitFor(
      async () => {
        const after = await page(site);
        expect(after.text).toContain('Verified');
        expect(after.headers.etag).not.toBe(before.headers.etag);
      },
      { timeout: 5_000, interval: 100 },
    );
  });
});
