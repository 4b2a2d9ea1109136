import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable, saveScreenshot, useServerRun } from './support.js';

/**
 * Issue 5's last promise: on the embedded default a person pays for website hosting on the PesaPal
 * simulator's page and downloads the receipt. The real server process serves its own simulator, so the
 * real PesaPal client, the IPN endpoint, the return page's polling and the PDF all run as in production.
 */
describe.runIf(chromiumAvailable)('paying for website hosting in Chromium', () => {
  const run = useServerRun({ SEED_DEMO_DATA: 'true' });

  interface Reply<T> {
    status: number;
    json: { data: T; error?: { code: string; message: string } };
  }

  /**
   * A same-origin API call from the page, so the session cookie and the Origin header are the app's own
   * (the origin guard refuses writes from anywhere else).
   */
  function api<T = Record<string, unknown>>(
    page: Page,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    return page.evaluate(
      async ({ path, body, headers }) => {
        const response = await fetch(path, {
          method: body === undefined ? 'GET' : 'POST',
          headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, json: await response.json() };
      },
      { path, body, headers },
    );
  }

  /**
   * Signs in on the login page, as a person would, with the code the SMS simulator received. (An API-only
   * sign-in would leave the app without its "signed in on this device" hint, so the return page would
   * send the person to the login page.)
   */
  async function signIn(page: Page, localPhone: string, phone: string) {
    await page.goto(`${run.server.url}/login`);
    await page.getByLabel('Phone number').fill(localPhone);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('6-digit code').waitFor();
    const outbox = await api<{ recipient: string; body: string }[]>(page, '/api/dev/outbox');
    const sms = outbox.json.data.find((message) => message.recipient === phone);
    const code = /#(\d{6})/.exec(sms?.body ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await page.getByLabel('6-digit code').fill(code!);
    // The form submits itself once six digits are in; pressing Continue as well is harmless.
    await page
      .getByRole('button', { name: 'Continue' })
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    await page.waitForURL((url) => url.pathname === '/config');
  }

  interface MyBusiness {
    business_id: string;
    business_tag: string;
    status: string;
    role: string;
    subdomain: string | null;
    services: { service_type: string; status: string }[];
  }

  it('pays on the simulator page, sees "paid" on the return page and downloads the receipt', async () => {
    const context = await run.browser.newContext({ acceptDownloads: true, locale: 'en-KE' });
    const page = await context.newPage();
    // Faith Nduku Musyoka, a demo owner who reads English (demo-data.ts).
    await signIn(page, '0700 100 203', '+254700100203');

    const mine = await api<MyBusiness[]>(page, '/api/users/me/businesses?limit=50');
    const business = mine.json.data.find(
      (row) =>
        row.role === 'owner' &&
        row.status === 'active' &&
        row.subdomain === null &&
        !row.services.some((service) => service.service_type === 'website_hosting'),
    );
    expect(business, 'the demo owner has an active business without a website').toBeDefined();
    const businessId = business!.business_id;
    const subdomain = `${business!.business_tag.slice(0, 50)}-site`;
    const cart = {
      items: [{ business_id: businessId, service_type: 'website_hosting', months: 1 }],
      subdomains: [{ business_id: businessId, subdomain }],
    };

    const quote = await api<{
      amount_kes: string;
      vat_amount: string;
      businesses: { subdomain_required: boolean }[];
    }>(page, '/api/payments/quote', cart);
    expect(quote.status).toBe(200);
    expect(quote.json.data.businesses[0]!.subdomain_required).toBe(true);
    const { amount_kes: amountKes, vat_amount: vatKes } = quote.json.data;

    const initiated = await api<{ payment_id: string; status: string; redirect_url: string }>(
      page,
      '/api/payments/initiate',
      { ...cart, expected_total_kes: amountKes },
      { 'Idempotency-Key': crypto.randomUUID() },
    );
    expect(initiated.status, JSON.stringify(initiated.json.error)).toBe(201);
    const { payment_id: paymentId, redirect_url: redirectUrl } = initiated.json.data;
    expect(initiated.json.data.status).toBe('pending');
    expect(new URL(redirectUrl).origin).toBe(run.server.url);

    // PesaPal's hosted page (the simulator's): pressing Pay records the payment, sends the IPN and
    // redirects to the callback URL, the app's return page.
    await page.goto(redirectUrl);
    await page.getByRole('button', { name: /^Pay KES/ }).click();
    await page.waitForURL(/\/config\/payments\/return\?/);
    expect(new URL(page.url()).searchParams.get('OrderMerchantReference')).toBe(paymentId);

    const receiptLink = page.getByRole('link', { name: /Download receipt TFT-\d{4}-\d{5}/ });
    await expect.poll(() => receiptLink.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('status').innerText()).toContain(`Payment of KES ${amountKes} received`);
    await saveScreenshot(page, 'payment-return-paid');
    const receiptNumber = /TFT-\d{4}-\d{5}/.exec(await receiptLink.innerText())![0];

    const [download] = await Promise.all([page.waitForEvent('download'), receiptLink.click()]);
    expect(download.suggestedFilename()).toBe(`${receiptNumber}.pdf`);
    const pdf = fs.readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = await parser.getText().then((result) => result.text, undefined);
    await parser.destroy();
    expect(text).toContain(receiptNumber);
    expect(text).toContain(paymentId);
    expect(text).toContain(`VAT 16%: ${vatKes}`);
    expect(text).toContain(`Total paid: KES ${amountKes}`);

    const status = await api<{ status: string; transactions: { receipt_number: string }[] }>(
      page,
      `/api/payments/${paymentId}/status`,
    );
    expect(status.json.data).toMatchObject({
      status: 'completed',
      transactions: [{ receipt_number: receiptNumber }],
    });
    const after = await api<MyBusiness[]>(page, '/api/users/me/businesses?limit=50');
    expect(after.json.data.find((row) => row.business_id === businessId)?.subdomain).toBe(subdomain);
    const services = await api<{ service_type: string; status: string; months_paid: number }[]>(
      page,
      `/api/businesses/${businessId}/subscriptions`,
    );
    expect(services.json.data.find((row) => row.service_type === 'website_hosting')).toMatchObject({
      status: 'active',
      months_paid: 1,
    });
    await context.close();
  });
});
