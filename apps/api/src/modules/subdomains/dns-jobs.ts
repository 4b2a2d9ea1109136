import type { PgBoss } from 'pg-boss';
import type { JobsDeps } from '../../jobs/index.js';
import { checkDnsDrift, runSubdomainMaintenance } from './dns-maintenance.js';
import { drainDnsJobs } from './dns-worker.js';

const QUEUES = {
  drain: 'dns-drain',
  sweep: 'dns-sweep',
  maintenance: 'subdomain-maintenance',
  drift: 'dns-drift',
} as const;

/**
 * The DNS side of web addresses on pg-boss (ERRATA 26): a drain woken after every commit that queued a
 * dns_jobs row, a minute sweep for retries that came due and lost nudges, the 02:45 EAT name housekeeping
 * and the 03:15 EAT drift check (INT-422).
 */
export async function registerDnsJobs(boss: PgBoss, deps: JobsDeps): Promise<{ nudge(): void }> {
  for (const name of Object.values(QUEUES)) await boss.createQueue(name);
  const worker = { db: deps.db, dns: deps.dns, logger: deps.logger };

  const drain = async () => {
    try {
      const result = await drainDnsJobs(worker);
      if (result.done + result.retried + result.failed > 0) deps.logger.info('DNS job pass', { ...result });
    } catch (error) {
      deps.logger.error('DNS job pass failed', { err: error, critical: true });
      throw error;
    }
  };
  await boss.work(QUEUES.drain, { pollingIntervalSeconds: 2 }, drain);
  await boss.work(QUEUES.sweep, drain);
  await boss.schedule(QUEUES.sweep, '* * * * *');

  await boss.work(QUEUES.maintenance, async () => {
    const result = await runSubdomainMaintenance(deps.db);
    deps.logger.info('Web address maintenance', { ...result });
    // Ended redirects and lapsed names queued deletions just now.
    await drain();
  });
  await boss.schedule(QUEUES.maintenance, '45 2 * * *', null, { tz: 'Africa/Nairobi' });
  await boss.work(QUEUES.drift, async () => {
    await checkDnsDrift(worker);
  });
  await boss.schedule(QUEUES.drift, '15 3 * * *', null, { tz: 'Africa/Nairobi' });

  // INT-400 start-up check; a dead token must reach a person, but it must not keep the app from starting.
  deps.dns.verifyToken().then(
    (active) => {
      if (!active) deps.logger.error('Cloudflare API token is not active', { critical: true });
    },
    (error: unknown) => deps.logger.warn('Could not verify the Cloudflare API token', { err: error }),
  );

  const nudge = () => {
    boss
      .send(QUEUES.drain, null, { singletonKey: 'dns-drain', singletonSeconds: 1 })
      .catch((error: unknown) => deps.logger.warn('Could not queue a DNS pass', { err: error }));
  };
  // Changes queued while no app process ran (or by the seed, before the jobs started) go out now.
  nudge();
  return { nudge };
}
