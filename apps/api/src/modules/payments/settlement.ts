/**
 * Applying a PesaPal status result (PAY-151): the ONLY code path that credits services. IPNs, the
 * payment status endpoint and the reconciliation job all come here; none of them trusts what the
 * notification or the browser says — PesaPal's GetTransactionStatus is asked first, outside any database
 * transaction, and its answer is applied under the payment row lock, exactly once.
 */
import type { PaymentEventOutcome, PaymentEventSource, PaymentStatus } from '../../db/schema-payments.js';
import type { Logger } from '../../http/logger.js';
import { PesapalError } from '../../integrations/pesapal/errors.js';
import type { PesapalStatus } from '../../integrations/pesapal/status.js';
import type { PaymentsDeps } from './payments-deps.js';
import { recordCreditFailure } from './settlement-failures.js';
import {
  findPayment,
  findPaymentForIpn,
  flagAttention,
  lockPayment,
  markChecked,
  recordEvent,
  type LockedPayment,
} from './settlement.repo.js';
import {
  completePayment,
  failPayment,
  reversePayment,
  type TransitionDeps,
} from './settlement-transitions.js';

export type SettlementDeps = Pick<PaymentsDeps, 'db' | 'logger' | 'notifier' | 'appUrl'> & {
  events: Pick<PaymentsDeps['events'], 'dnsQueued'>;
  pesapal: { client: Pick<PaymentsDeps['pesapal']['client'], 'getTransactionStatus'> };
  apexDomain?: string | undefined;
  /** The clock of completion dates and receipt years (tests of the EAT year rollover set it). */
  now?: () => Date;
};

export interface ApplyInput {
  /** Internal callers (status endpoint, reconciliation) name the payment… */
  paymentId?: string;
  /** …an IPN names PesaPal's ids, which are only hints until PesaPal confirms them. */
  orderTrackingId?: string;
  merchantReference?: string | null;
  source: PaymentEventSource;
  remoteIp?: string | null;
  notificationType?: string | null;
  /** INT-142: the IPN gives the status query 8 s in all. */
  statusTimeoutMs?: number;
  statusAttempts?: number;
  /** PAY-160: the final check at expires_at fails a payment that is still unpaid. */
  expireIfUnpaid?: boolean;
}

export interface ApplyResult {
  outcome: PaymentEventOutcome;
  paymentId: string | null;
  paymentStatus: PaymentStatus | null;
  /** false when PesaPal could not be asked or the database failed: the IPN answers 500 so PesaPal retries. */
  acknowledged: boolean;
}

/** PAY-151 step 4: what PesaPal says must match what was ordered, to the cent (INT-152). */
export function mismatchOf(
  payment: Pick<LockedPayment, 'payment_id' | 'pesapal_order_tracking_id' | 'amount_cents'>,
  status: PesapalStatus,
  checkMoney: boolean,
): 'reference_mismatch' | 'currency_mismatch' | 'amount_mismatch' | null {
  // An answer that moves no money is matched by what it does say; money needs the reference spelled out.
  const reference = status.merchantReference ?? (checkMoney ? null : payment.payment_id);
  if (reference !== payment.payment_id) return 'reference_mismatch';
  if (status.orderTrackingId !== payment.pesapal_order_tracking_id) return 'reference_mismatch';
  if (!checkMoney) return null;
  if (status.currency !== 'KES') return 'currency_mismatch';
  if (status.amount === null || Math.round(status.amount * 100) !== payment.amount_cents)
    return 'amount_mismatch';
  return null;
}

/** PAY-160: the final check, at or after expires_at, of a payment that is still pending. */
const expiring = (payment: LockedPayment, input: ApplyInput & { at: Date }) =>
  input.expireIfUnpaid === true && payment.status === 'pending' && input.at >= payment.expires_at;

interface Decision {
  outcome: PaymentEventOutcome;
  paymentStatus: PaymentStatus;
  dnsQueued: boolean;
  detail?: Record<string, unknown>;
}

