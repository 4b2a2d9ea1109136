import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MEDIA_CONFIG_PATH, parseMediaAppConfig } from './app-config.js';
import {
  buildMediaUrl,
  createMediaUrlResolver,
  PUBLIC_MEDIA_CACHE_CONTROL,
  PUBLIC_MEDIA_PATH,
} from './urls.js';

const BUSINESS = { business_tag: 'mama-njeri-kitchen', business_id: '3f6d2a10-8c4b-4e1f-9a77-0b52c1e8d904' };
const FOLDER = 'mama-njeri-kitchen_3f6d2a10-8c4b-4e1f-9a77-0b52c1e8d904';
const { config } = parseMediaAppConfig(fs.readFileSync(DEFAULT_MEDIA_CONFIG_PATH));

describe('buildMediaUrl (MEDIA-223, MEDIA-243)', () => {
  it('builds the absolute URL of the spec, with ?v= only when asked', () => {
    const output = { type: 'banner', slug: 'holiday-offer', size: '600x200' };
    expect(buildMediaUrl('https://tafuta.ke/media', BUSINESS, output)).toBe(
      `https://tafuta.ke/media/${FOLDER}/banner/holiday-offer_600x200.webp`,
    );
    expect(buildMediaUrl('https://cdn.example/m/', BUSINESS, output, 1772349300.9)).toBe(
      `https://cdn.example/m/${FOLDER}/banner/holiday-offer_600x200.webp?v=1772349300`,
    );
  });

  it('only builds paths the public allow-list serves', () => {
    const url = buildMediaUrl('', BUSINESS, { type: 'logo', slug: 'njeri-logo', size: 'icon' });
    expect(PUBLIC_MEDIA_PATH.test(url)).toBe(true);
  });

  it.each([
    [
      { ...BUSINESS, business_tag: 'Mama' },
      { type: 'logo', slug: 'a', size: 'icon' },
    ],
    [
      { ...BUSINESS, business_tag: '-mama' },
      { type: 'logo', slug: 'a', size: 'icon' },
    ],
    [
      { ...BUSINESS, business_id: BUSINESS.business_id.toUpperCase() },
      { type: 'logo', slug: 'a', size: 'icon' },
    ],
    [BUSINESS, { type: '../secret', slug: 'a', size: 'icon' }],
    [BUSINESS, { type: 'logo', slug: '../../etc/passwd', size: 'icon' }],
    [BUSINESS, { type: 'logo', slug: 'a', size: 'x_y' }],
    [BUSINESS, { type: 'logo', slug: '', size: 'icon' }],
  ])('refuses components that could escape their folder: %j %j', (business, output) => {
    expect(() => buildMediaUrl('https://tafuta.ke/media', business, output)).toThrow(/Invalid/);
  });
});

describe('createMediaUrlResolver (MEDIA-224)', () => {
  let mediaPath: string;
  let clock: number;
  const put = (file: string) => {
    fs.mkdirSync(path.dirname(path.join(mediaPath, FOLDER, file)), { recursive: true });
    fs.writeFileSync(path.join(mediaPath, FOLDER, file), 'webp');
  };
  const resolver = () =>
    createMediaUrlResolver({
      mediaPath,
      mediaBaseUrl: 'https://tafuta.ke/media',
      config: () => config,
      now: () => clock,
    });
  const url = (type: string, file: string) => `https://tafuta.ke/media/${FOLDER}/${type}/${file}`;

  beforeEach(() => {
    mediaPath = fs.mkdtempSync(path.join(os.tmpdir(), 'media-urls-'));
    clock = 0;
  });
  afterEach(() => fs.rmSync(mediaPath, { recursive: true, force: true }));

  it('hands out an existing size, else the next larger, else the largest, else nothing', async () => {
    put('profile/team_small.webp');
    put('profile/team_large.webp');
    put('profile/.tmp-op-team_thumb.webp'); // working files never count
    const r = resolver();
    const profile = (slug: string, size: string) => r.resolve(BUSINESS, { type: 'profile', slug, size });
    expect(await profile('team', 'small')).toBe(url('profile', 'team_small.webp'));
    expect(await profile('team', 'thumb')).toBe(url('profile', 'team_small.webp')); // next larger
    expect(await profile('team', 'retina')).toBe(url('profile', 'team_large.webp')); // unknown size: largest
    expect(await profile('missing', 'thumb')).toBeNull();
    expect(await r.resolve(BUSINESS, { type: 'profile', slug: 'team', size: 'large' }, 1700000000)).toBe(
      `${url('profile', 'team_large.webp')}?v=1700000000`,
    );
  });

  it('falls back to the largest existing size when no larger one exists', async () => {
    put('banner/offer_300x100.webp');
    put('banner/offer_600x200.webp');
    const r = resolver();
    expect(await r.resolve(BUSINESS, { type: 'banner', slug: 'offer', size: '1200x400' })).toBe(
      url('banner', 'offer_600x200.webp'),
    );
  });

  it('a business without a folder has no images', async () => {
    expect(await resolver().resolve(BUSINESS, { type: 'logo', slug: 'x', size: 'icon' })).toBeNull();
  });

  it('caches the listing for 60 seconds unless the writer invalidates it', async () => {
    const r = resolver();
    const logo = () => r.resolve(BUSINESS, { type: 'logo', slug: 'njeri', size: 'medium' });
    expect(await logo()).toBeNull();
    put('logo/njeri_medium.webp');
    clock += 59_999;
    expect(await logo()).toBeNull();
    clock += 1;
    expect(await logo()).toBe(url('logo', 'njeri_medium.webp'));
    fs.rmSync(path.join(mediaPath, FOLDER, 'logo/njeri_medium.webp'));
    r.invalidate(BUSINESS.business_id);
    expect(await logo()).toBeNull();
  });
});

describe('parity with production Caddy (MEDIA-241/242)', () => {
  const caddy = fs.readFileSync(new URL('../../../../../deploy/caddy/tafuta.caddy', import.meta.url), 'utf8');
  const block = caddy.slice(caddy.indexOf('handle @media {'), caddy.indexOf('# The PWA.'));

  it('serves exactly the allow-list the app serves, with the same headers', () => {
    expect(block).toContain(`path_regexp \`${PUBLIC_MEDIA_PATH.source.replaceAll('\\/', '/')}\``);
    expect(block).toMatch(/method GET HEAD/);
    expect(block).toContain(`Cache-Control "${PUBLIC_MEDIA_CACHE_CONTROL}"`);
    expect(block).toContain('X-Content-Type-Options nosniff');
    expect(block).toMatch(/handle \{\s*respond 404\s*\}/);
  });
});
