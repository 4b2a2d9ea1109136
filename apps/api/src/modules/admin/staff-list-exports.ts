import type { Request, RequestHandler, Response } from 'express';
import type { AdminBusinessesQuery, AdminUsersQuery } from '@tafuta/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireStaff } from '../../http/auth-context.js';
import type { Logger } from '../../http/logger.js';
import type { StaffAction } from '../auth/permissions.js';
import { searchBusinesses } from './businesses.repo.js';
import { streamCsvExport } from './export-stream.js';
import { adminActor } from './staff-actor.js';
import { searchUsers } from './users.repo.js';

/**
 * `?format=csv` on the staff business and user lists (ERRATA 9, ADM-152, ADM-200, ADM-700): the whole
 * filtered list, streamed in batches through the logs module's CSV writer (formula guard, BOM, 50,000-row
 * cap, `data_exported` audit row before the first byte). Exports are Admin+ (ERRATA 8).
 */

const BATCH = 500;

type Deps = { db: Kysely<Database>; logger: Logger; phoneTestPrefixes: readonly string[] };

/** The export permission, checked only when the list is asked for as CSV. */
export function whenCsv(action: StaffAction, deps: Deps): RequestHandler {
  const guard = requireStaff(action, deps);
  return (req, res, next) => (req.query.format === 'csv' ? guard(req, res, next) : next());
}

async function* pages<Row>(fetch: (page: number) => Promise<Row[]>): AsyncIterable<Row[]> {
  for (let page = 1; ; page += 1) {
    const rows = await fetch(page);
    if (rows.length > 0) yield rows;
    if (rows.length < BATCH) return;
  }
}

function actorFor(req: Request, res: Response) {
  const actor = adminActor(req, res);
  return { userId: actor.userId, role: actor.role, ip: actor.audit.ip, requestId: actor.audit.requestId };
}

export async function exportBusinesses(deps: Deps, req: Request, res: Response, query: AdminBusinessesQuery) {
  const { page: _page, limit: _limit, format: _format, ...filters } = query;
  const batch = (page: number) =>
    searchBusinesses(deps.db, { ...query, page, limit: BATCH }, deps.phoneTestPrefixes);
  await streamCsvExport(deps, actorFor(req, res), res, {
    dataset: 'businesses',
    filters,
    header: [
      'business_id',
      'business_name',
      'status',
      'verification_tier',
      'categories',
      'regions',
      'phone',
      'email',
      'subdomain',
      'owner_name',
      'owner_phone',
      'active_services',
      'created_at',
    ],
    count: async () =>
      (await searchBusinesses(deps.db, { ...query, page: 1, limit: 1 }, deps.phoneTestPrefixes)).total,
    batches: () => pages(async (page) => (await batch(page)).rows),
    cells: (row) => [
      row.business_id,
      row.business_name,
      row.status,
      row.verification_tier,
      row.categories.join(' '),
      row.regions.join(' '),
      row.phone,
      row.email,
      row.subdomain,
      row.owner?.full_name,
      row.owner?.phone,
      row.active_services
        .map((service) => `${service.service_type} until ${service.last_service_date}`)
        .join('; '),
      new Date(row.created_at),
    ],
  });
}

export async function exportUsers(deps: Deps, req: Request, res: Response, query: AdminUsersQuery) {
  const { page: _page, limit: _limit, format: _format, ...filters } = query;
  await streamCsvExport(deps, actorFor(req, res), res, {
    dataset: 'users',
    filters,
    header: [
      'user_id',
      'full_name',
      'status',
      'phone',
      'email',
      'verification_tier',
      'created_at',
      'locked_until',
      'staff_account',
      'owner_of',
      'admin_of',
      'employee_of',
    ],
    count: async () =>
      (await searchUsers(deps.db, { ...query, page: 1, limit: 1 }, deps.phoneTestPrefixes)).total,
    batches: () =>
      pages(
        async (page) =>
          (await searchUsers(deps.db, { ...query, page, limit: BATCH }, deps.phoneTestPrefixes)).rows,
      ),
    cells: (row) => [
      row.user_id,
      row.full_name,
      row.status,
      row.phone,
      row.email,
      row.verification_tier,
      new Date(row.created_at),
      row.locked_until === null ? null : new Date(row.locked_until),
      row.has_staff_account,
      row.business_counts.owner,
      row.business_counts.admin,
      row.business_counts.employee,
    ],
  });
}
