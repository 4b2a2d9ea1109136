/**
 * Drains the `dns_jobs` outbox (ERRATA 26, INT-420) through the DNS provider and keeps the zone honest
 * (INT-422). Jobs are claimed with a lease like the notification outbox: a crash leaves the job `running`
 * with a lapsed lease and the next pass repeats it, which is safe because ensure and delete are idempotent.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import { DnsProviderError, managedComment, type DnsProvider } from '../../integrations/dns/provider.js';
import { nextAttemptDelay, RETRY_SCHEDULE_MS } from '../notifications/outbox.js';

/** INT-022: the first try plus five retries (30 s … 6 h), then `failed`. */
export const MAX_DNS_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
export const DNS_CLAIM_BATCH = 10;
/** Ten jobs of a few calls each (10 s timeout, one inline retry) fit well inside. */
export const DNS_LEASE_MS = 10 * 60_000;
/** INT-422: records younger than this are never taken for orphans (their row may not be committed yet). */
export const ORPHAN_MIN_AGE_MS = 24 * 3_600_000;

export interface DnsWorkerDeps {
  db: Kysely<Database>;
  dns: DnsProvider;
  logger: Logger;
  /** The clock jobs are due by (tests move it forward); the database's now() otherwise. */
  now?: Date;
  random?: () => number;
  batchSize?: number;
}

interface ClaimedJob {
  dns_job_id: string;
  subdomain_id: string;
  action: 'ensure' | 'delete';
  attempts: number;
  name: string;
  business_id: string;
  state: string;
  dns_record_id: string | null;
}

export async function claimDueDnsJobs(deps: DnsWorkerDeps, limit: number): Promise<ClaimedJob[]> {
  const at = deps.now ?? null;
  const result = await sql<ClaimedJob>`
    with claimed as (
      update dns_jobs
         set status = 'running', attempts = attempts + 1,
             lease_expires_at = now() + ${`${DNS_LEASE_MS} milliseconds`}::interval
       where dns_job_id in (
         select dns_job_id from dns_jobs
          where (status = 'queued' and next_run_at <= coalesce(${at}::timestamptz, now()))
             or (status = 'running' and lease_expires_at < coalesce(${at}::timestamptz, now()))
          order by next_run_at
          limit ${limit}
          for update skip locked)
      returning dns_job_id, subdomain_id, action, attempts)
    select c.*, s.name, s.business_id, s.state, s.dns_record_id
      from claimed c join subdomains s using (subdomain_id)`.execute(deps.db);
  return result.rows;
}

/** Another row now owns the name (released, then claimed again): its own ensure job owns the record. */
async function nameReclaimed(deps: DnsWorkerDeps, job: ClaimedJob): Promise<boolean> {
  const row = await deps.db
    .selectFrom('subdomains')
    .select('subdomain_id')
    .where('name', '=', job.name)
    .where('subdomain_id', '<>', job.subdomain_id)
    .where('state', 'in', ['assigned', 'redirect'])
    .executeTakeFirst();
  return row !== undefined;
}

type JobResult = { outcome: 'done'; note?: string } | { outcome: 'skipped'; note: string };

async function runJob(deps: DnsWorkerDeps, job: ClaimedJob): Promise<JobResult> {
  if (job.action === 'ensure') {
    // A name retired after the job was queued (business deleted, redirect over) must not come back.
    if (job.state !== 'assigned' && job.state !== 'redirect')
      return { outcome: 'skipped', note: 'no longer resolves' };
    const { record, action } = await deps.dns.ensureRecord(job.name, job.business_id);
    await deps.db
      .updateTable('subdomains')
      .set({ dns_record_id: record.id, dns_status: 'active', dns_error: null })
      .where('subdomain_id', '=', job.subdomain_id)
      .where('state', 'in', ['assigned', 'redirect'])
      .execute();
    deps.logger.info('DNS record ensured', {
      integration: 'cloudflare',
      subdomain: job.name,
      dns_record_id: record.id,
      change: action,
    });
    return { outcome: 'done' };
  }
  if (await nameReclaimed(deps, job)) {
    await markRemoved(deps, job);
    return { outcome: 'skipped', note: 'name in use again' };
  }
  if (job.dns_record_id) await deps.dns.removeRecord(job.dns_record_id);
  // The id may be unknown (an ensure whose answer was lost): find it by name, but touch only our own record.
  const stray = await deps.dns.findRecord(deps.dns.hostnameOf(job.name));
  if (stray && stray.comment === managedComment(job.business_id)) await deps.dns.removeRecord(stray.id);
  await markRemoved(deps, job);
  deps.logger.info('DNS record removed', {
    integration: 'cloudflare',
    subdomain: job.name,
    dns_record_id: job.dns_record_id ?? stray?.id ?? null,
  });
  return { outcome: 'done' };
}

