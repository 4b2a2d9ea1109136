import express, { type Router } from 'express';
import { paymentStatusParams } from '@tafuta/contracts';
import { authOf, requireSession } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import { parseInput } from '../../http/validate.js';
import { paymentStatusFor } from './payment-status.service.js';
import type { SettlementDeps } from './settlement.js';

/** PAY-155 / ERRATA 2: `GET /api/payments/:payment_id/status`, the payer or Support+ staff. */
export function paymentStatusRouter(deps: SettlementDeps): Router {
  const router = express.Router();
  router.get('/payments/:payment_id/status', requireSession(), async (req, res) => {
    const { payment_id: paymentId } = parseInput(paymentStatusParams, req.params);
    const auth = authOf(res)!;
    sendData(
      res,
      await paymentStatusFor(deps, { userId: auth.userId, staffRole: auth.staffRole }, paymentId),
    );
  });
  return router;
}
