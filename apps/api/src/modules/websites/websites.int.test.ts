import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { sql } from 'kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, testWebDist } from '../../test/app.js';
import { createBusiness, grantService, lapseServices } from '../../test/factories.js';
import { OTP_TEST_CODE, signInWithTestCode, verifiedAccount } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { useListingsNotifications } from '../../test/listings-kit.js';
import { assignSubdomain } from '../subdomains/subdomains.service.js';

/** ui.md §8.2 (UI-WEB-02/03/04), UI-SUB-06 and hostile Host headers, through the real app. */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });
const db = () => database.current.db;
// Direct writes reach the app's caches the way they do in production: through the listings NOTIFY.
const { committed } = useListingsNotifications(database, harness);
const word = () => `ws${crypto.randomBytes(4).toString('hex')}`;

async function website(options: { hosting?: boolean; name?: string } = {}) {
  const owner = await verifiedAccount(db(), { consent: true });
  const businessName = `Duka ${word()}`;
  const business = await createBusiness(db(), {
    ownerId: owner.userId,
    status: 'active',
    content: {
      profile: {
        en: { business_name: businessName, tagline: 'Fresh bread every morning' },
        sw: { tagline: 'Mkate freshi kila asubuhi' },
      },
      contact: { phone: '+254712000111', whatsapp: '+254712000111' },
      location: { city: 'Machakos' },
    },
  });
  if (options.hosting ?? true) await grantService(db(), business.business_id, 'website_hosting');
  const name = options.name ?? word();
  await db()
    .transaction()
    .execute((trx) => assignSubdomain(trx, { businessId: business.business_id, name, actorId: null }));
  return { businessId: business.business_id, name, businessName, owner };
}

const visit = (host: string, path = '/') => request(harness.app).get(path).set('Host', host);
const at = (name: string) => `${name}.tafuta.ke`;

async function setStatus(businessId: string, status: string) {
  await db()
    .updateTable('businesses')
    .set({
      status: status as 'active',
      status_before_suspension: status === 'suspended' ? 'active' : null,
      review_state: status === 'pending' ? 'awaiting_review' : null,
      deleted_at: status === 'deleted' ? new Date() : null,
    })
    .where('business_id', '=', businessId)
    .execute();
}

