import { describe, expect, it } from 'vitest';
import { acceptsGzip, ifNoneMatchHits, PageCache, cachedPage, siteContentSecurityPolicy } from './caching.js';
import { classifyHost, isLocalAppUrl } from './host.js';
import { acceptLanguage, languageCookie, pickSiteLanguage } from './language.js';
import { siteStateAt, type SiteRow } from './resolve.js';
import { mainRobots, siteRobots } from './robots.js';
import { buildSitemap, SITEMAP_MAX_URLS, urlsetXml } from './sitemap.js';

const production = { apexDomain: 'tafuta.ke', localHosts: false };
const development = { apexDomain: 'tafuta.ke', localHosts: true };

describe('classifyHost', () => {
  it('finds a site label under the apex, lower-cased, with or without port and trailing dot', () => {
    for (const host of [
      'doreen.tafuta.ke',
      'DOREEN.Tafuta.KE',
      'doreen.tafuta.ke.',
      'doreen.tafuta.ke:443',
    ]) {
      expect(classifyHost(host, production), host).toMatchObject({ kind: 'site', label: 'doreen' });
    }
    expect(classifyHost('doreen.tafuta.ke:8080', production)).toMatchObject({
      port: '8080',
      localHost: false,
    });
  });

  it('leaves the apex, www, IP literals, other domains and a missing Host to the app', () => {
    for (const host of [
      undefined,
      '',
      '   ',
      'tafuta.ke',
      'www.tafuta.ke',
      'tafuta.ke.',
      '127.0.0.1:3000',
      '10.0.0.1',
      '[::1]',
      '[2001:db8::1]:443',
      'evil.com',
      'tafuta.ke.evil.com',
      'eviltafuta.ke',
      'localhost:3000',
    ]) {
      expect(classifyHost(host, production), String(host)).toEqual({ kind: 'app' });
    }
  });

  it('has no site for several labels, punycode, double hyphens or labels outside 3–30 characters', () => {
    for (const host of [
      'a.b.tafuta.ke',
      'xn--80ak6aa92e.tafuta.ke',
      'my--shop.tafuta.ke',
      'ab.tafuta.ke',
      `${'a'.repeat(31)}.tafuta.ke`,
      '-shop.tafuta.ke',
      'shop-.tafuta.ke',
    ]) {
      expect(classifyHost(host, production).kind, host).toBe('no-site');
    }
  });

  it('refuses what is no hostname at all', () => {
    for (const host of [
      `${'a'.repeat(250)}.tafuta.ke`,
      'évil.tafuta.ke',
      'пример.tafuta.ke',
      '<script>.tafuta.ke',
      'shop_1.tafuta.ke',
      'a..tafuta.ke',
      'doreen.tafuta.ke:99999999',
      'doreen.tafuta.ke:80:80',
      'user@doreen.tafuta.ke',
      '.',
    ]) {
      expect(classifyHost(host, production), host).toEqual({ kind: 'invalid' });
    }
  });

  it('serves {label}.localhost only where APP_URL is this machine', () => {
    expect(classifyHost('demo-shop.localhost:3000', development)).toEqual({
      kind: 'site',
      label: 'demo-shop',
      localHost: true,
      port: '3000',
    });
    expect(classifyHost('demo-shop.localhost:3000', production)).toEqual({ kind: 'app' });
    expect(classifyHost('localhost:3000', development)).toEqual({ kind: 'app' });
    expect(classifyHost('www.localhost', development)).toEqual({ kind: 'app' });
    expect(isLocalAppUrl('http://localhost:3000')).toBe(true);
    expect(isLocalAppUrl('http://127.0.0.1:8080')).toBe(true);
    expect(isLocalAppUrl('https://tafuta.ke')).toBe(false);
    expect(isLocalAppUrl('not a url')).toBe(false);
  });
});

