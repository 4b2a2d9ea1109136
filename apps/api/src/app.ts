import compression from 'compression';
import express, { type Express } from 'express';
import type { Store } from 'express-session';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Config } from './config.js';
import { SIMULATOR_MOUNT_PATH } from './config-providers.js';
import type { Database } from './db/schema.js';
import { authContext } from './http/auth-context.js';
import { jsonBody, requireKnownContentType } from './http/body.js';
import { CorsPolicy, corsMiddleware, originGuard } from './http/cors.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import type { Logger } from './http/logger.js';
import { createHttpMetrics } from './http/metrics.js';
import { globalAnonymousClass, RATE_LIMIT_CLASSES } from './http/rate-limit/classes.js';
import { anonymousKey, createRateLimiter, signedInKey, staffSessionKey } from './http/rate-limit/limiter.js';
import type { RateLimitStoreFactory } from './http/rate-limit/stores.js';
import { requestId, requestLogger } from './http/request-context.js';
import { securityHeaders } from './http/security-headers.js';
import { sessionMiddleware } from './http/session.js';
import { webAppRouter } from './http/web-app.js';
import type { CloudflareSimulator } from './integrations/dns/simulator.js';
import type { MailgunSimulator } from './integrations/email/simulator.js';
import type { SmsSimulator } from './integrations/sms/simulator.js';
import { approvalsRouter } from './modules/approvals/approvals.routes.js';
import { authRouter } from './modules/auth/auth.routes.js';
import { businessesRouter } from './modules/businesses/businesses.routes.js';
import { catalogueRouter } from './modules/catalogue/catalogue.routes.js';
import type { DirectoryDeps, DirectoryEvents } from './modules/directory-deps.js';
import type { AuthDeps } from './modules/auth/auth.service.js';
import type { SessionDeps } from './modules/auth/session-lifecycle.js';
import { devOutboxApiRouter, devOutboxPageRouter } from './modules/dev/dev-outbox.routes.js';
import { healthRouter } from './modules/health/health.routes.js';
import { openApiRouter } from './openapi/openapi.routes.js';
import { searchRouter } from './modules/search/search.routes.js';
import { subdomainsRouter } from './modules/subdomains/subdomains.routes.js';
import { trackingRouter } from './modules/tracking/tracking.routes.js';
import type { Notifier } from './modules/notifications/notifier.js';
import { webhooksRouter } from './modules/notifications/webhooks.routes.js';
import { termsRouter } from './modules/terms/terms.routes.js';
import { phoneChangeRouter } from './modules/users/phone-change.routes.js';
import { profilePhotoRouter } from './modules/users/profile-photo.routes.js';
import { staffUsersRouter } from './modules/users/staff-users.routes.js';
import { usersRouter } from './modules/users/users.routes.js';

export interface AppDeps {
  config: Pick<
    Config,
    | 'env'
    | 'isProduction'
    | 'appUrl'
    | 'trustProxy'
    | 'cors'
    | 'rateLimit'
    | 'paths'
    | 'secrets'
    | 'otpTestCode'
    | 'phoneTestPrefixes'
    | 'maxProfilePhotoBytes'
    | 'monitoring'
  >;
  db: Kysely<Database>;
  /** The pool behind `db`, for the /metrics pool gauges (main.ts passes it). */
  pool?: pg.Pool | undefined;
  logger: Logger;
  rateLimitStores: RateLimitStoreFactory;
  version: string;
  startedAt: number;
  sessionStore: Store;
  notifier: Notifier;
  directoryEvents: DirectoryEvents;
  /** The built-in simulators, served (with the dev outbox) only outside production. */
  simulators?: { sms: SmsSimulator; mail: MailgunSimulator; dns?: CloudflareSimulator } | undefined;
}

