import { afterAll, describe, expect, it } from 'vitest';
import { pageApi, payOnSimulator, pdfText, signInWithCode } from './flows.js';
import { chromiumAvailable, openPhone, saveScreenshot, useServerRun, type PhoneContext } from './support.js';

/**
 * Flow 2 (ERRATA 3, PAY-101/102): an owner of two approved businesses puts website hosting for both in
 * one cart, pays once on the PesaPal simulator's page, and gets one transaction and one receipt per
 * business — through the owner dashboard on a 360×640 phone, with the real server, IPN and PDFs. Then
 * My account: language and the marketing switch survive a reload.
 */
describe.runIf(chromiumAvailable)('the owner checkout and account in Chromium', () => {
  const run = useServerRun({ SEED_DEMO_DATA: 'true' });

  // One signed-in phone per person for the whole suite: a second code to the same number within a
  // minute would wait for the resend timer.
  const phones = new Map<string, PhoneContext>();
  afterAll(async () => {
    for (const phone of phones.values()) await phone.context.close();
  });
  async function phoneOf(localPhone: string, phone: string): Promise<PhoneContext> {
    let signed = phones.get(phone);
    if (!signed) {
      signed = await openPhone(run.browser);
      await signInWithCode(signed.page, run.server.url, phone, localPhone);
      phones.set(phone, signed);
    }
    return signed;
  }

  /** expect.poll with room for a loaded machine (its default gives up after one second). */
  const poll = <T>(read: () => Promise<T> | T, options: { timeout?: number } = {}) =>
    expect.poll(read, { timeout: options.timeout ?? 15_000 });

  /** "KES 1,392.00", as the checkout prints the API's "1392.00". */
  const kes = (amount: string) => `KES ${amount.replace(/\B(?=(\d{3})+(?!\d))(?=.*\.)/g, ',')}`;
  /** "21 Aug 2026", as the dashboard prints a calendar day in English. */
  const day = (date: string) =>
    new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${date}T00:00:00Z`));

  interface MyBusiness {
    business_id: string;
    business_name: string;
    status: string;
    role: string;
    subdomain: string | null;
    services: { service_type: string }[];
  }

  interface Quote {
    amount_kes: string;
    businesses: {
      business_id: string;
      vat_amount: string;
      amount_kes: string;
      lines: { new_last_service_date: string }[];
    }[];
  }

  it(
    'pays for website hosting for two businesses in one cart and gets a receipt for each',
    { timeout: 180_000 },
    async () => {
      // Otieno Odhiambo, a demo owner who reads English (demo-data.ts).
      const { page, thirdPartyRequests } = await phoneOf('0700 100 204', '+254700100204');

      const mine = await pageApi<MyBusiness[]>(page, '/api/users/me/businesses?limit=50');
      const unhosted = mine.json.data.filter(
        (row) =>
          row.role === 'owner' &&
          row.status === 'active' &&
          row.subdomain === null &&
          !row.services.some((service) => service.service_type === 'website_hosting'),
      );
      expect(
        unhosted.length,
        'the demo owner has two active businesses without a website',
      ).toBeGreaterThanOrEqual(2);
      const [first, second] = unhosted as [MyBusiness, MyBusiness];

      // First business: Add on the Services screen.
      await page.goto(`${run.server.url}/config/business/${first.business_id}/services`);
      await page.getByRole('button', { name: 'Add Website hosting' }).click();
      await poll(() => page.getByRole('status').filter({ hasText: 'Added to your cart.' }).count()).toBe(1);
      const cartSection = page.getByRole('region', { name: 'Your cart' });
      await cartSection.getByRole('button', { name: 'One month more' }).click();
      await poll(() => cartSection.getByText('2 months').count()).toBe(1);
      await saveScreenshot(page, 'config-services');

      // Second business: preselected by the link the website upsell and renewal banners use.
      await page.goto(`${run.server.url}/config/business/${second.business_id}/services?add=website_hosting`);
      await poll(() => page.getByRole('status').filter({ hasText: 'Added to your cart.' }).count()).toBe(1);
      expect(new URL(page.url()).search).toBe('');
      await poll(() =>
        cartSection.getByText('Your cart also has services for 1 other business.').count(),
      ).toBe(1);

      // The checkout: both businesses, a web address each, the server's total on the Pay button.
      await page.getByRole('link', { name: /^Go to checkout/ }).click();
      await page.waitForURL((url) => url.pathname === '/config/cart');
      const stamp = Date.now().toString(36).slice(-5);
      const addresses = new Map<string, string>();
      for (const [index, business] of [first, second].entries()) {
        const section = page.locator('section', {
          has: page.getByRole('link', { name: business.business_name }),
        });
        const address = `checkout-${stamp}-${index + 1}`;
        addresses.set(business.business_id, address);
        await section.getByLabel('Web address').fill(address);
        await poll(() => section.getByText(`${address}.tafuta.ke is free.`).count()).toBe(1);
      }
      const items = [
        { business_id: first.business_id, service_type: 'website_hosting', months: 2 },
        { business_id: second.business_id, service_type: 'website_hosting', months: 1 },
      ];
      const quote = (await pageApi<Quote>(page, '/api/payments/quote', { items })).json.data;
      const pay = page.getByRole('button', { name: `Pay ${kes(quote.amount_kes)} with PesaPal` });
      await poll(() => pay.isEnabled()).toBe(true);
      expect(await page.getByText('Next you can pay with M-Pesa, Airtel Money or card.').count()).toBe(1);
      await pay.scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'config-cart');

      // PesaPal's page (the simulator's): Pay records the payment, sends the IPN and comes back.
      await pay.click();
      await page.waitForURL((url) => url.pathname !== '/config/cart');
      const paymentId = await payOnSimulator(page);
      const receiptLinks = page.getByRole('link', { name: /Download receipt TFT-\d{4}-\d{5}/ });
      await poll(() => receiptLinks.count(), { timeout: 20_000 }).toBe(2);
      expect(await page.getByRole('status').innerText()).toContain(
        `Payment of KES ${quote.amount_kes} received`,
      );
      for (const business of [first, second]) {
        expect(await page.getByText(business.business_name, { exact: true }).count()).toBe(1);
      }
      await saveScreenshot(page, 'config-payment-return');

      // One payment, one transaction and one receipt per business (PAY-102).
      const status = await pageApi<{
        status: string;
        transactions: { business_id: string; receipt_number: string; status: string }[];
      }>(page, `/api/payments/${paymentId}/status`);
      expect(status.json.data.status).toBe('completed');
      expect(status.json.data.transactions.map((tx) => tx.business_id).sort()).toEqual(
        [first.business_id, second.business_id].sort(),
      );

      // Each receipt downloads with that business's own VAT and total, as quoted before paying.
      for (const tx of status.json.data.transactions) {
        const quoted = quote.businesses.find((entry) => entry.business_id === tx.business_id)!;
        const link = page.getByRole('link', { name: `Download receipt ${tx.receipt_number}` });
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        expect(download.suggestedFilename()).toBe(`${tx.receipt_number}.pdf`);
        const text = await pdfText(await download.path());
        expect(text).toContain(tx.receipt_number);
        expect(text).toContain(`VAT 16%: ${quoted.vat_amount}`);
        expect(text).toContain(`Total paid: KES ${quoted.amount_kes}`);
      }

      // The paid lines left the cart.
      await page.goto(`${run.server.url}/config/cart`);
      await poll(() => page.getByText('Your cart is empty.', { exact: false }).count()).toBe(1);

      // Both websites are active, until the day the quote promised (ERRATA 22).
      for (const business of [first, second]) {
        const quoted = quote.businesses.find((entry) => entry.business_id === business.business_id)!;
        await page.goto(`${run.server.url}/config/business/${business.business_id}/services`);
        const until = `Active until ${day(quoted.lines[0]!.new_last_service_date)}`;
        await poll(() => page.getByText(until).count()).toBe(1);
        const mineNow = await pageApi<MyBusiness[]>(page, '/api/users/me/businesses?limit=50');
        expect(mineNow.json.data.find((row) => row.business_id === business.business_id)?.subdomain).toBe(
          addresses.get(business.business_id),
        );
      }

      // Transactions (UI-TX-01..03): the purchase with its items, status and receipt; search narrows it.
      const firstTx = status.json.data.transactions.find((tx) => tx.business_id === first.business_id)!;
      await page.goto(`${run.server.url}/config/business/${first.business_id}/transactions`);
      await poll(() => page.getByText('Website hosting · 2 months').count()).toBe(1);
      expect(await page.getByRole('listitem').getByText('Completed', { exact: true }).count()).toBe(1);
      const firstQuote = quote.businesses.find((entry) => entry.business_id === first.business_id)!;
      expect(await page.getByText(kes(firstQuote.amount_kes), { exact: true }).count()).toBe(1);
      const pdfLink = page.getByRole('link', {
        name: `Receipt ${firstTx.receipt_number} (PDF, opens in a new tab)`,
      });
      expect(await pdfLink.getAttribute('href')).toMatch(/^\/api\/receipts\/[0-9a-f-]{36}\/download$/);
      expect(await pdfLink.getAttribute('target')).toBe('_blank');
      await saveScreenshot(page, 'config-transactions');
      await page.getByLabel('Search').fill('ads');
      await poll(() => page.getByText('No transactions match these filters.').count()).toBe(1);
      await page.getByLabel('Search').fill(firstTx.receipt_number.slice(-5));
      await poll(() => page.getByText('1 transaction', { exact: true }).count()).toBe(1);

      expect(thirdPartyRequests).toEqual([]);
    },
  );

  it('shows a changed total and asks again before paying (PAY-105)', { timeout: 90_000 }, async () => {
    // Faith Nduku Musyoka, another English-reading demo owner.
    const { page } = await phoneOf('0700 100 203', '+254700100203');
    const mine = await pageApi<MyBusiness[]>(page, '/api/users/me/businesses?limit=50');
    const business = mine.json.data.find(
      (row) =>
        row.role === 'owner' &&
        row.status === 'active' &&
        !row.services.some((service) => service.service_type === 'search_promotion'),
    );
    expect(business, 'the demo owner has an active business without promotion').toBeDefined();
    await page.goto(`${run.server.url}/config/business/${business!.business_id}/services`);
    await page.getByRole('button', { name: 'Add Search promotion' }).click();
    await page.getByRole('link', { name: /^Go to checkout/ }).click();
    const before = page.getByRole('button', { name: 'Pay KES 174.00 with PesaPal' });
    await poll(() => before.isEnabled()).toBe(true);

    // Staff change the price while the owner looks at the old total (PAY-024: read at initiation).
    const db = run.database.current.db;
    const fee = db
      .updateTable('fees')
      .where('service_type', '=', 'search_promotion')
      .where('active', '=', true);
    await fee.set({ price_per_month_cents: 25_000 }).execute();
    try {
      await before.click();
      const alert = page.getByRole('alert').filter({ hasText: 'The price changed' });
      await poll(() => alert.count()).toBe(1);
      expect(await alert.innerText()).toContain('The new total is KES 290.00');
      expect(new URL(page.url()).pathname).toBe('/config/cart');
      // A new attempt with the new total goes through to PesaPal's page.
      await page.getByRole('button', { name: 'Pay KES 290.00 with PesaPal' }).click();
      await page.waitForURL((url) => url.pathname !== '/config/cart');
      await page.getByRole('button', { name: /^Pay KES 290/ }).waitFor();
    } finally {
      await fee.set({ price_per_month_cents: 15_000 }).execute();
    }
  });

  it('keeps the chosen language and the marketing switch across a reload', { timeout: 90_000 }, async () => {
    // Faith again: no marketing by default.
    const { page } = await phoneOf('0700 100 203', '+254700100203');
    await page.goto(`${run.server.url}/config/profile`);
    const smsSwitch = page.getByRole('switch').first();
    await smsSwitch.waitFor();
    expect(await smsSwitch.getAttribute('aria-checked')).toBe('false');
    await saveScreenshot(page, 'config-account');

    await page.getByLabel('Language', { exact: true }).selectOption('sw');
    await poll(() => page.locator('html').getAttribute('lang')).toBe('sw');
    await poll(() => page.getByRole('heading', { level: 1, name: 'Akaunti yangu' }).count()).toBe(1);
    await smsSwitch.click();
    await poll(() => smsSwitch.getAttribute('aria-checked')).toBe('true');

    await page.reload();
    const switchAfter = page.getByRole('switch', { name: 'Ofa na habari kwa SMS' });
    await switchAfter.waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('sw');
    expect(await switchAfter.getAttribute('aria-checked')).toBe('true');
    expect(
      await page.getByRole('switch', { name: 'Ofa na habari kwa barua pepe' }).getAttribute('aria-checked'),
    ).toBe('false');
    const me = await pageApi<{ language_preference: string; preferences: { marketing_sms_opt_in: boolean } }>(
      page,
      '/api/users/me',
    );
    expect(me.json.data.language_preference).toBe('sw');
    expect(me.json.data.preferences.marketing_sms_opt_in).toBe(true);
  });
});
