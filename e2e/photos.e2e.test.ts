import sharp from 'sharp';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBusiness } from '../apps/api/src/test/factories.js';
import { verifiedAccount } from '../apps/api/src/test/identity-flows.js';
import { pageApi, signInWithCode } from './flows.js';
import { chromiumAvailable, openPhone, saveScreenshot, useServerRun } from './support.js';

/**
 * The photo manager and editor (media.md §15, ui.md §10.8) in Chromium at 360×640 against the real
 * server: an owner uploads a banner framed with zoom and rotation over a throttled link (progress, then
 * the new card), the editor's canvas preview matches the published output, an edit re-frames it, the
 * gallery is reordered, a photo replaced and one deleted after confirmation; an employee gets no Delete
 * and, on a slow link, sends a large photo shrunk.
 */
describe.runIf(chromiumAvailable)('the photo manager in Chromium', () => {
  const run = useServerRun();

  /** A phone signed in as the given person. */
  async function signIn(browser: Browser, phone: string) {
    const phoneContext = await openPhone(browser);
    await signInWithCode(phoneContext.page, run.server.url, phone, `0${phone.slice(4)}`);
    return phoneContext;
  }

  /**
   * A PNG with four coloured quarters over a gentle gradient: sharp edges show any framing difference
   * between the preview and the published output, and the gradient gives it some bytes. The default
   * size is larger than the editor's 2,048 px preview copy, so that copy is what gets compared.
   */
  async function testPicture(width = 2400, height = 1800): Promise<Buffer> {
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y += 1)
      for (let x = 0; x < width; x += 1) {
        const left = x < width / 2;
        const top = y < height / 2;
        const base = top ? (left ? [220, 40, 40] : [40, 160, 60]) : left ? [40, 80, 210] : [240, 200, 30];
        const shade = Math.round(((x + y) / (width + height)) * 30);
        const at = (y * width + x) * 3;
        pixels[at] = Math.min(255, base[0]! + shade);
        pixels[at + 1] = Math.min(255, base[1]! + shade);
        pixels[at + 2] = Math.min(255, base[2]! + shade);
      }
    return sharp(pixels, { raw: { width, height, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
  }

  /** The dashboard loads its screens and strings lazily; give the page time on a busy machine. */
  const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

  const card = (page: Page, name: string): Locator =>
    page.getByTestId('photo-card').filter({ has: page.getByText(name, { exact: true }) });

  /** Presses a key on a focused control `times` times, as a keyboard or switch user would. */
  async function press(control: Locator, key: string, times: number) {
    await control.focus();
    for (let i = 0; i < times; i += 1) await control.press(key);
  }

  it('uploads, frames, edits, reorders, replaces and deletes photos; employees cannot delete', async () => {
    const db = run.database.current.db;
    // Accounts that accepted the current terms, as registration leaves them (else CONSENT_REQUIRED).
    const owner = await verifiedAccount(db, { consent: true });
    const business = await createBusiness(db, { ownerId: owner.userId, status: 'active' });
    const employee = await verifiedAccount(db, { consent: true });
    await db
      .insertInto('user_business_roles')
      .values({ user_id: employee.userId, business_id: business.business_id, role: 'employee' })
      .execute();
    const photosPage = `${run.server.url}/config/business/${business.business_id}/photos`;

    const { context, page, problems } = await signIn(run.browser, owner.phone);
    await page.goto(`${photosPage}?type=banner`);
    await eventually(() => page.getByTestId('count-banner').innerText()).toBe('0 of 3');

    // Upload dialog: name, file, framing. The link is throttled so the progress bar has time to show.
    await page.getByRole('button', { name: 'Upload a banner photo' }).click();
    const editor = page.getByTestId('photo-editor');
    await editor.getByLabel('Image name').fill('Shop front');
    await eventually(() => editor.innerText()).toContain('Will be saved as: shop-front');
    const picture = await testPicture();
    await editor
      .getByLabel('Choose photo')
      .setInputFiles({ name: 'shop.png', mimeType: 'image/png', buffer: picture });
    const preview = editor.getByTestId('photo-preview');
    await preview.waitFor();
    await press(editor.getByRole('slider', { name: 'Zoom' }), 'ArrowRight', 10);
    await press(editor.getByRole('slider', { name: 'Rotate' }), 'ArrowRight', 4);
    expect(await editor.getByRole('slider', { name: 'Zoom' }).inputValue()).toBe('1.5');
    expect(await editor.getByRole('slider', { name: 'Rotate' }).inputValue()).toBe('4');
    await editor.getByTestId('photo-editor-body').evaluate((body) => body.scrollTo(0, 0));
    await saveScreenshot(page, 'photos-editor-360');

    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: Math.ceil(picture.length / 4),
    });
    await editor.getByRole('button', { name: 'Upload', exact: true }).click();
    const progress = editor.getByTestId('upload-progress');
    await eventually(() => progress.innerText()).toMatch(/Sending… \d+%/);
    await eventually(() => editor.count()).toBe(0);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await eventually(() => page.getByTestId('photos-notice').innerText()).toContain('Photo uploaded.');
    await eventually(() => page.getByTestId('count-banner').innerText()).toBe('1 of 3');
    const banner = card(page, 'Shop front');
    const thumb = banner.getByRole('img', { name: 'Shop front' });
    await eventually(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(300);

    // The served image exists at its media URL.
    const src = (await thumb.getAttribute('src'))!;
    expect(new URL(src).pathname).toMatch(
      new RegExp(`^/media/[a-z0-9-]+_${business.business_id}/banner/shop-front_300x100\\.webp$`),
    );
    const served = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return [response.status, response.headers.get('content-type')];
    }, src);
    expect(served).toEqual([200, 'image/webp']);

    interface Listed {
      image_type: string;
      images: {
        slug: string;
        name: string;
        source_width: number;
        source_height: number;
        transform: Record<string, unknown>;
        urls: Record<string, string>;
      }[];
    }
    const listed = async () =>
      (await pageApi<{ image_types: Listed[] }>(page, `/api/businesses/${business.business_id}/photos`)).json
        .data.image_types;
    const bannerOf = async () => (await listed()).find((type) => type.image_type === 'banner')!.images[0]!;
    expect((await bannerOf()).transform).toMatchObject({ zoom: 1.5, rotation: 4, flip_horizontal: false });

    // Edit: the original comes back into the same dialog with the saved settings; the preview drawn
    // there matches the server’s 600×200 output (mean absolute difference per channel ≤ 4, MEDIA-159).
    await banner.getByRole('button', { name: 'Edit' }).click();
    await eventually(() => editor.getByRole('heading').innerText()).toBe('Edit Shop front');
    await preview.waitFor();
    expect(await editor.getByRole('slider', { name: 'Zoom' }).inputValue()).toBe('1.5');
    const difference = await page.evaluate(
      async (url) => {
        const source = document.querySelector<HTMLCanvasElement>('[data-testid="photo-preview"]')!;
        const draw = (image: CanvasImageSource) => {
          const canvas = document.createElement('canvas');
          canvas.width = 600;
          canvas.height = 200;
          const context = canvas.getContext('2d')!;
          context.drawImage(image, 0, 0, 600, 200);
          return context.getImageData(0, 0, 600, 200).data;
        };
        // Wait until the preview has been drawn (its centre is opaque).
        for (let i = 0; i < 50 && draw(source)[(100 * 600 + 300) * 4 + 3] === 0; i += 1)
          await new Promise((resolve) => setTimeout(resolve, 100));
        const published = new Image();
        published.src = url;
        await published.decode();
        const a = draw(source);
        const b = draw(published);
        let sum = 0;
        for (let p = 0; p < a.length; p += 4)
          sum += Math.abs(a[p]! - b[p]!) + Math.abs(a[p + 1]! - b[p + 1]!) + Math.abs(a[p + 2]! - b[p + 2]!);
        return sum / ((a.length / 4) * 3);
      },
      (await bannerOf()).urls['600x200']!,
    );
    expect(difference).toBeLessThan(4);

    await editor.getByRole('button', { name: 'Flip horizontal' }).click();
    await editor.getByLabel('Image name').fill('Shop front sign');
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => editor.count()).toBe(0);
    await eventually(() => page.getByTestId('photos-notice').innerText()).toContain('Changes saved.');
    await eventually(() => card(page, 'Shop front sign').count()).toBe(1);
    expect(await bannerOf()).toMatchObject({
      slug: 'shop-front',
      name: 'Shop front sign',
      transform: { zoom: 1.5, rotation: 4, flip_horizontal: true },
    });

    // Gallery: two photos sent straight to the API, then reordered on the screen.
    const small = (await testPicture(400, 300)).toString('base64');
    const uploaded = await page.evaluate(
      async ({ businessId, base64 }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const statuses: number[] = [];
        for (const name of ['Chapati', 'Pilau']) {
          const form = new FormData();
          form.append('image_type', 'gallery');
          form.append('image_name', name);
          form.append('file', new Blob([bytes], { type: 'image/png' }), 'photo.png');
          statuses.push(
            (await fetch(`/api/businesses/${businessId}/photos`, { method: 'POST', body: form })).status,
          );
        }
        return statuses;
      },
      { businessId: business.business_id, base64: small },
    );
    expect(uploaded).toEqual([201, 201]);
    await page.goto(`${photosPage}?type=gallery`);
    await eventually(() => page.getByTestId('count-gallery').innerText()).toBe('2 of 5');
    const names = () => page.getByTestId('photo-card').locator('p.font-semibold').allInnerTexts();
    await eventually(names).toEqual(['Chapati', 'Pilau']);
    await card(page, 'Chapati').getByRole('button', { name: 'Move later' }).click();
    await eventually(names).toEqual(['Pilau', 'Chapati']);
    const gallery = async () => (await listed()).find((type) => type.image_type === 'gallery')!.images;
    expect((await gallery()).map((photo) => photo.slug)).toEqual(['pilau', 'chapati']);
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'photos-gallery-360');

    // Replace (Owner/Admin): a new original under the same name, sent with PUT …/source.
    await card(page, 'Chapati').getByRole('button', { name: 'Replace' }).click();
    await eventually(() => editor.getByRole('heading').innerText()).toBe('Edit Chapati');
    await preview.waitFor();
    await editor.getByLabel('Replace photo').setInputFiles({
      name: 'square.png',
      mimeType: 'image/png',
      buffer: await testPicture(600, 600),
    });
    await eventually(() => editor.getByRole('slider', { name: 'Zoom' }).inputValue()).toBe('1');
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => editor.count()).toBe(0);
    await eventually(() => page.getByTestId('photos-notice').innerText()).toContain('Photo replaced.');
    expect((await gallery()).find((photo) => photo.slug === 'chapati')).toMatchObject({
      source_width: 600,
      source_height: 600,
    });

    // Delete, after the confirmation dialog.
    await card(page, 'Pilau').getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog');
    await eventually(() => confirm.innerText()).toContain("Delete 'Pilau'?");
    await eventually(() => confirm.innerText()).toContain('This cannot be undone.');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await eventually(() => card(page, 'Pilau').count()).toBe(0);
    await eventually(() => page.getByTestId('count-gallery').innerText()).toBe('1 of 5');
    expect((await gallery()).map((photo) => photo.slug)).toEqual(['chapati']);
    expect(problems).toEqual([]);
    await context.close();

    // An employee may edit but never sees Delete or Replace (MEDIA-250, UI-DASH-03).
    const staff = await signIn(run.browser, employee.phone);
    await staff.page.goto(`${photosPage}?type=gallery`);
    const chapati = card(staff.page, 'Chapati');
    await eventually(() => chapati.getByRole('button', { name: 'Edit' }).count()).toBe(1);
    expect(await chapati.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await chapati.getByRole('button', { name: 'Replace' }).count()).toBe(0);

    // UI-MED-05 on a phone that reports a 3G link: a photo over 3 MB is offered "Make it smaller",
    // ticked, and what arrives is a JPEG with its long edge at 2,560 px.
    await staff.page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'connection', {
        get: () => ({ effectiveType: '3g', saveData: false, downlink: 1.4 }),
      });
    });
    await staff.page.reload();
    await staff.page.getByRole('button', { name: 'Upload a gallery photo' }).click();
    const staffEditor = staff.page.getByTestId('photo-editor');
    await staffEditor.getByLabel('Image name').fill('Market day');
    const noise = Buffer.alloc(2600 * 600 * 3);
    for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 2654435761) >>> 24;
    const large = await sharp(noise, { raw: { width: 2600, height: 600, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(large.length).toBeGreaterThan(3 * 1_048_576);
    await staffEditor
      .getByLabel('Choose photo')
      .setInputFiles({ name: 'market.png', mimeType: 'image/png', buffer: large });
    const shrink = staffEditor.getByLabel(/Make it smaller before sending/);
    await eventually(() => shrink.isChecked()).toBe(true);
    await eventually(() => staffEditor.innerText()).toMatch(
      /takes about \d+ (seconds?|minutes?) on your connection/,
    );
    await eventually(() => staffEditor.getByRole('button', { name: 'Upload', exact: true }).isEnabled()).toBe(
      true,
    );
    await staffEditor.getByRole('button', { name: 'Upload', exact: true }).click();
    await eventually(() => staffEditor.count()).toBe(0);
    const source = await staff.page.evaluate(async (url) => {
      const response = await fetch(url);
      return [response.status, response.headers.get('content-type')];
    }, `/api/businesses/${business.business_id}/photos/market-day/source`);
    expect(source).toEqual([200, 'image/jpeg']);
    const market = (
      await pageApi<{ image_types: Listed[] }>(staff.page, `/api/businesses/${business.business_id}/photos`)
    ).json.data.image_types
      .find((type) => type.image_type === 'gallery')!
      .images.find((photo) => photo.slug === 'market-day');
    expect([market?.source_width, market?.source_height]).toEqual([2560, 591]);
    await staff.context.close();
  }, 120_000);
});
