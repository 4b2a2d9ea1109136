/**
 * The nightly housekeeping of web addresses: lapsed holds, finished redirects and reservations, names of
 * long-lapsed hosting (UI-SUB-05..07), and the drift check between the database and the zone (INT-422).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import { DnsProviderError, managedComment, type DnsProvider } from '../../integrations/dns/provider.js';
import { ORPHAN_MIN_AGE_MS } from './dns-worker.js';

export interface SubdomainMaintenanceResult {
  holds_released: number;
  redirects_ended: number;
  reservations_ended: number;
  lapsed_released: number;
}

/** 02:45 EAT. Every change that takes a name out of DNS queues its `delete` job in the same statement. */
export async function runSubdomainMaintenance(db: Kysely<Database>): Promise<SubdomainMaintenanceResult> {
  return db.transaction().execute(async (trx) => {
    const holds = await trx
      .updateTable('subdomains')
      .set({ state: 'released', held_until: null, released_at: sql<Date>`now()` })
      .where('state', '=', 'held')
      .where('held_until', '<', sql<Date>`now()`)
      .executeTakeFirst();
    // UI-SUB-06: after 90 days the old name stops redirecting and is free for anyone.
    const redirects = await sql<{ subdomain_id: string }>`
      with ended as (
        update subdomains set state = 'released', redirect_until = null, released_at = now(), dns_status = 'removing'
         where state = 'redirect' and redirect_until < now()
        returning subdomain_id)
      insert into dns_jobs (subdomain_id, action) select subdomain_id, 'delete' from ended
      returning subdomain_id`.execute(trx);
    // ERRATA 1: a deleted business's names were taken out of DNS at deletion; after 12 months they are free.
    const reservations = await trx
      .updateTable('subdomains')
      .set({ state: 'released', reserved_until: null, released_at: sql<Date>`now()` })
      .where('state', '=', 'reserved')
      .where('reserved_until', '<', sql<Date>`now()`)
      .executeTakeFirst();
    // UI-SUB-07: hosting that ended more than 12 months ago (and was not renewed) gives its name back.
    const lapsed = await sql<{ subdomain_id: string }>`
      with ended as (
        update subdomains s set state = 'released', released_at = now(), dns_status = 'removing'
         where s.state = 'assigned'
           and exists (select 1 from service_subscriptions h
                        where h.business_id = s.business_id and h.service_type = 'website_hosting')
           and not exists (select 1 from service_subscriptions h
                            where h.business_id = s.business_id and h.service_type = 'website_hosting'
                              and h.expiration_date + interval '12 months' > nairobi_today())
        returning subdomain_id)
      insert into dns_jobs (subdomain_id, action) select subdomain_id, 'delete' from ended
      returning subdomain_id`.execute(trx);
    return {
      holds_released: Number(holds.numUpdatedRows),
      redirects_ended: redirects.rows.length,
      reservations_ended: Number(reservations.numUpdatedRows),
      lapsed_released: lapsed.rows.length,
    };
  });
}

export interface DriftResult {
  checked: number;
  created: number;
  patched: number;
  deleted: number;
  failed: number;
}

export interface DriftDeps {
  db: Kysely<Database>;
  dns: DnsProvider;
  logger: Logger;
  now?: Date;
  /** INT-406: repairs pace themselves at 2 requests per second; tests pass 0. */
  pauseMs?: number;
}

/**
 * INT-422 (03:15 EAT): the records carrying our comment against the names that should resolve (assigned
 * or redirecting). Missing ones are created, wrong ones patched, orphans older than 24 h deleted.
 */
export async function checkDnsDrift(deps: DriftDeps): Promise<DriftResult> {
  const pause = () => (deps.pauseMs === 0 ? Promise.resolve() : delay(deps.pauseMs ?? 500));
  const now = deps.now?.getTime() ?? Date.now();
  const result: DriftResult = { checked: 0, created: 0, patched: 0, deleted: 0, failed: 0 };
  const records = await deps.dns.listManagedRecords();
  const byName = new Map(records.map((record) => [record.name, record]));
  const wanted = await deps.db
    .selectFrom('subdomains')
    .select(['subdomain_id', 'name', 'business_id', 'dns_record_id'])
    .where('state', 'in', ['assigned', 'redirect'])
    .execute();
  const wantedNames = new Set<string>();

  for (const row of wanted) {
    const hostname = deps.dns.hostnameOf(row.name);
    wantedNames.add(hostname);
    result.checked += 1;
    const record = byName.get(hostname);
    const right =
      record !== undefined &&
      record.content === deps.dns.apexDomain &&
      record.proxied &&
      record.comment === managedComment(row.business_id);
    if (right && record.id === row.dns_record_id) continue;
    try {
      if (!right) await pause();
      const ensured = right
        ? { record, action: 'unchanged' as const }
        : await deps.dns.ensureRecord(row.name, row.business_id);
      if (ensured.action === 'created') result.created += 1;
      else if (ensured.action === 'patched') result.patched += 1;
      await deps.db
        .updateTable('subdomains')
        .set({ dns_record_id: ensured.record.id, dns_status: 'active', dns_error: null })
        .where('subdomain_id', '=', row.subdomain_id)
        .execute();
    } catch (error) {
      result.failed += 1;
      deps.logger.error('DNS drift repair failed', {
        critical: !(error instanceof DnsProviderError) || !error.retryable,
        integration: 'cloudflare',
        subdomain: row.name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  for (const record of records) {
    if (wantedNames.has(record.name)) continue;
    const created = record.createdOn ? Date.parse(record.createdOn) : Number.NaN;
    if (Number.isFinite(created) && now - created < ORPHAN_MIN_AGE_MS) continue;
    try {
      await pause();
      await deps.dns.removeRecord(record.id);
      result.deleted += 1;
    } catch (error) {
      result.failed += 1;
      deps.logger.error('DNS drift: could not delete an orphan record', {
        integration: 'cloudflare',
        dns_record_id: record.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  deps.logger.info('DNS drift check', { ...result });
  return result;
}
