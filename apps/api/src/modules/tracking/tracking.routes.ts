import express, { type Router } from 'express';
import { trackingBatchBody } from '@tafuta/contracts';
import { z } from 'zod';
import { authOf, requireMemberOrStaff } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import { RATE_LIMIT_CLASSES } from '../../http/rate-limit/classes.js';
import { clientIp, createRateLimiter } from '../../http/rate-limit/limiter.js';
import { parseInput } from '../../http/validate.js';
import { businessForActor, parseBusinessId } from '../businesses/access.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { businessStats, pruneTrackingDedupe, recordEvents } from './tracking.service.js';

/** UI-TRK-05: 30 days by default, at most 90. */
export const statsQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(90).default(30) });

/** Roughly one batch in this many sweeps expired duplicate keys, so the table stays small without a job. */
const PRUNE_EVERY = 200;

/** POST /api/events (UI-TRK-03/04, ERRATA 21) and GET /api/businesses/:id/stats (UI-TRK-05). */
export function trackingRouter(deps: DirectoryDeps): Router {
  const router = express.Router();
  // ERRATA 21: 60 a minute per client IP, signed in or not.
  const eventsLimit = createRateLimiter(RATE_LIMIT_CLASSES.eventsPerIp, {
    stores: deps.rateLimitStores,
    logger: deps.logger,
    key: (req) => clientIp(req),
  });
  let batches = 0;

  router.post('/events', eventsLimit, async (req, res) => {
    const batch = parseInput(trackingBatchBody, req.body);
    const result = await recordEvents(deps.db, batch, req.get('user-agent'));
    batches += 1;
    if (batches % PRUNE_EVERY === 0) {
      pruneTrackingDedupe(deps.db).catch((error: unknown) =>
        deps.logger.warn('Pruning tracking keys failed', {
          err: error instanceof Error ? error : String(error),
        }),
      );
    }
    // ERRATA 18: never 204; the envelope says how many events counted.
    sendData(res, result);
  });

  router.get('/businesses/:id/stats', requireMemberOrStaff(deps.db), async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const { days } = parseInput(statsQuery, req.query);
    const auth = authOf(res)!;
    await businessForActor(deps.db, {
      actor: { userId: auth.userId, staffRole: auth.staffRole },
      businessId,
      action: 'business.view_private',
      logger: deps.logger,
    });
    sendData(res, await businessStats(deps.db, businessId, days));
  });

  return router;
}
