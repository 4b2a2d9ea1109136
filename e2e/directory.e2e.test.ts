import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  keepExternalLinksInApp,
  openPhone,
  type PhoneContext,
  saveScreenshot,
  switchToKiswahili,
  useServerRun,
} from './support.js';

/**
 * Issue 8, "Done when": the public directory on a 360×640 phone in Debian's Chromium, against the real
 * server with the demo directory. Every test fails on any request to a host other than our own (UI-GEN-05).
 */

interface ListingReply {
  data: {
    business_id: string;
    business_tag: string;
    name: string;
    hosted: boolean;
    whatsapp: string | null;
  }[];
}

describe.runIf(chromiumAvailable)('the public directory on a phone', () => {
  const run = useServerRun({ SEED_DEMO_DATA: 'true' });
  const phones: PhoneContext[] = [];

  afterEach(async () => {
    for (const phone of phones.splice(0)) {
      expect(phone.thirdPartyRequests).toEqual([]);
      await phone.context.close();
    }
  });

  async function phone(options: { locale?: string } = {}): Promise<PhoneContext> {
    const opened = await openPhone(run.browser, options);
    phones.push(opened);
    return opened;
  }

  async function listing(query: string): Promise<ListingReply['data']> {
    return ((await (await fetch(`${run.server.url}/api/search?${query}`)).json()) as ListingReply).data;
  }

  /** The service worker is installed and controls the page, as on a second visit. */
  async function controlledByServiceWorker(page: Page): Promise<void> {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (navigator.serviceWorker.controller) return;
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve));
    });
  }

  /**
   * Everything the offline flow relies on is in place, checked rather than waited for with sleeps: the
   * app (not just the server's pre-rendered HTML) has kept its copy of the business, the service worker
   * controls the page, and its caches hold the shell and every script the page loaded.
   */
  async function readyForOffline(page: Page, businessTag: string): Promise<void> {
    await expect
      .poll(() => page.evaluate(() => window.localStorage.getItem('tafuta_recent_businesses') ?? ''), {
        timeout: 15_000,
      })
      .toContain(`"${businessTag}"`);
    await controlledByServiceWorker(page);
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const cached = new Set<string>();
            for (const name of await caches.keys()) {
              for (const request of await (await caches.open(name)).keys()) {
                cached.add(new URL(request.url).pathname);
              }
            }
            const scripts = performance
              .getEntriesByType('resource')
              .map((entry) => new URL(entry.name).pathname)
              .filter((pathname) => /^\/assets\/.*\.js$/.test(pathname));
            return [
              cached.has('/index.html') ? null : '/index.html',
              ...scripts.filter((pathname) => !cached.has(pathname)),
            ].filter(Boolean);
          }),
        { timeout: 20_000 },
      )
      .toEqual([]);
  }

  it('finds a business by a misspelt name and opens its detail page', async () => {
    const { page, problems } = await phone();
    await page.goto(`${run.server.url}/`);
    await expect.poll(() => page.getByTestId('listing-card').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await saveScreenshot(page, 'home');

    // "Kamba Kichen" for "Kamba Kitchen Hotel": the server's trigram fallback finds it (docs/directory.md).
    await page.getByRole('searchbox').first().fill('kamba kichen');
    const card = page.getByTestId('listing-card').filter({ hasText: 'Kamba Kitchen Hotel' });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.url()).toContain('/search?q=kamba');

    await card.getByRole('link', { name: 'Kamba Kitchen Hotel' }).click();
    await expect.poll(() => page.url()).toMatch(/\/business\/kamba-kitchen-hotel$/);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toContain('Kamba Kitchen Hotel');
    await saveScreenshot(page, 'detail');
    expect(problems).toEqual([]);
  });

  it('browses a category landing page in Kiswahili', async () => {
    const { page, problems } = await phone();
    await page.goto(`${run.server.url}/`);
    await switchToKiswahili(page);

    await page.goto(`${run.server.url}/category/restaurants`);
    // The choice survives a full load (cookie), the page header is Kiswahili, and so is the content the
    // owner wrote in Kiswahili (ui.md §14.3, acceptance check 5).
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('sw');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toContain('Hotels & Eateries – Kenya');
    await expect.poll(() => page.getByText('Mwanzo').count()).toBeGreaterThan(0);
    const kambaKitchen = page.getByTestId('listing-card').filter({ hasText: 'Kamba Kitchen Hotel' });
    await expect.poll(() => kambaKitchen.textContent()).toContain('Chakula cha nyumbani, bei nafuu');
    await saveScreenshot(page, 'landing');
    expect(problems).toEqual([]);
  });

  it('calls and opens WhatsApp from a card with the right links, and both taps are counted', async () => {
    const [business] = (await listing('region=machakos&category=restaurants&limit=50')).filter(
      (item) => item.whatsapp !== null && item.name === 'Kamba Kitchen Hotel',
    );
    expect(business).toBeDefined();
    const { page, problems } = await phone();
    await keepExternalLinksInApp(page);
    await page.goto(`${run.server.url}/region/machakos/category/restaurants`);
    const card = page.getByTestId('listing-card').filter({ hasText: business!.name });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);

    const call = card.getByRole('link', { name: 'Call' });
    const whatsapp = card.getByRole('link', { name: 'WhatsApp' });
    // UI-ACT-01/02: E.164 for the dialler; wa.me without "+", with the translated greeting.
    expect(await call.getAttribute('href')).toBe(`tel:${business!.whatsapp}`);
    const chat = new URL((await whatsapp.getAttribute('href'))!);
    expect(chat.origin + chat.pathname).toBe(`https://wa.me/${business!.whatsapp!.slice(1)}`);
    expect(chat.searchParams.get('text')).toBe(`Hi ${business!.name}, I found you on Tafuta.`);

    await call.click();
    await whatsapp.click();
    // The taps are batched for up to 5 s, then sent with sendBeacon (UI-TRK-03).
    const totals = await staffStats(business!.business_id);
    expect(totals).toMatchObject({ call_click: 1, whatsapp_click: 1 });
    expect(problems).toEqual([]);
  });

  /** The API's own counts (UI-TRK-05), read by the demo super admin like the back office does. */
  async function staffStats(businessId: string): Promise<Record<string, number>> {
    const login = await fetch(`${run.server.url}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.tafuta.local', password: 'tafuta-demo-admin' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((value) => value.split(';')[0])
      .join('; ');
    let totals: Record<string, number> = {};
    await expect
      .poll(
        async () => {
          const reply = await fetch(`${run.server.url}/api/businesses/${businessId}/stats?days=1`, {
            headers: { cookie },
          });
          totals = ((await reply.json()) as { data: { totals: Record<string, number> } }).data.totals;
          return (totals.call_click ?? 0) + (totals.whatsapp_click ?? 0);
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toBe(2);
    return totals;
  }

  it('still opens a recently viewed business offline, and only that one', async () => {
    const [visited, notVisited] = (await listing('limit=50')).filter((item) => item.hosted);
    expect(notVisited).toBeDefined();
    const { page, context } = await phone();
    await page.goto(`${run.server.url}/business/${visited!.business_tag}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toContain(visited!.name);
    await readyForOffline(page, visited!.business_tag);

    await context.setOffline(true);
    // The offline page lists what the phone kept (UI-PWA-13); the saved business opens from there.
    await page.goto(`${run.server.url}/offline`);
    await page.getByRole('link', { name: visited!.name }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toContain(visited!.name);
    await page.reload();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toContain(visited!.name);

    // A business never opened on this phone is not there: the network really is gone, and the page says
    // so with a retry instead of going blank.
    await page.goto(`${run.server.url}/business/${notVisited!.business_tag}`);
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 })
      .toContain('No connection');
    expect(await page.getByText(notVisited!.name).count()).toBe(0);
    await context.setOffline(false);
    // A long flow of bounded waits (up to 15–20 s each on a loaded machine), not one 30 s step.
  }, 90_000);
});
