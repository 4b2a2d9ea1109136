import fs from 'node:fs/promises';
import path from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Language } from '@tafuta/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import { mediaServeRouter } from '../media/serve.js';
import type { MediaUrlResolver } from '../media/urls.js';
import {
  acceptsGzip,
  cachedPage,
  ifNoneMatchHits,
  LIVE_CACHE_CONTROL,
  PageCache,
  PERSONAL_CACHE_CONTROL,
  REDIRECT_CACHE_CONTROL,
  setSiteSecurityHeaders,
  SITE_VARY,
  STATE_CACHE_CONTROL,
  type CachedPage,
} from './caching.js';
import { classifyHost, type HostTarget } from './host.js';
import { languageCookie, pickSiteLanguage } from './language.js';
import { loadWebsiteModel, type WebsiteModelOptions } from './model.js';
import { renderWebsite } from './render.js';
import { createSiteResolver, type SiteFacts, type SiteState } from './resolve.js';
import { siteRobots } from './robots.js';
import { mediaListingGuard, onSiteOrigin, siteOriginOf } from './site-media.js';
import { renderClosed, renderLapsed, renderUnavailable } from './state-pages.js';

/**
 * Business websites by Host (ui.md §8.2): mounted first in app.ts, it answers every request for
 * `{label}.{apex}` (and `{label}.localhost` in development) and hands everything else to the app. The
 * state is worked out per request from facts at most a second old and cleared on every announced change
 * (resolve.ts); rendered pages are kept in a small LRU keyed by everything they depend on, so a busy
 * site costs two map lookups and a write of a prepared gzip buffer.
 */

export interface WebsitesDeps {
  db: Kysely<Database>;
  logger: Logger;
  /** SITE_APEX_DOMAIN. */
  apexDomain: string;
  /** APP_URL: the main site (robots.txt's sitemap, the Tafuta icon, every link back to Tafuta). */
  appUrl: string;
  mediaBaseUrl: string;
  mediaUrls?: Pick<MediaUrlResolver, 'lookup' | 'invalidate'> | undefined;
  /** WEB_DIST_PATH: the web build, whose icon.svg is a website's favicon when it has no logo. */
  webDistPath: string;
  /** MEDIA_PATH: website hosts serve /media too (site-media.ts); Caddy does it in production. */
  mediaPath: string;
  /** MEDIA_BASE_URL is the app's own /media, so images may move to the site's origin (site-media.ts). */
  mediaOnSites: boolean;
  /** `{label}.localhost` hosts too (APP_URL on this machine). */
  localHosts: boolean;
  /** APP_URL is https: the language cookie is Secure. */
  secureCookies: boolean;
  /** Category or region names changed: drop rendered pages (their names are in them). */
  onListingsChanged?: ((listener: () => void) => void) | undefined;
}

type SiteTarget = Extract<HostTarget, { kind: 'site' | 'no-site' }>;

/** What the live site and the preview load a model with (main-site.routes.ts shares it). */
export function websiteModelOptions(deps: WebsitesDeps) {
  const beforeMediaLookup = deps.mediaUrls ? mediaListingGuard(deps.mediaUrls) : undefined;
  return (lang: Language, now: Date, preview: boolean): WebsiteModelOptions => ({
    lang,
    now,
    preview,
    apexDomain: deps.apexDomain,
    mainSiteUrl: deps.appUrl,
    mediaBaseUrl: deps.mediaBaseUrl,
    mediaUrls: deps.mediaUrls,
    beforeMediaLookup,
  });
}

interface SiteLocals {
  siteTarget?: SiteTarget;
}

const targetOf = (res: Response): SiteTarget => (res.locals as SiteLocals).siteTarget!;

/** The open-now line and © year move with the clock: a page is re-rendered at most once a minute. */
const MINUTE_MS = 60_000;

function plain(res: Response, status: number, text: string): void {
  res.status(status).type('text/plain; charset=utf-8').setHeader('Cache-Control', 'no-store');
  res.send(text);
}

