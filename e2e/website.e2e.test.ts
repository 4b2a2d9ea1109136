import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { BusinessContent, Language } from '@tafuta/contracts';
import { fullContent, modelFor } from '../apps/api/src/modules/websites/fixture.js';
import { pageContext, renderWebsite } from '../apps/api/src/modules/websites/render.js';
import { aboutPhotoTop } from '../apps/api/src/modules/websites/template/first-view.js';
import {
  chromiumAvailable,
  isThirdParty,
  PHONE_USER_AGENT,
  PHONE_VIEWPORT,
  saveScreenshot,
  useServerRun,
} from './support.js';

/**
 * A business website as a visitor's phone sees it (ui.md §8): Demo Shop from the seed, served by the real
 * server by Host at http://demo-shop.localhost:{port} (browsers resolve *.localhost to this machine), in
 * Chromium with JavaScript switched off, because every section and button must work without it (UI-WEB-01).
 */
describe.runIf(chromiumAvailable)('business website in Chromium without JavaScript', () => {
  const run = useServerRun({ SEED_DEMO_DATA: 'true' });

  async function openSite(path = '/', locale = 'en-KE') {
    const context = await run.browser.newContext({
      viewport: PHONE_VIEWPORT,
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: false,
      locale,
      userAgent: PHONE_USER_AGENT,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    const thirdParty: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('requestfailed', (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));
    page.on('request', (request) => {
      if (isThirdParty(request.url()) && !new URL(request.url()).hostname.endsWith('.localhost')) {
        thirdParty.push(request.url());
      }
    });
    const port = new URL(run.server.url).port;
    const response = await page.goto(`http://demo-shop.localhost:${port}${path}`);
    return { context, page, response, problems, thirdParty };
  }

  it('shows Demo Shop with its Call and WhatsApp buttons at 360×640', async () => {
    const { context, page, response, problems, thirdParty } = await openSite();
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'none'");
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).first().textContent())
      .toContain('Demo Shop');
    expect(await page.title()).toBe('Demo Shop — Machakos Town');

    const call = page.getByRole('link', { name: 'Call' }).first();
    expect(await call.isVisible()).toBe(true);
    expect(await call.getAttribute('href')).toBe('tel:+254700104001');
    const whatsapp = page.getByRole('link', { name: 'WhatsApp' }).first();
    expect(await whatsapp.isVisible()).toBe(true);
    expect(await whatsapp.getAttribute('href')).toMatch(/^https:\/\/wa\.me\/254700104001\?text=/);
    // UI-GEN-03: thumbs can reach them.
    const box = await call.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);

    await saveScreenshot(page, 'website-demo-shop-360');
    // Links back to Tafuta lead to this server (APP_URL), not to the production apex.
    const listed = await page.getByRole('link', { name: 'Listed on Tafuta' }).getAttribute('href');
    expect(listed).toBe(`${run.server.url}/region/machakos/category/shops`);
    // Without a logo the favicon is the Tafuta icon from the site's own /favicon.ico: nothing reaches for
    // production, and nothing is refused (a CSP or cross-site refusal would be a console error).
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.ico');
    const port = new URL(run.server.url).port;
    const icon = await context.newPage();
    const iconResponse = await icon.goto(`http://demo-shop.localhost:${port}/favicon.ico`);
    expect(iconResponse?.status()).toBe(200);
    expect(iconResponse?.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(iconResponse?.request().redirectedFrom()).toBeNull();
    expect(problems).toEqual([]);
    expect(thirdParty).toEqual([]);
    await context.close();
  });

  it('switches to Kiswahili through the language menu links, which work without JavaScript', async () => {
    const { context, page } = await openSite('/', 'en-KE');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const kiswahili = page.locator('a[href="?lang=sw"]').first();
    expect(await kiswahili.count()).toBe(1);
    await page.goto(new URL('?lang=sw', page.url()).href);
    expect(await page.locator('html').getAttribute('lang')).toBe('sw');
    expect(await page.content()).toContain('Kila kitu cha nyumbani, shule na simu yako');
    // The choice is remembered on this host (host-only cookie on *.localhost).
    await page.goto(new URL('/', page.url()).href);
    expect(await page.locator('html').getAttribute('lang')).toBe('sw');
    await saveScreenshot(page, 'website-demo-shop-360-sw');
    await context.close();
  });

  it('marks as the LCP the image Chromium reports, and places the About photo where Chromium does', async () => {
    // UI-PERF-05: `fetchpriority="high"` only on the real LCP candidate (template/first-view.ts). The
    // pages carry no script; this test's own context runs one to read the browser's LCP entries.
    const photo = await sharp({
      create: { width: 1200, height: 900, channels: 3, background: { r: 29, g: 107, b: 79 } },
    })
      .webp()
      .toBuffer();
    const longHero = fullContent();
    longHero.website!.en!.hero = {
      title: 'Doreen Beauty Parlour and Barber Shop, Machakos Town Centre',
      subtitle: 'Styling, braiding, make-up and nails for weddings, graduations and every weekend',
    };
    const cases: [string, BusinessContent, Language, string][] = [
      ['hero of one line', fullContent(), 'en', 'pic'],
      ['Kiswahili buttons on two rows', fullContent(), 'sw', 'ban'],
      ['long hero', longHero, 'en', 'ban'],
      ['no banner', { ...fullContent(), media: { profile: ['shop'] } }, 'en', 'pic'],
    ];
    for (const [name, content, lang, expected] of cases) {
      const context = await run.browser.newContext({
        viewport: PHONE_VIEWPORT,
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      const page = await context.newPage();
      await page.route('https://tafuta.ke/**', (route) =>
        route.fulfill({ contentType: 'image/webp', body: photo }),
      );
      const model = modelFor(content);
      await page.setContent(renderWebsite(model, { lang, preview: false }).html, { waitUntil: 'load' });
      const top = await page.evaluate(() => document.querySelector('.pic')!.getBoundingClientRect().top);
      expect(Math.abs(top - aboutPhotoTop(pageContext(model, { lang, preview: false }))), name).toBeLessThan(
        16,
      );
      // The largest paint so far, until an image has painted (text paints first).
      const largest = () =>
        page.evaluate(
          () =>
            new Promise<string>((resolve) => {
              new PerformanceObserver((list) => {
                const element = (list.getEntries().at(-1) as LargestContentfulPaint | undefined)?.element;
                resolve(element?.tagName === 'IMG' ? element.className : '');
              }).observe({ type: 'largest-contentful-paint', buffered: true });
            }),
        );
      await expect.poll(largest, { timeout: 5_000 }).not.toBe('');
      expect(await largest(), name).toBe(expected);
      const marked = await page.evaluate(() =>
        [...document.querySelectorAll('img[fetchpriority="high"]')].map((image) => image.className),
      );
      expect(marked, name).toEqual([expected]);
      await context.close();
    }
  });

  it('answers an unknown name with the 404 page and no business data', async () => {
    const { context, page, response } = await openSite();
    const port = new URL(run.server.url).port;
    const missing = await page.goto(`http://no-such-shop.localhost:${port}/`);
    expect(response?.status()).toBe(200);
    expect(missing?.status()).toBe(404);
    expect(await page.content()).not.toContain('Demo Shop');
    await context.close();
  });
});
