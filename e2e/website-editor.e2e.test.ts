import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBusiness, grantService } from '../apps/api/src/test/factories.js';
import { pageApi, signInWithCode } from './flows.js';
import { chromiumAvailable, openPhone, saveScreenshot, useServerRun } from './support.js';

/**
 * The owner dashboard's website editor, team and content history (ui.md §10.7, §10.12, §10.13) in
 * Chromium at 360×640, against the real server: an owner of a hosted business writes the Swahili hero
 * title and sees it on the public website, moves the website to a new address (the old one redirecting),
 * adds a team member and changes their role, cannot remove the last owner, and restores an older version.
 */
describe.runIf(chromiumAvailable)('website editor, team and history in Chromium', () => {
  const run = useServerRun({ SEED_DEMO_DATA: 'true' });
  const db = () => run.database.current.db;
  const OWNER_PHONE = '+254700100203'; // Faith Nduku Musyoka, a demo owner who reads English
  const MEMBER_PHONE = '+254700100204'; // Otieno Odhiambo, another demo user
  const OLD_ADDRESS = 'baraka-tailors-e2e';
  /** The API answers on a shared CI machine can take a few seconds. */
  const soon = { timeout: 10_000 };

  const statusOf = (page: Page, path: string): Promise<number> =>
    page.evaluate(async (url) => (await fetch(url)).status, path);
  const ownerId = async () =>
    (
      await db()
        .selectFrom('users')
        .select('user_id')
        .where('phone', '=', OWNER_PHONE)
        .executeTakeFirstOrThrow()
    ).user_id;

  /** A hosted, approved business of the demo owner whose address may change (assigned 31 days ago). */
  async function hostedBusiness(): Promise<string> {
    const business = await createBusiness(db(), {
      ownerId: await ownerId(),
      status: 'active',
      content: {
        profile: {
          en: { business_name: 'Baraka Tailors', tagline: 'Uniforms and alterations' },
          sw: { tagline: 'Sare na marekebisho' },
        },
      },
    });
    await grantService(db(), business.business_id, 'website_hosting', { months: 3 });
    await db()
      .insertInto('subdomains')
      .values({
        name: OLD_ADDRESS,
        business_id: business.business_id,
        state: 'assigned',
        dns_status: 'active',
        assigned_at: sql<Date>`now() - interval '31 days'`,
      })
      .execute();
    return business.business_id;
  }

  it('edits the website in Kiswahili, moves its address, manages the team and restores a version', async () => {
    const businessId = await hostedBusiness();
    const { context, page } = await openPhone(run.browser);
    await signInWithCode(page, run.server.url, OWNER_PHONE, '0700 100 203');
    const base = `${run.server.url}/config/business/${businessId}`;
    const port = new URL(run.server.url).port;

    // UI-WED-02/03: the address row, then the Swahili hero title, saved (and so published).
    await page.goto(`${base}/website`);
    await expect.poll(() => page.getByText(`${OLD_ADDRESS}.localhost — Live`).count(), soon).toBe(1);
    await saveScreenshot(page, 'website-editor');
    await page.getByTestId('language-tab-sw').click();
    const heroSw = page.locator('#website-sw-hero_title');
    // An empty Swahili title shows what visitors would read instead: the business name.
    expect(await heroSw.getAttribute('placeholder')).toBe('Baraka Tailors');
    await heroSw.fill('Karibu Baraka Tailors');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByText('Saved ✓').count(), soon).toBe(1);
    await saveScreenshot(page, 'website-editor-saved-sw');

    const site = await context.newPage();
    await site.goto(`http://${OLD_ADDRESS}.localhost:${port}/?lang=sw`);
    await expect.poll(() => site.locator('h1').first().innerText(), soon).toContain('Karibu Baraka Tailors');
    await saveScreenshot(site, 'website-public-sw');
    await site.close();

    // UI-SUB-04/06: a new address, checked as it is typed; the old one is then listed as redirecting.
    await page.getByRole('button', { name: 'Change address' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.innerText(), soon).toContain('once every 30 days');
    await dialog.getByLabel('New address').fill('Baraka Mpya');
    expect(await dialog.getByLabel('New address').inputValue()).toBe('baraka-mpya');
    await expect.poll(() => dialog.innerText(), soon).toContain('baraka-mpya.localhost is free');
    await saveScreenshot(page, 'website-change-address');
    // UI-GEN-02: nothing on the screen is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await dialog.getByRole('button', { name: 'Use this address' }).click();
    await expect.poll(() => dialog.count(), soon).toBe(0);
    await expect
      .poll(() => page.getByText(/Your web address is now baraka-mpya\.localhost/).count(), soon)
      .toBe(1);
    const redirects = page.getByRole('list', { name: 'Old addresses that still lead here' });
    await expect.poll(() => redirects.innerText(), soon).toContain(`${OLD_ADDRESS}.localhost`);
    await saveScreenshot(page, 'website-address-changed');

    // UI-WED-06: "Save and preview" saves, then opens the server-rendered preview of what was saved.
    await page.getByTestId('language-tab-en').click();
    await page.locator('#website-en-hero_subtitle').fill('Made to measure in Machakos');
    await page.getByRole('button', { name: 'Save and preview' }).click();
    await page.waitForURL(/\/website\/preview\?lang=en$/, soon);
    await expect.poll(() => page.locator('body').innerText(), soon).toContain('Made to measure in Machakos');
    expect(await page.locator('body').innerText()).toContain('Preview — not public');
    await saveScreenshot(page, 'website-preview');

    // UI-TEAM-01..03: add a member by phone, change their role; the last owner cannot go.
    await page.goto(`${base}/users`);
    await page.getByRole('button', { name: 'Add member' }).click();
    const add = page.getByRole('dialog');
    await add.getByLabel('Their phone number').fill('0700 100 204');
    await expect.poll(() => add.innerText(), soon).toContain(`We'll look for the account on ${MEMBER_PHONE}`);
    await add.getByRole('button', { name: 'Add to team' }).click();
    await expect.poll(() => page.getByText('Otieno Odhiambo is now on the team.').count(), soon).toBe(1);
    const otieno = page.getByRole('listitem', { name: 'Otieno Odhiambo' });
    expect(await otieno.innerText()).toContain('Employee');
    await otieno.getByRole('button', { name: 'Change role' }).click();
    const role = page.getByRole('dialog');
    await role.getByRole('radio', { name: /^Admin/ }).check();
    await role.getByRole('button', { name: 'Save role' }).click();
    await expect.poll(() => otieno.innerText(), soon).toContain('Admin');
    await saveScreenshot(page, 'team-member-admin');

    const me = page.getByRole('listitem', { name: 'Faith Nduku Musyoka' });
    expect(await me.innerText()).toContain('(You)');
    await me.getByRole('button', { name: 'Leave' }).click();
    const leave = page.getByRole('dialog');
    await leave.getByRole('button', { name: 'Leave' }).click();
    await expect.poll(() => leave.getByRole('alert').innerText(), soon).toContain('the only owner');
    await saveScreenshot(page, 'team-last-owner');
    await leave.getByRole('button', { name: 'Cancel' }).click();

    // UI-HIST-02..05: the timeline, a version's differences, and restoring version 1.
    await page.goto(`${base}/history`);
    await expect.poll(() => page.getByRole('heading', { name: 'Version 3 (current)' }).count(), soon).toBe(1);
    await saveScreenshot(page, 'history-timeline');
    await page.getByRole('link', { name: 'View' }).last().click();
    await page.waitForURL(/\/history\/1$/);
    await expect.poll(() => page.getByText('Karibu Baraka Tailors').count(), soon).toBeGreaterThan(0);
    await saveScreenshot(page, 'history-version-diff');
    await page.getByRole('button', { name: 'Restore' }).click();
    const restore = page.getByRole('dialog');
    await expect.poll(() => restore.innerText(), soon).toContain("We'll save it as a new version 4");
    await restore.getByLabel('Why? (optional)').fill('Back to the English-only site');
    await restore.getByRole('button', { name: 'Restore' }).click();
    await page.waitForURL(/\/history$/);
    await expect.poll(() => page.getByText('Version 1 is back, saved as version 4.').count(), soon).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: 'Version 4 (current)' }).count(), soon).toBe(1);
    await saveScreenshot(page, 'history-restored');

    // UI-WED-01: a business without hosting sees the locked editor with the price and a preview.
    const unhosted = await createBusiness(db(), {
      ownerId: await ownerId(),
      status: 'active',
      content: { profile: { en: { business_name: 'Neema Greens', tagline: 'Fresh sukuma every morning' } } },
    });
    await page.goto(`${run.server.url}/config/business/${unhosted.business_id}/website`);
    const buy = page.getByRole('link', { name: 'Get a website' });
    await expect
      .poll(() => buy.getAttribute('href'), soon)
      .toBe(`/config/business/${unhosted.business_id}/services?add=website_hosting`);
    await expect.poll(() => page.getByText(/^KES [\d,]+ \/ month$/).count(), soon).toBe(1);
    const seePreview = await page.getByRole('link', { name: 'See preview' }).getAttribute('href');
    expect(seePreview).toBe(`/config/business/${unhosted.business_id}/website/preview?lang=en`);
    expect(await statusOf(page, seePreview!)).toBe(200);
    await saveScreenshot(page, 'website-locked');

    const content = await pageApi<{ content_version: number; content_json: { website?: unknown } }>(
      page,
      `/api/businesses/${businessId}/content`,
    );
    expect(content.json.data.content_version).toBe(4);
    const website = JSON.stringify(content.json.data.content_json.website ?? {});
    expect(website).not.toContain('Karibu');
    expect(website).not.toContain('Made to measure in Machakos');
    await context.close();
  }, 180_000);
});
