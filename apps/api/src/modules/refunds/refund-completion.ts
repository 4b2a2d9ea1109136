import type { Selectable, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PaidServiceType, RefundRequestsTable } from '../../db/schema-payments.js';
import { conflict } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { displayKes, formatKes } from '../../lib/money.js';
import { addMonths, nairobiDate } from '../../lib/nairobi-date.js';
import type { StaffActor } from '../approvals/owner-notices.js';
import { activeOwnerIds } from '../businesses/access.js';
import { issueReceipt } from '../receipts/receipt-issue.js';
import { SERVICE_NAMES } from '../subscriptions/service-names.js';
import { refundableMonths, termOfRow } from './refund-plan.js';
import { claimedMonths, configValue, requestItems, subscriptionsFor } from './refunds.repo.js';
import type { RefundDeps } from './refunds.service.js';

type Trx = Transaction<Database>;

/**
 * PAY-259 in one database transaction: re-validate the months (409 when they were used up since the
 * approval), take them off the subscriptions, book them on the purchase lines and transactions, create
 * the refund transaction and its receipt, audit, and queue `refund_processed`. Lock order as in PAY-151:
 * purchase transactions → subscriptions → receipt counter (issueReceipt takes it last).
 */
export async function completeInTransaction(
  trx: Trx,
  deps: Pick<RefundDeps, 'notifier' | 'appUrl'>,
  input: {
    actor: StaffActor;
    request: Selectable<RefundRequestsTable>;
    cashPaidCents: number;
    paidAt: Date;
    notes?: string | undefined;
    now: Date;
  },
): Promise<{ txId: string; receiptNumber: string }> {
  const { request, actor, now } = input;
  const today = nairobiDate(now);
  const items = await requestItems(trx, request.request_id);
  const sourceTxIds = [...new Set(items.map((item) => item.source_tx_id))].sort();
  await trx
    .selectFrom('transactions')
    .select('tx_id')
    .where('tx_id', 'in', sourceTxIds)
    .orderBy('tx_id')
    .forUpdate()
    .execute();
  const types = [...new Set(items.map((item) => item.service_type))].sort();
  const subscriptions = await subscriptionsFor(trx, request.business_id, types, { forUpdate: true });
  const claimed = await claimedMonths(trx, request.business_id, request.request_id);

  const monthsOf = (type: PaidServiceType) =>
    items.filter((item) => item.service_type === type).reduce((sum, item) => sum + item.months_to_refund, 0);
  for (const type of types) {
    const subscription = subscriptions.find((row) => row.service_type === type)!;
    const reserved = claimed
      .filter((row) => row.service_type === type)
      .reduce((sum, row) => sum + row.months, 0);
    const refundable = refundableMonths(termOfRow(subscription), today, reserved);
    if (monthsOf(type) > refundable) {
      throw conflict(
        `${SERVICE_NAMES.en[type]}: only ${refundable} month(s) can still be refunded; raise a new refund request`,
      );
    }
  }

  // The purchase lines: months, gross and VAT refunded; the CHECKs refuse anything beyond what was paid.
  for (const item of items) {
    const updated = await trx
      .updateTable('transaction_items')
      .set((eb) => ({
        months_refunded: eb('months_refunded', '+', item.months_to_refund),
        gross_refunded_cents: eb('gross_refunded_cents', '+', item.subtotal_cents),
        vat_refunded_cents: eb('vat_refunded_cents', '+', item.vat_cents),
      }))
      .where('item_id', '=', item.source_item_id)
      .where((eb) => eb('months_purchased', '>=', eb('months_refunded', '+', item.months_to_refund)))
      .where((eb) => eb('total_cents', '>=', eb('gross_refunded_cents', '+', item.subtotal_cents)))
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw conflict('A purchase this refund draws on was refunded meanwhile; raise a new refund request');
    }
  }
  for (const txId of sourceTxIds) {
    const gross = items
      .filter((item) => item.source_tx_id === txId)
      .reduce((sum, item) => sum + Number(item.subtotal_cents), 0);
    const left = await trx
      .selectFrom('transaction_items')
      .select((eb) => eb.fn.sum<string>(eb('months_purchased', '-', eb.ref('months_refunded'))).as('months'))
      .where('tx_id', '=', txId)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('transactions')
      .set((eb) => ({
        refunded_amount_cents: eb('refunded_amount_cents', '+', gross),
        // PAY-143: a completed purchase becomes `refunded` once every month on it has been refunded.
        ...(Number(left.months) === 0 ? { status: 'refunded' as const } : {}),
      }))
      .where('tx_id', '=', txId)
      .execute();
  }

  // PAY-259: months_paid down, expiry back by the refunded months (PAY-182 arithmetic); each line's
  // removed stretch is recorded newest first from the expiry, for the refund receipt (PAY-262).
  const subscriptionChanges = [];
  for (const type of types) {
    const subscription = subscriptions.find((row) => row.service_type === type)!;
    const months = monthsOf(type);
    const newExpiry = addMonths(subscription.expiration_date, -months, subscription.anchor_day);
    let end = subscription.expiration_date;
    let taken = 0;
    for (const item of items.filter((row) => row.service_type === type)) {
      taken += item.months_to_refund;
      const start = addMonths(subscription.expiration_date, -taken, subscription.anchor_day);
      await trx
        .updateTable('refund_items')
        .set({ period_start: start, period_end: end })
        .where('item_id', '=', item.item_id)
        .execute();
      end = start;
    }
    await trx
      .updateTable('service_subscriptions')
      .set({ months_paid: subscription.months_paid - months, expiration_date: newExpiry })
      .where('subscription_id', '=', subscription.subscription_id)
      .execute();
    subscriptionChanges.push({
      subscription_id: subscription.subscription_id,
      service_type: type,
      months,
      old: { months_paid: subscription.months_paid, expiration_date: subscription.expiration_date },
      new: { months_paid: subscription.months_paid - months, expiration_date: newExpiry },
    });
  }

  // PAY-257's refund transaction: cash out, with the VAT and net reversed less the fee's.
  const amount = Number(request.net_refund_cents);
  const vat = Number(request.vat_reversed_cents) - Number(request.processing_fee_vat_cents);
  const vatRate = (await configValue(trx, 'vat_rate'))?.trim() ?? '0.16';
  const refundTx = await trx
    .insertInto('transactions')
    .values({
      payment_id: null,
      business_id: request.business_id,
      transaction_type: 'refund',
      amount_cents: amount,
      vat_cents: vat,
      net_cents: amount - vat,
      vat_rate: vatRate,
      payment_method: 'cash',
      reference_number: request.request_number,
      status: 'completed',
      created_at: now,
      completed_at: now,
      notes: input.notes ?? null,
    })
    .returning('tx_id')
    .executeTakeFirstOrThrow();
  const related = await trx
    .selectFrom('receipts')
    .select('receipt_number')
    .where('tx_id', 'in', sourceTxIds)
    .orderBy('receipt_number')
    .execute();
  const receipt = await issueReceipt(trx, {
    txId: refundTx.tx_id,
    receiptType: 'refund',
    issuedAt: now,
    issuedBy: actor.userId,
    payerUserId: request.requested_by,
    relatedReceiptNumbers: related.map((row) => row.receipt_number),
  });

  await trx
    .updateTable('refund_requests')
    .set({
      status: 'completed',
      tx_id: refundTx.tx_id,
      processed_by: actor.userId,
      processed_at: now,
      cash_paid_cents: input.cashPaidCents,
      paid_at: input.paidAt,
      ...(input.notes ? { notes: request.notes ? `${request.notes}\n${input.notes}` : input.notes } : {}),
    })
    .where('request_id', '=', request.request_id)
    .execute();
  await writeAuditInTransaction(trx, {
    actorId: actor.userId,
    actorRole: actor.role,
    action: 'refund_completed',
    entityType: 'refund_request',
    entityId: request.request_id,
    entityLabel: request.request_number,
    oldValue: { status: request.status, subscriptions: subscriptionChanges.map((change) => change.old) },
    newValue: {
      status: 'completed',
      cash_paid_kes: formatKes(input.cashPaidCents),
      paid_at: input.paidAt.toISOString(),
      refund_tx_id: refundTx.tx_id,
      receipt_number: receipt.receiptNumber,
      subscriptions: subscriptionChanges,
    },
    ip: actor.ip,
    requestId: actor.requestId,
  });

  // ADM-314: the requester and every Owner hear that the cash was paid.
  const business = await trx
    .selectFrom('businesses')
    .select(['business_name', 'business_id'])
    .where('business_id', '=', request.business_id)
    .executeTakeFirstOrThrow();
  const recipients = new Set([request.requested_by, ...(await activeOwnerIds(trx, request.business_id))]);
  for (const userId of recipients) {
    await deps.notifier.enqueue(trx, {
      userId,
      templateKey: 'refund_processed',
      variables: {
        business_name: business.business_name,
        net_refund: displayKes(input.cashPaidCents).replace(/^KES /, ''),
        receipt_url: `${deps.appUrl}/r/${receipt.receiptNumber}`,
      },
      link: `/config/business/${business.business_id}/transactions`,
      // PAY-262: the refund receipt travels with the email as a PDF.
      attachments: { receipt_ids: [receipt.receiptId] },
    });
  }
  return { txId: refundTx.tx_id, receiptNumber: receipt.receiptNumber };
}
