import crypto from 'node:crypto';
import type { InitiateBody, InitiateReply, QuoteBody, QuoteReply } from '@tafuta/contracts';
import { isoSeconds } from '../../http/envelope.js';
import { AppError, invalidInput, notFound } from '../../http/errors.js';
import { PesapalError } from '../../integrations/pesapal/errors.js';
import { formatKes, parseKes } from '../../lib/money.js';
import { nairobiDate } from '../../lib/nairobi-date.js';
import type { Actor } from '../auth/permissions.js';
import { checkCartShape, priceCart, toQuoteReply, type PricedCart } from './checkout-cart.js';
import { checkWantedSubdomain, holdForPayment, releasePaymentHolds } from './checkout-holds.js';
import {
  endPendingPayment,
  insertPendingPayment,
  lastKraPins,
  payerContact,
  paymentByKey,
  type KeyedPayment,
} from './checkout.repo.js';
import type { PaymentsDeps } from './payments-deps.js';
import { SERVICE_NAMES } from './pricing.service.js';

type Deps = Pick<PaymentsDeps, 'db' | 'logger' | 'config' | 'pesapal'>;

/** PAY-104: prices the cart and checks every rule; writes nothing. */
export async function quoteCart(deps: Deps, actor: Actor, body: QuoteBody): Promise<QuoteReply> {
  checkCartShape(body.items, { subdomains: body.subdomains, pins: body.buyer_kra_pins });
  const cart = await priceCart(deps.db, {
    actor,
    items: body.items,
    vatRate: await deps.config.vatRate(),
    today: nairobiDate(new Date()),
  });
  const reply = toQuoteReply(cart);
  for (const wanted of body.subdomains) {
    const business = cart.businesses.find((entry) => entry.businessId === wanted.business_id)!;
    if (!business.subdomainRequired) throw alreadyHasAddress(wanted.business_id, business.subdomain);
    const name = await checkWantedSubdomain(deps.db, {
      actor,
      businessId: wanted.business_id,
      subdomain: wanted.subdomain,
    });
    reply.businesses.find((entry) => entry.business_id === wanted.business_id)!.subdomain = name;
  }
  return reply;
}

/** A cart error about one business names it, so the checkout can point at the right card. */
function forBusiness(error: AppError, businessId: string): AppError {
  return new AppError(error.code, error.message, {
    ...error.options,
    extra: { ...error.options.extra, business_id: businessId },
  });
}

function alreadyHasAddress(businessId: string, subdomain: string | null): AppError {
  const error = invalidInput(
    `This business already has the web address ${subdomain ?? ''}; change it in its settings`,
    [{ field: 'subdomains', code: 'not_allowed' }],
  );
  return forBusiness(error, businessId);
}

/**
 * The cart as it matters for PAY-106: the same lines, names, PINs and expected total in any order give
 * the same hash; anything else under the same key is a different request (409 IDEMPOTENCY_CONFLICT).
 */
