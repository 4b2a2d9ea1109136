import { describe, expect, it } from 'vitest';
import { chromiumAvailable, isThirdParty, launchProfile, useServerRun } from './support.js';

/**
 * ui.md UI-PWA-14 instead of the Lighthouse PWA score (Lighthouse 12 dropped that category): Chrome's own
 * installability verdict, a manifest with real 192/512 PNG icons (rendered from the SVG master at build
 * time) and maskable ones, a service worker controlling the start URL, and the start URL answering 200
 * with no network at all.
 */

interface Manifest {
  id: string;
  start_url: string;
  scope: string;
  display: string;
  orientation: string;
  theme_color: string;
  background_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
  shortcuts: { name: string; url: string }[];
}

/** Width and height from a PNG's IHDR chunk: the file must really be the size the manifest claims. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.runIf(chromiumAvailable)('the installable app', () => {
  const run = useServerRun({}, { browser: false });

  it('serves the manifest of UI-PWA-01 with real PNG icons in every size it names', async () => {
    const manifest = (await (await fetch(`${run.server.url}/manifest.webmanifest`)).json()) as Manifest;
    expect(manifest).toMatchObject({
      id: '/',
      start_url: '/?source=pwa',
      scope: '/',
      display: 'standalone',
      orientation: 'any',
      theme_color: '#ED4C22',
      background_color: '#FFFFFF',
    });
    expect(manifest.shortcuts.map((shortcut) => shortcut.url)).toEqual(['/search', '/config']);
    const pngs = manifest.icons.filter((icon) => icon.type === 'image/png');
    for (const [size, purpose] of [
      [192, 'any'],
      [512, 'any'],
      [192, 'maskable'],
      [512, 'maskable'],
    ] as const) {
      expect(pngs.some((icon) => icon.sizes === `${size}x${size}` && icon.purpose === purpose)).toBe(true);
    }
    for (const icon of [...pngs, { src: '/icons/apple-touch-icon-180.png', sizes: '180x180' }]) {
      const response = await fetch(`${run.server.url}${icon.src}`);
      expect(response.headers.get('content-type')).toBe('image/png');
      const [width] = icon.sizes.split('x').map(Number);
      expect(pngSize(Buffer.from(await response.arrayBuffer()))).toEqual({ width, height: width });
    }
  });

  it("is installable in Chrome's judgement and opens its start URL with no network", async () => {
    const profile = await launchProfile();
    const { context } = profile;
    try {
      const thirdPartyRequests: string[] = [];
      context.on('request', (request) => {
        if (isThirdParty(request.url())) thirdPartyRequests.push(request.url());
      });
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${run.server.url}/?source=pwa`);
      const scriptUrl = await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          await new Promise((resolve) =>
            navigator.serviceWorker.addEventListener('controllerchange', resolve),
          );
        }
        return navigator.serviceWorker.controller!.scriptURL;
      });
      expect(scriptUrl).toBe(`${run.server.url}/sw.js`);

      const devtools = await context.newCDPSession(page);
      const { installabilityErrors } = (await devtools.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string }[];
      };
      expect(installabilityErrors).toEqual([]);
      const { errors } = (await devtools.send('Page.getAppManifest')) as { errors: { message: string }[] };
      expect(errors).toEqual([]);

      await context.setOffline(true);
      const response = await page.goto(`${run.server.url}/?source=pwa`);
      expect(response?.status()).toBe(200);
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toMatch(/local businesses/i);
      // No public answer in the caches is an account's: shared phones (UI-PWA-08, acceptance check 8).
      const cached = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const name of await caches.keys()) {
          for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        }
        return urls;
      });
      expect(cached.some((url) => /\/api\/(users|auth|businesses|admin|payments)/.test(url))).toBe(false);
      expect(cached.some((url) => url.endsWith('/sw.js'))).toBe(false);
      await context.setOffline(false);
      expect(thirdPartyRequests).toEqual([]);
    } finally {
      await profile.close();
    }
  });
});
