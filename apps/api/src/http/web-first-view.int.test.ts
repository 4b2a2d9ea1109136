import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/app.js';
import { useTestDatabase } from '../test/database.js';
import { createBusiness, grantService } from '../test/factories.js';

const database = useTestDatabase();

/** A stand-in for apps/web/dist: the real English catalogue, a stylesheet and the build's index.html shape. */
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-first-view-'));
fs.mkdirSync(path.join(dist, 'assets'));
fs.mkdirSync(path.join(dist, 'locales'));
fs.writeFileSync(
  path.join(dist, 'index.html'),
  '<!doctype html><html lang="en"><head><link rel="stylesheet" crossorigin href="/assets/index-test.css">' +
    '</head><body><div id="root"></div><script type="module" src="/assets/index-test.js"></script></body></html>',
);
fs.writeFileSync(path.join(dist, 'assets', 'index-test.css'), '.card{border:1px solid}');
fs.copyFileSync(
  path.resolve(import.meta.dirname, '../../../web/src/i18n/locales/en.json'),
  path.join(dist, 'locales', 'en.json'),
);
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

const app = () => buildTestApp(database.current.db, { env: { WEB_DIST_PATH: dist } });
const HOSTILE = `Mama <script>alert("x")</script> & Sons'`;

function bootData(html: string): Record<string, unknown> {
  const json = /<script type="application\/json" id="tafuta-first-view">(.*?)<\/script>/s.exec(html)?.[1];
  expect(json).toBeDefined();
  return JSON.parse(json!) as Record<string, unknown>;
}

describe('first view in index.html (issue 8 item 7)', () => {
  it('writes the first cards of / into the HTML, escaped, with the CSS inlined and the data for the app', async () => {
    const db = database.current.db;
    const plain = await createBusiness(db, {
      status: 'active',
      content: {
        profile: { en: { business_name: 'Kamba Kitchen Hotel', tagline: 'Pilau </script> daily' } },
      },
    });
    const hostile = await createBusiness(db, {
      status: 'active',
      content: { profile: { en: { business_name: HOSTILE } } },
    });
    await grantService(db, hostile.business_id, 'website_hosting');

    const response = await request(app()).get('/').expect(200);
    const html = response.text;
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(html).toContain('<style>.card{border:1px solid}</style>');
    expect(html).not.toContain('index-test.css');
    expect(html).toContain('Find local businesses near you');
    expect(html).toContain('Kamba Kitchen Hotel');
    expect(html).toContain('Pilau &lt;/script&gt; daily');
    // The hostile name appears only escaped: as text, as a link to its detail page, and inside the JSON.
    expect(html).toContain('Mama &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons&#39;');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(`href="/business/${hostile.business_tag}"`);
    const boot = bootData(html) as { search: { reply: { data: { name: string }[] }; seed: number } };
    expect(boot.search.reply.data.map((item) => item.name)).toEqual(
      expect.arrayContaining(['Kamba Kitchen Hotel', HOSTILE]),
    );
    expect(boot.search.seed).toBeGreaterThanOrEqual(0);
    expect(plain.business_tag).toBeTruthy();
  });

  it('renders a detail page with its name and a landing page with its title; unknown ones get the plain shell', async () => {
    const db = database.current.db;
    const hosted = await createBusiness(db, {
      status: 'active',
      content: { profile: { en: { business_name: 'Doreen <b>Salon</b>' } } },
    });
    await grantService(db, hosted.business_id, 'website_hosting');

    const detail = await request(app()).get(`/business/${hosted.business_tag}`).expect(200);
    expect(detail.text).toContain(
      '<h1 class="text-h1 font-bold" lang="en">Doreen &lt;b&gt;Salon&lt;/b&gt;</h1>',
    );
    expect(bootData(detail.text)).toHaveProperty('business.tag', hosted.business_tag);

    const landing = await request(app()).get('/region/machakos/category/restaurants').expect(200);
    expect(landing.text).toMatch(/<h1 class="text-h1 font-bold">[^<]+ in [^<]+<\/h1>/);
    expect(bootData(landing.text)).toHaveProperty('landing.region', 'machakos');

    for (const url of ['/business/no-such-business', '/category/no-such-category', '/login']) {
      const plain = await request(app()).get(url);
      expect(plain.status).toBe(url === '/login' ? 200 : 404);
      expect(plain.text).toContain('<div id="root"></div>');
      expect(plain.text).not.toContain('tafuta-first-view');
      expect(plain.text).toContain('<style>');
    }
  });

  it('answers 404 for unknown pages, slugs and businesses and 410 for a closed one, still with the app shell', async () => {
    const db = database.current.db;
    const closed = await createBusiness(db, {
      status: 'active',
      content: { profile: { en: { business_name: 'Old Mill Bakery' } } },
    });
    await grantService(db, closed.business_id, 'website_hosting');
    await db
      .updateTable('businesses')
      .set({ status: 'out_of_business' })
      .where('business_id', '=', closed.business_id)
      .execute();
    const pending = await createBusiness(db, { status: 'pending' });
    await grantService(db, pending.business_id, 'website_hosting');
    const freeListing = await createBusiness(db, { status: 'active' });

    const expectShell = (html: string) => {
      expect(html).toContain('<div id="root"></div>');
      expect(html).toContain('/assets/index-test.js');
      expect(html).not.toContain('tafuta-first-view');
    };
    const gone = await request(app()).get(`/business/${closed.business_tag}`).expect(410);
    expect(gone.headers['content-type']).toMatch(/text\/html/);
    expect(gone.headers['cache-control']).toBe('no-cache');
    expectShell(gone.text);
    expect(gone.text).not.toContain('Old Mill Bakery');
    // Served from the page cache the second time: the status must come with it.
    await request(app()).get(`/business/${closed.business_tag}`).expect(410);

    const notFound = [
      `/business/${pending.business_tag}`,
      `/business/${freeListing.business_tag}`,
      '/business/no-such-business',
      '/business/Not_A_Tag!',
      '/category/no-such-category',
      '/region/no-such-region',
      '/region/machakos/category/no-such-category',
      '/category/BAD%20SLUG',
      '/no/such/page',
      '/wp-admin',
      `/search/${'x'.repeat(300)}`,
    ];
    for (const url of notFound) {
      const response = await request(app()).get(url);
      expect({ url, status: response.status }).toEqual({ url, status: 404 });
      expectShell(response.text);
    }

    for (const url of [
      '/search?q=%3Cscript%3E',
      '/categories',
      '/register',
      '/config',
      '/admin/businesses',
      '/offline',
    ]) {
      const response = await request(app()).get(url);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      expectShell(response.text);
    }
    // API and file paths keep their own answers.
    await request(app()).get('/api/no-such-endpoint').expect(404).expect('content-type', /json/);
  });

  it('follows the language cookie', async () => {
    const sw = JSON.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, '../../../web/src/i18n/locales/sw.json'), 'utf8'),
    ) as { home: { titleAll: string } };
    fs.writeFileSync(path.join(dist, 'locales', 'sw.json'), JSON.stringify(sw));
    const response = await request(app()).get('/').set('Cookie', 'tafuta_lang=sw').expect(200);
    expect(response.text).toContain('<html lang="sw">');
    expect(response.text).toContain(sw.home.titleAll);
  });
});