/** One site's worth of serving: language, rendering through the LRU, and the response. */
function siteServer(deps: WebsitesDeps) {
  const pages = new PageCache();
  const inFlight = new Map<string, Promise<CachedPage | null>>();
  let generation = 0;
  deps.onListingsChanged?.(() => {
    // A render already running may have read the old names: it answers its own request only.
    generation += 1;
    pages.clear();
    inFlight.clear();
  });
  const sites = createSiteResolver({ db: deps.db, onListingsChanged: deps.onListingsChanged });
  const modelOptions = websiteModelOptions(deps);

  /** A page from the LRU, or rendered once however many requests ask for it at the same moment. */
  async function page(
    key: string,
    render: () => Promise<{ html: string; etag: string } | null>,
  ): Promise<CachedPage | null> {
    const hit = pages.get(key);
    if (hit) return hit;
    let pending = inFlight.get(key);
    if (!pending) {
      const started = generation;
      const own: Promise<CachedPage | null> = render()
        .then((rendered) => {
          if (!rendered) return null;
          const entry = cachedPage(rendered.html, rendered.etag);
          if (started === generation) pages.set(key, entry);
          return entry;
        })
        .finally(() => {
          if (inFlight.get(key) === own) inFlight.delete(key);
        });
      pending = own;
      inFlight.set(key, own);
    }
    return pending;
  }

  const model = async (site: SiteFacts, lang: Language, now: Date, origin: string) => {
    const loaded = await loadWebsiteModel(deps.db, site.businessId, modelOptions(lang, now, false));
    return loaded && deps.mediaOnSites ? onSiteOrigin(loaded, deps.mediaBaseUrl, origin) : loaded;
  };

  /**
   * The page of a state, keyed by every input it shows: the business row (content version — media
   * uploads, deletes and reorders write one too — and the row's last write, which covers the badge's
   * tier), the address it answers on, the language, the services and the minute. Category and region
   * names and anything announced clear the whole cache (`onListingsChanged`).
   */
  function statePage(
    state: SiteState,
    lang: Language,
    now: Date,
    origin: string,
  ): Promise<CachedPage | null> {
    const options = { lang, mainSiteUrl: deps.appUrl };
    if (state.kind === 'unavailable' || state.kind === 'redirect') {
      return page(`unavailable|${lang}`, () => {
        const { html } = renderUnavailable(options);
        return Promise.resolve({ html, etag: '' });
      });
    }
    const { site } = state;
    const minute = Math.floor(now.getTime() / MINUTE_MS);
    const key = [
      state.kind,
      site.businessId,
      origin,
      site.subdomain,
      lang,
      site.contentVersion,
      site.contentUpdatedAt.getTime(),
      site.updatedAt.getTime(),
    ]
      .concat(state.kind === 'live' ? [site.services.join(','), minute] : [])
      .join('|');
    return page(key, async () => {
      const loaded = await model(site, lang, now, origin);
      if (!loaded) return null;
      if (state.kind === 'live') return renderWebsite(loaded, { lang, preview: false, now });
      const rendered =
        state.kind === 'lapsed' ? renderLapsed(loaded, options) : renderClosed(loaded, options);
      return { html: rendered.html, etag: '' };
    });
  }

  function send(req: Request, res: Response, status: number, entry: CachedPage): void {
    res.status(status).setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Vary', `${SITE_VARY}, Accept-Encoding`);
    if (acceptsGzip(req.get('accept-encoding'))) {
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', entry.gzip.length);
      res.end(entry.gzip);
    } else {
      res.setHeader('Content-Length', Buffer.byteLength(entry.html));
      res.end(entry.html);
    }
  }

  /** The new address of a renamed site, same path and query (UI-SUB-06). */
  const redirectUrl = (req: Request, target: SiteTarget, to: string) =>
    `${siteOriginOf(target, to, deps.apexDomain)}${req.originalUrl}`;
  /** Where this request's site lives (its label matched the strict grammar; nothing raw is used). */
  const originOf = (target: SiteTarget) =>
    target.kind === 'site' ? siteOriginOf(target, target.label, deps.apexDomain) : '';

  async function serve(req: Request, res: Response): Promise<void> {
    const target = targetOf(res);
    const now = new Date();
    const state: SiteState =
      target.kind === 'site' ? await sites.resolve(target.label, now) : { kind: 'unavailable' };
    if (state.kind === 'redirect') {
      res.setHeader('Cache-Control', REDIRECT_CACHE_CONTROL);
      res.redirect(301, redirectUrl(req, target, state.to));
      return;
    }
    const { language, source } = pickSiteLanguage({
      query: req.query.lang,
      cookie: req.get('cookie'),
      acceptLanguage: req.get('accept-language'),
    });
    res.setHeader('Content-Language', language);
    if (source === 'query') {
      const secure = deps.secureCookies && !target.localHost;
      res.append(
        'Set-Cookie',
        languageCookie(language, { apexDomain: deps.apexDomain, localHost: target.localHost, secure }),
      );
    }
    // A one-page site: other paths of a site that exists lead to its page.
    if (req.path !== '/' && state.kind !== 'unavailable') {
      const query = req.originalUrl.indexOf('?');
      res.setHeader('Cache-Control', STATE_CACHE_CONTROL);
      res.redirect(302, query === -1 ? '/' : `/${req.originalUrl.slice(query)}`);
      return;
    }
    const origin = originOf(target);
    const entry =
      (await statePage(state, language, now, origin)) ??
      (await statePage({ kind: 'unavailable' }, language, now, origin));
    const personal = source === 'query';
    if (state.kind !== 'live' || !entry?.etag) {
      res.setHeader('Cache-Control', personal ? PERSONAL_CACHE_CONTROL : STATE_CACHE_CONTROL);
      const status = state.kind === 'closed' ? 410 : 404;
      send(req, res, status, entry!);
      return;
    }
    res.setHeader('Cache-Control', personal ? PERSONAL_CACHE_CONTROL : LIVE_CACHE_CONTROL);
    res.setHeader('ETag', entry.etag);
    if (ifNoneMatchHits(req.get('if-none-match'), entry.etag)) {
      res.setHeader('Vary', `${SITE_VARY}, Accept-Encoding`);
      res.status(304).end();
      return;
    }
    send(req, res, 200, entry);
  }

  /** The logo's icon of a live site (on the site's own origin when media is), else null. */
  async function logoIcon(res: Response): Promise<string | null> {
    const target = targetOf(res);
    if (target.kind !== 'site') return null;
    const now = new Date();
    const state = await sites.resolve(target.label, now);
    if (state.kind !== 'live') return null;
    const loaded = await model(state.site, 'en', now, originOf(target));
    return loaded?.images.logo?.icon ?? loaded?.images.logo?.small ?? null;
  }

  let tafutaIcon: Buffer | null | undefined;
  /**
   * /favicon.ico (UI-WEB-10): the logo's icon, else the Tafuta icon of the web build sent from the site
   * itself. A redirect to APP_URL's icon is the last resort (a build without one): on `*.localhost` the
   * app's `Cross-Origin-Resource-Policy: same-site` makes Chromium refuse it, since `localhost` and
   * `demo-shop.localhost` are different sites, and on a phone it costs another connection.
   */
  async function favicon(res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    const logo = await logoIcon(res);
    if (logo) return res.redirect(302, logo);
    if (tafutaIcon === undefined) {
      tafutaIcon = await fs.readFile(path.join(deps.webDistPath, 'icon.svg')).catch(() => null);
    }
    if (tafutaIcon) {
      res.type('image/svg+xml').send(tafutaIcon);
      return;
    }
    res.redirect(302, `${deps.appUrl}/icon.svg`);
  }

  return { serve, favicon };
}