export function cartHash(body: InitiateBody): string {
  const canonical = {
    items: body.items
      .map((item) => [item.business_id, item.service_type, item.months] as const)
      .sort((a, b) => `${a[0]}:${a[1]}`.localeCompare(`${b[0]}:${b[1]}`)),
    subdomains: body.subdomains
      .map((entry) => [entry.business_id, entry.subdomain.trim().toLowerCase()] as const)
      .sort((a, b) => a[0].localeCompare(b[0])),
    pins: body.buyer_kra_pins
      .map((entry) => [entry.business_id, entry.buyer_kra_pin] as const)
      .sort((a, b) => a[0].localeCompare(b[0])),
    total: parseKes(body.expected_total_kes),
  };
  return crypto.createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function replyOf(payment: {
  payment_id: string;
  status: InitiateReply['status'];
  amount_cents: number | string;
  redirect_url: string | null;
  expires_at: Date;
}): InitiateReply {
  return {
    payment_id: payment.payment_id,
    status: payment.status,
    amount_kes: formatKes(Number(payment.amount_cents)),
    redirect_url: payment.redirect_url ?? '',
    expires_at: isoSeconds(payment.expires_at),
  };
}

/**
 * PAY-106 / API-11: a repeated key replays what the first request got. Its payment's current status is
 * reported (it may have been paid since); a first request that failed at PesaPal fails the same way again.
 */
function replay(existing: KeyedPayment, requestHash: string): InitiateReply {
  if (!existing.replayable) {
    throw new AppError(
      'IDEMPOTENCY_CONFLICT',
      'This Idempotency-Key was used more than 24 hours ago; send a new key',
      {
        field: 'Idempotency-Key',
      },
    );
  }
  if (existing.request_hash !== requestHash) {
    throw new AppError(
      'IDEMPOTENCY_CONFLICT',
      'This Idempotency-Key was used for a different cart; send a new key',
      {
        field: 'Idempotency-Key',
        extra: { payment_id: existing.payment_id },
      },
    );
  }
  if (existing.redirect_url) return replyOf(existing);
  if (existing.status === 'pending') {
    // The first request is still talking to PesaPal (or died doing so): the order is never sent twice.
    throw new AppError('CONFLICT', 'This payment is still being started; try again in a moment', {
      extra: { payment_id: existing.payment_id },
    });
  }
  throw gatewayError(
    existing.failure_reason === 'declined' ? 'PAYMENT_FAILED' : 'EXTERNAL_SERVICE_ERROR',
    existing.payment_id,
  );
}

function gatewayError(
  code: 'PAYMENT_FAILED' | 'EXTERNAL_SERVICE_ERROR',
  paymentId: string,
  cause?: unknown,
): AppError {
  return new AppError(
    code,
    code === 'PAYMENT_FAILED'
      ? 'PesaPal refused the payment; try again or choose other services'
      : 'PesaPal could not be reached; nothing was charged. Try again in a moment',
    { extra: { payment_id: paymentId }, cause },
  );
}

function isKeyClash(error: unknown): boolean {
  const pg = error as { code?: string; constraint?: string };
  return pg.code === '23505' && (pg.constraint ?? '').includes('idempotency_key');
}

function orderDescription(cart: PricedCart): string {
  if (cart.businesses.length > 1) return `Tafuta services for ${cart.businesses.length} businesses`;
  const [business] = cart.businesses;
  const services = business!.lines.map((line) => SERVICE_NAMES[line.serviceType]).join(', ');
  return `Tafuta: ${services} for ${business!.businessName}`;
}

/**
 * PAY-105..107: one database transaction writes the payment, its transactions and items and the held
 * names; then, outside it, PesaPal SubmitOrderRequest raises the one order for the whole cart. An order
 * PesaPal did not accept fails the payment and frees the names; it is never re-sent (PAY-107).
 */
export async function initiatePayment(
  deps: Deps,
  actor: Actor,
  idempotencyKey: string,
  body: InitiateBody,
): Promise<InitiateReply> {
  checkCartShape(body.items, { subdomains: body.subdomains, pins: body.buyer_kra_pins });
  const requestHash = cartHash(body);
  const existing = await paymentByKey(deps.db, actor.userId, idempotencyKey);
  if (existing) return replay(existing, requestHash);

  const vatRate = await deps.config.vatRate();
  let ipnId: string;
  try {
    ipnId = await deps.pesapal.ipnId();
  } catch (error) {
    deps.logger.warn('PesaPal IPN id unavailable; payment not started', { err: error });
    throw new AppError(
      'EXTERNAL_SERVICE_ERROR',
      'PesaPal could not be reached; nothing was charged. Try again in a moment',
      { cause: error },
    );
  }

  let created: {
    payment_id: string;
    amount_cents: number;
    expires_at: Date;
    status: 'pending';
    cart: PricedCart;
  };
  try {
    created = await deps.db.transaction().execute(async (trx) => {
      const cart = await priceCart(trx, {
        actor,
        items: body.items,
        vatRate,
        today: nairobiDate(new Date()),
      });
      if (cart.grossCents !== parseKes(body.expected_total_kes)) {
        throw new AppError(
          'CONFLICT',
          `The total is now KES ${formatKes(cart.grossCents)}; check the new quote and confirm again`,
          {
            field: 'expected_total_kes',
            extra: { quote: toQuoteReply(cart) },
          },
        );
      }
      const wanted = new Map(body.subdomains.map((entry) => [entry.business_id, entry.subdomain]));
      for (const business of cart.businesses) {
        if (!business.subdomainRequired && wanted.has(business.businessId)) {
          throw alreadyHasAddress(business.businessId, business.subdomain);
        }
        if (business.subdomainRequired && !wanted.has(business.businessId)) {
          const error = invalidInput(`Choose a web address for ${business.businessName}`, [
            { field: 'subdomains', code: 'required' },
          ]);
          throw forBusiness(error, business.businessId);
        }
      }
      const pins = await lastKraPins(
        trx,
        cart.businesses.map((business) => business.businessId),
      );
      const kraPins = new Map<string, string | null>(pins);
      for (const entry of body.buyer_kra_pins) kraPins.set(entry.business_id, entry.buyer_kra_pin);
      const payment = await insertPendingPayment(trx, {
        payerUserId: actor.userId,
        idempotencyKey,
        requestHash,
        ipnId,
        cart,
        kraPins,
      });
      for (const [businessId, subdomain] of wanted) {
        await holdForPayment(trx, {
          businessId,
          subdomain,
          paymentId: payment.payment_id,
          until: payment.expires_at,
        });
      }
      return { ...payment, status: 'pending' as const, cart };
    });
  } catch (error) {
    // Two requests with one key at the same moment: the loser replays the winner.
    if (!isKeyClash(error)) throw error;
    const winner = await paymentByKey(deps.db, actor.userId, idempotencyKey);
    if (!winner) throw error;
    return replay(winner, requestHash);
  }

  return submitOrder(deps, actor, { ...created, ipnId });
}

async function submitOrder(
  deps: Deps,
  actor: Actor,
  payment: {
    payment_id: string;
    amount_cents: number;
    expires_at: Date;
    status: 'pending';
    cart: PricedCart;
    ipnId: string;
  },
): Promise<InitiateReply> {
  const payer = await payerContact(deps.db, actor.userId);
  const [firstName, ...rest] = payer.full_name.trim().split(/\s+/);
  try {
    const order = await deps.pesapal.client.submitOrder({
      merchantReference: payment.payment_id,
      amountKes: payment.amount_cents / 100,
      description: orderDescription(payment.cart),
      callbackUrl: deps.pesapal.callbackUrl,
      notificationId: payment.ipnId,
      billing: {
        ...(payer.phone ? { phone: payer.phone } : {}),
        ...(payer.email ? { email: payer.email } : {}),
        ...(firstName ? { firstName } : {}),
        ...(rest.length > 0 ? { lastName: rest.join(' ') } : {}),
      },
    });
    await deps.db
      .updateTable('payments')
      .set({ pesapal_order_tracking_id: order.orderTrackingId, redirect_url: order.redirectUrl })
      .where('payment_id', '=', payment.payment_id)
      .execute();
    return replyOf({ ...payment, redirect_url: order.redirectUrl });
  } catch (error) {
    const rejected = error instanceof PesapalError && error.kind === 'rejected';
    deps.logger.warn('PesaPal order not accepted; payment failed', {
      payment_id: payment.payment_id,
      kind: error instanceof PesapalError ? error.kind : 'unexpected',
    });
    await deps.db.transaction().execute(async (trx) => {
      await endPendingPayment(trx, payment.payment_id, {
        status: 'failed',
        reason: rejected ? 'declined' : 'gateway_unavailable',
        recheck: false,
      });
      await releasePaymentHolds(trx, payment.payment_id);
    });
    throw gatewayError(rejected ? 'PAYMENT_FAILED' : 'EXTERNAL_SERVICE_ERROR', payment.payment_id, error);
  }
}

/**
 * PAY-108: the payer cancels their own pending payment (anyone else is told it does not exist, API-09).
 * The payment becomes `cancelled`, its transactions `failed` with reason `cancelled`, the names are freed,
 * and the payer's action is traced in the payment event log (PAY-342: customer payments are traced there,
 * not in the staff audit log) as a `failed` outcome with `detail.action = cancelled_by_payer`.
 */
export async function cancelPayment(deps: Pick<Deps, 'db'>, actor: Actor, paymentId: string) {
  return deps.db.transaction().execute(async (trx) => {
    const payment = await trx
      .selectFrom('payments')
      .select(['payment_id', 'payer_user_id', 'status', 'amount_cents', 'pesapal_order_tracking_id'])
      .where('payment_id', '=', paymentId)
      .forUpdate()
      .executeTakeFirst();
    if (!payment || payment.payer_user_id !== actor.userId) throw notFound('No such payment');
    if (payment.status !== 'pending') {
      throw new AppError('CONFLICT', `This payment is ${payment.status} and can no longer be cancelled`, {
        extra: { status: payment.status },
      });
    }
    await endPendingPayment(trx, paymentId, { status: 'cancelled', reason: 'cancelled', recheck: true });
    const released = await releasePaymentHolds(trx, paymentId);
    await trx
      .insertInto('payment_events')
      .values({
        payment_id: paymentId,
        source: 'owner_status_check',
        order_tracking_id: payment.pesapal_order_tracking_id,
        merchant_reference: paymentId,
        outcome: 'failed',
        detail: JSON.stringify({
          action: 'cancelled_by_payer',
          user_id: actor.userId,
          holds_released: released,
        }),
      })
      .execute();
    return {
      payment_id: paymentId,
      status: 'cancelled' as const,
      amount_kes: formatKes(Number(payment.amount_cents)),
    };
  });
}
