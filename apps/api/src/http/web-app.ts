import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Language } from '@tafuta/contracts';
import {
  FirstViewCache,
  firstViewRoute,
  injectFirstView,
  inlineStylesheets,
  makeTranslator,
  pickLanguage,
  renderFirstView,
  shellStatus,
  type FirstViewSource,
} from './web-first-view.js';
import { AppError } from './errors.js';
import { contentSecurityPolicy } from './security-headers.js';

interface Page {
  html: string;
  /** UI-SEO-02 / UI-STAT-04 / UI-DET-01: 404 for unknown pages, slugs and tags, 410 for a closed business. */
  status: 200 | 404 | 410;
}

/** The status of the shell when the first view could not be built: the API said the thing is not there. */
function missingStatus(error: unknown): 404 | 410 | null {
  if (!(error instanceof AppError)) return null;
  if (error.code === 'NOT_FOUND') return error.options.extra?.closed === true ? 410 : 404;
  if (error.code === 'CATEGORY_NOT_FOUND' || error.code === 'REGION_NOT_FOUND') return 404;
  return null;
}

/**
 * SEC-03's policy plus the hashes of index.html's inline scripts (its boot loader), which the build lists
 * in dist/.vite/csp.json (apps/web/build/boot-loader.ts). Without that file (an older build) the policy
 * stays as it is; a malformed one is ignored rather than trusted.
 */
function shellCsp(distDir: string): string | undefined {
  try {
    const file = JSON.parse(fs.readFileSync(path.join(distDir, '.vite', 'csp.json'), 'utf8')) as {
      'script-src'?: unknown;
    };
    const hashes = file['script-src'];
    if (!Array.isArray(hashes) || hashes.length === 0) return undefined;
    return contentSecurityPolicy(hashes.map(String));
  } catch {
    return undefined;
  }
}

/**
 * Serves the built web app on the API's own port (the embedded default: one URL shows the product).
 * Hashed assets are cached for a year; index.html and the service worker never, so a deploy shows up
 * at once. In production Caddy serves the files itself and proxies page paths here, so the first view,
 * the 404/410 statuses and the loader's CSP hash come from this router (deploy/caddy/tafuta.caddy).
 */
export function webAppRouter(
  distDir: string,
  options: { firstView?: FirstViewSource; onListingsChanged?: (listener: () => void) => void } = {},
): Router {
  const router = express.Router();
  const indexFile = path.join(distDir, 'index.html');
  const cache = new FirstViewCache<Page>();
  options.onListingsChanged?.(() => cache.clear());

  // index.html with its CSS inlined, re-read when a build replaces it.
  let template:
    | {
        mtimeMs: number;
        html: string;
        csp: string | undefined;
        catalogues: Map<string, Record<string, Record<string, string>>>;
      }
    | undefined;
  function loadTemplate() {
    const { mtimeMs } = fs.statSync(indexFile);
    if (template?.mtimeMs !== mtimeMs) {
      template = {
        mtimeMs,
        html: inlineStylesheets(fs.readFileSync(indexFile, 'utf8'), distDir),
        csp: shellCsp(distDir),
        catalogues: new Map(),
      };
      cache.clear();
    }
    return template;
  }
  function catalogue(lang: Language) {
    const current = loadTemplate();
    let value = current.catalogues.get(lang);
    if (!value) {
      try {
        value = JSON.parse(fs.readFileSync(path.join(distDir, 'locales', `${lang}.json`), 'utf8')) as Record<
          string,
          Record<string, string>
        >;
      } catch {
        value = {};
      }
      current.catalogues.set(lang, value);
    }
    return value;
  }

  /**
   * index.html for a page, with its status: with its first view for `/`, landing and detail pages
   * (web-first-view.ts). The app draws the friendly 404/410 page itself from the same shell.
   */
  async function pageHtml(req: Request): Promise<Page> {
    const { html } = loadTemplate();
    const route = firstViewRoute(req.path);
    if (!route) return { html, status: shellStatus(req.path) };
    if (!options.firstView) return { html, status: 200 };
    const lang = pickLanguage(req.query.lang, req.headers.cookie, req.headers['accept-language']);
    // The ranking seed of the home feed (UI-RANK-02); the app adopts it for the tab when it has none.
    const seed = Math.floor(Math.random() * 16);
    const key = JSON.stringify([req.path, lang, route.kind === 'detail' ? 0 : seed]);
    const cached = cache.get(key);
    if (cached) return cached;
    try {
      const rendered = await renderFirstView(route, lang, seed, { source: options.firstView, catalogue });
      if (!rendered) return { html, status: 200 };
      const page: Page = {
        html: injectFirstView(html, rendered, lang, makeTranslator(catalogue(lang), catalogue('en'))),
        status: 200,
      };
      cache.set(key, page);
      return page;
    } catch (error) {
      // Unknown slug or tag, closed business: the plain shell with 404/410 (the app shows the friendly
      // page). A database hiccup: the plain shell with 200, the app fetches and shows its own state.
      const status = missingStatus(error);
      if (status === null) return { html, status: 200 };
      const page: Page = { html, status };
      cache.set(key, page);
      return page;
    }
  }

  router.use(
    express.static(distDir, {
      index: false,
      setHeaders(res, filePath) {
        // The service worker precaches /index.html as the offline shell: it needs the loader's hash too.
        const csp = filePath === indexFile ? loadTemplate().csp : undefined;
        if (csp) res.setHeader('Content-Security-Policy', csp);
        const immutable = filePath.startsWith(path.join(distDir, 'assets') + path.sep);
        res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );

  // SPA fallback: any GET for a page (not an API call, not a file) gets index.html and the client routes.
  router.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/') || req.path === '/api' || path.extname(req.path) !== '') {
      next();
      return;
    }
    if (!fs.existsSync(indexFile)) {
      res
        .status(503)
        .type('text/plain')
        .send('The web app has not been built yet. Run `npm run build`, then start the server again.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    const { csp } = loadTemplate();
    if (csp) res.setHeader('Content-Security-Policy', csp);
    pageHtml(req)
      .then(({ html, status }) => res.status(status).type('html').send(html))
      .catch(next);
  });
  return router;
}
