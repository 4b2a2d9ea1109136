/**
 * `npm run health:watch`: one health check, run every 5 minutes by cron (deploy/monitoring/crontab).
 * It works while the app and its database are down: it needs only .env, the state file in DATA_DIR and
 * Mailgun. Exit code 0 whether the app is up or down (the state file, not cron, decides who is emailed);
 * 1 only when it cannot run at all (invalid configuration). Log lines are JSON on stdout.
 */
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { createDatabase, type DatabaseHandle } from '../db/pool.js';
import { closeLogger, createLogger } from '../http/logger.js';
import { readAppVersion } from '../version.js';
import {
  activeSuperAdminEmails,
  alertEmailClient,
  alertRecipients,
  createAlertMailer,
} from './alert-mail.js';
import { runHealthWatch } from './health-monitor.js';

const HEALTH_STATE_FILE = 'health-watch.json';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: 'info', pretty: false });
  let database: DatabaseHandle | undefined;
  try {
    const databaseUrl = config.database.url;
    const mailer = createAlertMailer({
      email: alertEmailClient(config, logger, readAppVersion()),
      logger,
    });
    const admins = alertRecipients({
      alertEmails: config.monitoring.alertEmails,
      // Opened only when an alert is due, with one connection: a healthy run never touches the database.
      superAdmins: databaseUrl
        ? () => {
            database ??= createDatabase(databaseUrl, 1);
            return activeSuperAdminEmails(database.db);
          }
        : undefined,
      logger,
    });
    await runHealthWatch({
      url: config.monitoring.healthUrl,
      statePath: path.join(config.dataDir, HEALTH_STATE_FILE),
      mailer,
      admins,
      logger,
      origin: `host ${os.hostname()} (${config.env})`,
    });
  } catch (error) {
    logger.error('The health check could not run', { err: error });
  } finally {
    await database?.db.destroy().catch(() => undefined);
    await closeLogger(logger);
  }
}

main().catch((error: unknown) => {
  // Configuration errors surface before the logger exists.
  process.stderr.write(
    `${JSON.stringify({ level: 'error', message: error instanceof Error ? error.message : String(error) })}\n`,
  );
  process.exitCode = 1;
});
