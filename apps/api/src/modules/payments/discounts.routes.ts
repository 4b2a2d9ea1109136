import express, { type Request, type Response, type Router } from 'express';
import {
  createDiscountBody,
  DISCOUNT_STATUSES,
  paginationQuerySchema,
  revokeDiscountBody,
  updateDiscountBody,
} from '@tafuta/contracts';
import { z } from 'zod';
import { authOf, requireMemberOrStaff, requireStaff } from '../../http/auth-context.js';
import { paginate, sendData } from '../../http/envelope.js';
import { notFound } from '../../http/errors.js';
import { parseInput } from '../../http/validate.js';
import type { StaffActor } from '../approvals/owner-notices.js';
import { parseBusinessId } from '../businesses/access.js';
import { actorOf } from '../receipts/money-access.js';
import {
  businessDiscounts,
  createDiscount,
  revokeDiscount,
  staffDiscounts,
  updateDiscount,
} from './discounts.service.js';
import type { PaymentsDeps } from './payments-deps.js';

export const staffDiscountsQuery = paginationQuerySchema
  .extend({
    business_id: z.uuid().optional(),
    status: z.enum(DISCOUNT_STATUSES).optional(),
  })
  .strict();
export const pageQuery = paginationQuerySchema.strict();

function staffActor(req: Request, res: Response): StaffActor {
  const auth = authOf(res)!;
  return { userId: auth.userId, role: auth.staffRole!, ip: req.ip ?? null, requestId: req.id };
}

function discountId(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.id);
  if (!parsed.success) throw notFound('No such discount');
  return parsed.data;
}

/** PAY-080..088 and ADM-320: staff grant, renew and revoke (Admin+, ADM-003); Managers see their own. */
export function discountsRouter(deps: Pick<PaymentsDeps, 'db' | 'logger'>): Router {
  const router = express.Router();
  const manage = requireStaff('staff.money.manage_discounts', deps);

  router.post('/discounts', manage, async (req, res) => {
    const body = parseInput(createDiscountBody, req.body);
    sendData(res, await createDiscount(deps, staffActor(req, res), body), { status: 201 });
  });

  router.patch('/discounts/:id', manage, async (req, res) => {
    const id = discountId(req);
    const body = parseInput(updateDiscountBody, req.body);
    sendData(res, await updateDiscount(deps, staffActor(req, res), id, body));
  });

  router.delete('/discounts/:id', manage, async (req, res) => {
    const id = discountId(req);
    const body = parseInput(revokeDiscountBody, req.body);
    sendData(res, await revokeDiscount(deps, staffActor(req, res), id, body.reason), {
      message: 'Discount revoked',
    });
  });

  router.get('/admin/discounts', requireStaff('staff.money.view', deps), async (req, res) => {
    const query = parseInput(staffDiscountsQuery, req.query);
    const { items, total } = await staffDiscounts(deps, {
      businessId: query.business_id,
      status: query.status,
      page: query.page,
      limit: query.limit,
    });
    sendData(res, items, { pagination: paginate(query.page, query.limit, total) });
  });

  router.get('/businesses/:id/discounts', requireMemberOrStaff(deps.db), async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const query = parseInput(pageQuery, req.query);
    const { items, total } = await businessDiscounts(deps, actorOf(res), businessId, query);
    sendData(res, items, { pagination: paginate(query.page, query.limit, total) });
  });

  return router;
}
