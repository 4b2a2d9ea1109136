import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBusiness, grantService } from '../apps/api/src/test/factories.js';
import { verifiedAccount } from '../apps/api/src/test/identity-flows.js';
import { approveInBackOffice, readOutbox, signInWithCode } from './flows.js';
import {
  chromiumAvailable,
  keepExternalLinksInApp,
  openPhone,
  saveScreenshot,
  useServerRun,
} from './support.js';

/**
 * The owner dashboard's frame and home screens in Chromium on a 360×640 phone (ui.md §10.1–10.4, §10.14,
 * §10.16), against the real server with the demo directory:
 * - flow 3: a visitor finds a hosted business, taps Call and Website; its owner sees both counted on
 *   the overview's stats card;
 * - flow 4: staff approve a pending business in the back office; the owner's SMS and email are in the
 *   dev outbox and the dashboard says "Live";
 * - settings: a service banner, the page link, hide and show again; a stranger is kept out;
 * - a screenshot tour of every dashboard screen.
 */
describe.runIf(chromiumAvailable)('the owner dashboard on a phone', () => {
  const run = useServerRun({ SEED_DEMO_DATA: 'true' });

  const outbox = () => readOutbox(run.server.url);
  const signIn = (page: Page, phone: string) => signInWithCode(page, run.server.url, phone);

  /** The owner of a demo business, switched to English so the assertions read one language. */
  async function ownerOf(businessTag: string) {
    const { db } = run.database.current;
    const row = await db
      .selectFrom('businesses as b')
      .innerJoin('user_business_roles as r', 'r.business_id', 'b.business_id')
      .innerJoin('users as u', 'u.user_id', 'r.user_id')
      .select(['b.business_id', 'b.business_name', 'u.user_id', 'u.phone'])
      .where('b.business_tag', '=', businessTag)
      .where('r.role', '=', 'owner')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('users')
      .set({ language_preference: 'en' })
      .where('user_id', '=', row.user_id)
      .execute();
    if (!row.phone) throw new Error(`the demo owner of ${businessTag} has no phone`);
    return { ...row, phone: row.phone };
  }

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).first();

  /**
   * UI-GEN-02 / UI-A11Y-10: how far the page is wider than the 360 px phone. A phone browser widens its
   * layout viewport to fit wider content, so compare with the screen, not the viewport.
   */
  const overflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.screen.width);

  it('flow 3: a visitor calls and opens the website, and the owner sees both counted', async () => {
    const owner = await ownerOf('kamba-kitchen-hotel');
    const visitor = await openPhone(run.browser);
    await keepExternalLinksInApp(visitor.page);
    await visitor.page.goto(`${run.server.url}/`);
    await visitor.page.getByRole('searchbox').first().fill('kamba kitchen');
    const card = visitor.page.getByTestId('listing-card').filter({ hasText: owner.business_name });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    await card.getByRole('link', { name: owner.business_name }).click();
    await expect
      .poll(() => heading(visitor.page).textContent(), { timeout: 15_000 })
      .toContain(owner.business_name);
    await visitor.page.getByRole('link', { name: 'Call' }).first().click();
    await visitor.page.getByRole('link', { name: 'Website' }).first().click();
    // The taps travel batched, within 5 s (UI-TRK-03); wait until the server has counted them.
    const counted = async () =>
      Object.fromEntries(
        (
          await run.database.current.db
            .selectFrom('business_event_counts')
            .select(['event_type', 'count'])
            .where('business_id', '=', owner.business_id)
            .execute()
        ).map((row) => [row.event_type, Number(row.count)]),
      );
    await expect
      .poll(counted, { timeout: 20_000, interval: 500 })
      .toMatchObject({ call_click: 1, website_click: 1, detail_view: 1 });
    expect(visitor.thirdPartyRequests).toEqual([]);
    expect(visitor.problems).toEqual([]);
    await visitor.context.close();

    const phone = await openPhone(run.browser);
    await signIn(phone.page, owner.phone);
    await phone.page.goto(`${run.server.url}/config/business/${owner.business_id}`);
    const stat = (type: string) => phone.page.getByTestId(`stat-${type}`).locator('dd');
    await expect
      .poll(
        async () => {
          await phone.page.reload();
          await phone.page.getByTestId('stats-card').waitFor();
          return (await stat('call_click').count()) > 0 ? await stat('call_click').textContent() : null;
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe('1');
    expect(await stat('website_click').textContent()).toBe('1');
    expect(await stat('detail_view').textContent()).toBe('1');
    expect(await phone.page.getByTestId('stat-call_click').locator('dt').textContent()).toBe('Calls');
    // A hosted business shows its web address on the overview (UI-DASH-15).
    expect(await phone.page.getByTestId('web-address').textContent()).toContain(
      'kamba-kitchen-hotel.localhost',
    );
    await saveScreenshot(phone.page, 'dashboard-flow3-stats');
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  }, 90_000);

  it('flow 4: staff approve a business; the owner gets SMS and email and sees it live', async () => {
    const { db } = run.database.current;
    const email = `owner-${Date.now()}@example.com`;
    const owner = await verifiedAccount(db, { consent: true, email });
    const name = 'Mwikali Tailoring Studio';
    const pending = await createBusiness(db, {
      ownerId: owner.userId,
      status: 'pending',
      content: { profile: { en: { business_name: name } } },
    });

    // Before approval the owner sees the pending chip and the UI-DASH-09 banner.
    const phone = await openPhone(run.browser);
    await signIn(phone.page, owner.phone);
    const homeCard = phone.page.getByTestId('home-business-card').filter({ hasText: name });
    await expect
      .poll(() => homeCard.getByTestId('status-chip').textContent(), { timeout: 15_000 })
      .toBe('Waiting for approval');
    await homeCard.getByRole('link', { name: `Manage ${name}` }).click();
    await expect
      .poll(() => phone.page.getByTestId('status-banner').textContent(), { timeout: 15_000 })
      .toContain('Our team checks every new business');

    const staff = await approveInBackOffice(run.browser, run.server.url, name);
    // The dev outbox page shows what the simulators received: the approval SMS and email (ADM-125).
    await expect
      .poll(
        async () => {
          await staff.page.goto(`${run.server.url}/dev/outbox`);
          const text = await staff.page.locator('body').innerText();
          return text.includes(`${name} is approved`) && text.includes(email) && text.includes(owner.phone);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    const sent = (await outbox()).filter((entry) =>
      /is approved/.test(`${entry.subject ?? ''} ${entry.body}`),
    );
    expect(sent.filter((entry) => entry.channel === 'sms' && entry.recipient === owner.phone)).toHaveLength(
      1,
    );
    expect(sent.filter((entry) => entry.channel === 'email' && entry.recipient === email)).toHaveLength(1);
    await staff.close();

    // The owner's next screen: "Live", no banner, and the bell has the news (refreshed on navigation).
    await phone.page.getByRole('link', { name: 'Home', exact: true }).first().click();
    await expect
      .poll(() => homeCard.getByTestId('status-chip').textContent(), { timeout: 15_000 })
      .toBe('Live');
    await expect
      .poll(() => phone.page.getByTestId('notifications-bell').getAttribute('aria-label'), {
        timeout: 15_000,
      })
      .toMatch(/Notifications, [1-9]\d* unread/);
    await phone.page.getByTestId('notifications-bell').click();
    const notice = phone.page.getByTestId('notification').filter({ hasText: 'Business approved' });
    await expect.poll(() => notice.getAttribute('data-unread'), { timeout: 15_000 }).toBe('true');
    await saveScreenshot(phone.page, 'dashboard-notifications-approved');
    await notice.click();
    await phone.page.waitForURL(`**/config/business/${pending.business_id}`);
    await expect.poll(() => phone.page.getByTestId('status-chip').first().textContent()).toBe('Live');
    expect(await phone.page.getByTestId('status-banner').count()).toBe(0);
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  }, 120_000);

  it('changes the page link, hides the business and shows it again; a stranger is kept out', async () => {
    const { db } = run.database.current;
    const owner = await verifiedAccount(db, { consent: true });
    const business = await createBusiness(db, {
      ownerId: owner.userId,
      status: 'active',
      content: { profile: { en: { business_name: 'Mutiso Hardware' } } },
    });
    // Website hosting whose last day is three days from today (Nairobi): the UI-DASH-11 banner.
    const lastDay = new Date(Date.now() + 3 * 86_400_000);
    const day = (date: Date) => date.toLocaleDateString('en-CA', { timeZone: 'Africa/Nairobi' });
    await grantService(db, business.business_id, 'website_hosting', {
      expirationDate: day(new Date(lastDay.getTime() + 86_400_000)),
    });
    const phone = await openPhone(run.browser);
    await signIn(phone.page, owner.phone);
    await phone.page.goto(`${run.server.url}/config/business/${business.business_id}/settings`);
    const serviceBanner = phone.page.getByTestId('service-banner');
    await expect.poll(() => serviceBanner.textContent(), { timeout: 15_000 }).toContain('(3 days left)');
    expect(await serviceBanner.getByRole('link', { name: 'Renew' }).getAttribute('href')).toBe(
      `/config/business/${business.business_id}/services?renew=website_hosting`,
    );

    // UI-SET-01: the page link, checked as typed, changed only after the warning is confirmed.
    const link = phone.page.getByRole('textbox', { name: 'Page link' });
    await link.fill('Mutiso Hardware Kangundo');
    expect(await link.inputValue()).toBe('mutiso-hardware-kangundo');
    await expect.poll(() => phone.page.getByText('This link is free.').count(), { timeout: 15_000 }).toBe(1);
    await phone.page.getByRole('button', { name: 'Change link' }).click();
    await phone.page.getByRole('dialog').getByRole('button', { name: 'Yes, change it' }).click();
    await expect.poll(() => phone.page.getByText('Link changed.').count(), { timeout: 15_000 }).toBe(1);
    const tagNow = await db
      .selectFrom('businesses')
      .select('business_tag')
      .where('business_id', '=', business.business_id)
      .executeTakeFirstOrThrow();
    expect(tagNow.business_tag).toBe('mutiso-hardware-kangundo');

    await phone.page.getByRole('button', { name: 'Hide my business' }).click();
    const dialog = phone.page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('Your website goes offline.');
    await dialog.getByRole('radio', { name: 'Other' }).check();
    // "Other" needs a word of explanation before the dialog sends.
    expect(await dialog.getByRole('button', { name: 'Hide it' }).isDisabled()).toBe(true);
    await dialog.getByLabel(/Tell us a bit more/).fill('Renovating the shop');
    await saveScreenshot(phone.page, 'dashboard-settings-hide');
    await dialog.getByRole('button', { name: 'Hide it' }).click();
    await expect
      .poll(() => phone.page.getByTestId('status-banner').textContent(), { timeout: 15_000 })
      .toContain('Your business is hidden from Tafuta.');
    const row = () =>
      db
        .selectFrom('businesses')
        .select(['status', 'status_reason'])
        .where('business_id', '=', business.business_id);
    expect(await row().executeTakeFirstOrThrow()).toEqual({
      status: 'deactivated',
      status_reason: 'Renovating the shop',
    });

    await phone.page.getByTestId('status-banner').getByRole('button', { name: 'Show it again' }).click();
    await expect.poll(() => phone.page.getByTestId('status-banner').count(), { timeout: 15_000 }).toBe(0);
    expect((await row().executeTakeFirstOrThrow()).status).toBe('active');
    expect(phone.problems).toEqual([]);
    await phone.context.close();

    const stranger = await verifiedAccount(db, { consent: true });
    const other = await openPhone(run.browser);
    await signIn(other.page, stranger.phone);
    // A person with no business sees the empty state and no Business/Services tabs (UI-DASH-02/07).
    await other.page.getByTestId('home-empty').waitFor();
    expect(await other.page.getByTestId('bottom-nav-business').count()).toBe(0);
    await other.page.goto(`${run.server.url}/config/business/${business.business_id}`);
    await expect
      .poll(() => other.page.getByTestId('business-no-access').textContent(), { timeout: 15_000 })
      .toContain("You don't have permission for this — ask the business owner.");
    await other.context.close();
  }, 90_000);

  it('tours every dashboard screen at 360×640', async () => {
    // Another hosted business's owner: a second code to flow 3's owner would meet the resend wait.
    const owner = await ownerOf('lake-view-guest-house');
    const phone = await openPhone(run.browser);
    await signIn(phone.page, owner.phone);
    const base = `/config/business/${owner.business_id}`;
    const screens: [name: string, path: string][] = [
      ['home', '/config'],
      ['overview', base],
      ['profile', `${base}/profile`],
      ['photos', `${base}/photos`],
      ['website', `${base}/website`],
      ['services', `${base}/services`],
      ['cart', '/config/cart'],
      ['transactions', `${base}/transactions`],
      ['history', `${base}/history`],
      ['history-version', `${base}/history/1`],
      ['team', `${base}/users`],
      ['settings', `${base}/settings`],
      ['notifications', '/config/notifications'],
      ['account', '/config/profile'],
    ];
    // In-app navigation, as a person tapping through: a full reload per screen would refetch every
    // shared read and run into the signed-in rate limit (RL-01, 60 a minute).
    const go = (path: string) =>
      phone.page.evaluate((to) => {
        window.history.pushState({}, '', to);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, path);
    const looks: { name: string; titled: boolean; wider: number }[] = [];
    for (const [name, path] of screens) {
      await go(path);
      await phone.page.waitForURL(`**${path}`);
      const titled = await heading(phone.page)
        .waitFor({ timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      // Let the screen's own data arrive (skeletons gone) before the picture.
      await phone.page
        .waitForFunction(
          () => document.querySelectorAll('.skeleton, .animate-pulse').length === 0,
          undefined,
          {
            timeout: 10_000,
          },
        )
        .catch(() => undefined);
      await saveScreenshot(phone.page, `dashboard-${name}`);
      looks.push({ name, titled, wider: await overflow(phone.page) });
    }
    // Every screen has its title and fits the phone; one list, so a failure names every screen at once.
    expect(looks.filter((look) => !look.titled || look.wider > 0)).toEqual([]);

    // The shell around every screen: this owner has several businesses, so the switcher shows.
    await go(base);
    await phone.page.getByRole('button', { name: /Switch business/ }).click();
    expect(await phone.page.getByRole('menuitem').count()).toBeGreaterThan(1);
    await saveScreenshot(phone.page, 'dashboard-switcher');
    await phone.page.keyboard.press('Escape');

    // The add-a-business wizard, step by step (nothing is sent).
    await go('/config/business/new');
    await phone.page.getByLabel('Business name').waitFor();
    await saveScreenshot(phone.page, 'dashboard-create-step1');
    await phone.page.getByLabel('Business name').fill('Tour Test Shop');
    await phone.page.getByLabel('Search categories').fill('shop');
    await phone.page.getByRole('checkbox', { name: 'Shops & Retail' }).check();
    await phone.page.getByRole('checkbox', { name: 'Machakos' }).check();
    await phone.page.getByRole('button', { name: 'Next' }).click();
    await phone.page.getByRole('heading', { name: 'Contact and place' }).waitFor();
    await saveScreenshot(phone.page, 'dashboard-create-step2');
    await phone.page.getByLabel('Town').fill('Machakos Town');
    await phone.page.getByRole('button', { name: 'Next' }).click();
    await phone.page.getByRole('button', { name: 'Send for approval' }).waitFor();
    await saveScreenshot(phone.page, 'dashboard-create-step3');

    // From 768 px the side navigation lists the business's sections for the role (UI-DASH-02).
    const desktop = await run.browser.newContext({
      viewport: { width: 1280, height: 800 },
      storageState: await phone.context.storageState(),
    });
    const wide = await desktop.newPage();
    await wide.goto(`${run.server.url}${base}`);
    const side = wide.getByRole('navigation', { name: 'Dashboard' });
    await expect
      .poll(() => side.getByRole('link').allInnerTexts(), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([
          'Overview',
          'Profile',
          'Photos',
          'Website',
          'Services',
          'Transactions',
          'Team',
        ]),
      );
    expect(await side.getByRole('link', { name: 'Settings' }).count()).toBe(1);
    expect(await wide.getByTestId('bottom-nav-home').isVisible()).toBe(false);
    await saveScreenshot(wide, 'dashboard-desktop-overview');
    await desktop.close();
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  }, 180_000);
});
