import http, { type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase, type OpenDatabase } from './db/open.js';
import { seed } from './db/seed/index.js';
import { closeLogger, createLogger, type Logger } from './http/logger.js';
import {
  postgresStoreFactory,
  pruneExpiredCounters,
  redisStoreFactory,
  type RateLimitStoreFactory,
} from './http/rate-limit/stores.js';
import { readAppVersion } from './version.js';
import { startJobs, type Jobs } from './jobs/index.js';
import { listenForListingChanges, type ListingsListener } from './modules/search/listings-listener.js';
import { startMediaRecovery } from './modules/media/recovery.js';
import { createServices } from './services.js';
import { postgresSessionStore, redisSessionStore } from './http/session.js';
import {
  activeSuperAdminEmails,
  alertEmailClient,
  alertRecipients,
  createAlertMailer,
} from './ops/alert-mail.js';
import {
  createCriticalAlerter,
  criticalAlertTransport,
  fileAlertStateStore,
  type CriticalAlerter,
} from './ops/critical-alerts.js';
import { installDefaultMediaConfig } from './modules/media/app-config.js';

/** How long in-flight requests get to finish after a stop signal before connections are cut. */
const DRAIN_TIMEOUT_MS = 10_000;
/** How long a stopping server keeps answering (each answer closing its connection) before it stops listening. */
const DRAIN_GRACE_MS = 1_000;
const COUNTER_PRUNE_INTERVAL_MS = 5 * 60_000;
/** How long a stopping process waits for pending alert emails (drain 10 s + this < kill_timeout 20 s). */
const SHUTDOWN_ALERT_FLUSH_MS = 4_000;
/** How long an exiting process waits for its critical-error email to go out. */
const ALERT_FLUSH_TIMEOUT_MS = 8_000;

async function connectRedis(url: string, logger: Logger) {
  // No offline queue: while Redis is down a command fails at once (and fail-closed limits refuse)
  // instead of hanging the request until Redis returns.
  const client = createClient({ url, disableOfflineQueue: true });
  client.on('error', (error: unknown) => logger.warn('Redis connection error', { err: error }));
  await client.connect();
  return client;
}

type RedisClient = Awaited<ReturnType<typeof connectRedis>>;

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function drain(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
    force.unref();
    // Closing a kept-alive connection from this side races the client's next request on it (ECONNRESET
    // under load, e.g. during `pm2 reload`). Instead every response from now on says `Connection: close`,
    // so busy clients hang up themselves and reconnect; close() then ends the connections still idle.
    server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
    setTimeout(() => {
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
    }, DRAIN_GRACE_MS);
  });
}

