/**
 * Reconciliation of stuck payments (PAY-160..162): every minute, payments whose next check has come are
 * claimed with FOR UPDATE SKIP LOCKED (so two app servers never take the same one), their next check is
 * moved along the schedule in the same short transaction, and each is settled through the one PAY-151
 * routine. Pending payments are asked at about 1, 3, 5, 10, 20 and 30 minutes; at expires_at the final
 * check fails an unpaid payment (`timeout`). Failed, cancelled and timed-out payments are asked again at
 * 1 h, 6 h, 24 h and 72 h for late completions (PAY-156); after that only an IPN can change them.
 */
import type { PgBoss } from 'pg-boss';
import { sql } from 'kysely';
import type { PaymentStatus } from '../../db/schema-payments.js';
import { applyPaymentStatus, type ApplyResult, type SettlementDeps } from './settlement.js';
import { LATE_CHECK_OFFSETS_MS } from './settlement-transitions.js';

const MINUTE = 60_000;
export const PENDING_CHECK_OFFSETS_MS = [1, 3, 5, 10, 20, 30].map((minutes) => minutes * MINUTE);
/** Payments one run takes on; the rest wait for the next minute (their next_check_at stays due). */
export const RECONCILE_BATCH = 50;
/** Status queries in flight at once from one run. */
const CONCURRENCY = 4;

/** When a pending payment is asked next: the next point of the schedule, never later than expires_at. */
export function nextPendingCheck(createdAt: Date, expiresAt: Date, now: Date): Date {
  if (now >= expiresAt) return new Date(now.getTime() + MINUTE); // the final check failed; try again
  const next = PENDING_CHECK_OFFSETS_MS.map((offset) => createdAt.getTime() + offset).find(
    (at) => at > now.getTime(),
  );
  return new Date(Math.min(next ?? expiresAt.getTime(), expiresAt.getTime()));
}

/** PAY-161: the next late check, or null after the 72-hour one. */
export function nextLateCheck(createdAt: Date, now: Date): Date | null {
  const next = LATE_CHECK_OFFSETS_MS.map((offset) => createdAt.getTime() + offset).find(
    (at) => at > now.getTime(),
  );
  return next === undefined ? null : new Date(next);
}

export interface ClaimedPayment {
  payment_id: string;
  status: PaymentStatus;
  /** PAY-160: this is the check at (or after) expires_at. */
  final: boolean;
}

/** Claims due payments and moves their next_check_at in one short transaction (PAY-162). */
export async function claimDuePayments(
  deps: Pick<SettlementDeps, 'db'>,
  now: Date,
  limit = RECONCILE_BATCH,
): Promise<ClaimedPayment[]> {
  return deps.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('payments')
      .select(['payment_id', 'status', 'created_at', 'expires_at'])
      .where((eb) =>
        eb.or([
          eb.and([
            eb('status', '=', 'pending'),
            eb(sql<Date>`coalesce(next_check_at, created_at)`, '<=', now),
          ]),
          eb.and([
            eb('status', 'in', ['failed', 'cancelled']),
            eb('pesapal_order_tracking_id', 'is not', null),
            eb('next_check_at', '<=', now),
          ]),
        ]),
      )
      .orderBy('next_check_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    const claimed: ClaimedPayment[] = [];
    for (const row of due) {
      const pending = row.status === 'pending';
      const next = pending
        ? nextPendingCheck(row.created_at, row.expires_at, now)
        : nextLateCheck(row.created_at, now);
      await trx
        .updateTable('payments')
        .set({ next_check_at: next })
        .where('payment_id', '=', row.payment_id)
        .execute();
      claimed.push({
        payment_id: row.payment_id,
        status: row.status,
        final: pending && now >= row.expires_at,
      });
    }
    return claimed;
  });
}

export interface ReconcileSummary {
  claimed: number;
  outcomes: Record<string, number>;
}

/** One run of the job: claim, then settle each through applyPaymentStatus (source `status_poll`). */
export async function reconcilePayments(
  deps: SettlementDeps,
  now: Date = new Date(),
): Promise<ReconcileSummary> {
  const claimed = await claimDuePayments(deps, now);
  const outcomes: Record<string, number> = {};
  const queue = [...claimed];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      let result: ApplyResult | undefined;
      try {
        result = await applyPaymentStatus(deps, {
          paymentId: next.payment_id,
          source: 'status_poll',
          // INT-022: background polls do not retry inline; the schedule is their retry.
          statusAttempts: 1,
          expireIfUnpaid: next.final,
        });
      } catch (error) {
        deps.logger.error('Reconciling a payment failed', { err: error, payment_id: next.payment_id });
      }
      const key = result?.outcome ?? 'error';
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, worker));
  return { claimed: claimed.length, outcomes };
}

const QUEUE = 'payments-reconcile';

/** jobs/index.ts: the minute cron; pg-boss runs it once per minute across every app server. */
export async function registerPaymentJobs(boss: PgBoss, deps: SettlementDeps): Promise<void> {
  await boss.createQueue(QUEUE);
  await boss.work(QUEUE, async () => {
    try {
      const summary = await reconcilePayments(deps);
      if (summary.claimed > 0) deps.logger.info('Payment reconciliation', summary);
    } catch (error) {
      // ADM-513: a failing scheduled job reaches the super admins; the next minute runs it again.
      deps.logger.error('Payment reconciliation job failed', { err: error, critical: true });
      throw error;
    }
  });
  await boss.schedule(QUEUE, '* * * * *');
}