/** Steps 3–6 of PAY-151 for a locked payment; returns what happened, writes everything but the event. */
async function decide(
  trx: Parameters<typeof completePayment>[0],
  deps: TransitionDeps,
  payment: LockedPayment,
  status: PesapalStatus,
  input: ApplyInput & { at: Date },
): Promise<Decision> {
  const unchanged = (outcome: PaymentEventOutcome, detail?: Record<string, unknown>): Decision => ({
    outcome,
    paymentStatus: payment.status,
    dnsQueued: false,
    ...(detail ? { detail } : {}),
  });
  const paid = status.status === 'COMPLETED';
  const definitive = paid || status.status === 'FAILED' || status.status === 'REVERSED';
  if (payment.status === 'reversed') return unchanged('duplicate');
  if (payment.status === 'completed' && status.status !== 'REVERSED') return unchanged('duplicate');
  if (definitive) {
    const mismatch = mismatchOf(payment, status, paid);
    if (mismatch) {
      await flagAttention(trx, payment.payment_id, mismatch);
      // Never credited; at the deadline it fails like any unpaid payment, keeping the flag for staff.
      if (expiring(payment, input)) {
        await failPayment(trx, deps, { payment, reason: 'timeout' });
        return { outcome: mismatch, paymentStatus: 'failed', dnsQueued: false, detail: { timed_out: true } };
      }
      return unchanged(mismatch, { expected_cents: payment.amount_cents });
    }
  }
  if (paid) {
    const late = payment.status !== 'pending';
    const completion = await completePayment(trx, deps, { payment, status, at: input.at, late });
    return {
      outcome: late ? 'late_completion' : 'credited',
      paymentStatus: 'completed',
      dnsQueued: completion.dnsQueued,
      detail: { receipts: completion.receipts.map((receipt) => receipt.receiptNumber) },
    };
  }
  if (status.status === 'REVERSED' && payment.status === 'completed') {
    await reversePayment(trx, payment, status);
    return { outcome: 'reversed', paymentStatus: 'reversed', dnsQueued: false };
  }
  if (definitive && payment.status === 'pending') {
    // PAY-157: REVERSED before completion counts as FAILED.
    await failPayment(trx, deps, { payment, reason: status.status === 'FAILED' ? 'declined' : 'reversed' });
    return { outcome: 'failed', paymentStatus: 'failed', dnsQueued: false };
  }
  if (definitive) return unchanged(status.status === 'FAILED' ? 'failed' : 'reversed', { unchanged: true });
  // INVALID or "Pending Payment": nothing has happened yet — unless this is the final check (PAY-160).
  if (expiring(payment, input)) {
    await failPayment(trx, deps, { payment, reason: 'timeout' });
    return {
      outcome: 'still_pending',
      paymentStatus: 'failed',
      dnsQueued: false,
      detail: { timed_out: true },
    };
  }
  return unchanged('still_pending');
}

function logOutcome(logger: Logger, result: ApplyResult, input: ApplyInput, status: PesapalStatus | null) {
  const fields = {
    payment_id: result.paymentId ?? undefined,
    order_tracking_id: status?.orderTrackingId ?? input.orderTrackingId,
    source: input.source,
    outcome: result.outcome,
    payment_status: result.paymentStatus ?? undefined,
  };
  // INT-032: mismatches and unknown references at warn.
  if (/mismatch|unknown_order|gateway_error/.test(result.outcome))
    logger.warn('Payment status applied', fields);
  else logger.info('Payment status applied', fields);
}

