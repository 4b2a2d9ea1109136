import { describe, expect, it } from 'vitest';
import { createBusiness } from '../apps/api/src/test/factories.js';
import { signInAsStaff } from './flows.js';
import { chromiumAvailable, saveScreenshot, useServerRun } from './support.js';

/**
 * Issue 7, "Done when": a super admin signs in to the back office in Debian's Chromium, approves a pending
 * business from the approval queue, and the business then appears in the public search. Real server
 * process, real database; the demo data brings the super admin (admin@demo.tafuta.local).
 */
describe.runIf(chromiumAvailable)('the back office approval flow in Chromium', () => {
  const run = useServerRun({ SEED_DEMO_DATA: 'true' });

  it('signs in, approves a pending business from the queue, and the public search then finds it', async () => {
    const name = 'Zawadi Tailoring Studio';
    const pending = await createBusiness(run.database.current.db, {
      status: 'pending',
      content: { profile: { en: { business_name: name, tagline: 'School uniforms and alterations' } } },
    });
    const search = async () =>
      (
        (await (await fetch(`${run.server.url}/api/search?q=zawadi`)).json()) as {
          data: { business_id: string }[];
        }
      ).data;
    expect(await search()).toEqual([]);

    const context = await run.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));

    await signInAsStaff(page, run.server.url, '/admin/businesses/pending');
    await expect.poll(() => page.getByTestId('admin-identity').innerText()).toContain('Super Admin');

    const card = page.getByTestId('queue-card').filter({ hasText: name });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    await saveScreenshot(page, 'admin-queue');
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.innerText()).toContain('appear in public listings');
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();

    // The queue refreshes without the business; the public search finds it (search caches are cleared
    // when the approval commits).
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(0);
    await expect
      .poll(async () => (await search()).map((item) => item.business_id), { timeout: 15_000 })
      .toContain(pending.business_id);

    const visitor = await run.browser.newPage();
    await visitor.goto(`${run.server.url}/search?q=zawadi`);
    await expect
      .poll(() => visitor.getByTestId('listing-card').filter({ hasText: name }).count(), { timeout: 15_000 })
      .toBe(1);
    await saveScreenshot(visitor, 'admin-approved-in-search');

    const audit = await run.database.current.db
      .selectFrom('audit_logs')
      .select(['action', 'actor_role'])
      .where('entity_id', '=', pending.business_id)
      .where('action', '=', 'business_approved')
      .execute();
    expect(audit).toEqual([{ action: 'business_approved', actor_role: 'super_admin' }]);

    // ADM-156/158: a staff edit from the business page through the shared PATCH /api/businesses/:id
    // becomes a new "Staff edit" version in the content history, with the summary typed.
    await page.goto(`${run.server.url}/admin/businesses/${pending.business_id}`);
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel('Tagline').fill('Uniforms, alterations and repairs');
    await edit.getByLabel(/Change summary/).fill('Owner asked by phone');
    await edit.getByRole('button', { name: 'Save', exact: true }).click();
    const staffEdit = page.getByRole('row').filter({ hasText: 'Staff edit' });
    await expect.poll(() => staffEdit.count(), { timeout: 15_000 }).toBe(1);
    expect(await staffEdit.innerText()).toContain('Owner asked by phone');

    // The money and service screens load on their own lazy chunks.
    for (const [path, heading] of [
      ['transactions', 'All transactions'],
      ['refunds', 'Refunds'],
      ['discounts', 'Discounts'],
      ['services/active', 'Active services'],
    ]) {
      await page.goto(`${run.server.url}/admin/${path}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(heading);
    }
    expect(problems).toEqual([]);
    await visitor.close();
    await context.close();
  });
});
