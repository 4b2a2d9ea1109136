import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Language } from '@tafuta/contracts';
import { authOf } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../auth/permissions.js';
import { businessForActor } from '../businesses/access.js';
import { ifNoneMatchHits, PREVIEW_CACHE_CONTROL, setSiteSecurityHeaders, strongEtag } from './caching.js';
import { pickSiteLanguage } from './language.js';
import { loadWebsiteModel } from './model.js';
import { renderWebsite } from './render.js';
import { mainRobots } from './robots.js';
import { createSitemapSource } from './sitemap.js';
import { renderUnavailable } from './state-pages.js';
import { websiteModelOptions, type WebsitesDeps } from './websites.routes.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The main site's parts of the website feature, ahead of the SPA fallback: `/sitemap.xml` (UI-SEO-04),
 * `/robots.txt` (UI-SEO-03) and the preview of a business's website (UI-WEB-06), which reads the
 * session itself (`session`: the session and auth-context middleware, as for the receipt short link).
 */
export function websitesAppRouter(deps: WebsitesDeps, session: RequestHandler[]): express.Router {
  const router = express.Router();
  const sitemap = createSitemapSource(deps);

  router.get('/robots.txt', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/plain; charset=utf-8').send(mainRobots(deps.appUrl));
  });

  const sendXml = (req: Request, res: Response, body: string) => {
    const etag = strongEtag(body);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('ETag', etag);
    if (ifNoneMatchHits(req.get('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    res.type('application/xml; charset=utf-8').send(body);
  };
  router.get('/sitemap.xml', async (req, res) => {
    sendXml(req, res, (await sitemap.get()).root);
  });
  router.get(/^\/sitemap-(\d{1,4})\.xml$/, async (req, res, next) => {
    const index = Number(/(\d+)/.exec(req.path)?.[1] ?? 0) - 1;
    const part = (await sitemap.get()).parts[index];
    if (part === undefined) return next();
    sendXml(req, res, part);
  });

  router.get('/config/business/:id/website/preview', ...session, async (req, res) => {
    res.setHeader('Cache-Control', PREVIEW_CACHE_CONTROL);
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    setSiteSecurityHeaders(res, {
      mediaBaseUrl: deps.mediaBaseUrl,
      mainSiteUrl: deps.appUrl,
      frameable: true,
    });
    const auth = authOf(res);
    if (!auth) {
      // UI-AUTH-08: sign in, then come back here.
      res.redirect(302, `/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    const { language } = pickSiteLanguage({
      query: req.query.lang,
      cookie: req.get('cookie'),
      acceptLanguage: req.get('accept-language'),
    });
    res.setHeader('Content-Language', language);
    const html = await previewHtml(
      deps,
      { userId: auth.userId, staffRole: auth.staffRole },
      {
        businessId: String(req.params.id),
        active: auth.status === 'active',
        lang: language,
      },
    );
    if (html === null) {
      // Someone signed in who is not on the team: the same answer as for no such business (API-09).
      res.status(404).type('text/html; charset=utf-8');
      res.send(renderUnavailable({ lang: language, mainSiteUrl: deps.appUrl }).html);
      return;
    }
    res.status(200).type('text/html; charset=utf-8').send(html);
  });
  return router;
}

/**
 * UI-WEB-06: the website as it would look from saved content, for team members and staff Support+,
 * whatever the business's status or hosting; null when the person may not see the business.
 */
async function previewHtml(
  deps: WebsitesDeps,
  actor: Actor,
  input: { businessId: string; active: boolean; lang: Language },
): Promise<string | null> {
  // SES-13: a deactivated account uses none of its powers until reactivated.
  if (!input.active || !UUID.test(input.businessId)) return null;
  try {
    await businessForActor(deps.db, {
      actor,
      businessId: input.businessId,
      action: 'business.view_private',
      logger: deps.logger,
    });
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
  const model = await loadWebsiteModel(
    deps.db,
    input.businessId,
    websiteModelOptions(deps)(input.lang, new Date(), true),
  );
  return model ? renderWebsite(model, { lang: input.lang, preview: true }).html : null;
}
