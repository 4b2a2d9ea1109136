import type { Kysely } from 'kysely';
import type { Database, DnsStatus } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import type { Logger } from '../../http/logger.js';
import type { Actor } from '../auth/permissions.js';
import { businessForActor } from '../businesses/access.js';
import { assignedRow, redirectRows } from './subdomains.repo.js';
import { CHANGE_INTERVAL_DAYS, websiteUrl } from './subdomains.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface WebAddressReply {
  current: {
    subdomain: string;
    website_url: string;
    /** UI-SUB-08: "Setting up…" while `pending`. */
    dns_status: DnsStatus;
    assigned_at: string | null;
    /** UI-SUB-06: the first moment the address may change again; null when it may change now. */
    next_change_at: string | null;
  } | null;
  /** Old names still redirecting to the current one (UI-SUB-06, 90 days). */
  redirects: { subdomain: string; website_url: string; redirect_until: string }[];
}

/**
 * The website editor's address row (UI-WED-02): the name in use with its DNS state, when it may next
 * change, and the old names that still redirect. Any member (and staff) may read it.
 */
export async function webAddress(
  deps: { db: Kysely<Database>; logger?: Logger; apexDomain: string },
  actor: Actor,
  businessId: string,
  now: Date = new Date(),
): Promise<WebAddressReply> {
  await businessForActor(deps.db, {
    actor,
    businessId,
    action: 'business.view_private',
    logger: deps.logger,
  });
  const [current, redirects] = await Promise.all([
    assignedRow(deps.db, businessId),
    redirectRows(deps.db, businessId),
  ]);
  const assignedAt = current?.assigned_at ?? null;
  const nextChange =
    assignedAt === null ? null : new Date(assignedAt.getTime() + CHANGE_INTERVAL_DAYS * DAY_MS);
  return {
    current: current
      ? {
          subdomain: current.name,
          website_url: websiteUrl(current.name, deps.apexDomain),
          dns_status: current.dns_status,
          assigned_at: current.assigned_at ? isoSeconds(current.assigned_at) : null,
          next_change_at: nextChange && nextChange > now ? isoSeconds(nextChange) : null,
        }
      : null,
    redirects: redirects.map((row) => ({
      subdomain: row.name,
      website_url: websiteUrl(row.name, deps.apexDomain),
      redirect_until: isoSeconds(row.redirect_until!),
    })),
  };
}
