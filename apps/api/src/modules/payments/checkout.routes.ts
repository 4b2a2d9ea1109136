import express, { type Request, type Router } from 'express';
import { initiateBody, quoteBody } from '@tafuta/contracts';
import { z } from 'zod';
import { requireUser } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import { invalidInput, notFound } from '../../http/errors.js';
import { RATE_LIMIT_CLASSES } from '../../http/rate-limit/classes.js';
import { createRateLimiter, signedInUserId } from '../../http/rate-limit/limiter.js';
import { parseInput } from '../../http/validate.js';
import { actorOf } from '../receipts/money-access.js';
import { cancelPayment, initiatePayment, quoteCart } from './checkout.service.js';
import type { PaymentsDeps } from './payments-deps.js';

/** API-11: a client-made UUID, required on initiation. */
function idempotencyKey(req: Request): string {
  const value = req.get('Idempotency-Key');
  if (value === undefined || value.trim() === '') {
    throw invalidInput('Send an Idempotency-Key header (a UUID made by the client)', [
      { field: 'Idempotency-Key', code: 'required' },
    ]);
  }
  const parsed = z.uuid().safeParse(value.trim().toLowerCase());
  if (!parsed.success) {
    throw invalidInput('The Idempotency-Key header must be a UUID', [
      { field: 'Idempotency-Key', code: 'invalid_format' },
    ]);
  }
  return parsed.data;
}

/** PAY-104..108 (PAY-320): Owners quote, start and cancel payments; one PesaPal order per cart. */
export function checkoutRouter(deps: PaymentsDeps): Router {
  const router = express.Router();
  const user = requireUser(deps.db);
  // PAY-321: 10 initiations per user per hour. Refused requests (bad carts, changed totals) do not count,
  // so a person correcting a cart is not locked out; each counted one raised an order.
  const initiateLimit = createRateLimiter(RATE_LIMIT_CLASSES.paymentInitiatePerUser, {
    stores: deps.rateLimitStores,
    logger: deps.logger,
    key: (_req, res) => signedInUserId(res),
    skipFailedRequests: true,
  });

  router.post('/payments/quote', user, async (req, res) => {
    const body = parseInput(quoteBody, req.body);
    sendData(res, await quoteCart(deps, actorOf(res), body));
  });

  router.post('/payments/initiate', user, initiateLimit, async (req, res) => {
    const key = idempotencyKey(req);
    const body = parseInput(initiateBody, req.body);
    sendData(res, await initiatePayment(deps, actorOf(res), key, body), { status: 201 });
  });

  router.post('/payments/:payment_id/cancel', user, async (req, res) => {
    const parsed = z.uuid().safeParse(req.params.payment_id);
    if (!parsed.success) throw notFound('No such payment');
    sendData(res, await cancelPayment(deps, actorOf(res), parsed.data), { message: 'Payment cancelled' });
  });

  return router;
}
