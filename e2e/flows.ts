import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PDFParse } from 'pdf-parse';
import { expect } from 'vitest';

/** What the SMS and email simulators received, as GET /api/dev/outbox lists it (newest first). */
export interface OutboxEntry {
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
}

export async function readOutbox(serverUrl: string): Promise<OutboxEntry[]> {
  const reply = await fetch(`${serverUrl}/api/dev/outbox?limit=100`);
  return ((await reply.json()) as { data: OutboxEntry[] }).data;
}

/** The newest message to a number whose text matches, polled until the simulator has it. */
export async function messageTo(serverUrl: string, phone: string, pattern: RegExp): Promise<string> {
  let body = '';
  await expect
    .poll(
      async () => {
        const sent = await readOutbox(serverUrl);
        body = sent.find((entry) => entry.recipient === phone && pattern.test(entry.body))?.body ?? '';
        return body;
      },
      { timeout: 15_000, interval: 250 },
    )
    .toMatch(pattern);
  return body;
}

export interface PageReply<T> {
  status: number;
  json: { data: T; error?: { code: string; message: string } };
}

/**
 * A same-origin API call from the page, so the session cookie and the Origin header are the app's own
 * (the origin guard refuses writes from anywhere else). GET without a body, POST with one.
 */
export function pageApi<T = Record<string, unknown>>(
  page: Page,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<PageReply<T>> {
  return page.evaluate(
    async ({ path, body, headers }) => {
      const response = await fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as PageReply<T>['json'] };
    },
    { path, body, headers },
  );
}

/**
 * Signs in on the login page, as a person would, with the code the SMS simulator received. (An API-only
 * sign-in would leave the app without its "signed in on this device" hint, so pages that check it would
 * send the person to the login page.) `typed` is the number as entered, e.g. "0700 100 203".
 */
export async function signInWithCode(
  page: Page,
  serverUrl: string,
  phone: string,
  typed: string = phone,
): Promise<void> {
  // Only a code sent after this point counts: an older one to the same number is no longer valid.
  const before = (await readOutbox(serverUrl)).filter((entry) => entry.recipient === phone).length;
  await page.goto(`${serverUrl}/login`);
  await page.getByLabel('Phone number').fill(typed);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByLabel('6-digit code').waitFor();
  let code: string | undefined;
  await expect
    .poll(
      async () => {
        const sent = (await readOutbox(serverUrl)).filter((entry) => entry.recipient === phone);
        code = sent.length > before ? /#(\d{6})/.exec(sent[0]!.body)?.[1] : undefined;
        return code;
      },
      { timeout: 15_000, interval: 250 },
    )
    .toMatch(/^\d{6}$/);
  await page.getByLabel('6-digit code').fill(code!);
  // The form submits itself once six digits are in; pressing Continue as well is harmless.
  await page
    .getByRole('button', { name: 'Continue' })
    .click({ timeout: 2_000 })
    .catch(() => undefined);
  await page.waitForURL((url) => url.pathname === '/config', { timeout: 15_000 });
}

/** The demo super admin (demo data) signing in to the back office from a signed-out page. */
export async function signInAsStaff(page: Page, serverUrl: string, path: string): Promise<void> {
  await page.goto(`${serverUrl}${path}`);
  // Signed out, the back office sends the visitor to its own sign-in page and back afterwards.
  await page.waitForURL(/\/admin\/login\?returnTo=/);
  await page.getByLabel('Email').fill('admin@demo.tafuta.local');
  await page.getByLabel('Password').fill('tafuta-demo-admin');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === path);
}

/** ADM-110 in the back office, as staff do it: the queue card's Approve, confirmed in the dialog. */
export async function approveInBackOffice(
  browser: Browser,
  serverUrl: string,
  name: string,
): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInAsStaff(page, serverUrl, '/admin/businesses/pending');
  const card = page.getByTestId('queue-card').filter({ hasText: name });
  await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
  await card.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Approve', exact: true }).click();
  await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(0);
  return { page, close: () => context.close() };
}

/**
 * On PesaPal's hosted page (the simulator's), pressing Pay records the payment, sends the IPN and
 * redirects to the callback URL, the app's return page. Answers the payment id it came back with.
 */
export async function payOnSimulator(page: Page): Promise<string> {
  await page.getByRole('button', { name: /^Pay KES/ }).click();
  await page.waitForURL(/\/config\/payments\/return\?/);
  return new URL(page.url()).searchParams.get('OrderMerchantReference')!;
}

/** The text of a downloaded PDF, after checking it is one. */
export async function pdfText(file: string): Promise<string> {
  const pdf = fs.readFileSync(file);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}