async function start(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const logger = createLogger({
    level: config.logLevel,
    dir: config.paths.logs,
    pretty: !config.isProduction,
  });
  let database: OpenDatabase | undefined;
  let redis: RedisClient | undefined;
  let httpServer: Server | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let jobs: Jobs | undefined;
  let listingsListener: ListingsListener | undefined;

  // ADM-513 critical_error: `critical: true` error entries are emailed straight through Mailgun (not the
  // outbox, which needs the database), rate-limited per distinct error across workers and restarts.
  const version = readAppVersion();
  const alerter: CriticalAlerter = createCriticalAlerter({
    mailer: createAlertMailer({ email: alertEmailClient(config, logger, version), logger }),
    recipients: alertRecipients({
      alertEmails: config.monitoring.alertEmails,
      superAdmins: () =>
        database ? activeSuperAdminEmails(database.db) : Promise.reject(new Error('database not open')),
      logger,
    }),
    store: fileAlertStateStore(path.join(config.dataDir, 'critical-alerts.json'), (error) =>
      logger.warn('Critical-alert state file unusable; counting in memory', { err: error }),
    ),
    logger,
    origin: `${config.env} on host ${os.hostname()}, process ${process.pid}, version ${version}`,
  });
  logger.add(criticalAlertTransport(alerter));

  /** Stops taking queued work; safe to call twice (shutdown stops jobs early, release again). */
  const stopJobs = async () => {
    const running = jobs;
    jobs = undefined;
    await running
      ?.stop()
      .catch((error: unknown) => logger.warn('Stopping the job queue failed', { err: error }));
  };

  const release = async () => {
    clearInterval(pruneTimer);
    alerter.stop();
    await stopJobs();
    await listingsListener?.close();
    await redis?.quit().catch(() => undefined);
    await database
      ?.close()
      .catch((error: unknown) => logger.error('Closing the database failed', { err: error }));
    await closeLogger(logger);
  };

  // Installed before anything starts, so a stop during start-up also closes what was opened.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: draining requests, then closing the database`);
    void (async () => {
      // New work stops at once, in parallel with the drain: no delivery pass starts on a closing pool.
      await Promise.all([httpServer ? drain(httpServer) : undefined, stopJobs()]);
      logger.info('Stopped cleanly');
      // Alerts last, once nothing else can log; the whole stop stays under PM2's kill_timeout.
      await alerter.settled(SHUTDOWN_ALERT_FLUSH_MS);
      await release();
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // PM2 asks a worker to stop with a `shutdown` message where signals are not available.
  process.on('message', (message) => {
    if (message === 'shutdown') shutdown('shutdown message');
  });
  // A bug that escapes every handler leaves the process in an unknown state: log it and exit, so the
  // process manager restarts a clean one (the embedded database is stopped by its exit hook).
  // Both are critical (ADM-513): the alert email gets a few seconds to leave before the exit.
  process.on('uncaughtException', (error) => {
    logger.error('Uncaught exception; exiting', { err: error, critical: true });
    void alerter
      .settled(ALERT_FLUSH_TIMEOUT_MS)
      .then(() => closeLogger(logger))
      .finally(() => process.exit(1));
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('Unhandled promise rejection', {
      err: reason instanceof Error ? reason : String(reason),
      critical: true,
    });
  });

  for (const warning of config.warnings) logger.warn(warning);
  try {
    database = await openDatabase(config, logger);
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info(`Applied migrations: ${applied.join(', ')}`);
    const seeded = await seed(database.db, {
      demo: config.seedDemoData,
      demoAdminPassword: config.demoAdminPassword,
    });
    logger.info('Reference data checked', { inserted: seeded });
    // MEDIA-204: media operations a crash interrupted are finished or discarded before uploads resume.
    await startMediaRecovery({ db: database.db, mediaPath: config.paths.media, logger });
    // MEDIA-085/089: the repository's app-config.jfx goes live on a new server; a live file is never touched.
    if (installDefaultMediaConfig(config.paths.media)) {
      logger.info('Installed the default media configuration', { media_path: config.paths.media });
    }

    let rateLimitStores: RateLimitStoreFactory = postgresStoreFactory(database.db);
    const pool = database.pool;
    let sessionStore = postgresSessionStore(pool, (error) =>
      logger.warn('Session store error', { err: error }),
    );
    if (config.redisUrl) {
      const client = await connectRedis(config.redisUrl, logger);
      redis = client;
      rateLimitStores = redisStoreFactory((args) => client.sendCommand(args));
      sessionStore = redisSessionStore(client);
    }

    const services = createServices({
      config,
      db: database.db,
      logger,
      version,
      onQueued: () => jobs?.nudgeOutbox(),
    });
    const app = buildApp({
      config,
      db: database.db,
      pool,
      logger,
      rateLimitStores,
      version,
      startedAt,
      sessionStore,
      notifier: services.notifier,
      directoryEvents: services.directoryEvents,
      pesapal: services.pesapal,
      simulators: services.simulators,
    });
    httpServer = http.createServer(app);
    await listen(httpServer, config);

    const db = database.db;
    pruneTimer = setInterval(() => {
      pruneExpiredCounters(db).catch((error: unknown) =>
        logger.warn('Could not prune rate-limit counters', { err: error }),
      );
    }, COUNTER_PRUNE_INTERVAL_MS);
    pruneTimer.unref();
    // Search replies cached in this process follow changes committed by every other process too.
    listingsListener = await listenForListingChanges({
      connectionString: pool.options.connectionString ?? '',
      events: services.directoryEvents,
      logger,
    });

    logger.info(`Tafuta is running at http://localhost:${config.port}`);
    // INT-122: after listen, because the embedded default's PesaPal simulator is served by this process.
    void services.pesapal.checkRegistration();
    // PM2 (wait_ready) moves traffic to a reloaded worker only once it listens: zero-downtime reloads.
    process.send?.('ready');
    jobs = await startJobs({
      connectionString: pool.options.connectionString ?? '',
      db: database.db,
      logger,
      sms: services.sms,
      email: services.email,
      notifier: services.notifier,
      directoryEvents: services.directoryEvents,
      appUrl: config.appUrl,
      dns: services.dns,
      apexDomain: config.cors.apexDomain,
      pesapal: services.pesapal,
    });
    if (services.simulators) {
      logger.info(
        `Messages "sent" by the SMS and email simulators: http://localhost:${config.port}/dev/outbox`,
      );
    }
    if (config.seedDemoData) {
      logger.info(
        `Demo staff sign-in: admin@demo.tafuta.local with the password in DEMO_ADMIN_PASSWORD (default tafuta-demo-admin)`,
      );
    }
  } catch (error) {
    if (stopping) return;
    const message =
      error instanceof ConfigError ? error.message : `Tafuta could not start: ${describe(error)}`;
    logger.error(message);
    process.stderr.write(`${message}\n`);
    await release();
    process.exit(1);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

start().catch((error: unknown) => {
  // Config errors surface before the logger exists.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
