import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, DnsStatus, StaffRoleName } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { notifyOwners } from '../approvals/owner-notices.js';
import type { Actor } from '../auth/permissions.js';
import { businessForActor, findBusiness } from '../businesses/access.js';
import type { DirectoryEvents } from '../directory-deps.js';
import type { Notifier } from '../notifications/notifier.js';
import {
  MAX_SUGGESTIONS,
  judgeName,
  normaliseSubdomain,
  suggestionCandidates,
  type NameVerdict,
} from './subdomain-names.js';
import {
  assignedRow,
  extraReservedLabels,
  hostingActive,
  insertAssigned,
  liveRowByName,
  lockName,
  namesInUse,
  queueDnsJob,
} from './subdomains.repo.js';

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;

/** UI-SUB-06. */
export const CHANGE_INTERVAL_DAYS = 30;
export const REDIRECT_DAYS = 90;

export interface SubdomainDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
  events: Pick<DirectoryEvents, 'dnsQueued'>;
  apexDomain: string;
}

export const websiteUrl = (name: string, apexDomain: string) => `https://${name}.${apexDomain}/`;

export type UnavailableReason = 'taken' | 'reserved' | 'invalid';

export interface Availability {
  subdomain: string;
  available: boolean;
  reason: UnavailableReason | null;
  suggestions: string[];
}

/**
 * A name a business may take (back) although a row holds it: its own payment hold, or its own old name
 * still redirecting (UI-SUB-06 keeps it reserved for the business during the 90 days).
 */
function ownReusable(
  row: { business_id: string; state: string } | undefined,
  businessId: string | undefined,
) {
  return (
    row !== undefined && row.business_id === businessId && (row.state === 'held' || row.state === 'redirect')
  );
}

function reasonOf(verdict: NameVerdict): UnavailableReason | null {
  return verdict === 'ok' ? null : verdict;
}

/** Up to three free names for a business name and town, looked up in one query (INT-421: database only). */
export async function suggestNames(
  db: Db,
  input: { name: string; town?: string | null; exclude?: string },
  reserved?: Set<string>,
): Promise<string[]> {
  const extra = reserved ?? (await extraReservedLabels(db));
  const candidates = suggestionCandidates(input, extra).filter((name) => name !== input.exclude);
  const taken = await namesInUse(db, candidates);
  return candidates.filter((name) => !taken.has(name)).slice(0, MAX_SUGGESTIONS);
}

async function suggestionSource(db: Db, businessId: string) {
  const business = await findBusiness(db, businessId);
  if (!business) return null;
  const content = business.content_json as { location?: { city?: unknown } };
  const city = typeof content.location?.city === 'string' ? content.location.city : null;
  return { name: business.business_name, town: city };
}

/**
 * ERRATA 1 / UI-SUB-04: may this business (or anyone) have the name? A name the same business holds for a
 * pending payment counts as available to it.
 */
export async function checkAvailability(
  db: Kysely<Database>,
  input: { subdomain: string; businessId?: string | undefined; actor: Actor },
): Promise<Availability> {
  const subdomain = normaliseSubdomain(input.subdomain);
  const reserved = await extraReservedLabels(db);
  let reason = reasonOf(judgeName(subdomain, reserved));
  let source: { name: string; town?: string | null } | null = null;
  let ownBusinessId: string | undefined;
  if (input.businessId) {
    try {
      const access = await businessForActor(db, {
        actor: input.actor,
        businessId: input.businessId,
        action: 'business.view_private',
      });
      ownBusinessId = access.business.business_id;
      source = await suggestionSource(db, ownBusinessId);
    } catch (error) {
      // A business the caller may not see simply gives no suggestions of its own (no existence leak).
      if (!(error instanceof AppError)) throw error;
    }
  }
  if (reason === null) {
    const row = await liveRowByName(db, subdomain);
    if (row && !ownReusable(row, ownBusinessId)) reason = 'taken';
  }
  const suggestions = await suggestNames(
    db,
    { ...(source ?? { name: subdomain.replace(/-/g, ' ') }), exclude: subdomain },
    reserved,
  );
  return { subdomain, available: reason === null, reason, suggestions };
}

function refuseName(verdict: Exclude<NameVerdict, 'ok'>): AppError {
  return new AppError(
    'INVALID_INPUT',
    verdict === 'reserved' ? 'This address is reserved' : 'Use 3–30 letters, digits and single hyphens',
    {
      field: 'subdomain',
      details: [{ field: 'subdomain', code: verdict === 'reserved' ? 'not_allowed' : 'invalid_format' }],
    },
  );
}

async function takenError(trx: Db, businessId: string, name: string): Promise<AppError> {
  const source = await suggestionSource(trx, businessId);
  const suggestions = await suggestNames(trx, { ...(source ?? { name }), exclude: name });
  return new AppError('SUBDOMAIN_TAKEN', 'This address is already taken', {
    field: 'subdomain',
    extra: { suggestions },
  });
}

