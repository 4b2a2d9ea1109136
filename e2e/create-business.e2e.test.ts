import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBusiness } from '../apps/api/src/test/factories.js';
import { approveInBackOffice, messageTo } from './flows.js';
import { chromiumAvailable, openPhone, saveScreenshot, useServerRun } from './support.js';

/**
 * Flow 1 of the owner dashboard (ui.md §10.3, §10.5, §10.17): a newcomer registers on a 360×640 phone,
 * adds a business through the three-step wizard, staff approve it in the back office, it shows in the
 * public search and the owner's approval SMS is in the dev outbox. Then the profile editor: Kiswahili
 * text saved from one tab, and a second, stale tab meeting the conflict dialog and saving anyway.
 */
describe.runIf(chromiumAvailable)('creating and editing a business in Chromium', () => {
  const run = useServerRun({ SEED_DEMO_DATA: 'true' });

  /** A same-origin read from the page, with the page's session cookie. */
  function apiGet<T>(page: Page, path: string): Promise<T> {
    return page.evaluate(
      async (url) => ((await (await fetch(url)).json()) as { data: unknown }).data,
      path,
    ) as Promise<T>;
  }

  /** UI-AUTH-01–03: registers on the phone and enters the code the SMS simulator received. */
  async function register(page: Page, fullName: string, localPhone: string, phone: string) {
    await page.goto(`${run.server.url}/register`);
    await page.getByLabel('Full name').fill(fullName);
    await page.getByLabel('Phone number').fill(localPhone);
    await page.getByRole('checkbox', { name: /I agree to the Terms of Service/ }).check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('/register/verify');
    const code = /\b(\d{6})\b/.exec(await messageTo(run.server.url, phone, /\b\d{6}\b/))?.[1];
    await page.getByLabel('6-digit code').fill(code!);
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 10_000 }).toBe('/config');
  }

  it('registers, adds a business in three steps, and once staff approve it, it is found and the owner told', async () => {
    const { page, context, problems, thirdPartyRequests } = await openPhone(run.browser);
    const phone = '+254733111222';
    await register(page, 'Wanjiru Mwangi', '0733 111 222', phone);

    // Step 1: about. Next refuses an empty step and says why under each field.
    await page.goto(`${run.server.url}/config/business/new`);
    await page.getByRole('heading', { name: 'Add your business' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByText('This is needed.').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('business_name');
    const name = 'Wanjiru Tailoring Studio';
    await page.getByLabel('Business name').fill(name);
    await page.getByLabel('Search categories').fill('shop');
    await page.getByRole('checkbox', { name: 'Shops & Retail' }).check();
    // The categories' error goes once the choice is checked; wait, so the list below stops moving.
    await expect.poll(() => page.locator('#categories-error').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Machakos' }).check();
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await saveScreenshot(page, 'create-business-step1');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 2: the owner's phone is already there; WhatsApp is "Same as phone".
    await page.getByRole('heading', { name: 'Contact and place' }).waitFor();
    expect(await page.locator('#contact-phone').inputValue()).toBe('0733 111 222');
    expect(await page.getByRole('switch', { name: 'Same as phone' }).isChecked()).toBe(true);
    await page.getByLabel('Town').fill('Machakos Town');
    await page.getByLabel('Street or building').fill('Ngei Road');
    await page.getByLabel('Landmark').fill('Opposite the post office');
    await page.getByRole('button', { name: /M-Pesa/ }).click();
    await page.getByLabel('Till number').fill('5123');
    await page.getByRole('button', { name: 'Next' }).click();
    // Four digits are not a till number: the step stays, the field says so and has focus.
    await page.getByText('Use 5 to 7 digits.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('mpesa-till_number');
    await page.getByLabel('Till number').fill('512345');
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'create-business-step2');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 3: the summary, then send.
    const summary = page.getByTestId('wizard-summary');
    await summary.waitFor();
    const summaryText = await summary.innerText();
    for (const expected of [
      name,
      'Shops & Retail (main)',
      'Machakos',
      'Machakos Town',
      'Same as phone',
      'Till 512345',
    ]) {
      expect(summaryText).toContain(expected);
    }
    await saveScreenshot(page, 'create-business-step3');
    await page.getByRole('button', { name: 'Send for approval' }).click();
    await page.waitForURL(/\/config\/business\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    const businessId = /\/config\/business\/([0-9a-f-]{36})$/.exec(page.url())![1]!;

    const created = await apiGet<{
      status: string;
      review_state: string;
      content_json: Record<string, unknown>;
    }>(page, `/api/businesses/${businessId}`);
    expect(created).toMatchObject({ status: 'pending', review_state: 'awaiting_review' });
    expect(created.content_json).toMatchObject({
      categories: ['shops'],
      regions: ['machakos'],
      contact: { phone, whatsapp: phone },
      location: {
        city: 'Machakos Town',
        street_address1: 'Ngei Road',
        street_address2: 'Opposite the post office',
      },
      mpesa: { till_number: '512345' },
    });
    // The draft kept while typing is gone once sent (UI-DASH-14).
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('tafuta_draft:'))),
    ).toEqual([]);

    await (await approveInBackOffice(run.browser, run.server.url, name)).close();
    await expect
      .poll(
        async () => {
          const reply = await fetch(`${run.server.url}/api/search?q=wanjiru`);
          return ((await reply.json()) as { data: { business_id: string }[] }).data.map(
            (item) => item.business_id,
          );
        },
        { timeout: 15_000 },
      )
      .toContain(businessId);
    await page.goto(`${run.server.url}/search?q=wanjiru`);
    await expect
      .poll(() => page.getByTestId('listing-card').filter({ hasText: name }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(await messageTo(run.server.url, phone, /is approved/)).toContain(name);

    expect(problems).toEqual([]);
    expect(thirdPartyRequests).toEqual([]);
    await context.close();
  }, 120_000);

  it('saves Kiswahili text, and a stale second tab gets the conflict dialog and saves its text anyway', async () => {
    const db = run.database.current.db;
    const phone = '+254733444555';
    const { page, context, problems } = await openPhone(run.browser);
    await register(page, 'Baraka Otieno', '0733 444 555', phone);
    const owner = await db
      .selectFrom('users')
      .select('user_id')
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    const business = await createBusiness(db, {
      ownerId: owner.user_id,
      status: 'active',
      content: {
        profile: { en: { business_name: 'Baraka Hardware', tagline: 'Cement, iron sheets and paint' } },
      },
    });
    const profileUrl = `${run.server.url}/config/business/${business.business_id}/profile`;
    const second = await context.newPage();
    await page.goto(profileUrl);
    await second.goto(profileUrl);
    await page.getByTestId('profile-version').waitFor();
    await second.getByTestId('profile-version').waitFor();
    expect(await page.getByTestId('profile-version').innerText()).toContain('Version 1');
    // Nothing wider than the phone: the language tabs scroll inside their own row.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await saveScreenshot(page, 'profile-editor');

    // Tab one: the Kiswahili tab shows the English tagline as a hint until it has its own.
    await page.getByTestId('language-tab-sw').click();
    const swTagline = page.locator('#texts-sw-tagline');
    expect(await swTagline.getAttribute('placeholder')).toBe('Cement, iron sheets and paint');
    expect(await page.locator('[role="tabpanel"][lang="sw"]').count()).toBe(1);
    await swTagline.fill('Saruji, mabati na rangi');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('toast').filter({ hasText: 'Saved ✓' }).waitFor();
    await expect.poll(() => page.getByTestId('profile-version').innerText()).toContain('Version 2');
    await saveScreenshot(page, 'profile-editor-sw-saved');
    // The live preview follows the open tab's language (UI-CJ-03 fallback for the rest).
    await page.getByRole('button', { name: 'Show preview' }).click();
    const preview = page.getByTestId('profile-preview');
    expect(await preview.getAttribute('lang')).toBe('sw');
    expect(await preview.getByTestId('listing-card').innerText()).toContain('Saruji, mabati na rangi');
    await preview.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'profile-editor-preview');
    await page.getByRole('button', { name: 'Hide preview' }).click();

    // Tab two still holds version 1: its save is refused and the dialog says who saved since.
    await second.locator('#texts-en-tagline').fill('Cement, iron sheets, paint and nails');
    await second.getByRole('button', { name: 'Save changes' }).click();
    const dialog = second.getByRole('dialog');
    await expect.poll(() => dialog.innerText(), { timeout: 10_000 }).toContain('Someone else saved first');
    expect(await dialog.innerText()).toContain('version 2');
    expect(await dialog.getByRole('link', { name: 'See their version' }).getAttribute('href')).toBe(
      `/config/business/${business.business_id}/history/2`,
    );
    await saveScreenshot(second, 'profile-editor-conflict');
    await dialog.getByRole('button', { name: 'Save mine anyway' }).click();
    await second.getByTestId('toast').filter({ hasText: 'Saved ✓' }).waitFor();
    expect(await second.locator('#texts-en-tagline').inputValue()).toBe(
      'Cement, iron sheets, paint and nails',
    );

    // Both texts stand: the forced save sent only what tab two changed (UI-SAVE-04).
    const saved = await apiGet<{
      content_version: number;
      content_json: { profile: Record<string, { tagline?: string }> };
    }>(second, `/api/businesses/${business.business_id}`);
    expect(saved.content_version).toBe(3);
    expect(saved.content_json.profile.en?.tagline).toBe('Cement, iron sheets, paint and nails');
    expect(saved.content_json.profile.sw?.tagline).toBe('Saruji, mabati na rangi');

    // UI-SAVE-02: leaving with unsaved input asks first. UI-SAVE-01: the input is kept on the phone
    // (every 5 s) and offered back when the editor opens again.
    await second.locator('#texts-en-description').fill('Building materials for Machakos since 2015.');
    await second.getByTestId('bottom-nav-home').click();
    const leave = second.getByRole('dialog');
    await expect.poll(() => leave.innerText()).toContain('Leave without saving?');
    await leave.getByRole('button', { name: 'Keep editing' }).click();
    expect(new URL(second.url()).pathname).toBe(`/config/business/${business.business_id}/profile`);
    await second.waitForTimeout(5_500);
    const third = await context.newPage();
    await third.goto(profileUrl);
    await third.getByText("We kept changes you hadn't saved").waitFor();
    await third.getByRole('button', { name: 'Keep', exact: true }).click();
    expect(await third.locator('#texts-en-description').inputValue()).toBe(
      'Building materials for Machakos since 2015.',
    );
    expect(await third.getByRole('button', { name: 'Save changes' }).isEnabled()).toBe(true);

    expect(problems.filter((problem) => !/status of 409/.test(problem))).toEqual([]);
    await context.close();
  }, 90_000);
});