describe('site language (UI-WEB-03)', () => {
  it('takes ?lang=, then the cookie, then Accept-Language by q, then English', () => {
    const pick = (query: unknown, cookie?: string, header?: string) =>
      pickSiteLanguage({ query, cookie, acceptLanguage: header });
    expect(pick('sw', 'tafuta_lang=ki', 'en')).toEqual({ language: 'sw', source: 'query' });
    expect(pick('luo', 'a=1; tafuta_lang=ki', 'en')).toEqual({ language: 'ki', source: 'cookie' });
    expect(pick(['sw', 'en'], undefined, 'sw-KE')).toEqual({ language: 'sw', source: 'header' });
    expect(pick(undefined, 'tafuta_lang=%ZZ', undefined)).toEqual({ language: 'en', source: 'default' });
    expect(acceptLanguage('en;q=0.4, kam;q=0.9, sw;q=0.5')).toBe('kam');
    expect(acceptLanguage('sw;q=0, en;q=0.1')).toBe('en');
    expect(acceptLanguage('fr, de;q=0.9')).toBeNull();
    expect(acceptLanguage('sw;q=abc')).toBeNull();
  });

  it('sets the cookie for the apex, host-only on localhost', () => {
    expect(languageCookie('sw', { apexDomain: 'tafuta.ke', localHost: false, secure: true })).toBe(
      'tafuta_lang=sw; Path=/; Max-Age=31536000; SameSite=Lax; Domain=.tafuta.ke; Secure',
    );
    expect(languageCookie('ki', { apexDomain: 'tafuta.ke', localHost: true, secure: false })).toBe(
      'tafuta_lang=ki; Path=/; Max-Age=31536000; SameSite=Lax',
    );
  });
});

