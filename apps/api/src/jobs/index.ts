import { sql, type Kysely } from 'kysely';
import { PgBoss } from 'pg-boss';
import type { Database } from '../db/schema.js';
import type { Logger } from '../http/logger.js';
import type { DnsProvider } from '../integrations/dns/provider.js';
import { registerHeartbeatJob } from '../modules/admin/heartbeat-job.js';
import { registerApprovalJobs } from '../modules/approvals/approval-jobs.js';
import { registerDiscountJobs } from '../modules/payments/discount-jobs.js';
import type { PesapalGateway } from '../integrations/pesapal/gateway.js';
import { unconfiguredPesapal } from '../modules/payments/payments-deps.js';
import { registerPaymentJobs } from '../modules/payments/reconciliation.js';
import type { DirectoryEvents } from '../modules/directory-deps.js';
import type { Notifier } from '../modules/notifications/notifier.js';
import { registerDnsJobs } from '../modules/subdomains/dns-jobs.js';
import { registerSubscriptionJobs } from '../modules/subscriptions/subscription-jobs.js';
import { purgeOldSessions } from '../modules/auth/sessions.repo.js';
import { purgeExpiredOtps } from '../modules/auth/otp.service.js';
import { deliverDueNotifications, type OutboxDeps } from '../modules/notifications/outbox.js';

/**
 * Queued and scheduled work on pg-boss: PostgreSQL-backed, so one run per schedule across every app
 * server and nothing lost on restart.
 */

const QUEUES = {
  deliver: 'notifications-deliver',
  sweep: 'notifications-sweep',
  maintenance: 'identity-maintenance',
} as const;

export interface Jobs {
  /** Ask for a delivery pass now (after a transaction queued messages). */
  nudgeOutbox(): void;
  stop(): Promise<void>;
}

export interface JobsDeps extends OutboxDeps {
  connectionString: string;
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
  directoryEvents: DirectoryEvents;
  /** https://tafuta.ke, for links in staff emails. */
  appUrl: string;
  /** Cloudflare (or its simulator): the DNS jobs' client. */
  dns: DnsProvider;
  /** SITE_APEX_DOMAIN: websites live at {subdomain}.{apexDomain}. */
  apexDomain: string;
  /** PesaPal (services.ts): the reconciliation job's status queries; without it every query fails. */
  pesapal?: PesapalGateway;
}

/** ALOG-06: auth-log rows keep personal data for 12 months, then keep only the pseudonymous facts. */
export async function runIdentityMaintenance(db: Kysely<Database>): Promise<Record<string, number>> {
  const blanked = await sql<{
    n: number;
  }>`select blank_auth_log_pii(now() - interval '12 months', null) as n`.execute(db);
  return {
    sessions_purged: await purgeOldSessions(db),
    otps_purged: await purgeExpiredOtps(db),
    auth_logs_blanked: blanked.rows[0]?.n ?? 0,
  };
}

export async function startJobs(deps: JobsDeps): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: deps.connectionString, schema: 'pgboss', max: 4 });
  boss.on('error', (error: unknown) => deps.logger.error('Job queue error', { err: error, critical: true }));
  await boss.start();
  for (const name of Object.values(QUEUES)) await boss.createQueue(name);

  const deliver = async () => {
    try {
      const result = await deliverDueNotifications(deps);
      if (result.sent + result.failed > 0) deps.logger.info('Notification delivery pass', result);
    } catch (error) {
      // ADM-513: a failing scheduled job reaches the super admins; pg-boss retries it meanwhile.
      deps.logger.error('Notification delivery job failed', { err: error, critical: true });
      throw error;
    }
  };
  await boss.work(QUEUES.deliver, { pollingIntervalSeconds: 2 }, deliver);
  await boss.work(QUEUES.sweep, deliver);
  // The sweep is the safety net: messages whose nudge was lost, retries that came due, lapsed leases.
  await boss.schedule(QUEUES.sweep, '* * * * *');
  await boss.work(QUEUES.maintenance, async () => {
    deps.logger.info('Identity maintenance', await runIdentityMaintenance(deps.db));
  });
  await boss.schedule(QUEUES.maintenance, '30 2 * * *', null, { tz: 'Africa/Nairobi' });
  await registerApprovalJobs(boss, deps);
  await registerHeartbeatJob(boss, deps);
  await registerSubscriptionJobs(boss, deps);
  await registerDiscountJobs(boss, deps);
  await registerPaymentJobs(boss, {
    db: deps.db,
    logger: deps.logger,
    notifier: deps.notifier,
    events: deps.directoryEvents,
    pesapal: deps.pesapal ?? unconfiguredPesapal(),
    appUrl: deps.appUrl,
    apexDomain: deps.apexDomain,
  });
  const dns = await registerDnsJobs(boss, deps);
  deps.directoryEvents.onDnsQueued(() => dns.nudge());

  return {
    nudgeOutbox() {
      boss
        .send(QUEUES.deliver, null, { singletonKey: 'deliver', singletonSeconds: 1 })
        .catch((error: unknown) => deps.logger.warn('Could not queue a delivery pass', { err: error }));
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