/**
 * UI-SUB-05: keeps a name for a business while its payment is pending. Extends the business's own hold;
 * throws INVALID_INPUT for a malformed or reserved name and SUBDOMAIN_TAKEN (with suggestions) otherwise.
 */
export async function holdSubdomain(
  trx: Trx,
  input: { businessId: string; name: string; until: Date },
): Promise<{ subdomainId: string; name: string }> {
  const name = normaliseSubdomain(input.name);
  const verdict = judgeName(name, await extraReservedLabels(trx));
  if (verdict !== 'ok') throw refuseName(verdict);
  await lockName(trx, name);
  const row = await liveRowByName(trx, name);
  if (row && !(row.business_id === input.businessId && (row.state === 'held' || row.state === 'assigned'))) {
    throw await takenError(trx, input.businessId, name);
  }
  if (row?.state === 'assigned') return { subdomainId: row.subdomain_id, name };
  if (row) {
    await trx
      .updateTable('subdomains')
      .set({ held_until: input.until })
      .where('subdomain_id', '=', row.subdomain_id)
      .execute();
    return { subdomainId: row.subdomain_id, name };
  }
  const inserted = await trx
    .insertInto('subdomains')
    .values({ name, business_id: input.businessId, state: 'held', held_until: input.until })
    .returning('subdomain_id')
    .executeTakeFirstOrThrow();
  return { subdomainId: inserted.subdomain_id, name };
}

export interface Assignment {
  subdomainId: string;
  name: string;
  /** UI-SUB-05: the wanted name was gone, so the first free suggestion was given (notify the owner). */
  substituted: boolean;
  previousName: string | null;
  dnsStatus: DnsStatus;
}

/** The current name (if any) becomes a 90-day redirect; its record stays until then (INT-420). */
async function retireCurrent(trx: Trx, businessId: string): Promise<string | null> {
  const current = await assignedRow(trx, businessId, { forUpdate: true });
  if (!current) return null;
  await trx
    .updateTable('subdomains')
    .set({ state: 'redirect', redirect_until: sql<Date>`now() + make_interval(days => ${REDIRECT_DAYS})` })
    .where('subdomain_id', '=', current.subdomain_id)
    .execute();
  return current.name;
}

/**
 * Gives a business its web address and queues the DNS record (ERRATA 26), inside the caller's transaction;
 * the caller nudges the DNS worker after commit. A name the business holds is turned into the assignment;
 * a name someone else took meanwhile is replaced by the first free suggestion (UI-SUB-05).
 */
export async function assignSubdomain(
  trx: Trx,
  input: { businessId: string; name: string; actorId: string | null },
): Promise<Assignment> {
  let name = normaliseSubdomain(input.name);
  const reserved = await extraReservedLabels(trx);
  await lockName(trx, name);
  let row = await liveRowByName(trx, name);
  const mine = row?.business_id === input.businessId;
  if (mine && row?.state === 'assigned') {
    return {
      subdomainId: row.subdomain_id,
      name,
      substituted: false,
      previousName: null,
      dnsStatus: row.dns_status,
    };
  }
  let substituted = false;
  if (judgeName(name, reserved) !== 'ok' || (row && !ownReusable(row, input.businessId))) {
    const source = await suggestionSource(trx, input.businessId);
    const [first] = await suggestNames(trx, { ...(source ?? { name }), exclude: name }, reserved);
    if (!first) throw await takenError(trx, input.businessId, name);
    name = first;
    substituted = true;
    await lockName(trx, name);
    row = undefined;
  }
  const previousName = await retireCurrent(trx, input.businessId);
  let subdomainId: string;
  if (row) {
    await trx
      .updateTable('subdomains')
      .set({
        state: 'assigned',
        held_until: null,
        redirect_until: null,
        dns_status: 'pending',
        assigned_at: sql<Date>`now()`,
        created_by: input.actorId,
      })
      .where('subdomain_id', '=', row.subdomain_id)
      .execute();
    subdomainId = row.subdomain_id;
  } else {
    const inserted = await insertAssigned(trx, { ...input, name, freeChange: substituted });
    subdomainId = inserted.subdomain_id;
  }
  // The business's other holds end with the assignment.
  await trx
    .updateTable('subdomains')
    .set({ state: 'released', held_until: null, released_at: sql<Date>`now()` })
    .where('business_id', '=', input.businessId)
    .where('state', '=', 'held')
    .execute();
  await queueDnsJob(trx, subdomainId, 'ensure');
  return { subdomainId, name, substituted, previousName, dnsStatus: 'pending' };
}

/**
 * Business deletion (ADM-165 as amended by ERRATA 1): the website goes dark at once (a `delete` DNS job for
 * every name that resolves) and each name stays reserved for 12 months so nobody can impersonate the
 * business; holds are simply released. Runs inside the deletion's transaction; the caller nudges the DNS
 * worker (`deps.events.dnsQueued()`) after commit. Returns how many DNS jobs were queued.
 */
