import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../apps/api/src/test/database.js';
import { startServer, type RunningServer } from '../../e2e/support.js';
import {
  CADDY,
  caddyEnv,
  request,
  requireCaddy,
  startLocalCaddy,
  within,
  type LocalCaddy,
  type Reply,
} from './support/caddy.js';

/**
 * The production Caddy rules (deploy/caddy/tafuta.caddy) run by Debian's Caddy in front of the real app:
 * deploy/Caddyfile is validated as shipped, and deploy/caddy/Caddyfile.local — the same rules behind a
 * plain-HTTP loopback listener — serves the API, the built PWA and business media from a temporary
 * MEDIA_PATH laid out as spec/media.md §1 describes.
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const productionCaddyfile = path.join(repoRoot, 'deploy/Caddyfile');
const webDist = path.join(repoRoot, 'apps/web/dist');

const HSTS = 'max-age=31536000; includeSubDomains';
const BUSINESS = 'mama-njeri-kitchen_3f6d2a10-8c4b-4e1f-9a77-0b52c1e8d904';

requireCaddy();

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-caddy-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface AdaptedServer {
  listen: string[];
  routes: { match?: { host?: string[] }[] }[];
  automatic_https?: { disable?: boolean };
}

function runCaddy(args: string[], env: Record<string, string>) {
  const result = spawnSync(CADDY, args, { env: caddyEnv(scratch, env), encoding: 'utf8', timeout: 15_000 });
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

describe('production Caddyfile', () => {
  const logDir = path.join(scratch, 'validate-logs');
  fs.mkdirSync(logDir, { recursive: true });

  it('validates with the Debian caddy, offline and without certificates', () => {
    const result = runCaddy(['validate', '--config', productionCaddyfile, '--adapter', 'caddyfile'], {
      LOG_DIR: logDir,
    });
    expect(result.output).toContain('Valid configuration');
    expect(result.status).toBe(0);
  });

  it('serves tafuta.ke and *.tafuta.ke with automatic HTTPS', () => {
    const result = runCaddy(['adapt', '--config', productionCaddyfile, '--adapter', 'caddyfile'], {
      LOG_DIR: logDir,
    });
    expect(result.status).toBe(0);
    const config = JSON.parse(result.stdout) as {
      apps: { http: { servers: Record<string, AdaptedServer> } };
    };
    const servers = Object.values(config.apps.http.servers);
    const hosts = servers.flatMap((server) => server.routes.flatMap((route) => route.match?.[0]?.host ?? []));
    expect(hosts).toEqual(expect.arrayContaining(['tafuta.ke', '*.tafuta.ke']));
    expect(servers.every((server) => server.listen.includes(':443'))).toBe(true);
    expect(servers.some((server) => server.automatic_https?.disable)).toBe(false);
  });

  it('takes the wildcard certificate through Cloudflare DNS when TAFUTA_TLS_DNS=cloudflare', () => {
    const result = runCaddy(['adapt', '--config', productionCaddyfile, '--adapter', 'caddyfile'], {
      LOG_DIR: logDir,
      TAFUTA_TLS_DNS: 'cloudflare',
    });
    if (result.status === 0) {
      // A Caddy built with caddy-dns/cloudflare (xcaddy): the DNS-01 issuer is configured, token from env.
      expect(result.output).toContain('"name":"cloudflare"');
      expect(result.output).toContain('{env.CLOUDFLARE_API_TOKEN}');
    } else {
      // Debian's Caddy has no DNS plugins: the plugin is the only thing it is missing.
      expect(result.output).toContain('module not registered: dns.providers.cloudflare');
    }
  });
});

interface AccessLogEntry {
  request: { uri: string; headers: Record<string, string[]> };
  status: number;
}

/** Every line must be one JSON object (JSON.parse throws otherwise). */
function readAccessLog(file: string): AccessLogEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AccessLogEntry);
}

