/**
 * PesaPal's IPN endpoint (INT-140..142, PAY-153): GET and POST `/api/payments/webhook`, no session, no
 * CSRF, mounted with the other provider callbacks ahead of the session middleware. The notification is
 * only a hint (INT-141): applyPaymentStatus asks PesaPal itself and credits at most once.
 */
import express, { type Request, type Response, type Router } from 'express';
import { RATE_LIMIT_CLASSES } from '../../http/rate-limit/classes.js';
import { clientIp, createRateLimiter } from '../../http/rate-limit/limiter.js';
import type { PaymentsDeps } from './payments-deps.js';
import { applyPaymentStatus, type SettlementDeps } from './settlement.js';

export type WebhookDeps = SettlementDeps & Pick<PaymentsDeps, 'rateLimitStores'>;

/** INT-140 input limits; anything else is answered 400 with nothing done. */
const TRACKING_ID = /^[A-Za-z0-9-]{1,64}$/;
const MERCHANT_REFERENCE = /^[A-Za-z0-9._:-]{1,50}$/;
const NOTIFICATION_TYPE = /^[A-Z_]{1,32}$/;

/** INT-142: the IPN is answered within 10 s; two 3.5 s tries of the status query fit PesaPal's 8 s budget. */
const STATUS_TIMEOUT_MS = 3_500;
const STATUS_ATTEMPTS = 2;

export interface IpnFields {
  orderTrackingId: string;
  merchantReference: string;
  notificationType: string;
}

function field(source: unknown, key: string): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[key];
  return typeof value === 'string' ? value.trim() : undefined;
}

/** The three INT-140 keys, from the query (GET) or the JSON / form body (POST). */
export function parseIpn(req: Request): IpnFields | null {
  const from: unknown = req.method === 'POST' ? req.body : req.query;
  const orderTrackingId = field(from, 'OrderTrackingId') ?? field(req.query, 'OrderTrackingId');
  const merchantReference =
    field(from, 'OrderMerchantReference') ?? field(req.query, 'OrderMerchantReference');
  const notificationType =
    field(from, 'OrderNotificationType') ?? field(req.query, 'OrderNotificationType') ?? 'IPNCHANGE';
  if (!orderTrackingId || !TRACKING_ID.test(orderTrackingId)) return null;
  if (!merchantReference || !MERCHANT_REFERENCE.test(merchantReference)) return null;
  if (!NOTIFICATION_TYPE.test(notificationType)) return null;
  return { orderTrackingId, merchantReference, notificationType };
}

/** INT-142: always HTTP 200 and JSON, echoing the values; `status` 200 = recorded and applied, 500 = retry. */
function acknowledge(res: Response, ipn: IpnFields, ok: boolean): void {
  res.status(200).json({
    orderNotificationType: ipn.notificationType,
    orderTrackingId: ipn.orderTrackingId,
    orderMerchantReference: ipn.merchantReference,
    status: ok ? 200 : 500,
  });
}

export function paymentWebhookRouter(deps: WebhookDeps): Router {
  const router = express.Router();
  const limiter = createRateLimiter(RATE_LIMIT_CLASSES.paymentIpnPerIp, {
    stores: deps.rateLimitStores,
    logger: deps.logger,
    key: clientIp,
  });
  const forms = express.urlencoded({ extended: false, limit: '8kb' });
  const json = express.json({ limit: '8kb' });

  const receive = async (req: Request, res: Response) => {
    const ipn = parseIpn(req);
    if (!ipn) {
      deps.logger.warn('IPN refused: malformed', { integration: 'pesapal', direction: 'inbound' });
      res.status(400).end();
      return;
    }
    if (ipn.notificationType === 'RECURRING') {
      // INT-140: not used by Tafuta — logged and acknowledged.
      deps.logger.info('IPN of type RECURRING ignored', { order_tracking_id: ipn.orderTrackingId });
      acknowledge(res, ipn, true);
      return;
    }
    try {
      const result = await applyPaymentStatus(deps, {
        orderTrackingId: ipn.orderTrackingId,
        merchantReference: ipn.merchantReference,
        notificationType: ipn.notificationType,
        source:
          ipn.notificationType === 'CALLBACKURL' ? 'callback' : req.method === 'GET' ? 'ipn_get' : 'ipn_post',
        remoteIp: clientIp(req),
        statusTimeoutMs: STATUS_TIMEOUT_MS,
        statusAttempts: STATUS_ATTEMPTS,
      });
      acknowledge(res, ipn, result.acknowledged);
    } catch (error) {
      // The database could not even be read: PesaPal is asked to send it again (INT-142).
      deps.logger.error('IPN could not be processed', { err: error, order_tracking_id: ipn.orderTrackingId });
      acknowledge(res, ipn, false);
    }
  };

  router.get('/payments/webhook', limiter, receive);
  router.post('/payments/webhook', limiter, json, forms, receive);
  return router;
}
