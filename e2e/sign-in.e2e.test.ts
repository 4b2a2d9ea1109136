import { describe, expect, it } from 'vitest';
import { pageApi } from './flows.js';
import { chromiumAvailable, useServerRun } from './support.js';

/**
 * The embedded default's promise (issue: Identity): a newcomer registers with a phone number, reads the
 * code on /dev/outbox, and is signed in; the demo super admin can sign in as staff. All in Chromium,
 * against the real server process with its built-in SMS and email simulators.
 */
describe.runIf(chromiumAvailable)('sign-in through the dev outbox in Chromium', () => {
  const run = useServerRun({ SEED_DEMO_DATA: 'true' });

  it('registers, reads the code on /dev/outbox and signs in', async () => {
    const page = await (await run.browser.newContext()).newPage();
    await page.goto(`${run.server.url}/`);
    const registered = await pageApi(page, '/api/auth/register', {
      phone: '0722 000 111',
      full_name: 'Mutheu Kilonzo',
      nickname: '<b>Mutheu</b>',
      terms_version: '1.0',
      privacy_version: '1.0',
    });
    expect(registered.status).toBe(201);
    expect(registered.json.data).toMatchObject({ phone: '+254722000111' });

    await page.goto(`${run.server.url}/dev/outbox`);
    const outbox = await page.locator('table').innerText();
    expect(outbox).toContain('+254722000111');
    const code = /#(\d{6})/.exec(outbox)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    await page.goto(`${run.server.url}/`);
    const verified = await pageApi(page, '/api/auth/verify-otp', { phone: '+254722000111', code });
    expect(verified.status).toBe(200);
    expect(verified.json.data).toMatchObject({ user: { verification_tier: 'basic' } });
    const me = await pageApi(page, '/api/users/me');
    expect(me.status).toBe(200);
    expect(me.json.data).toMatchObject({ nickname: '<b>Mutheu</b>' });
    const cookies = await page.context().cookies();
    expect(cookies.find((cookie) => cookie.name === 'tafuta_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
  });

  it('logs out from the dashboard menu and leaves no drafts or cart on the phone', async () => {
    const page = await (await run.browser.newContext()).newPage();
    await page.goto(`${run.server.url}/`);
    const phone = '+254722000222';
    const registered = await pageApi(page, '/api/auth/register', {
      phone,
      full_name: 'Kioko Musyoka',
      terms_version: '1.0',
      privacy_version: '1.0',
    });
    expect(registered.status).toBe(201);
    await page.goto(`${run.server.url}/dev/outbox`);
    const row = page.locator('tr', { hasText: phone }).first();
    const code = /#(\d{6})/.exec(await row.innerText())?.[1];
    await page.goto(`${run.server.url}/`);
    expect((await pageApi(page, '/api/auth/verify-otp', { phone, code })).status).toBe(200);

    // What an editor and the cart leave behind (UI-SAVE-01, UI-ACC-05), next to a language choice,
    // and the signed-in hint the sign-in pages set (lib/session.ts).
    await page.evaluate(() => {
      localStorage.setItem('tafuta_signed_in', '1');
      localStorage.setItem('tafuta_draft:someone:new:create', '{"savedAt":"x","values":{}}');
      localStorage.setItem('tafuta_cart:someone', '{"lines":[],"businesses":{},"pending":[]}');
      localStorage.setItem('tafuta_lang', 'en');
    });
    await page.goto(`${run.server.url}/config`);
    await page.getByRole('button', { name: 'Your account menu' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(`${run.server.url}/`);
    await expect
      .poll(() =>
        page.evaluate(() => Object.keys(localStorage).filter((key) => /^tafuta_(draft|cart):/.test(key))),
      )
      .toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('tafuta_lang'))).toBe('en');
    expect(await page.evaluate(() => localStorage.getItem('tafuta_signed_in'))).toBeNull();
    expect((await pageApi(page, '/api/users/me')).status).toBe(401);
    await page.context().close();
  });

  it('signs the demo super admin in to a staff session', async () => {
    const page = await (await run.browser.newContext()).newPage();
    await page.goto(`${run.server.url}/`);
    const login = await pageApi(page, '/api/admin/auth/login', {
      email: 'admin@demo.tafuta.local',
      password: 'tafuta-demo-admin',
    });
    expect(login.status).toBe(200);
    expect(login.json.data).toMatchObject({ staff_role: 'super_admin' });
    const me = await pageApi(page, '/api/users/me');
    expect(me.json.data).toMatchObject({ staff_role: 'super_admin' });
  });
});
