import express, { type Response, type Router } from 'express';
import { searchQuery } from '@tafuta/contracts';
import { sendData } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import { RATE_LIMIT_CLASSES } from '../../http/rate-limit/classes.js';
import { clientIp, createRateLimiter } from '../../http/rate-limit/limiter.js';
import { parseInput } from '../../http/validate.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { businessTagParam, landingQuery, languageQuery } from './search.queries.js';
import { createSearchService, type SearchServiceOptions } from './search.service.js';

/**
 * API-12: public search replies never vary by caller, so the CDN may keep them five minutes. The api
 * router set no-store first; a successful public reply overrides it.
 */
function cacheable(res: Response): void {
  res.setHeader('Cache-Control', 'public, max-age=300');
}

/** EP-PUB-01 (ERRATA 13 shape), landing headers (UI-LIST-03/09) and detail data (UI-DET-06, ERRATA 14). */
export function searchRouter(deps: DirectoryDeps, options: SearchServiceOptions = {}): Router {
  const router = express.Router();
  const service = createSearchService(deps, options);
  // RL-01 "Public search": 30 a minute per client IP, signed in or not.
  const searchLimit = createRateLimiter(RATE_LIMIT_CLASSES.publicSearch, {
    stores: deps.rateLimitStores,
    logger: deps.logger,
    key: (req) => clientIp(req),
  });

  router.get('/search', searchLimit, async (req, res) => {
    const query = parseInput(searchQuery, req.query);
    const reply = await service.search(query);
    cacheable(res);
    res.status(200).type('application/json').vary('Accept-Encoding');
    // The reply was gzipped once when computed; the compression middleware leaves an encoded body alone.
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(reply.gzip);
    } else {
      res.end(reply.json);
    }
  });

  router.get('/search/landing', async (req, res) => {
    const query = parseInput(landingQuery, req.query);
    const reply = await service.landing(query);
    cacheable(res);
    sendData(res, reply);
  });

  router.get('/public/businesses/:business_tag', async (req, res) => {
    const params = businessTagParam.safeParse(req.params);
    if (!params.success) throw new AppError('NOT_FOUND', 'No such business');
    const { lang } = parseInput(languageQuery, req.query);
    const business = await service.publicBusiness(params.data.business_tag, lang);
    cacheable(res);
    sendData(res, business);
  });

  return router;
}
