import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { authOf, requireStaff } from '../../http/auth-context.js';
import type { Logger } from '../../http/logger.js';
import type { RateLimitClass } from '../../http/rate-limit/classes.js';
import { clientIp, createRateLimiter, staffSessionKey } from '../../http/rate-limit/limiter.js';
import type { RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import type { StaffActor } from './export-stream.js';

/** ADM-711: bulk and export endpoints, 10 per minute per staff session. */
export const STAFF_EXPORT_CLASS: RateLimitClass = {
  name: 'staff-export',
  windowMs: 60_000,
  limit: 10,
  failClosed: false,
};

export function staffActorOf(req: Request, res: Response): StaffActor {
  const auth = authOf(res)!;
  return { userId: auth.userId, role: auth.staffRole!, ip: clientIp(req), requestId: req.id };
}

/**
 * ERRATA 9: an export is the list endpoint with `format=csv`, so the stricter export row of ADM-003
 * (Admin+) and the export rate limit apply only when that is asked for.
 */
export function whenCsv(
  action: Parameters<typeof requireStaff>[0],
  deps: { db: Kysely<Database>; logger: Logger; rateLimitStores: RateLimitStoreFactory },
): RequestHandler[] {
  const isCsv = (req: Request) => req.query.format === 'csv';
  const guard = requireStaff(action, deps);
  const limiter = createRateLimiter(STAFF_EXPORT_CLASS, {
    stores: deps.rateLimitStores,
    logger: deps.logger,
    key: (req, res) => (isCsv(req) ? staffSessionKey(req, res) : undefined),
  });
  return [
    (req, res, next) => {
      if (!isCsv(req)) return next();
      return guard(req, res, next);
    },
    limiter,
  ];
}