/**
 * The first middleware of the app (after request id and logging): a website host is answered here and
 * never reaches sessions, CORS, the API or the SPA; any other host goes on to the app.
 */
export function websiteHostRouter(deps: WebsitesDeps): RequestHandler {
  const server = siteServer(deps);
  const site = express.Router();
  const guard =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) => {
      handler(req, res).catch(next);
    };

  site.get('/robots.txt', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/plain; charset=utf-8').send(siteRobots(deps.appUrl));
  });
  site.get(
    '/favicon.ico',
    guard((_req, res) => server.favicon(res)),
  );
  // Images of the site on its own origin (site-media.ts); the same allow-list as on the apex.
  site.use('/media', mediaServeRouter({ mediaPath: deps.mediaPath }));
  site.get(/.*/, guard(server.serve));
  site.all(/.*/, (_req, res) => {
    res.setHeader('Allow', 'GET, HEAD');
    plain(res, 405, 'Method Not Allowed');
  });

  const options = { apexDomain: deps.apexDomain, localHosts: deps.localHosts };
  return (req, res, next) => {
    const target = classifyHost(req.headers.host, options);
    if (target.kind === 'app') return next();
    // RFC 9112 §3.2: a malformed Host is a 400; nothing of it is echoed.
    if (target.kind === 'invalid') return plain(res, 400, 'Bad Request');
    (res.locals as SiteLocals).siteTarget = target;
    setSiteSecurityHeaders(res, { mediaBaseUrl: deps.mediaBaseUrl, mainSiteUrl: deps.appUrl });
    site(req, res, (error?: unknown) => {
      if (error) {
        deps.logger.error('Website request failed', { err: error, request_id: req.id });
        if (!res.headersSent) plain(res, 500, 'Internal Server Error');
        return;
      }
      plain(res, 404, 'Not Found');
    });
  };
}
