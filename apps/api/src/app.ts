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
import type { PesapalSimulator } from './integrations/pesapal/simulator.js';
import type { PesapalGateway } from './integrations/pesapal/gateway.js';
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
import { mediaServeRouter } from './modules/media/serve.js';
import { createMediaConfigStore, type MediaConfigStore } from './modules/media/app-config.js';
import { mediaRouter } from './modules/media/media.routes.js';
import { createProcessingSlot } from './modules/media/slot.js';
import { createMediaUrlResolver } from './modules/media/urls.js';
import { openApiRouter } from './openapi/openapi.routes.js';
import { receiptShortLinkRouter, receiptsRouter } from './modules/receipts/receipts.routes.js';
import { renewShortLinkRouter } from './modules/payments/renew-link.routes.js';
import { refundsRouter } from './modules/refunds/refunds.routes.js';
import { subscriptionsRouter } from './modules/subscriptions/subscriptions.routes.js';
import { checkoutRouter } from './modules/payments/checkout.routes.js';
import { discountsRouter } from './modules/payments/discounts.routes.js';
import { createPaymentsDeps, unconfiguredPesapal } from './modules/payments/payments-deps.js';
import { paymentStatusRouter } from './modules/payments/payment-status.routes.js';
import { paymentWebhookRouter } from './modules/payments/webhook.routes.js';
import { pricingRouter } from './modules/payments/pricing.routes.js';
import { subscriptionsViewRouter } from './modules/payments/subscriptions-view.routes.js';
import { searchRouter } from './modules/search/search.routes.js';
import { createSearchService } from './modules/search/search.service.js';
import { subdomainsRouter } from './modules/subdomains/subdomains.routes.js';
import { trackingRouter } from './modules/tracking/tracking.routes.js';
import type { Notifier } from './modules/notifications/notifier.js';
import { webhooksRouter } from './modules/notifications/webhooks.routes.js';
import { termsRouter } from './modules/terms/terms.routes.js';
import { phoneChangeRouter } from './modules/users/phone-change.routes.js';
import { profilePhotoRouter } from './modules/users/profile-photo.routes.js';
import { staffUsersRouter } from './modules/users/staff-users.routes.js';
import { staffManagementRouter } from './modules/admin/staff-management.routes.js';
import { recordStaffRefusals } from './modules/admin/staff-refusals.js';
import { adminAnalyticsRouter } from './modules/admin/analytics.routes.js';
import { adminLogsRouter } from './modules/admin/logs.routes.js';
import { adminMessagingRouter } from './modules/admin/messaging.routes.js';
import { adminDashboardRouter } from './modules/admin/dashboard.routes.js';
import { adminMoneyRouter } from './modules/admin/money.routes.js';
import { adminServicesRouter } from './modules/admin/services.routes.js';
import { usersRouter } from './modules/users/users.routes.js';
import { isLocalAppUrl } from './modules/websites/host.js';
import { websitesAppRouter } from './modules/websites/main-site.routes.js';
import { websiteHostRouter, type WebsitesDeps } from './modules/websites/websites.routes.js';

export interface AppDeps {
  config: Pick<
    Config,
    | 'env'
    | 'isProduction'
    | 'appUrl'
    | 'mediaBaseUrl'
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
  /** PesaPal client and IPN id (services.ts); payments answer 502 when an app is built without one. */
  pesapal?: PesapalGateway | undefined;
  /** MEDIA_PATH/app-config.jfx, hot-reloaded (main.ts shares its store); built here when left out. */
  mediaConfig?: MediaConfigStore;
  /** The built-in simulators, served (with the dev outbox) only outside production. */
  simulators?:
    | { sms: SmsSimulator; mail: MailgunSimulator; dns?: CloudflareSimulator; pesapal?: PesapalSimulator }
    | undefined;
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
  const mediaConfig = deps.mediaConfig ?? createMediaConfigStore({ mediaPath: config.paths.media, logger });
  // MEDIA-224: one resolver per process; public views read it, the media module drops what it changed.
  const mediaUrls = createMediaUrlResolver({
    mediaPath: config.paths.media,
    mediaBaseUrl: config.mediaBaseUrl,
    config: () => mediaConfig.peek(),
  });
  const websites: WebsitesDeps = {
    db: deps.db,
    logger,
    apexDomain: config.cors.apexDomain,
    appUrl: config.appUrl,
    mediaBaseUrl: config.mediaBaseUrl,
    mediaUrls,
    webDistPath: config.paths.webDist,
    mediaPath: config.paths.media,
    mediaOnSites: config.mediaBaseUrl === `${config.appUrl}/media`,
    // http://demo-shop.localhost:3000 in the embedded default and development only.
    localHosts: !config.isProduction && isLocalAppUrl(config.appUrl),
    secureCookies: secureCookie,
    onListingsChanged: (listener) => deps.directoryEvents.onListingsChanged(listener),
  };