async function markRemoved(deps: DnsWorkerDeps, job: ClaimedJob): Promise<void> {
  await deps.db
    .updateTable('subdomains')
    .set({ dns_record_id: null, dns_status: 'removed', dns_error: null })
    .where('subdomain_id', '=', job.subdomain_id)
    .where('state', 'in', ['reserved', 'released'])
    .execute();
}

const fenced = (deps: DnsWorkerDeps, job: ClaimedJob) =>
  deps.db
    .updateTable('dns_jobs')
    .where('dns_job_id', '=', job.dns_job_id)
    // Only while this worker's claim is the current one (attempts counts claims).
    .where('status', '=', 'running')
    .where('attempts', '=', job.attempts);

async function recordFailure(
  deps: DnsWorkerDeps,
  job: ClaimedJob,
  error: unknown,
): Promise<'retry' | 'failed'> {
  const providerError = error instanceof DnsProviderError ? error : null;
  // Our own bugs and database hiccups are retried like an outage: the schedule ends in `failed` anyway.
  const retryable = providerError ? providerError.retryable : true;
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  const exhausted = job.attempts >= MAX_DNS_ATTEMPTS;
  if (retryable && !exhausted) {
    const base = deps.now?.getTime() ?? Date.now();
    await fenced(deps, job)
      .set({
        status: 'queued',
        lease_expires_at: null,
        last_error: message,
        next_run_at: new Date(base + nextAttemptDelay(job.attempts, deps.random)),
      })
      .execute();
    await deps.db
      .updateTable('subdomains')
      .set({ dns_error: message })
      .where('subdomain_id', '=', job.subdomain_id)
      .execute();
    deps.logger.warn('DNS job will be retried', {
      integration: 'cloudflare',
      dns_job_id: job.dns_job_id,
      subdomain: job.name,
      action: job.action,
      attempts: job.attempts,
      error: message,
    });
    return 'retry';
  }
  await fenced(deps, job)
    .set({ status: 'failed', lease_expires_at: null, last_error: message, finished_at: sql<Date>`now()` })
    .execute();
  await deps.db
    .updateTable('subdomains')
    .set({ dns_status: 'failed', dns_error: message })
    .where('subdomain_id', '=', job.subdomain_id)
    .execute();
  // INT-022 / INT-406 / ADM-513: a manual record in the way, a dead token or exhausted retries need a person.
  deps.logger.error('DNS job failed', {
    critical: true,
    integration: 'cloudflare',
    dns_job_id: job.dns_job_id,
    subdomain: job.name,
    action: job.action,
    attempts: job.attempts,
    failure: providerError?.kind ?? 'unexpected',
    error: message,
  });
  return 'failed';
}

export interface DrainResult {
  done: number;
  retried: number;
  failed: number;
}

/** One pass: claim, run, record, until nothing is due. Never throws for provider problems. */
export async function drainDnsJobs(deps: DnsWorkerDeps): Promise<DrainResult> {
  const result: DrainResult = { done: 0, retried: 0, failed: 0 };
  for (let round = 0; round < 100; round += 1) {
    const jobs = await claimDueDnsJobs(deps, deps.batchSize ?? DNS_CLAIM_BATCH);
    if (jobs.length === 0) break;
    for (const job of jobs) {
      try {
        const outcome = await runJob(deps, job);
        await fenced(deps, job)
          .set({
            status: 'done',
            lease_expires_at: null,
            last_error: outcome.outcome === 'skipped' ? outcome.note : null,
            finished_at: sql<Date>`now()`,
          })
          .execute();
        result.done += 1;
      } catch (error) {
        if ((await recordFailure(deps, job, error)) === 'retry') result.retried += 1;
        else result.failed += 1;
      }
    }
  }
  return result;
}
