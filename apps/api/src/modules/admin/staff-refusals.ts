import type { ErrorRequestHandler } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { authOf, staffRefusalRecorded } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { clientIp } from '../../http/rate-limit/limiter.js';
import { writeAudit } from '../../lib/audit.js';

/**
 * ADM-006: every refused request of a staff session writes `access_denied`. requireStaff records its own
 * refusals; this catches the rest on their way to the error handler: a staff role below a shared business
 * endpoint's staff column (ERRATA 9: business users, rollback, images), and the ADM-710 paths. The row is
 * written outside any transaction, so it survives the refused change's rollback.
 */
export function recordStaffRefusals(deps: { db: Kysely<Database>; logger: Logger }): ErrorRequestHandler {
  return async (error: unknown, req, res, next) => {
    const auth = authOf(res);
    if (
      error instanceof AppError &&
      error.code === 'FORBIDDEN' &&
      auth?.scope === 'admin' &&
      auth.staffRole !== null &&
      !staffRefusalRecorded(res)
    ) {
      const id = req.params?.id;
      await writeAudit(deps.db, deps.logger, {
        actorId: auth.userId,
        actorRole: auth.staffRole,
        action: 'access_denied',
        entityType: 'admin_user',
        entityId: typeof id === 'string' ? id : null,
        newValue: { method: req.method, path: req.originalUrl.split('?')[0] },
        ip: clientIp(req),
        requestId: req.id,
      });
    }
    next(error);
  };
}