export async function releaseBusinessSubdomains(
  trx: Trx,
  businessId: string,
  actorId: string | null,
): Promise<number> {
  void actorId; // the deletion itself is audited by the caller; kept for symmetry with assignSubdomain
  await trx
    .updateTable('subdomains')
    .set({ state: 'released', held_until: null, released_at: sql<Date>`now()` })
    .where('business_id', '=', businessId)
    .where('state', '=', 'held')
    .execute();
  const reserved = await trx
    .updateTable('subdomains')
    .set({
      state: 'reserved',
      redirect_until: null,
      reserved_until: sql<Date>`now() + interval '12 months'`,
      dns_status: 'removing',
    })
    .where('business_id', '=', businessId)
    .where('state', 'in', ['assigned', 'redirect'])
    .returning('subdomain_id')
    .execute();
  for (const row of reserved) await queueDnsJob(trx, row.subdomain_id, 'delete');
  return reserved.length;
}

export interface SubdomainReply {
  subdomain: string;
  website_url: string;
  dns_status: DnsStatus;
}

/** The business's web address as pages show it (UI-SUB-08: "Setting up…" while `dns_status` is pending). */
export async function currentSubdomain(
  db: Db,
  businessId: string,
  apexDomain: string,
): Promise<SubdomainReply | null> {
  const row = await assignedRow(db, businessId);
  if (!row) return null;
  return { subdomain: row.name, website_url: websiteUrl(row.name, apexDomain), dns_status: row.dns_status };
}

/** EP-BIZ-07 / UI-SUB-06: Owner or staff Admin+ sets or changes the address; DNS follows in the background. */
export async function setBusinessSubdomain(
  deps: SubdomainDeps,
  actor: Actor & { ip?: string | null; requestId?: string | null },
  businessId: string,
  requested: string,
): Promise<SubdomainReply> {
  const name = normaliseSubdomain(requested);
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const access = await businessForActor(trx, {
      actor,
      businessId,
      action: 'business.set_subdomain',
      forUpdate: true,
      logger: deps.logger,
    });
    const business = access.business;
    // Staff may still open a deleted business; its names are reserved and must stay dark (ERRATA 1).
    if (business.status === 'deleted') {
      throw new AppError('BUSINESS_NOT_EDITABLE', 'This business is deleted; its web address cannot change');
    }
    if (!(await hostingActive(trx, businessId))) {
      throw new AppError('SERVICE_NOT_ACTIVE', 'Website hosting is not active for this business');
    }
    const verdict = judgeName(name, await extraReservedLabels(trx));
    if (verdict !== 'ok') throw refuseName(verdict);
    const current = await assignedRow(trx, businessId, { forUpdate: true });
    if (current?.name === name) return { changed: false as const, name, dnsStatus: current.dns_status };
    if (current?.assigned_at) {
      const next = await sql<{ next: Date; blocked: boolean }>`
        select ${current.assigned_at}::timestamptz + make_interval(days => ${CHANGE_INTERVAL_DAYS}) as next,
               ${current.assigned_at}::timestamptz + make_interval(days => ${CHANGE_INTERVAL_DAYS}) > now() as blocked`.execute(
        trx,
      );
      const limit = next.rows[0]!;
      if (limit.blocked) {
        const day = limit.next.toLocaleDateString('en-KE', { timeZone: 'Africa/Nairobi', dateStyle: 'long' });
        throw new AppError('CONFLICT', `The web address can be changed once every 30 days; next on ${day}`, {
          field: 'subdomain',
          extra: { next_change_at: limit.next.toISOString() },
        });
      }
    }
    await lockName(trx, name);
    const row = await liveRowByName(trx, name);
    if (row && !ownReusable(row, businessId)) {
      throw await takenError(trx, businessId, name);
    }
    const assignment = await assignSubdomain(trx, { businessId, name, actorId: actor.userId });
    const staffRole: StaffRoleName | null = access.asStaff ? actor.staffRole : null;
    if (staffRole !== null) {
      await writeAuditInTransaction(trx, {
        actorId: actor.userId,
        actorRole: staffRole,
        action: assignment.previousName ? 'subdomain_changed' : 'subdomain_assigned',
        entityType: 'business',
        entityId: businessId,
        entityLabel: business.business_name,
        oldValue: assignment.previousName ? { subdomain: assignment.previousName } : undefined,
        newValue: { subdomain: assignment.name },
        ip: actor.ip ?? null,
        requestId: actor.requestId ?? null,
      });
    }
    const url = websiteUrl(assignment.name, deps.apexDomain);
    await notifyOwners(trx, deps.notifier, {
      businessId,
      businessName: business.business_name,
      templateKey: 'subdomain_assigned',
      variables: () => ({ subdomain: assignment.name, website_url: url }),
    });
    return { changed: true as const, name: assignment.name, dnsStatus: assignment.dnsStatus };
  });
  if (outcome.changed) {
    deps.events.dnsQueued();
    deps.notifier.nudge();
  }
  return {
    subdomain: outcome.name,
    website_url: websiteUrl(outcome.name, deps.apexDomain),
    dns_status: outcome.dnsStatus,
  };
}