  app.use(metrics.observe);
  app.use(requestId());
  app.use(requestLogger(logger));
  // Business websites answer by Host before anything of the app runs (ui.md §8.2).
  app.use(websiteHostRouter(websites));
  if (simulators) {
    app.use(`${SIMULATOR_MOUNT_PATH}/sms`, simulators.sms.router);
    app.use(`${SIMULATOR_MOUNT_PATH}/mailgun`, simulators.mail.router);
    if (simulators.dns) app.use(`${SIMULATOR_MOUNT_PATH}/cloudflare`, simulators.dns.router);
    if (simulators.pesapal) app.use(`${SIMULATOR_MOUNT_PATH}/pesapal`, simulators.pesapal.router);
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
  // PesaPal's IPN (INT-140/141) proves nothing itself: PesaPal is asked before anything is credited.
  const settlement = {
    db: deps.db,
    logger,
    notifier: deps.notifier,
    events: deps.directoryEvents,
    pesapal: deps.pesapal ?? unconfiguredPesapal(),
    appUrl: config.appUrl,
    apexDomain: config.cors.apexDomain,
    rateLimitStores: deps.rateLimitStores,
  };
  api.use(paymentWebhookRouter(settlement));
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
    mediaBaseUrl: config.mediaBaseUrl,
    mediaUrls,
    mediaPath: config.paths.media,
    phoneTestPrefixes: auth.phoneTestPrefixes,
  };
  api.use(catalogueRouter(directory));
  api.use(searchRouter(directory));
  api.use(trackingRouter(directory));
  api.use(businessesRouter(directory));
  api.use(approvalsRouter(directory));
  api.use(staffManagementRouter({ directory, sessions }));
  // Back-office logs, messaging and analytics (admin.md §10, §12, §13).
  api.use(adminLogsRouter({ db: deps.db, logger, rateLimitStores: deps.rateLimitStores }));
  api.use(
    adminMessagingRouter({
      db: deps.db,
      logger,
      notifier: deps.notifier,
      rateLimitStores: deps.rateLimitStores,
      appUrl: config.appUrl,
      linkSigningSecret: config.secrets.linkSigning[0] ?? '',
    }),
  );
  api.use(
    adminAnalyticsRouter({
      db: deps.db,
      logger,
      rateLimitStores: deps.rateLimitStores,
      pool: deps.pool,
      metricsRegistry: metrics.registry,
      startedAt: deps.startedAt,
    }),
  );
  // Back-office money, services and dashboard home (admin.md §3, §8, §9).
  api.use(
    adminDashboardRouter({
      db: deps.db,
      logger,
      pool: deps.pool,
      metricsRegistry: metrics.registry,
      startedAt: deps.startedAt,
    }),
  );
  api.use(adminMoneyRouter({ db: deps.db, logger, rateLimitStores: deps.rateLimitStores }));
  api.use(adminServicesRouter({ db: deps.db, logger, notifier: deps.notifier, appUrl: config.appUrl }));
  api.use(subdomainsRouter(directory));
  api.use(
    mediaRouter({
      db: deps.db,
      logger,
      rateLimitStores: deps.rateLimitStores,
      mediaPath: config.paths.media,
      mediaBaseUrl: config.mediaBaseUrl,
      mediaConfig,
      urls: mediaUrls,
      // MEDIA-207: one image operation at a time per process.
      slot: createProcessingSlot(),
      onListingChanged: () => deps.directoryEvents.listingsChanged(),
    }),
  );
  const payments = createPaymentsDeps({
    db: deps.db,
    logger,
    notifier: deps.notifier,
    rateLimitStores: deps.rateLimitStores,
    events: deps.directoryEvents,
    pesapal: deps.pesapal,
    appUrl: config.appUrl,
  });
  api.use(pricingRouter(payments));
  api.use(discountsRouter(payments));
  api.use(checkoutRouter(payments));
  api.use(paymentStatusRouter(settlement));
  api.use(subscriptionsViewRouter(payments));
  api.use(receiptsRouter(payments));
  api.use(refundsRouter(payments));
  api.use(subscriptionsRouter(payments));
  if (simulators) api.use(devOutboxApiRouter(simulators));
  api.use(notFoundHandler());
  api.use(recordStaffRefusals({ db: deps.db, logger }));
  app.use('/api', api);

  if (simulators) app.use(devOutboxPageRouter(simulators));
  // The SMS short links (receipts, ERRATA 24; renewals, PAY-304) read the session themselves: they are
  // pages, outside /api.
  const shortLinkSession = [
    sessionMiddleware({ store: deps.sessionStore, secrets: config.secrets.session, secure: secureCookie }),
    authContext({ db: deps.db, secureCookie }),
  ];
  app.use(receiptShortLinkRouter(payments, shortLinkSession));
  app.use(renewShortLinkRouter(payments, shortLinkSession));
  // robots.txt, sitemap.xml and website previews (UI-SEO-03/04, UI-WEB-06), ahead of the SPA fallback.
  app.use(websitesAppRouter(websites, shortLinkSession));
  // Public business media (MEDIA-241 allow-list); ahead of the SPA fallback. Caddy does this in production.
  app.use('/media', mediaServeRouter({ mediaPath: config.paths.media }));
  // The SPA, with the first view of `/`, landing and detail pages in its HTML (http/web-first-view.ts).
  app.use(
    webAppRouter(config.paths.webDist, {
      firstView: createSearchService(directory),
      onListingsChanged: (listener) => directory.events.onListingsChanged(listener),
    }),
  );
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}