describe('Caddy in front of the app (local-HTTP variant of the production rules)', () => {
  const database = useTestDatabase();
  const mediaRoot = path.join(scratch, 'media');
  const logDir = path.join(scratch, 'logs');
  let app: RunningServer | undefined;
  let caddy: LocalCaddy | undefined;
  let port = 0;
  let webp: Buffer;

  beforeAll(async () => {
    // MEDIA_PATH as media.md §1 lays it out: config, a source, a spec and an output, an archived business.
    webp = await sharp({ create: { width: 6, height: 2, channels: 3, background: '#ed4c22' } })
      .webp()
      .toBuffer();
    const files: Record<string, Buffer | string> = {
      'app-config.jfx': 'image_types: {}\n',
      [`${BUSINESS}/shop-front.jpg`]: 'source bytes, maybe with GPS tags',
      [`${BUSINESS}/shop-front.webp`]: webp, // a WebP *source*: not an output, so not public
      [`${BUSINESS}/gallery/shop-front.jfx`]: 'created_by: 0f1e2d3c\n',
      [`${BUSINESS}/gallery/shop-front_thumb.webp`]: webp,
      [`${BUSINESS}/gallery/.shop-front_medium.webp.tmp`]: webp,
      [`.archive/${BUSINESS}/gallery/old_thumb.webp`]: webp,
    };
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(mediaRoot, name)), { recursive: true });
      fs.writeFileSync(path.join(mediaRoot, name), content);
    }
    fs.mkdirSync(logDir, { recursive: true });

    app = await startServer(database.current.url);
    caddy = await startLocalCaddy({
      scratch,
      appUpstream: `127.0.0.1:${new URL(app.url).port}`,
      webRoot: webDist,
      mediaRoot,
      logDir,
    });
    port = caddy.port;
  });

  afterAll(async () => {
    await caddy?.stop();
    if (app && (await within(app.stop(), 10_000)) === 'timeout') {
      throw new Error('The app did not stop within 10 s of SIGTERM');
    }
  });

  it('proxies /api to the app', async () => {
    const reply = await request(port, '/api/health');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body.toString()).status).toBe('healthy');
    // One HSTS value (SEC-01), though the app sends its own too.
    expect(reply.headers['strict-transport-security']).toBe(HSTS);
  });

  it('sends page paths to the app: first view, 404/410 statuses, revalidated on every load', async () => {
    const appPort = Number(new URL(app!.url).port);
    // A deep link is the app shell, exactly as the app sends it (CSS inlined, boot loader).
    const deep = await request(port, '/config/businesses/xyz', { host: 'tafuta.ke' });
    expect(deep.status).toBe(200);
    expect(deep.headers['content-type']).toMatch(/^text\/html/);
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect(deep.body.toString()).toBe((await request(appPort, '/config/businesses/xyz')).body.toString());
    expect(deep.body.toString()).toContain('<div id="root">');

    // The home page carries the server-rendered first view (issue 8 item 7), which Caddy never had.
    const home = await request(port, '/', { host: 'tafuta.ke' });
    expect(home.status).toBe(200);
    expect(home.body.toString()).toContain('id="tafuta-first-view"');

    // Unknown pages and businesses get their honest status with the friendly app shell (UI-STAT-04).
    for (const page of ['/no-such-page', '/business/no-such-business-0000']) {
      const reply = await request(port, page, { host: 'tafuta.ke' });
      expect(reply.status, page).toBe(404);
      expect(reply.headers['content-type'], page).toMatch(/^text\/html/);
      expect(reply.body.toString(), page).toContain('<div id="root">');
    }

    // The service worker precaches /index.html as the offline shell: the app's copy, with its CSP hash.
    const index = await request(port, '/index.html');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);

    // The build's other files still come from disk, revalidated on every load.
    expect(fs.existsSync(path.join(webDist, 'sw.js'))).toBe(true);
    for (const file of ['/sw.js', '/manifest.webmanifest', '/icons/icon-192.png']) {
      const reply = await request(port, file);
      expect(reply.status, file).toBe(200);
      expect(reply.headers['cache-control'], file).toBe('no-cache');
      expect(reply.body.equals(fs.readFileSync(path.join(webDist, file))), file).toBe(true);
    }
    expect((await request(port, '/manifest.webmanifest')).headers['content-type']).toBe(
      'application/manifest+json',
    );
  });

  it('sends robots.txt, the sitemap and website previews to the app, which writes them', async () => {
    const robots = await request(port, '/robots.txt', { host: 'tafuta.ke' });
    expect(robots.status).toBe(200);
    expect(robots.body.toString()).toContain('Disallow: /config');
    const sitemap = await request(port, '/sitemap.xml', { host: 'tafuta.ke' });
    expect(sitemap.status).toBe(200);
    expect(sitemap.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(sitemap.body.toString()).toContain('<urlset');
    const preview = await request(
      port,
      '/config/business/3f6d2a10-8c4b-4e1f-9a77-0b52c1e8d904/website/preview',
      {
        host: 'tafuta.ke',
      },
    );
    expect(preview.status).toBe(302);
    expect(preview.headers.location).toMatch(/^\/login\?returnTo=/);
    expect(preview.headers['cache-control']).toBe('private, no-store');
  });

  it('has no public route to profile photos: /uploads is no file, /api/users/{id}/photo is the app', async () => {
    // MEDIA-302/305: photos are personal data, served only by the app's access-checked route under /api.
    for (const url of [
      '/uploads/users/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9.webp',
      '/uploads/profile-photos/x.webp',
      '/uploads/profile-photos/',
    ]) {
      const reply = await request(port, url, { host: 'tafuta.ke' });
      expect(reply.status, url).toBe(404);
      expect(reply.headers['content-type'] ?? '', url).not.toMatch(/^image\//);
    }
    const photo = await request(port, '/api/users/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/photo');
    expect(photo.status).toBe(404);
    expect(photo.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(photo.body.toString()).error.code).toBe('NOT_FOUND');
  });

  it('sends the same SEC-03 headers as the app: its own on pages, equal ones on the files it serves', async () => {
    const names = [
      'content-security-policy',
      'x-content-type-options',
      'x-frame-options',
      'referrer-policy',
      'permissions-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'strict-transport-security',
    ];
    // helmet joins CSP directives with ";", the Caddyfile with "; " (as SEC-03 writes them): compare directives.
    const pick = (reply: Reply) =>
      Object.fromEntries(
        names.map((name) => {
          const value = String(reply.headers[name]);
          return [name, name === 'content-security-policy' ? value.split(/;\s*/) : value];
        }),
      );
    const appPort = Number(new URL(app!.url).port);
    for (const file of ['/', '/sw.js', '/manifest.webmanifest']) {
      const direct = await request(appPort, file);
      const proxied = await request(port, file);
      expect(direct.headers['content-security-policy'], file).toBeTruthy();
      // One policy only: a second header would be enforced too (a comma would join them here).
      expect(String(proxied.headers['content-security-policy']), file).not.toContain(',');
      expect(pick(proxied), file).toEqual(pick(direct));
    }
    // Pages allow exactly the build's boot loader besides 'self'; files keep SEC-03's policy.
    const hashes = (
      JSON.parse(fs.readFileSync(path.join(webDist, '.vite/csp.json'), 'utf8')) as {
        'script-src': string[];
      }
    )['script-src'];
    expect(hashes.length).toBeGreaterThan(0);
    const scriptSrc = (reply: Reply) =>
      /(?:^|;)\s*script-src ([^;]*)/.exec(String(reply.headers['content-security-policy']))?.[1];
    expect(scriptSrc(await request(port, '/'))).toBe(["'self'", ...hashes].join(' '));
    expect(scriptSrc(await request(port, '/sw.js'))).toBe("'self'");
  });

  it('caches hashed assets for a year and compresses them (gzip and zstd)', async () => {
    // The largest bundle: Caddy leaves bodies under 512 bytes uncompressed.
    const bundle = fs
      .readdirSync(path.join(webDist, 'assets'))
      .filter((name) => name.endsWith('.js'))
      .sort(
        (a, b) =>
          fs.statSync(path.join(webDist, 'assets', b)).size -
          fs.statSync(path.join(webDist, 'assets', a)).size,
      )[0]!;
    const original = fs.readFileSync(path.join(webDist, 'assets', bundle));

    const gzipped = await request(port, `/assets/${bundle}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzipped.body).equals(original)).toBe(true);

    const zstd = await request(port, `/assets/${bundle}`, { headers: { 'accept-encoding': 'zstd, gzip' } });
    expect(zstd.headers['content-encoding']).toBe('zstd');
    expect(zlib.zstdDecompressSync(zstd.body).equals(original)).toBe(true);

    const index = await request(port, '/', { headers: { 'accept-encoding': 'gzip' } });
    expect(index.headers['content-encoding']).toBe('gzip');

    // A bundle that is not there is a 404 — not index.html, and not cached for a year.
    const missing = await request(port, '/assets/index-0000000.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBeUndefined();
  });

  it('serves a generated WebP output from MEDIA_PATH for one day', async () => {
    const reply = await request(port, `/media/${BUSINESS}/gallery/shop-front_thumb.webp`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/webp');
    expect(reply.headers['cache-control']).toBe('public, max-age=86400');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.body.equals(webp)).toBe(true);
    expect((await sharp(reply.body).metadata()).format).toBe('webp');
  });

  it.each([
    ['the media configuration', '/media/app-config.jfx'],
    ['a source file', `/media/${BUSINESS}/shop-front.jpg`],
    ['a WebP source file', `/media/${BUSINESS}/shop-front.webp`],
    ['a transform spec', `/media/${BUSINESS}/gallery/shop-front.jfx`],
    ['a working file', `/media/${BUSINESS}/gallery/.shop-front_medium.webp.tmp`],
    ['an archived business', `/media/.archive/${BUSINESS}/gallery/old_thumb.webp`],
    ['a folder', `/media/${BUSINESS}/gallery/`],
    ['the media root', '/media/'],
    ['a path escaping the type folder', `/media/${BUSINESS}/gallery/..%2Fshop-front.jpg`],
    ['an output that does not exist', `/media/${BUSINESS}/gallery/shop-front_large.webp`],
  ])('answers 404 for %s', async (_label, urlPath) => {
    const reply = await request(port, urlPath);
    expect(reply.status).toBe(404);
    expect(reply.headers['cache-control']).toBeUndefined();
    expect(reply.body.includes('GPS')).toBe(false);
  });

  it('answers 404 to anything but GET and HEAD under /media', async () => {
    const output = `/media/${BUSINESS}/gallery/shop-front_thumb.webp`;
    expect((await request(port, output, { method: 'HEAD' })).status).toBe(200);
    expect((await request(port, output, { method: 'POST' })).status).toBe(404);
  });

  it('proxies business websites to the app by Host, sends www to the apex, hides /metrics', async () => {
    // Every path of a website host is the app's website router: no such site here, so its 404 page.
    const site = await request(port, '/', { host: 'doreen.tafuta.ke' });
    expect(site.status).toBe(404);
    expect(site.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(site.headers['content-security-policy']).toContain("script-src 'none'");
    // Its links lead to the app's APP_URL (here the test app's own address), not the production apex.
    expect(site.body.toString()).toMatch(/href="http:\/\/localhost:\d+\/list-your-business"/);
    const robots = await request(port, '/robots.txt', { host: 'doreen.tafuta.ke' });
    expect(robots.status).toBe(200);
    expect(robots.body.toString()).toContain('Sitemap: http');
    // A website's images come from its own origin, straight from disk with the apex's allow-list.
    const image = await request(port, `/media/${BUSINESS}/gallery/shop-front_thumb.webp`, {
      host: 'doreen.tafuta.ke',
    });
    expect(image.status).toBe(200);
    expect(image.headers['cache-control']).toBe('public, max-age=86400');
    expect(image.body.equals(webp)).toBe(true);
    expect(
      (await request(port, `/media/${BUSINESS}/shop-front.jpg`, { host: 'doreen.tafuta.ke' })).status,
    ).toBe(404);

    const www = await request(port, '/business/doreen?lang=sw', { host: 'www.tafuta.ke' });
    expect(www.status).toBe(301);
    expect(www.headers.location).toBe('https://tafuta.ke/business/doreen?lang=sw');

    expect((await request(port, '/metrics', { host: 'doreen.tafuta.ke' })).status).toBe(404);
  });

  it('writes the access log as JSON lines, with SEC-05 redactions', async () => {
    await request(port, '/api/health?token=s3cret&phone=%2B254712345678&page=2', {
      headers: { 'idempotency-key': 'key-123', cookie: 'tafuta.sid=session-value-42' },
    });
    const logFile = path.join(logDir, 'access.log');
    expect(fs.existsSync(logFile)).toBe(true);
    const deadline = Date.now() + 5_000;
    let entries = readAccessLog(logFile);
    while (!entries.some((entry) => entry.request.uri.includes('page=2')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      entries = readAccessLog(logFile);
    }

    expect(entries.some((entry) => entry.request.uri === '/api/health' && entry.status === 200)).toBe(true);
    const redacted = entries.find((entry) => entry.request.uri.includes('page=2'))!;
    expect(redacted.request.uri).toBe('/api/health?page=2&phone=REDACTED&token=REDACTED');
    expect(redacted.request.headers['Idempotency-Key']).toBeUndefined();
    expect(JSON.stringify(redacted)).not.toContain('session-value-42');
  });
});