/** PAY-151/152/154: ask PesaPal, then apply the answer under the payment lock (see the file comment). */
export async function applyPaymentStatus(deps: SettlementDeps, input: ApplyInput): Promise<ApplyResult> {
  const payment = input.paymentId
    ? await findPayment(deps.db, input.paymentId)
    : await findPaymentForIpn(deps.db, input.orderTrackingId ?? '', input.merchantReference ?? null);
  const trackingId = input.orderTrackingId ?? payment?.pesapal_order_tracking_id ?? null;
  const event = {
    source: input.source,
    orderTrackingId: trackingId,
    merchantReference: input.merchantReference ?? payment?.payment_id ?? null,
    notificationType: input.notificationType ?? null,
    remoteIp: input.remoteIp ?? null,
  };
  const finish = (result: ApplyResult, status: PesapalStatus | null) => {
    logOutcome(deps.logger, result, input, status);
    return result;
  };

  let status: PesapalStatus | null = null;
  let queryError: PesapalError | null = null;
  if (trackingId) {
    try {
      status = await deps.pesapal.client.getTransactionStatus(trackingId, {
        timeoutMs: input.statusTimeoutMs,
        attempts: input.statusAttempts,
        paymentId: payment?.payment_id,
      });
    } catch (error) {
      if (!(error instanceof PesapalError)) throw error;
      queryError = error;
    }
  }
  const errorDetail = queryError
    ? { error: { kind: queryError.kind, code: queryError.details.code ?? null } }
    : {};

  if (!payment) {
    // PAY-154: logged for staff (a payment_events row without a payment is their needs-attention item).
    await recordEvent(deps.db, {
      ...event,
      paymentId: null,
      outcome: 'unknown_order',
      status,
      detail: errorDetail,
    });
    return finish(
      { outcome: 'unknown_order', paymentId: null, paymentStatus: null, acknowledged: true },
      status,
    );
  }
  if (queryError) {
    await markChecked(deps.db, payment.payment_id, null);
    await recordEvent(deps.db, {
      ...event,
      paymentId: payment.payment_id,
      outcome: 'gateway_error',
      detail: errorDetail,
    });
    return finish(
      {
        outcome: 'gateway_error',
        paymentId: payment.payment_id,
        paymentStatus: payment.status,
        acknowledged: false,
      },
      null,
    );
  }
  // No order at PesaPal (the order request never got an answer): nothing to ask, only the clock can act.
  const answer: PesapalStatus = status ?? {
    statusCode: 0,
    status: 'PENDING',
    statusDescription: null,
    amount: null,
    currency: null,
    merchantReference: null,
    orderTrackingId: '',
    confirmationCode: null,
    paymentMethod: null,
    paymentAccount: null,
    createdDate: null,
    raw: {},
  };

  const at = deps.now?.() ?? new Date();
  const transitions: TransitionDeps = {
    notifier: deps.notifier,
    appUrl: deps.appUrl,
    apexDomain: deps.apexDomain,
  };
  let decision: Decision;
  try {
    decision = await deps.db.transaction().execute(async (trx) => {
      const locked = await lockPayment(trx, payment.payment_id);
      if (!locked) throw new Error(`Payment ${payment.payment_id} vanished`);
      const made = await decide(trx, transitions, locked, answer, { ...input, at });
      if (status) await markChecked(trx, locked.payment_id, status.statusCode);
      await recordEvent(trx, {
        ...event,
        paymentId: locked.payment_id,
        outcome: made.outcome,
        status,
        detail: made.detail,
      });
      return made;
    });
  } catch (error) {
    // PAY-152: nothing of the attempt stays; the next IPN or poll applies it again.
    await recordCreditFailure(deps, {
      paymentId: payment.payment_id,
      event,
      status,
      error,
      paid: answer.status === 'COMPLETED',
    });
    return finish(
      {
        outcome: 'gateway_error',
        paymentId: payment.payment_id,
        paymentStatus: payment.status,
        acknowledged: false,
      },
      status,
    );
  }
  if (decision.dnsQueued) deps.events.dnsQueued();
  if (decision.paymentStatus !== payment.status || decision.outcome === 'credited') deps.notifier.nudge();
  return finish(
    {
      outcome: decision.outcome,
      paymentId: payment.payment_id,
      paymentStatus: decision.paymentStatus,
      acknowledged: true,
    },
    status,
  );
}
