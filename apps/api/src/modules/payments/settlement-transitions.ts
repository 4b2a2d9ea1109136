/**
 * The state changes a PesaPal result makes (PAY-143, PAY-151 steps 5–6, PAY-156, PAY-157, PAY-160), each
 * inside the settlement transaction that already holds the payment row lock. Lock order (PAY-151):
 * payment → its transactions → subscriptions by (business_id, service_type) → receipt counter.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PaymentFailureReason } from '../../db/schema-payments.js';
import type { PesapalStatus } from '../../integrations/pesapal/status.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { nairobiDate } from '../../lib/nairobi-date.js';
import { notifyOwners } from '../approvals/owner-notices.js';
import type { Notifier } from '../notifications/notifier.js';
import { issueReceipt } from '../receipts/receipt-issue.js';
import { assignSubdomain, websiteUrl } from '../subdomains/subdomains.service.js';
import { releasePaymentHolds } from './checkout-holds.js';
import { creditItems } from './crediting.js';
import {
  flagAttention,
  lockTransactions,
  paymentItems,
  type LockedPayment,
  type PaymentTransaction,
} from './settlement.repo.js';
import { queuePaymentConfirmed, queuePaymentFailed, type ConfirmedReceipt } from './settlement-notices.js';

type Trx = Transaction<Database>;

export interface TransitionDeps {
  notifier: Pick<Notifier, 'enqueue'>;
  appUrl: string;
  /** SITE_APEX_DOMAIN, for the website address in a substituted-name notice (UI-SUB-05). */
  apexDomain?: string | undefined;
}

/** PAY-161: failed, cancelled and timed-out payments are asked again this long after creation. */
export const LATE_CHECK_OFFSETS_MS = [1, 6, 24, 72].map((hours) => hours * 3_600_000);

async function systemAudit(trx: Trx, paymentId: string, action: string, newValue: unknown): Promise<void> {
  await writeAuditInTransaction(trx, {
    actorId: null,
    actorRole: null,
    action,
    entityType: 'payment',
    entityId: paymentId,
    newValue,
  });
}

/**
 * UI-SUB-05 / PAY-156: each name held for this payment becomes the business's web address. A hold that
 * lapsed (the payment had failed) is still honoured when the business has no address yet; a name taken
 * meanwhile is replaced by the first free suggestion and the owners are told.
 */
async function assignHeldSubdomains(
  trx: Trx,
  deps: TransitionDeps,
  paymentId: string,
  txs: PaymentTransaction[],
): Promise<boolean> {
  const holds = await trx
    .selectFrom('subdomains')
    .select(['subdomain_id', 'business_id', 'name', 'state'])
    .where('held_for_payment_id', '=', paymentId)
    .where('state', 'in', ['held', 'released'])
    .orderBy('business_id')
    .orderBy('created_at', 'desc')
    .execute();
  let queued = false;
  const done = new Set<string>();
  for (const hold of holds) {
    if (done.has(hold.business_id)) continue;
    done.add(hold.business_id);
    if (hold.state === 'released') {
      const assigned = await trx
        .selectFrom('subdomains')
        .select('subdomain_id')
        .where('business_id', '=', hold.business_id)
        .where('state', '=', 'assigned')
        .executeTakeFirst();
      if (assigned) continue;
    }
    const assignment = await assignSubdomain(trx, {
      businessId: hold.business_id,
      name: hold.name,
      actorId: null,
    });
    queued = true;
    const business = txs.find((tx) => tx.business_id === hold.business_id);
    if (assignment.substituted && business && deps.apexDomain) {
      const url = websiteUrl(assignment.name, deps.apexDomain);
      await notifyOwners(trx, deps.notifier as Notifier, {
        businessId: hold.business_id,
        businessName: business.business_name,
        templateKey: 'subdomain_assigned',
        variables: () => ({ subdomain: assignment.name, website_url: url }),
      });
    }
  }
  return queued;
}

export interface Completion {
  dnsQueued: boolean;
  receipts: ConfirmedReceipt[];
}

/**
 * PAY-151 step 5 (and PAY-156 for a late completion): payment and transactions completed, every item
 * credited, held names assigned, one receipt per transaction, the payer's confirmation in the outbox.
 */