describe('live website (UI-WEB-02, UI-WEB-04)', () => {
  it('answers 200 with the site, revalidation headers, a strong ETag and the website CSP', async () => {
    const site = await website();
    const reply = await visit(at(site.name)).expect(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.text).toContain(site.businessName);
    expect(reply.headers['cache-control']).toBe('public, max-age=0, s-maxage=60, stale-while-revalidate=600');
    expect(reply.headers.vary).toMatch(/Accept-Language, Cookie/);
    expect(reply.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(reply.headers['content-language']).toBe('en');
    const csp = reply.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/img-src 'self' https:\/\/tafuta\.ke;/);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    // Nothing of the app runs for a website: no session cookie, no CORS, no API rate-limit headers.
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(reply.headers['ratelimit-policy']).toBeUndefined();
  });

  it('answers 304 to a matching If-None-Match, and a new ETag after the owner saves', async () => {
    const site = await website();
    const first = await visit(at(site.name)).expect(200);
    const etag = first.headers.etag as string;
    const again = await visit(at(site.name)).set('If-None-Match', etag).expect(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);
    await visit(at(site.name)).set('If-None-Match', `"other", W/${etag}`).expect(304);

    const agent = await signInWithTestCode(harness, site.owner.phone);
    const current = await agent.get(`/api/businesses/${site.businessId}`).expect(200);
    await agent
      .patch(`/api/businesses/${site.businessId}`)
      .send({
        base_version: current.body.data.content_version,
        content: { profile: { en: { tagline: 'Now with mandazi too' } } },
      })
      .expect(200);
    const after = await visit(at(site.name)).set('If-None-Match', etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.text).toContain('Now with mandazi too');
  });

  it('sends gzip to clients that take it', async () => {
    const site = await website();
    const reply = await visit(at(site.name)).set('Accept-Encoding', 'gzip').expect(200);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(reply.text).toContain(site.businessName);
    const identity = await visit(at(site.name)).set('Accept-Encoding', 'identity').expect(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
  });

  it('lapses and renews with the subscription in the database, without a restart', async () => {
    const site = await website();
    await visit(at(site.name)).expect(200);
    await committed(() => lapseServices(db(), site.businessId));
    const lapsed = await visit(at(site.name)).expect(404);
    expect(lapsed.text).toContain('This website is not active right now');
    expect(lapsed.text).toContain(site.businessName);
    expect(lapsed.text).toContain('href="tel:+254712000111"');
    expect(lapsed.headers['cache-control']).toBe('public, max-age=0, s-maxage=60');
    expect(lapsed.headers.etag).toBeUndefined();

    await committed(() => grantService(db(), site.businessId, 'website_hosting', { months: 1 }));
    const renewed = await visit(at(site.name)).expect(200);
    expect(renewed.text).toContain(site.businessName);
  });

  it('answers 410 for a business out of business', async () => {
    const site = await website();
    await setStatus(site.businessId, 'out_of_business');
    const reply = await visit(at(site.name)).expect(410);
    expect(reply.text).toContain('no longer in business');
    expect(reply.headers['cache-control']).toBe('public, max-age=0, s-maxage=60');
  });

  it('answers 404 with no business data when pending, deactivated, suspended, deleted or unknown', async () => {
    for (const status of ['pending', 'deactivated', 'suspended', 'deleted']) {
      const site = await website();
      await setStatus(site.businessId, status);
      const reply = await visit(at(site.name)).expect(404);
      expect(reply.text, status).toContain('available');
      expect(reply.text, status).not.toContain(site.businessName);
      expect(reply.text, status).not.toContain('0712');
    }
    const unknown = await visit(at(word())).expect(404);
    expect(unknown.text).toContain('https://tafuta.ke/');
  });

  it('sends other paths of a site to its page, keeping the query', async () => {
    const site = await website();
    const reply = await visit(at(site.name), '/menu?lang=sw').expect(302);
    expect(reply.headers.location).toBe('/?lang=sw');
    await visit(at(site.name), '/index.html').expect(302);
  });

  it('serves robots.txt and a favicon redirect on every site; refuses other methods', async () => {
    const site = await website();
    const robots = await visit(at(site.name), '/robots.txt').expect(200);
    expect(robots.text).toContain('Allow: /');
    expect(robots.text).toContain('Sitemap: https://tafuta.ke/sitemap.xml');
    // This test build has no icon.svg: the last resort is APP_URL's.
    const icon = await visit(at(site.name), '/favicon.ico').expect(302);
    expect(icon.headers.location).toBe('https://tafuta.ke/icon.svg');
    // With the web build's icon, the site sends it itself: no second origin for a phone to dial.
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-web-icon-'));
    fs.copyFileSync(path.join(testWebDist(), 'index.html'), path.join(dist, 'index.html'));
    fs.writeFileSync(path.join(dist, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const built = buildTestApp(db(), { env: { WEB_DIST_PATH: dist }, services: harness.services });
    const own = await request(built).get('/favicon.ico').set('Host', at(site.name)).expect(200);
    expect(own.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect((own.body as Buffer).toString()).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
    fs.rmSync(dist, { recursive: true, force: true });
    const post = await request(harness.app).post('/').set('Host', at(site.name)).expect(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await request(harness.app).head('/').set('Host', at(site.name)).expect(200);
    expect(head.headers.etag).toBeDefined();
  });
});

describe('renamed sites (UI-SUB-06)', () => {
  it('redirects the old name for 90 days, same path and query, then stops', async () => {
    const site = await website();
    const renamed = word();
    await db()
      .transaction()
      .execute((trx) => assignSubdomain(trx, { businessId: site.businessId, name: renamed, actorId: null }));
    const reply = await visit(at(site.name), '/?lang=sw&from=sign').expect(301);
    expect(reply.headers.location).toBe(`https://${renamed}.tafuta.ke/?lang=sw&from=sign`);
    expect(reply.headers['cache-control']).toBe('public, max-age=3600');
    const deep = await visit(at(site.name), '/menu').expect(301);
    expect(deep.headers.location).toBe(`https://${renamed}.tafuta.ke/menu`);
    await visit(at(renamed)).expect(200);

    await committed(() =>
      db()
        .updateTable('subdomains')
        .set({ redirect_until: sql<Date>`now() - interval '1 minute'` })
        .where('name', '=', site.name)
        .execute(),
    );
    await visit(at(site.name)).expect(404);
  });
});

describe('language (UI-WEB-03)', () => {
  it('takes ?lang= first and remembers it in the apex cookie; then the cookie; then Accept-Language', async () => {
    const site = await website();
    const chosen = await visit(at(site.name), '/?lang=sw').set('Cookie', 'tafuta_lang=en').expect(200);
    expect(chosen.headers['content-language']).toBe('sw');
    expect(chosen.text).toContain('<html lang="sw"');
    expect(chosen.text).toContain('Mkate freshi kila asubuhi');
    expect(chosen.headers['set-cookie']).toEqual([
      'tafuta_lang=sw; Path=/; Max-Age=31536000; SameSite=Lax; Domain=.tafuta.ke; Secure',
    ]);
    // A response carrying the visitor's cookie is theirs alone.
    expect(chosen.headers['cache-control']).toBe('private, max-age=0');

    const cookie = await visit(at(site.name)).set('Cookie', 'tafuta_lang=sw').expect(200);
    expect(cookie.headers['content-language']).toBe('sw');
    expect(cookie.headers['set-cookie']).toBeUndefined();

    const header = await visit(at(site.name)).set('Accept-Language', 'fr-FR, sw;q=0.8, en;q=0.5').expect(200);
    expect(header.headers['content-language']).toBe('sw');
    const english = await visit(at(site.name)).set('Accept-Language', 'fr, de').expect(200);
    expect(english.headers['content-language']).toBe('en');
    expect(english.headers.etag).not.toBe(header.headers.etag);
    const bogus = await visit(at(site.name), '/?lang=xx').set('Cookie', 'tafuta_lang=%E0%A4').expect(200);
    expect(bogus.headers['content-language']).toBe('en');
  });
});

describe('hostile Host headers', () => {
  let site: Awaited<ReturnType<typeof website>>;
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    site = await website();
    server = http.createServer(harness.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The raw request bytes, Host as given (clients refuse to send some of these). */
  function raw(hostLine: Buffer | string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('end', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
      });
      socket.write(
        Buffer.concat([
          Buffer.from('GET / HTTP/1.1\r\n'),
          Buffer.isBuffer(hostLine) ? hostLine : Buffer.from(hostLine, 'latin1'),
          Buffer.from('\r\nConnection: close\r\n\r\n'),
        ]),
      );
    });
  }

  it('never crashes, never echoes the host, and answers 400, a 404 page or the app', async () => {
    // The host of every case but the real ones (the apex, the site itself) must appear nowhere.
    const cases: [string, number, 'app' | 'site' | 'plain' | 'no-site'][] = [
      [`${'a'.repeat(300)}.tafuta.ke`, 400, 'plain'],
      [`${'a'.repeat(63)}.tafuta.ke`, 404, 'no-site'],
      ['127.0.0.1', 200, 'app'],
      ['[::1]:8080', 200, 'app'],
      ['xn--80ak6aa92e.tafuta.ke', 404, 'no-site'],
      ['evil.com', 200, 'app'],
      ['a.b.tafuta.ke', 404, 'no-site'],
      ['<script>x</script>.tafuta.ke', 400, 'plain'],
      ['tafuta.ke', 200, 'app'],
      ['www.tafuta.ke', 200, 'app'],
      ['TAFUTA.KE.', 200, 'app'],
      [at(site.name).toUpperCase(), 200, 'site'],
      [`${at(site.name)}.`, 200, 'site'],
      [`${at(site.name)}:443`, 200, 'site'],
      [`${site.name}.localhost:3000`, 200, 'app'],
      [`${at(site.name)}:99999999`, 400, 'plain'],
    ];
    for (const [host, status, kind] of cases) {
      const reply = await visit(host);
      expect(reply.status, host).toBe(status);
      if (kind === 'app') expect(reply.text, host).toContain('<div id="root">');
      if (kind === 'site') expect(reply.text, host).toContain(site.businessName);
      if (kind === 'no-site') expect(reply.text, host).toContain('https://tafuta.ke/list-your-business');
      if (kind === 'plain') expect(reply.text, host).toBe('Bad Request');
      const hostname = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
      if (!['tafuta.ke', 'www.tafuta.ke', at(site.name)].includes(hostname)) {
        expect(reply.text.toLowerCase(), host).not.toContain(hostname);
      }
    }
  });

  it('refuses raw unicode, empty and control-laden hosts without echoing them', async () => {
    const unicode = await raw(
      Buffer.concat([Buffer.from('Host: '), Buffer.from('пример.tafuta.ke', 'utf8')]),
    );
    expect(unicode.status).toBe(400);
    expect(unicode.text).not.toContain(Buffer.from('пример', 'utf8').toString('latin1'));
    const latin = await raw('Host: \u00e9vil.tafuta.ke');
    expect(latin.status).toBe(400);
    const empty = await raw('Host: ');
    expect(empty.status).toBeGreaterThanOrEqual(200);
    expect(empty.status).toBeLessThan(500);
    const spaced = await raw(`Host:    ${at(site.name)}   `);
    expect(spaced.status).toBe(200);
  });
});

describe('development hosts (`{label}.localhost`)', () => {
  it('serves sites on *.localhost when APP_URL is on this machine, with a host-only language cookie', async () => {
    // The harness's services: the listings NOTIFY reaches this app's caches too.
    const app = buildTestApp(db(), { env: { APP_URL: 'http://localhost:3000' }, services: harness.services });
    const site = await website();
    const host = `${site.name}.localhost:3000`;
    const reply = await request(app).get('/?lang=sw').set('Host', host).expect(200);
    expect(reply.text).toContain(site.businessName);
    // Links back to Tafuta and the Tafuta icon come from the app that runs here, never production.
    expect(reply.text).toContain('href="http://localhost:3000/list-your-business?lang=sw"');
    expect(reply.text).not.toContain('https://tafuta.ke/list-your-business');
    expect(reply.headers['content-security-policy']).toContain("img-src 'self' http://localhost:3000;");
    const missing = await request(app).get('/').set('Host', `${word()}.localhost:3000`).expect(404);
    expect(missing.text).toContain('href="http://localhost:3000/list-your-business"');
    expect(reply.headers['set-cookie']).toEqual(['tafuta_lang=sw; Path=/; Max-Age=31536000; SameSite=Lax']);
    const renamed = word();
    await committed(() =>
      db()
        .transaction()
        .execute((trx) =>
          assignSubdomain(trx, { businessId: site.businessId, name: renamed, actorId: null }),
        ),
    );
    const moved = await request(app).get('/').set('Host', host).expect(301);
    expect(moved.headers.location).toBe(`http://${renamed}.localhost:3000/`);
    // localhost itself is the app.
    expect((await request(app).get('/').set('Host', 'localhost:3000').expect(200)).text).toContain(
      '<div id="root">',
    );
  });
});
