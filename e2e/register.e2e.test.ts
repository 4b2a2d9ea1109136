import { describe, expect, it } from 'vitest';
import { chromiumAvailable, openPhone, saveScreenshot, useServerRun } from './support.js';

/**
 * Issue 8, "Done when": a newcomer registers on a 360×640 phone with the real screens (ui.md §11), reads
 * the code the built-in SMS simulator received on the dev outbox, types it and lands signed in.
 */
describe.runIf(chromiumAvailable)('registering on a phone', () => {
  const run = useServerRun();

  /** The newest SMS to a number, as the dev outbox lists it (newest first). */
  async function codeSentTo(phone: string): Promise<string> {
    let code: string | undefined;
    await expect
      .poll(
        async () => {
          const reply = (await (await fetch(`${run.server.url}/api/dev/outbox?limit=20`)).json()) as {
            data: { recipient: string; body: string }[];
          };
          const message = reply.data.find((entry) => entry.recipient === phone);
          code = message ? /\b(\d{6})\b/.exec(message.body)?.[1] : undefined;
          return code;
        },
        { timeout: 10_000, interval: 250 },
      )
      .toMatch(/^\d{6}$/);
    return code!;
  }

  it('registers with a phone number, enters the code from the outbox and is signed in', async () => {
    const { page, context, problems, thirdPartyRequests } = await openPhone(run.browser);
    await page.goto(`${run.server.url}/register`);
    await page.getByLabel('Full name').fill('Wanjiru Mwangi');
    await page.getByLabel('Phone number').fill('0712 345 678');
    await page.getByRole('checkbox', { name: /I agree to the Terms of Service/ }).check();
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'register');
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('/register/verify');
    // UI-AUTH-03: the code box submits by itself at six digits.
    await page.getByLabel('6-digit code').fill(await codeSentTo('+254712345678'));
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('/config');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 })
      .toContain("You're in!");

    // Signed in for real: the session cookie works for the API as it would on the next visit.
    const me = await page.evaluate(async () => {
      const response = await fetch('/api/users/me');
      return { status: response.status, body: (await response.json()) as { data: { phone: string } } };
    });
    expect(me.status).toBe(200);
    expect(me.body.data.phone).toBe('+254712345678');
    const session = (await context.cookies()).find((cookie) => cookie.name === 'tafuta_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(problems).toEqual([]);
    expect(thirdPartyRequests).toEqual([]);
    await context.close();
  });
});
