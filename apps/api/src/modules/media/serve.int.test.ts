import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.js';
import { useTestDatabase } from '../../test/database.js';

/**
 * The embedded `/media` route (media.md §12, MEDIA-241/242) against a MEDIA_PATH laid out as §1
 * describes: only generated WebP outputs are public, with a one-day cache header.
 */
const database = useTestDatabase();
const BUSINESS = 'mama-njeri-kitchen_3f6d2a10-8c4b-4e1f-9a77-0b52c1e8d904';
const OUTPUT = `/media/${BUSINESS}/gallery/shop-front_thumb.webp`;
const mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-media-serve-'));
let app: ReturnType<typeof buildTestApp>;
let webp: Buffer;

beforeAll(async () => {
  webp = await sharp({ create: { width: 150, height: 150, channels: 3, background: '#c33' } })
    .webp()
    .toBuffer();
  const files: Record<string, string | Buffer> = {
    'app-config.jfx': '{ image_types: {} }',
    [`${BUSINESS}/shop-front.jpg`]: 'JPEG bytes with GPS',
    [`${BUSINESS}/shop-front.webp`]: 'a WebP source with GPS',
    [`${BUSINESS}/gallery/shop-front.jfx`]: '{ uploaded_by: "GPS user id" }',
    [`${BUSINESS}/gallery/shop-front_thumb.webp`]: webp,
    [`${BUSINESS}/gallery/.tmp-op1-shop-front_medium.webp`]: 'GPS working file',
    [`${BUSINESS}/.journal-op1.jfx`]: '{ GPS: 1 }',
    [`.archive/${BUSINESS}/gallery/old_thumb.webp`]: webp,
  };
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(mediaPath, name)), { recursive: true });
    fs.writeFileSync(path.join(mediaPath, name), content);
  }
  // A folder named like an output, and a symbolic link named like one pointing at a source.
  fs.mkdirSync(path.join(mediaPath, BUSINESS, 'gallery', 'folder_thumb.webp'));
  fs.symlinkSync(
    path.join(mediaPath, BUSINESS, 'shop-front.jpg'),
    path.join(mediaPath, BUSINESS, 'gallery', 'linked_thumb.webp'),
  );
  app = buildTestApp(database.current.db, { env: { MEDIA_PATH: mediaPath } });
});

afterAll(() => fs.rmSync(mediaPath, { recursive: true, force: true }));

/** Raw HTTP, so the path reaches the server byte for byte (no client-side dot-segment cleanup). */
async function raw(urlPath: string, method = 'GET') {
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: urlPath, method }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        });
        req.on('error', reject);
        req.end();
      },
    );
  } finally {
    server.close();
  }
}

describe('GET /media/* (embedded default)', () => {
  it('serves a generated output as image/webp, cached for one day', async () => {
    const res = await request(app).get(OUTPUT).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(res.body as Buffer, webp)).toBe(0);
    expect((await sharp(res.body as Buffer).metadata()).format).toBe('webp');
  });

  it('answers HEAD, ignores the ?v= cache buster and honours conditional requests', async () => {
    const head = await request(app).head(OUTPUT);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(webp.length));
    const versioned = await request(app).get(`${OUTPUT}?v=1772349300`);
    expect(versioned.status).toBe(200);
    const etag = versioned.headers.etag as string;
    const again = await request(app).get(OUTPUT).set('If-None-Match', etag);
    expect(again.status).toBe(304);
  });

  it.each([
    ['the media configuration', '/media/app-config.jfx'],
    ['a source file', `/media/${BUSINESS}/shop-front.jpg`],
    ['a WebP source file', `/media/${BUSINESS}/shop-front.webp`],
    ['a transform spec', `/media/${BUSINESS}/gallery/shop-front.jfx`],
    ['a working file', `/media/${BUSINESS}/gallery/.tmp-op1-shop-front_medium.webp`],
    ['a journal', `/media/${BUSINESS}/.journal-op1.jfx`],
    ['an archived business', `/media/.archive/${BUSINESS}/gallery/old_thumb.webp`],
    ['a folder', `/media/${BUSINESS}/gallery/`],
    ['a business folder', `/media/${BUSINESS}`],
    ['the media root', '/media/'],
    ['the bare prefix', '/media'],
    ['a folder named like an output', `/media/${BUSINESS}/gallery/folder_thumb.webp`],
    ['a symbolic link named like an output', `/media/${BUSINESS}/gallery/linked_thumb.webp`],
    ['an encoded traversal', `/media/${BUSINESS}/gallery/..%2fshop-front.jpg`],
    ['an upper-case encoded traversal', `/media/${BUSINESS}/gallery/..%2Fshop-front_thumb.webp`],
    ['an encoded slash', `/media/${BUSINESS}%2fgallery%2fshop-front_thumb.webp`],
    ['a dot-segment traversal', `/media/${BUSINESS}/gallery/../../app-config.jfx`],
    ['an escape from MEDIA_PATH', '/media/../../../../etc/passwd'],
    ['an upper-case variant', `/media/${BUSINESS}/gallery/Shop-Front_thumb.webp`],
    ['an output that does not exist', `/media/${BUSINESS}/gallery/shop-front_large.webp`],
  ])('answers 404 for %s, never the SPA', async (_label, urlPath) => {
    const res = await raw(urlPath);
    expect(res.status).toBe(404);
    expect(res.headers['cache-control'] ?? '').not.toContain('max-age=86400');
    expect(res.body.toString()).not.toContain('GPS');
    expect(res.body.toString()).not.toContain('<div id="root">');
  });

  it('answers 404 to anything but GET and HEAD', async () => {
    expect((await raw(OUTPUT, 'HEAD')).status).toBe(200);
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const res = await raw(OUTPUT, method);
      expect(res.status).toBe(404);
    }
    expect(fs.existsSync(path.join(mediaPath, BUSINESS, 'gallery', 'shop-front_thumb.webp'))).toBe(true);
  });

  it('leaves other paths to the SPA fallback', async () => {
    const res = await request(app).get('/mediakit');
    // Not a web-app route either: the app's own page, with an honest 404.
    expect(res.status).toBe(404);
    expect(res.text).toContain('<div id="root">');
  });
});
