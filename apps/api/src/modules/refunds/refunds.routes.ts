import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { authOf, requireStaff } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import { invalidInput } from '../../http/errors.js';
import { parseInput } from '../../http/validate.js';
import { MoneyInputError, parseKes } from '../../lib/money.js';
import type { StaffActor } from '../approvals/owner-notices.js';
import { parseId } from '../receipts/money-access.js';
import { refundList, refundView } from './refund-view.js';
import { completeRefundBody, createRefundBody, refundListQuery, rejectRefundBody } from './refunds.schema.js';
import {
  approveRefund,
  completeRefund,
  createRefund,
  rejectRefund,
  type RefundDeps,
} from './refunds.service.js';

function staffActor(req: Request, res: Response): StaffActor {
  const auth = authOf(res)!;
  return { userId: auth.userId, role: auth.staffRole!, ip: req.ip ?? null, requestId: req.id };
}

/** ADM-313: a UUID chosen by the back office per "Save", so a double click records one request. */
function idempotencyKey(req: Request): string {
  const value = req.get('Idempotency-Key');
  if (!value) {
    throw invalidInput('Send an Idempotency-Key header (a UUID made by the client)', [
      { field: 'Idempotency-Key', code: 'required' },
    ]);
  }
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) {
    throw invalidInput('The Idempotency-Key header must be a UUID', [
      { field: 'Idempotency-Key', code: 'invalid_format' },
    ]);
  }
  return parsed.data.toLowerCase();
}

/** Staff refunds: Admin+ acts, Support+ reads (ADM-003, admin.md §15). */
export function refundsRouter(deps: RefundDeps): Router {
  const router = express.Router();
  const manage = requireStaff('staff.money.manage_refunds', deps);
  const view = requireStaff('staff.money.view', deps);

  router.post('/refunds/request', manage, async (req, res) => {
    const key = idempotencyKey(req);
    const body = parseInput(createRefundBody, req.body);
    const result = await createRefund(deps, staffActor(req, res), {
      idempotencyKey: key,
      businessId: body.business_id,
      requestedBy: body.requested_by,
      services: body.services,
      notes: body.notes,
    });
    sendData(res, await refundView(deps.db, result.requestId), { status: result.replayed ? 200 : 201 });
  });

  router.get('/admin/refunds', view, async (req, res) => {
    const query = parseInput(refundListQuery, req.query);
    const result = await refundList(deps.db, {
      status: query.status,
      businessId: query.business_id,
      q: query.q,
      page: query.page,
      limit: query.limit,
    });
    sendData(res, result.data, { pagination: result.pagination });
  });

  router.get('/refunds/:request_id', view, async (req, res) => {
    const requestId = parseId(req.params.request_id, 'refund request');
    sendData(res, await refundView(deps.db, requestId));
  });

  router.patch('/refunds/:request_id/approve', manage, async (req, res) => {
    const requestId = parseId(req.params.request_id, 'refund request');
    await approveRefund(deps, staffActor(req, res), requestId);
    sendData(res, await refundView(deps.db, requestId));
  });

  router.patch('/refunds/:request_id/reject', manage, async (req, res) => {
    const requestId = parseId(req.params.request_id, 'refund request');
    const body = parseInput(rejectRefundBody, req.body);
    await rejectRefund(deps, staffActor(req, res), requestId, body.reason);
    sendData(res, await refundView(deps.db, requestId));
  });

  router.patch('/refunds/:request_id/complete', manage, async (req, res) => {
    const requestId = parseId(req.params.request_id, 'refund request');
    const body = parseInput(completeRefundBody, req.body);
    let cashPaidCents: number;
    try {
      cashPaidCents = parseKes(body.cash_paid_kes);
    } catch (error) {
      if (!(error instanceof MoneyInputError)) throw error;
      throw invalidInput(error.message, [{ field: 'cash_paid_kes', code: 'invalid_format' }]);
    }
    await completeRefund(deps, staffActor(req, res), requestId, {
      cashPaidCents,
      paidAt: new Date(body.paid_at),
      notes: body.notes,
    });
    sendData(res, await refundView(deps.db, requestId));
  });

  return router;
}
