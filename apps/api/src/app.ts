import compression from 'compression';
import express, { type Express } from 'express';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/schema.js';
import { jsonBody, requireKnownContentType } from './http/body.js';
import { CorsPolicy, corsMiddleware, originGuard } from './http/cors.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import type { Logger } from './http/logger.js';
import { globalAnonymousClass, RATE_LIMIT_CLASSES } from './http/rate-limit/classes.js';
import { anonymousKey, createRateLimiter, signedInKey } from './http/rate-limit/limiter.js';
import type { RateLimitStoreFactory } from './http/rate-limit/stores.js';
import { requestId, requestLogger } from './http/request-context.js';
import { securityHeaders } from './http/security-headers.js';
import { webAppRouter } from './http/web-app.js';
import { healthRouter } from './modules/health/health.routes.js';

export interface AppDeps {
  config: Pick<Config, 'env' | 'appUrl' | 'trustProxy' | 'cors' | 'rateLimit' | 'paths'>;
  db: Kysely<Database>;
  logger: Logger;
  rateLimitStores: RateLimitStoreFactory;
  version: string;
  startedAt: number;
}

/** Middleware and module routers only: no connections are opened here (main.ts does that). */
export function buildApp(deps: AppDeps): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');

  const corsPolicy = new CorsPolicy({
    appUrl: config.appUrl,
    apexDomain: config.cors.apexDomain,
    extraOrigins: config.cors.extraOrigins,
    development: config.env === 'development',
  });

  app.use(requestId());
  app.use(requestLogger(logger));
  app.use(securityHeaders());
  app.use(compression());
  app.use(corsMiddleware(corsPolicy));

  const api = express.Router();
  api.use((_req, res, next) => {
    // API-12: nothing under /api is cached unless a public endpoint says otherwise.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(originGuard(corsPolicy));
  api.use(
    createRateLimiter(globalAnonymousClass(config.rateLimit.windowMs, config.rateLimit.max), {
      stores: deps.rateLimitStores,
      logger,
      key: anonymousKey,
    }),
  );
  api.use(
    createRateLimiter(RATE_LIMIT_CLASSES.globalSignedIn, {
      stores: deps.rateLimitStores,
      logger,
      key: signedInKey,
    }),
  );
  api.use(requireKnownContentType());
  api.use(jsonBody());
  api.use(healthRouter({ db: deps.db, version: deps.version, startedAt: deps.startedAt }));
  api.use(notFoundHandler());
  app.use('/api', api);

  app.use(webAppRouter(config.paths.webDist));
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
