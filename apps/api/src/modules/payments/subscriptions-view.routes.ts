import express, { type Router } from 'express';
import { paginationQuerySchema } from '@tafuta/contracts';
import { paginate, sendData } from '../../http/envelope.js';
import { parseInput } from '../../http/validate.js';
import { parseBusinessId } from '../businesses/access.js';
import { actorOf } from '../receipts/money-access.js';
import type { PaymentsDeps } from './payments-deps.js';
import { businessSubscriptions } from './subscriptions-view.js';
import { requireMemberOrStaff } from '../../http/auth-context.js';

export const subscriptionsQuery = paginationQuerySchema.strict();

/** PAY-191: the business's services for its whole team (one row per service type, paginated per API-06). */
export function subscriptionsViewRouter(deps: Pick<PaymentsDeps, 'db' | 'logger' | 'appUrl'>): Router {
  const router = express.Router();
  router.get('/businesses/:id/subscriptions', requireMemberOrStaff(deps.db), async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const query = parseInput(subscriptionsQuery, req.query);
    const all = await businessSubscriptions(deps, actorOf(res), businessId);
    const start = (query.page - 1) * query.limit;
    sendData(res, all.slice(start, start + query.limit), {
      pagination: paginate(query.page, query.limit, all.length),
    });
  });
  return router;
}
