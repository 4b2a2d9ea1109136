import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, SubdomainState } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;

/** States that keep a name out of everyone else's reach (INT-421): all but released. */
export const TAKEN_STATES: readonly SubdomainState[] = ['held', 'assigned', 'redirect', 'reserved'];

export async function nameInUse(db: Db, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('subdomains')
    .select('subdomain_id')
    .where('name', '=', name)
    .where('state', '<>', 'released')
    .executeTakeFirst();
  return row !== undefined;
}

/** Of the candidate names, those nobody holds (one query for every suggestion round). */
export async function namesInUse(db: Db, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db
    .selectFrom('subdomains')
    .select('name')
    .where('name', 'in', [...names])
    .where('state', '<>', 'released')
    .execute();
  return new Set(rows.map((row) => row.name));
}

export async function queueDnsJob(trx: Trx, subdomainId: string, action: 'ensure' | 'delete'): Promise<void> {
  // One live job per subdomain: a newer intent supersedes a queued one (a delete after an ensure).
  await trx
    .updateTable('dns_jobs')
    .set({ status: 'done', finished_at: sql<Date>`now()`, last_error: 'superseded' })
    .where('subdomain_id', '=', subdomainId)
    .where('status', '=', 'queued')
    .execute();
  await trx.insertInto('dns_jobs').values({ subdomain_id: subdomainId, action }).execute();
}

/**
 * Claims on one name wait for each other until the claiming transaction ends, so "is it free?" and the
 * insert that follows are one step (the unique index is the last line of defence, not the rule).
 */
export async function lockName(trx: Trx, name: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`subdomain:${name}`}, 0))`.execute(trx);
}

/** The row holding a name now (not released), if any. */
export async function liveRowByName(db: Db, name: string) {
  return db
    .selectFrom('subdomains')
    .selectAll()
    .where('name', '=', name)
    .where('state', '<>', 'released')
    .executeTakeFirst();
}

export async function assignedRow(db: Db, businessId: string, options: { forUpdate?: boolean } = {}) {
  let query = db
    .selectFrom('subdomains')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('state', '=', 'assigned');
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** UI-SUB-03: every region slug and the staff blocklist (a JSON list in system_config) are reserved too. */
export async function extraReservedLabels(db: Db): Promise<Set<string>> {
  const [regions, blocklist] = await Promise.all([
    db.selectFrom('regions').select('slug').execute(),
    db
      .selectFrom('system_config')
      .select('value')
      .where('key', '=', 'subdomain_blocklist')
      .executeTakeFirst(),
  ]);
  const labels = new Set(regions.map((region) => region.slug));
  try {
    const parsed: unknown = JSON.parse(blocklist?.value ?? '[]');
    if (Array.isArray(parsed)) {
      for (const entry of parsed) if (typeof entry === 'string') labels.add(entry.trim().toLowerCase());
    }
  } catch {
    // A blocklist staff mistyped must not stop every claim; the fixed list and regions still apply.
  }
  return labels;
}

/** EP-BIZ-07: hosting is active while its subscription is and its paid period has not ended. */
export async function hostingActive(db: Db, businessId: string): Promise<boolean> {
  const row = await db
    .selectFrom('service_subscriptions')
    .select('subscription_id')
    .where('business_id', '=', businessId)
    .where('service_type', '=', 'website_hosting')
    .where('status', '=', 'active')
    .where(sql<boolean>`nairobi_today() < expiration_date`)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertAssigned(
  trx: Trx,
  input: { businessId: string; name: string; actorId: string | null; freeChange?: boolean },
) {
  return trx
    .insertInto('subdomains')
    .values({
      name: input.name,
      business_id: input.businessId,
      state: 'assigned',
      dns_status: 'pending',
      // UI-SUB-05: a substituted name may be changed at once; backdating the assignment lifts the 30-day limit.
      assigned_at: input.freeChange ? sql<Date>`now() - interval '30 days'` : sql<Date>`now()`,
      created_by: input.actorId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** UI-SUB-06: the business's old names still answering with a redirect, latest first. */
export async function redirectRows(db: Db, businessId: string) {
  return db
    .selectFrom('subdomains')
    .select(['name', 'redirect_until'])
    .where('business_id', '=', businessId)
    .where('state', '=', 'redirect')
    .where('redirect_until', '>', sql<Date>`now()`)
    .orderBy('redirect_until', 'desc')
    .execute();
}
