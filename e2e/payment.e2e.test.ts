import { describe, expect, it } from 'vitest';
import { pageApi, payOnSimulator, pdfText, signInWithCode } from './flows.js';
import { chromiumAvailable, saveScreenshot, useServerRun } from './support.js';

/**
 * Issue 5's last promise: on the embedded default a person pays for website hosting on the PesaPal
 * simulator's page and downloads the receipt. The real server process serves its own simulator, so the
 * real PesaPal client, the IPN endpoint, the return page's polling and the PDF all run as in production.
 */
describe.runIf(chromiumAvailable)('paying for website hosting in Chromium', () => {
  const run = useServerRun({ SEED_DEMO_DATA: 'true' });

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
    await signInWithCode(page, run.server.url, '+254700100203', '0700 100 203');

    const mine = await pageApi<MyBusiness[]>(page, '/api/users/me/businesses?limit=50');
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

    const quote = await pageApi<{
      amount_kes: string;
      vat_amount: string;
      businesses: { subdomain_required: boolean }[];
    }>(page, '/api/payments/quote', cart);
    expect(quote.status).toBe(200);
    expect(quote.json.data.businesses[0]!.subdomain_required).toBe(true);
    const { amount_kes: amountKes, vat_amount: vatKes } = quote.json.data;

    const initiated = await pageApi<{ payment_id: string; status: string; redirect_url: string }>(
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
    expect(await payOnSimulator(page)).toBe(paymentId);

    const receiptLink = page.getByRole('link', { name: /Download receipt TFT-\d{4}-\d{5}/ });
    await expect.poll(() => receiptLink.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('status').innerText()).toContain(`Payment of KES ${amountKes} received`);
    await saveScreenshot(page, 'payment-return-paid');
    const receiptNumber = /TFT-\d{4}-\d{5}/.exec(await receiptLink.innerText())![0];

    const [download] = await Promise.all([page.waitForEvent('download'), receiptLink.click()]);
    expect(download.suggestedFilename()).toBe(`${receiptNumber}.pdf`);
    const text = await pdfText(await download.path());
    expect(text).toContain(receiptNumber);
    expect(text).toContain(paymentId);
    expect(text).toContain(`VAT 16%: ${vatKes}`);
    expect(text).toContain(`Total paid: KES ${amountKes}`);

    const status = await pageApi<{ status: string; transactions: { receipt_number: string }[] }>(
      page,
      `/api/payments/${paymentId}/status`,
    );
    expect(status.json.data).toMatchObject({
      status: 'completed',
      transactions: [{ receipt_number: receiptNumber }],
    });
    const after = await pageApi<MyBusiness[]>(page, '/api/users/me/businesses?limit=50');
    expect(after.json.data.find((row) => row.business_id === businessId)?.subdomain).toBe(subdomain);
    const services = await pageApi<{ service_type: string; status: string; months_paid: number }[]>(
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
