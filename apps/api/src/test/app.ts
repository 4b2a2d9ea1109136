import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import session, { type Store } from 'express-session';
import type { Kysely } from 'kysely';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/schema.js';
import { createLogger, type Logger } from '../http/logger.js';
import { postgresStoreFactory, type RateLimitStoreFactory } from '../http/rate-limit/stores.js';
import { createServices, type Services } from '../services.js';

let webDist: string | undefined;

/** A minimal built web app, so the SPA fallback can be exercised without running Vite. */
export function testWebDist(): string {
  if (!webDist) {
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-web-'));
    fs.writeFileSync(
      path.join(webDist, 'index.html'),
      '<!doctype html><title>Tafuta</title><div id="root"></div>',
    );
    fs.mkdirSync(path.join(webDist, 'assets'));
    fs.writeFileSync(path.join(webDist, 'assets', 'app-abc123.js'), 'console.log("tafuta")');
  }
  return webDist;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  logger?: Logger;
  rateLimitStores?: RateLimitStoreFactory;
  /** The real PostgreSQL store in identity tests; tests that never sign in may leave it out. */
  sessionStore?: Store;
  services?: Services;
}

export const TEST_APP_URL = 'https://tafuta.ke';

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({ NODE_ENV: 'test', APP_URL: TEST_APP_URL, WEB_DIST_PATH: testWebDist(), ...env });
}

/** The real app with test configuration: the real middleware, database and rate-limit store. */
export function buildTestApp(db: Kysely<Database>, options: TestAppOptions = {}): Express {
  const config = testConfig(options.env);
  const logger = options.logger ?? createLogger({ level: 'error', console: false });
  const services = options.services ?? createServices({ config, db, logger, version: '0.0.0-test' });
  return buildApp({
    config,
    db,
    logger,
    rateLimitStores: options.rateLimitStores ?? postgresStoreFactory(db),
    version: '0.0.0-test',
    startedAt: Date.now() - 5_000,
    sessionStore: options.sessionStore ?? new session.MemoryStore(),
    notifier: services.notifier,
    directoryEvents: services.directoryEvents,
    pesapal: services.pesapal,
    simulators: services.simulators,
  });
}
