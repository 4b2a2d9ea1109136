import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { Response } from 'express';

/**
 * HTTP caching and response headers of business websites (docs/websites.md "Caching").
 *
 * UI-WEB-04 asks for `no-cache` + ETag and no edge caching, because the language varies by cookie.
 * Live pages here send `public, max-age=0, s-maxage=60, stale-while-revalidate=600` with
 * `Vary: Accept-Language, Cookie` instead: browsers still revalidate on every load (max-age=0, so an
 * owner's save shows at once through the changed ETag), while a shared cache that honours Vary may keep a
 * page for a minute per language and cookie; Cloudflare ignores Vary on HTML and does not cache HTML by
 * default, so at the edge this stays UI-WEB-04's behaviour. A response that sets the language cookie is
 * never shared (`private`).
 */

export const LIVE_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=600';
/** Lapsed, closed and unknown sites: a CDN may hold the answer a minute, browsers never. */
export const STATE_CACHE_CONTROL = 'public, max-age=0, s-maxage=60';
/** A renamed site's old name (UI-SUB-06): the redirect is stable for its 90 days. */
export const REDIRECT_CACHE_CONTROL = 'public, max-age=3600';
/** A response carrying Set-Cookie must not be stored for others. */
export const PERSONAL_CACHE_CONTROL = 'private, max-age=0';
/** UI-WEB-06 previews: the signed-in team's view of saved content. */
export const PREVIEW_CACHE_CONTROL = 'private, no-store';
export const SITE_VARY = 'Accept-Language, Cookie';

/**
 * RFC 9110 §13.1.2: If-None-Match compares weakly (W/ prefixes ignored); `*` matches any current page.
 * Lists are split on commas outside quotes; malformed entries never match.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  const entries = header.slice(0, 4096).match(/(?:W\/)?"[^"]*"|\*/g) ?? [];
  return entries.some((entry) => entry === '*' || opaque(entry) === wanted);
}

/** A strong validator over any inputs (used when a caller has no renderer ETag, e.g. the sitemap). */
export function strongEtag(...parts: (string | number)[]): string {
  return `"${crypto.createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 27)}"`;
}

/** Only the origin of a URL goes into the policy (a path in a CSP source is a prefix match). */
function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The website CSP: pages are static HTML with an inline <style>, so no script at all may run, images come
 * from the page's own origin, the media host or the main app, and nothing may frame a public site (a
 * preview may be framed by the dashboard on the main app).
 */
export function siteContentSecurityPolicy(options: {
  mediaBaseUrl: string;
  /** APP_URL: it serves the Tafuta icon, a site's favicon when it has no logo (UI-WEB-10). */
  mainSiteUrl: string;
  frameable?: boolean;
}): string {
  const sources = [originOf(options.mediaBaseUrl), originOf(options.mainSiteUrl)];
  const images = ["'self'", ...new Set(sources.filter((source) => source !== null))];
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', "'none'"],
    ['style-src', "'unsafe-inline'"],
    ['img-src', images.join(' ')],
    ['base-uri', "'none'"],
    ['form-action', "'self'"],
    ['frame-ancestors', options.frameable ? "'self'" : "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

export function setSiteSecurityHeaders(
  res: Response,
  options: { mediaBaseUrl: string; mainSiteUrl: string; frameable?: boolean },
): void {
  res.setHeader('Content-Security-Policy', siteContentSecurityPolicy(options));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('X-Frame-Options', options.frameable ? 'SAMEORIGIN' : 'DENY');
  res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), payment=(), geolocation=()');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

export interface CachedPage {
  html: string;
  etag: string;
  /** gzip of `html`, made once per cached page instead of once per request. */
  gzip: Buffer;
}

export function cachedPage(html: string, etag: string): CachedPage {
  return { html, etag, gzip: zlib.gzipSync(html, { level: 6 }) };
}

/**
 * A small LRU of rendered pages (Map keeps insertion order; a hit moves the entry to the end). Keys hold
 * every input of the page — business, language, content version, services, the minute — so an entry is
 * never stale, only unused; `clear()` drops everything when names of categories or regions change.
 */
export class PageCache {
  private readonly entries = new Map<string, CachedPage>();

  constructor(private readonly maxEntries = 500) {}

  get(key: string): CachedPage | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, page: CachedPage): void {
    this.entries.delete(key);
    this.entries.set(key, page);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Whether the client takes gzip (q=0 refuses it). */
export function acceptsGzip(header: string | undefined): boolean {
  for (const part of (header ?? '').split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') continue;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}