describe('caching helpers', () => {
  it('compares If-None-Match weakly, in lists and with *', () => {
    expect(ifNoneMatchHits('"abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('W/"abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('"x", "abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('*', '"abc"')).toBe(true);
    expect(ifNoneMatchHits('"abcd"', '"abc"')).toBe(false);
    expect(ifNoneMatchHits('abc', '"abc"')).toBe(false);
    expect(ifNoneMatchHits(undefined, '"abc"')).toBe(false);
  });

  it('knows who takes gzip', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('forgets the least recently used page first', () => {
    const cache = new PageCache(2);
    cache.set('a', cachedPage('<p>a</p>', '"a"'));
    cache.set('b', cachedPage('<p>b</p>', '"b"'));
    expect(cache.get('a')?.etag).toBe('"a"');
    cache.set('c', cachedPage('<p>c</p>', '"c"'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.size).toBe(2);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('lets no script run and images come only from the site, the media origin and the main app', () => {
    const policy = siteContentSecurityPolicy({
      mediaBaseUrl: 'https://tafuta.ke/media',
      mainSiteUrl: 'https://tafuta.ke',
    });
    expect(policy).toBe(
      "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src 'self' https://tafuta.ke; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    const cdn = siteContentSecurityPolicy({
      mediaBaseUrl: 'https://cdn.example.net/media',
      mainSiteUrl: 'https://tafuta.ke',
      frameable: true,
    });
    expect(cdn).toContain("img-src 'self' https://cdn.example.net https://tafuta.ke; base-uri 'none'");
    expect(cdn).toContain("frame-ancestors 'self'");
    expect(
      siteContentSecurityPolicy({ mediaBaseUrl: 'nonsense', mainSiteUrl: 'https://tafuta.ke' }),
    ).toContain("img-src 'self' https://tafuta.ke;");
    // Development: the Tafuta icon (the favicon's redirect target) comes from the local app, not production.
    const local = siteContentSecurityPolicy({
      mediaBaseUrl: 'http://localhost:3000/media',
      mainSiteUrl: 'http://localhost:3000',
    });
    expect(local).toContain("img-src 'self' http://localhost:3000;");
    expect(local).not.toContain('tafuta.ke');
  });
});

describe('robots.txt and sitemap', () => {
  it('points both robots files at the apex sitemap', () => {
    expect(mainRobots('https://tafuta.ke')).toMatch(
      /Disallow: \/config\n[\s\S]*Sitemap: https:\/\/tafuta\.ke\/sitemap\.xml\n$/,
    );
    expect(siteRobots('https://tafuta.ke')).toBe(
      'User-agent: *\nAllow: /\n\nSitemap: https://tafuta.ke/sitemap.xml\n',
    );
  });

  it('escapes URLs and splits into an index past 50,000 URLs', () => {
    expect(urlsetXml([{ loc: 'https://tafuta.ke/?a=1&b=<2>' }])).toContain(
      '<loc>https://tafuta.ke/?a=1&amp;b=&lt;2&gt;</loc>',
    );
    const entries = Array.from({ length: SITEMAP_MAX_URLS + 1 }, (_, index) => ({
      loc: `https://s${index}.tafuta.ke/`,
      lastmod: new Date('2026-01-02T03:04:05Z'),
    }));
    const sitemap = buildSitemap(entries, 'https://tafuta.ke');
    expect(sitemap.parts).toHaveLength(2);
    expect(sitemap.root).toContain('<sitemapindex');
    expect(sitemap.root).toContain('<loc>https://tafuta.ke/sitemap-2.xml</loc>');
    expect(sitemap.parts[1]).toContain(`<loc>https://s${SITEMAP_MAX_URLS}.tafuta.ke/</loc>`);
    expect(sitemap.parts[0]).toContain('<lastmod>2026-01-02T03:04:05.000Z</lastmod>');
    expect(buildSitemap(entries.slice(0, 3), 'https://tafuta.ke').parts).toEqual([]);
  });
});

describe('siteStateAt (UI-WEB-02)', () => {
  const row = (overrides: Partial<SiteRow> = {}): SiteRow => ({
    name: 'doreen',
    state: 'assigned',
    redirect_until: null,
    current_name: 'doreen',
    business_id: '3f6d2a10-8c4b-4e1f-9a77-0b52c1e8d904',
    business_tag: 'doreen-beauty',
    status: 'active',
    content_version: 4,
    content_updated_at: new Date('2026-11-01T08:00:00Z'),
    updated_at: new Date('2026-11-02T08:00:00Z'),
    subscriptions: [
      { service_type: 'website_hosting', status: 'active', expiration_date: '2026-12-01' },
      { service_type: 'image_gallery', status: 'active', expiration_date: '2026-11-15' },
    ],
    ...overrides,
  });
  // 2026-11-30 23:59 and 2026-12-01 00:00 in Nairobi (UTC+3).
  const lastEvening = new Date('2026-11-30T20:59:00Z');
  const midnight = new Date('2026-11-30T21:00:00Z');

  it('is live through the last day and lapsed from the expiration date, by the Nairobi clock', () => {
    expect(siteStateAt(row(), lastEvening)).toMatchObject({
      kind: 'live',
      site: { services: ['website_hosting'] },
    });
    expect(siteStateAt(row(), midnight)).toMatchObject({ kind: 'lapsed', site: { services: [] } });
    const cancelled = row({
      subscriptions: [
        { service_type: 'website_hosting', status: 'cancelled', expiration_date: '2027-01-01' },
      ],
    });
    expect(siteStateAt(cancelled, lastEvening).kind).toBe('lapsed');
  });

  it('is closed for out_of_business and unavailable for every other status or no row', () => {
    expect(siteStateAt(row({ status: 'out_of_business' }), lastEvening).kind).toBe('closed');
    for (const status of ['pending', 'deactivated', 'suspended', 'deleted']) {
      expect(siteStateAt(row({ status }), lastEvening), status).toEqual({ kind: 'unavailable' });
    }
    expect(siteStateAt(null, lastEvening)).toEqual({ kind: 'unavailable' });
  });

  it('redirects an old name until its window ends, and only to a current name', () => {
    const old = row({ name: 'doreen-old', state: 'redirect', redirect_until: midnight });
    expect(siteStateAt(old, lastEvening)).toEqual({ kind: 'redirect', to: 'doreen' });
    expect(siteStateAt(old, midnight)).toEqual({ kind: 'unavailable' });
    expect(siteStateAt({ ...old, current_name: null }, lastEvening)).toEqual({ kind: 'unavailable' });
    expect(siteStateAt({ ...old, status: 'suspended' }, lastEvening)).toEqual({ kind: 'unavailable' });
  });
});
