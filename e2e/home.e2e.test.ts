import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, switchToKiswahili, useServerRun } from './support.js';

/**
 * The product in a real browser: the built web app served by the real server, under the real CSP.
 * Needs Chromium (CI installs Debian's package); where it is missing these tests are reported as skipped.
 */
describe.runIf(chromiumAvailable)('home page in Chromium', () => {
  const run = useServerRun();

  async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
    const context = await run.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const problems: string[] = [];
    // CSP violations and script errors surface as console errors: the app must run under SEC-03 as is.
    page.on('console', (message) => {
      // A signed-out visitor's session probe answers 401 by design; Chromium logs it as an error.
      if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`${run.server.url}${path}`);
    return { page, problems };
  }

  it('shows the home page with its search and categories, and no errors', async () => {
    const { page, problems } = await openPage('/');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toMatch(/local businesses/i);
    // The heading is already in the server's HTML; the search form comes with the app, after the paint.
    await expect.poll(() => page.getByRole('search').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('heading', { name: 'Browse by category' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('switches to Kiswahili, remembers the choice and sets the document language', async () => {
    const { page, problems } = await openPage('/');
    await switchToKiswahili(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/biashara/i);
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('sw');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('renders the 404 page for an unknown route through the SPA fallback', async () => {
    const { page, problems } = await openPage('/hakuna-kitu-hapa');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toMatch(/not found/i);
    // The shell comes with HTTP 404 (UI-STAT-04), which Chromium logs as a console error.
    expect(problems.filter((problem) => !/status of 404/.test(problem))).toEqual([]);
    expect((await fetch(`${run.server.url}/hakuna-kitu-hapa`)).status).toBe(404);
    await page.context().close();
  });

  it('registers the service worker so the app can be installed', async () => {
    const { page } = await openPage('/');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${run.server.url}/`);
    const manifest = (await (await fetch(`${run.server.url}/manifest.webmanifest`)).json()) as {
      theme_color: string;
    };
    expect(manifest.theme_color.toLowerCase()).toBe('#ed4c22');
    await page.context().close();
  });
});
