import express, { type Router } from 'express';
import { sendData } from '../../http/envelope.js';
import type { PaymentsDeps } from './payments-deps.js';
import { publicPricing } from './pricing.service.js';

/**
 * EP-SYS-04 (ERRATA 23). API-12: the reply never varies by caller, so the CDN may keep it five minutes;
 * initiation recomputes every price anyway (PAY-105), so a stale page can only lead to a 409 with the
 * new quote, never to a wrong charge.
 */
export function pricingRouter(deps: Pick<PaymentsDeps, 'db' | 'config'>): Router {
  const router = express.Router();
  router.get('/services/pricing', async (_req, res) => {
    const pricing = await publicPricing(deps);
    res.setHeader('Cache-Control', 'public, max-age=300');
    sendData(res, pricing);
  });
  return router;
}