/** Middleware and module routers only: no connections are opened here (main.ts does that). */
export function buildApp(deps: AppDeps): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  // SEC-06: a hop count is a number to Express; as a string it would name no address and trust nothing.
  app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  app.set('query parser', 'simple');

  const corsPolicy = new CorsPolicy({
    appUrl: config.appUrl,
    apexDomain: config.cors.apexDomain,
    extraOrigins: config.cors.extraOrigins,
    development: config.env === 'development',
  });

  const secureCookie = config.appUrl.startsWith('https:');
  const simulators = config.isProduction ? undefined : deps.simulators;
  const sessions: SessionDeps = { db: deps.db, store: deps.sessionStore, logger, secureCookie };
  const auth: AuthDeps = {
    db: deps.db,
    logger,
    notifier: deps.notifier,
    phoneTestPrefixes: config.isProduction ? [] : config.phoneTestPrefixes,
    otp: {
      db: deps.db,
      logger,
      notifier: deps.notifier,
      otpSecret: config.secrets.otp,
      testCode: config.isProduction ? undefined : config.otpTestCode,
    },
  };

  const metrics = createHttpMetrics({
    db: deps.db,
    pool: deps.pool,
    token: config.monitoring.metricsToken,
    logger,
  });
  app.use(metrics.observe);
  app.use(requestId());
  app.use(requestLogger(logger));
  if (simulators) {
    app.use(`${SIMULATOR_MOUNT_PATH}/sms`, simulators.sms.router);
    app.use(`${SIMULATOR_MOUNT_PATH}/mailgun`, simulators.mail.router);
    if (simulators.dns) app.use(`${SIMULATOR_MOUNT_PATH}/cloudflare`, simulators.dns.router);
  }
  app.use(securityHeaders());
  app.use(compression());
  app.use(corsMiddleware(corsPolicy));
  // Outside /api (not part of the API, no session or rate limits) and ahead of the SPA fallback.
  app.use(metrics.router);

  const api = express.Router();
  api.use((_req, res, next) => {
    // API-12: nothing under /api is cached unless a public endpoint says otherwise.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Provider callbacks prove themselves with tokens and signatures; no session, origin or IP limits.
  api.use(
    webhooksRouter({
      db: deps.db,
      logger,
      smsCallbackToken: config.secrets.smsCallbackToken,
      mailgunSigningKey: config.secrets.mailgunSigningKey,
    }),
  );
  // Sessions come before the limiters: signed-in people are counted per user (RL-02).
  api.use(
    sessionMiddleware({ store: deps.sessionStore, secrets: config.secrets.session, secure: secureCookie }),
  );
  api.use(authContext({ db: deps.db, secureCookie }));
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
  api.use(
    createRateLimiter(RATE_LIMIT_CLASSES.globalStaff, {
      stores: deps.rateLimitStores,
      logger,
      key: staffSessionKey,
    }),
  );
  api.use(requireKnownContentType());
  api.use(jsonBody());
  api.use(healthRouter({ db: deps.db, version: deps.version, startedAt: deps.startedAt }));
  api.use(openApiRouter(deps.version));
  api.use(termsRouter({ db: deps.db }));
  api.use(
    authRouter({ auth, sessions, logger, rateLimitStores: deps.rateLimitStores, appUrl: config.appUrl }),
  );
  api.use(
    usersRouter({
      db: deps.db,
      logger,
      notifier: deps.notifier,
      sessions,
      rateLimitStores: deps.rateLimitStores,
      linkSigningSecrets: config.secrets.linkSigning,
    }),
  );
  api.use(
    staffUsersRouter({
      db: deps.db,
      logger,
      notifier: deps.notifier,
      sessions,
      phoneTestPrefixes: auth.phoneTestPrefixes,
      uploadsDir: config.paths.uploads,
    }),
  );
  api.use(
    phoneChangeRouter({
      db: deps.db,
      logger,
      notifier: deps.notifier,
      sessions,
      otp: auth.otp,
      phoneTestPrefixes: auth.phoneTestPrefixes,
    }),
  );
  api.use(
    profilePhotoRouter({
      db: deps.db,
      logger,
      uploadsDir: config.paths.uploads,
      maxBytes: config.maxProfilePhotoBytes,
      rateLimitStores: deps.rateLimitStores,
    }),
  );
  const directory: DirectoryDeps = {
    db: deps.db,
    logger,
    notifier: deps.notifier,
    rateLimitStores: deps.rateLimitStores,
    events: deps.directoryEvents,
    appUrl: config.appUrl,
    apexDomain: config.cors.apexDomain,
    mediaBaseUrl: `${config.appUrl}/media`,
    mediaPath: config.paths.media,
    phoneTestPrefixes: auth.phoneTestPrefixes,
  };
  api.use(catalogueRouter(directory));
  api.use(searchRouter(directory));
  api.use(trackingRouter(directory));
  api.use(businessesRouter(directory));
  api.use(approvalsRouter(directory));
  api.use(subdomainsRouter(directory));
  if (simulators) api.use(devOutboxApiRouter(simulators));
  api.use(notFoundHandler());
  app.use('/api', api);

  if (simulators) app.use(devOutboxPageRouter(simulators));
  app.use(webAppRouter(config.paths.webDist));
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
