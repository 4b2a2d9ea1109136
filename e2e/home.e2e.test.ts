import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../apps/api/src/test/database.js';
import { chromiumAvailable, launchBrowser, startServer, type RunningServer } from './support.js';

/**
 * The product in a real browser: the built web app served by the real server, under the real CSP.
 * Needs Chromium (CI installs Debian's package); where it is missing these tests are reported as skipped.
 */
describe.runIf(chromiumAvailable)('home page in Chromium', () => {
  const database = useTestDatabase();
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer(database.current.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const problems: string[] = [];
    // CSP violations and script errors surface as console errors: the app must run under SEC-03 as is.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`${server.url}${path}`);
    return { page, problems };
  }

  it('shows the home page with a healthy service status and no errors', async () => {
    const { page, problems } = await openPage('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/businesses/i);
    await expect.poll(() => page.getByText(/Service status: healthy/i).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Machakos' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('switches to Kiswahili, remembers the choice and sets the document language', async () => {
    const { page, problems } = await openPage('/');
    await page.getByRole('button', { name: /SW/ }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('sw');
    await expect.poll(() => page.getByText(/Hali ya huduma: nzuri/).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('sw');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('renders the 404 page for an unknown route through the SPA fallback', async () => {
    const { page, problems } = await openPage('/hakuna-kitu-hapa');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/not found/i);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('registers the service worker so the app can be installed', async () => {
    const { page } = await openPage('/');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${server.url}/`);
    const manifest = (await (await fetch(`${server.url}/manifest.webmanifest`)).json()) as {
      theme_color: string;
    };
    expect(manifest.theme_color.toLowerCase()).toBe('#ed4c22');
    await page.context().close();
  });
});