export async function completePayment(
  trx: Trx,
  deps: TransitionDeps,
  input: { payment: LockedPayment; status: PesapalStatus; at: Date; late: boolean },
): Promise<Completion> {
  const { payment, status, at } = input;
  await trx
    .updateTable('payments')
    .set({
      status: 'completed',
      completed_at: at,
      failure_reason: null,
      next_check_at: null,
      pesapal_status_code: status.statusCode,
      pesapal_payment_method: status.paymentMethod,
      pesapal_confirmation_code: status.confirmationCode,
      pesapal_payment_account: status.paymentAccount,
    })
    .where('payment_id', '=', payment.payment_id)
    .execute();
  const txs = await lockTransactions(trx, payment.payment_id);
  const items = await paymentItems(trx, payment.payment_id);
  const credited = await creditItems(
    trx,
    items.map((item) => ({
      itemId: item.item_id,
      txId: item.tx_id,
      businessId: item.business_id,
      serviceType: item.service_type,
      months: item.months_purchased,
      discountId: item.discount_id,
    })),
    nairobiDate(at),
  );
  const dnsQueued = await assignHeldSubdomains(trx, deps, payment.payment_id, txs);
  const receipts: ConfirmedReceipt[] = [];
  for (const tx of txs) {
    await trx
      .updateTable('transactions')
      .set({
        status: 'completed',
        completed_at: at,
        failure_reason: null,
        reference_number: status.confirmationCode,
      })
      .where('tx_id', '=', tx.tx_id)
      .execute();
    // The receipt counter is the last lock taken (PAY-151, PAY-222).
    const receipt = await issueReceipt(trx, { txId: tx.tx_id, receiptType: 'purchase', issuedAt: at });
    receipts.push({ businessId: tx.business_id, ...receipt });
  }
  const names = new Map(txs.map((tx) => [tx.business_id, tx.business_name]));
  await queuePaymentConfirmed(trx, deps.notifier, {
    paymentId: payment.payment_id,
    payerUserId: payment.payer_user_id,
    amountCents: payment.amount_cents,
    appUrl: deps.appUrl,
    lines: credited.map((line) => ({
      businessId: line.businessId,
      businessName: names.get(line.businessId) ?? '',
      serviceType: line.serviceType,
      periodEnd: line.periodEnd,
    })),
    receipts,
  });
  if (input.late) {
    // PAY-156: the customer paid, so the months are given; staff review how it came late.
    await flagAttention(trx, payment.payment_id, 'late_completion');
    await systemAudit(trx, payment.payment_id, 'payment_late_completion', {
      previous_status: payment.status,
      receipts: receipts.map((receipt) => receipt.receiptNumber),
    });
  }
  return { dnsQueued, receipts };
}

/**
 * PAY-143 → failed (declined, timed out, or reversed before completion per PAY-157): transactions
 * failed, held names released, the payer told (PAY-301). Late checks follow the PAY-161 schedule.
 */
export async function failPayment(
  trx: Trx,
  deps: TransitionDeps,
  input: {
    payment: LockedPayment;
    reason: Extract<PaymentFailureReason, 'declined' | 'timeout' | 'reversed'>;
  },
): Promise<void> {
  const { payment, reason } = input;
  const firstLateCheck = new Date(payment.created_at.getTime() + LATE_CHECK_OFFSETS_MS[0]!);
  await trx
    .updateTable('payments')
    .set({
      status: 'failed',
      failure_reason: reason,
      next_check_at: sql<Date>`greatest(${firstLateCheck}::timestamptz, now())`,
    })
    .where('payment_id', '=', payment.payment_id)
    .execute();
  const txs = await lockTransactions(trx, payment.payment_id);
  await trx
    .updateTable('transactions')
    .set({ status: 'failed', failure_reason: reason })
    .where('payment_id', '=', payment.payment_id)
    .where('status', '=', 'pending')
    .execute();
  await releasePaymentHolds(trx, payment.payment_id);
  await queuePaymentFailed(trx, deps.notifier, {
    paymentId: payment.payment_id,
    payerUserId: payment.payer_user_id,
    amountCents: payment.amount_cents,
    appUrl: deps.appUrl,
    businessTags: txs.map((tx) => tx.business_tag),
  });
  if (reason === 'timeout') await systemAudit(trx, payment.payment_id, 'payment_timed_out', { reason });
}

/** PAY-157: a completed payment reversed by PesaPal; months stay until staff decide (ADM-350). */
export async function reversePayment(trx: Trx, payment: LockedPayment, status: PesapalStatus): Promise<void> {
  await trx
    .updateTable('payments')
    .set({ status: 'reversed', failure_reason: 'reversed', pesapal_status_code: status.statusCode })
    .where('payment_id', '=', payment.payment_id)
    .execute();
  await lockTransactions(trx, payment.payment_id);
  await trx
    .updateTable('transactions')
    .set({ status: 'reversed' })
    .where('payment_id', '=', payment.payment_id)
    .where('status', 'in', ['completed', 'refunded'])
    .execute();
  await flagAttention(trx, payment.payment_id, 'reversed');
  await systemAudit(trx, payment.payment_id, 'payment_reversed', { status_code: status.statusCode });
}
