/**
 * PAY-155: the payment status the return page polls (ERRATA 2: by payment_id, payer and Support+ only).
 * While the payment is pending and PesaPal was last asked more than 10 s ago, PesaPal is asked first, so
 * the page resolves even when the IPN is late. At most one such check runs per payment in this process;
 * across processes the settlement's row lock makes concurrent checks harmless.
 */
import type { PaymentStatusReply } from '@tafuta/contracts';
import { isoSeconds } from '../../http/envelope.js';
import { notFound } from '../../http/errors.js';
import { formatKes } from '../../lib/money.js';
import { can, type Actor } from '../auth/permissions.js';
import { isUuid } from './settlement.repo.js';
import { applyPaymentStatus, type SettlementDeps } from './settlement.js';

export const STATUS_CHECK_AFTER_MS = 10_000;
/** A user waits on this request: one short try; the next poll asks again. */
const CHECK_TIMEOUT_MS = 5_000;

const inFlight = new Map<string, Promise<unknown>>();

/** Runs one status check per payment at a time; a caller arriving meanwhile waits for the same one. */
export function checkOnce(paymentId: string, run: () => Promise<unknown>): Promise<unknown> {
  let pending = inFlight.get(paymentId);
  if (!pending) {
    pending = run().finally(() => inFlight.delete(paymentId));
    inFlight.set(paymentId, pending);
  }
  return pending;
}

async function loadPayment(deps: Pick<SettlementDeps, 'db'>, paymentId: string) {
  return deps.db
    .selectFrom('payments')
    .select([
      'payment_id',
      'payer_user_id',
      'status',
      'amount_cents',
      'failure_reason',
      'expires_at',
      'completed_at',
      'last_checked_at',
      'pesapal_order_tracking_id',
    ])
    .where('payment_id', '=', paymentId)
    .executeTakeFirst();
}

export async function paymentStatusFor(
  deps: SettlementDeps,
  actor: Actor,
  paymentId: string,
): Promise<PaymentStatusReply> {
  const missing = () => notFound('Payment not found');
  if (!isUuid(paymentId)) throw missing();
  let payment = await loadPayment(deps, paymentId);
  const staff = actor.staffRole !== null && can(actor, 'staff.money.view');
  // Anyone else gets the same 404 as for an id that does not exist (no probing of payment ids).
  if (!payment || (!staff && payment.payer_user_id !== actor.userId)) throw missing();

  const stale =
    payment.last_checked_at === null ||
    Date.now() - payment.last_checked_at.getTime() > STATUS_CHECK_AFTER_MS;
  if (payment.status === 'pending' && payment.pesapal_order_tracking_id && stale) {
    await checkOnce(paymentId, () =>
      applyPaymentStatus(deps, {
        paymentId,
        source: staff ? 'staff' : 'owner_status_check',
        statusTimeoutMs: CHECK_TIMEOUT_MS,
        statusAttempts: 1,
      }),
    ).catch((error: unknown) => {
      // The reply below still says "pending"; the next poll or the IPN settles it.
      deps.logger.warn('Payment status check failed', { err: error, payment_id: paymentId });
    });
    payment = (await loadPayment(deps, paymentId)) ?? payment;
  }

  const transactions = await deps.db
    .selectFrom('transactions as t')
    .innerJoin('businesses as b', 'b.business_id', 't.business_id')
    .leftJoin('receipts as r', 'r.receipt_id', 't.receipt_id')
    .select(['t.tx_id', 't.business_id', 'b.business_name', 't.status', 't.receipt_id', 'r.receipt_number'])
    .where('t.payment_id', '=', paymentId)
    .orderBy('b.business_name')
    .execute();
  return {
    payment_id: payment.payment_id,
    status: payment.status,
    amount_kes: formatKes(payment.amount_cents),
    failure_reason: payment.failure_reason,
    expires_at: isoSeconds(payment.expires_at),
    completed_at: payment.completed_at ? isoSeconds(payment.completed_at) : null,
    transactions: transactions.map((tx) => ({
      tx_id: tx.tx_id,
      business_id: tx.business_id,
      business_name: tx.business_name,
      status: tx.status,
      receipt_id: tx.receipt_id,
      receipt_number: tx.receipt_number ?? null,
    })),
  };
}
