import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { useTestDatabase, type TestDatabase } from '../apps/api/src/test/database.js';
import { freePort } from '../apps/api/src/test/ports.js';

/** Debian's Chromium (ARCHITECTURE.md); Playwright's own browser downloads are not reachable here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = fs.existsSync(CHROMIUM_PATH);
/** The one line a machine without Chromium prints instead of failing obscurely (issue 8, Done when). */
export const CHROMIUM_MISSING_HINT = `e2e: Chromium not found at ${CHROMIUM_PATH}, so the browser tests are skipped; install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// Without the background-networking flags Chromium keeps dialling Google, which this network refuses.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A browser profile on disk, not an incognito context: Chrome never offers installation in incognito, so
 * its installability verdict (UI-PWA-14) can only be read in a profile like a phone's.
 */
export async function launchProfile(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: PHONE_VIEWPORT,
    userAgent: PHONE_USER_AGENT,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export interface ServerRun {
  readonly database: { readonly current: TestDatabase };
  readonly server: RunningServer;
  readonly browser: Browser;
}

/**
 * A suite's fresh database, the real server on it and (unless `browser: false`) Chromium, started before
 * its tests and stopped after them. Read `server` and `browser` inside tests and hooks only.
 */
export function useServerRun(
  extraEnv: Record<string, string> = {},
  options: { browser?: boolean } = {},
): ServerRun {
  const database = useTestDatabase();
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer(database.current.url, extraEnv);
    if (options.browser !== false) browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    database,
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
  };
}

/** The real server process (main.ts) on a free port, on the given database, serving the built web app. */
export async function startServer(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'apps/api/src/main.ts'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        ...extraEnv,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const healthy = await fetch(`${url}/api/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      // Leave nothing behind: afterAll gets no handle to stop when this throws.
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error('The server did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** ui.md UI-GEN-02: the design target, a low-end Android phone. */
export const PHONE_VIEWPORT = { width: 360, height: 640 };
export const PHONE_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 12; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** UI-GEN-05: the app may talk to its own server only; data:, blob: and tel: never touch the network. */
export function isThirdParty(url: string): boolean {
  return /^(https?|wss?):/.test(url) && !LOOPBACK_HOSTS.has(new URL(url).hostname);
}

export interface PhoneContext {
  context: BrowserContext;
  page: Page;
  /** Every request to another host (the page's or its service worker's): a test asserts it stays empty. */
  thirdPartyRequests: string[];
  /** Console errors and uncaught exceptions (CSP violations surface here). */
  problems: string[];
}

/** A fresh phone-sized browser profile watching for third-party requests and script errors. */
export async function openPhone(browser: Browser, options: { locale?: string } = {}): Promise<PhoneContext> {
  const context = await browser.newContext({
    viewport: PHONE_VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: options.locale ?? 'en-KE',
    // A real phone's browser: the tracking endpoint rightly ignores "HeadlessChrome" as a bot (UI-TRK-04).
    userAgent: PHONE_USER_AGENT,
  });
  const thirdPartyRequests: string[] = [];
  const problems: string[] = [];
  context.on('request', (request) => {
    if (isThirdParty(request.url())) thirdPartyRequests.push(request.url());
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    // A signed-out visitor's session probe answers 401 by design; Chromium logs every 4xx as an error.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return { context, page, thirdPartyRequests, problems };
}

const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

/** Test artefacts (issue 8, Done when): test-results/ is git-ignored and kept by CI. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Taps on links that would leave the app (tel:, wa.me) still run the app's click handlers — tracking
 * included — but the browser does not follow them: a test may not dial out or reach WhatsApp.
 */
export async function keepExternalLinksInApp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('click', (event) => {
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (link && !(link as HTMLAnchorElement).href.startsWith(window.location.origin))
        event.preventDefault();
    });
  });
}

/** Picks Kiswahili in the header's language menu and waits for the document language to follow. */
export async function switchToKiswahili(page: Page): Promise<void> {
  await page
    .getByRole('button', { name: /Language/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Kiswahili' }).first().click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('sw');
}
