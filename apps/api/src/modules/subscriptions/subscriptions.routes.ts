import express, { type Request, type Response, type Router } from 'express';
import { authOf, requireStaff } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import { notFound } from '../../http/errors.js';
import { parseInput } from '../../http/validate.js';
import type { StaffActor } from '../approvals/owner-notices.js';
import { parseBusinessId } from '../businesses/access.js';
import { parseId } from '../receipts/money-access.js';
import { adjustSubscription, grantComplimentary, type AdjustmentDeps } from './adjustments.js';
import { subscriptionTerms } from './subscription-terms.js';
import { adjustBody, grantBody } from './subscriptions.schema.js';

function staffActor(req: Request, res: Response): StaffActor {
  const auth = authOf(res)!;
  return { userId: auth.userId, role: auth.staffRole!, ip: req.ip ?? null, requestId: req.id };
}

async function subscriptionView(db: AdjustmentDeps['db'], subscriptionId: string) {
  const row = await db
    .selectFrom('service_subscriptions')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .executeTakeFirst();
  if (!row) throw notFound('No such subscription');
  return {
    subscription_id: row.subscription_id,
    business_id: row.business_id,
    ...subscriptionTerms(row),
  };
}

/** Manual adjustments and complimentary grants: Admin and Super Admin only (ADM-353). */
export function subscriptionsRouter(deps: AdjustmentDeps): Router {
  const router = express.Router();
  const adjust = requireStaff('staff.services.adjust', deps);

  router.patch('/subscriptions/:id/adjust', adjust, async (req, res) => {
    const subscriptionId = parseId(req.params.id, 'subscription');
    const body = parseInput(adjustBody, req.body);
    await adjustSubscription(deps, staffActor(req, res), subscriptionId, body);
    sendData(res, await subscriptionView(deps.db, subscriptionId));
  });

  router.post('/admin/businesses/:id/subscriptions', adjust, async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const body = parseInput(grantBody, req.body);
    const id = await grantComplimentary(deps, staffActor(req, res), {
      businessId,
      serviceType: body.service_type,
      months: body.months,
      reason: body.reason,
    });
    sendData(res, await subscriptionView(deps.db, id), { status: 201 });
  });

  return router;
}
