import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../test/app.js';
import { useTestDatabase } from '../test/database.js';
import { contentSecurityPolicy } from './security-headers.js';

const database = useTestDatabase();

/** The web build's shape (apps/web/build/boot-loader.ts): an inline loader, its hash in .vite/csp.json. */
const LOADER = `(function(){var s=document.createElement('script');s.type='module';s.src='/assets/index-t.js';document.body.appendChild(s)})();`;
const HASH = `'sha256-${createHash('sha256').update(LOADER).digest('base64')}'`;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-csp-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function makeDist(name: string, csp: unknown): string {
  const dist = path.join(scratch, name);
  fs.mkdirSync(path.join(dist, '.vite'), { recursive: true });
  fs.writeFileSync(
    path.join(dist, 'index.html'),
    `<!doctype html><html lang="en"><head></head><body><div id="root"></div><script>${LOADER}</script></body></html>`,
  );
  if (csp !== undefined) fs.writeFileSync(path.join(dist, '.vite', 'csp.json'), JSON.stringify(csp));
  return dist;
}

const app = (dist: string) => buildTestApp(database.current.db, { env: { WEB_DIST_PATH: dist } });

function scriptSrc(header: unknown): string[] {
  const directive = String(header)
    .split(';')
    .find((part) => part.startsWith('script-src '));
  return directive?.split(' ').slice(1) ?? [];
}

describe('CSP hash of the boot loader (SEC-03)', () => {
  it("allows the build's inline loader by its hash on every page and the precached /index.html, nowhere else", async () => {
    const web = app(makeDist('good', { 'script-src': [HASH] }));
    for (const page of ['/', '/config', '/no-such-page', '/index.html']) {
      const reply = await request(web).get(page);
      expect(reply.headers['content-type'], page).toMatch(/text\/html/);
      expect(scriptSrc(reply.headers['content-security-policy']), page).toEqual(["'self'", HASH]);
      expect(reply.headers['content-security-policy'], page).toBe(contentSecurityPolicy([HASH]));
    }
    // API replies and other files keep SEC-03's policy as it is.
    const api = await request(web).get('/api/health');
    expect(scriptSrc(api.headers['content-security-policy'])).toEqual(["'self'"]);
    expect(api.headers['content-security-policy']).toBe(contentSecurityPolicy());
  });

  it('keeps the plain policy when the build file is missing or names anything but a hash', async () => {
    for (const [name, csp] of [
      ['missing', undefined],
      ['unsafe', { 'script-src': ["'unsafe-inline'"] }],
      ['host', { 'script-src': [HASH, 'https://evil.example'] }],
      ['shape', { 'script-src': 'nope' }],
    ] as const) {
      const reply = await request(app(makeDist(name, csp))).get('/');
      expect(scriptSrc(reply.headers['content-security-policy']), name).toEqual(["'self'"]);
    }
  });

  it('refuses to build a policy with a source that is not a hash', () => {
    expect(() => contentSecurityPolicy(["'unsafe-inline'"])).toThrow(/Not a CSP hash source/);
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data: https:;" +
        "connect-src 'self';font-src 'self';worker-src 'self';manifest-src 'self';object-src 'none';" +
        "base-uri 'self';frame-ancestors 'none';form-action 'self'",
    );
  });
});
