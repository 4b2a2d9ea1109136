import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PaidServiceType } from '../../db/schema-payments.js';
import { AppError, conflict, invalidInput, notFound } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { formatKes } from '../../lib/money.js';
import { nairobiDate } from '../../lib/nairobi-date.js';
import { refundFromLine } from '../../lib/vat.js';
import type { StaffActor } from '../approvals/owner-notices.js';
import { findBusiness } from '../businesses/access.js';
import { activeRole } from '../memberships/memberships.service.js';
import type { Notifier } from '../notifications/notifier.js';
import { SERVICE_NAMES } from '../subscriptions/service-names.js';
import { completeInTransaction } from './refund-completion.js';
import {
  planServiceRefund,
  refundableMonths,
  refundTotals,
  termOfRow,
  type PlannedRefundItem,
  type RefundTotals,
} from './refund-plan.js';
import {
  claimedMonths,
  configValue,
  nextRequestNumber,
  purchaseLines,
  requestByKey,
  requestItems,
  requestRow,
  subscriptionsFor,
} from './refunds.repo.js';

/**
 * Staff refunds (admin.md ADM-310..316, payments.md §8): requested in person, recorded by Admin+ staff,
 * paid in cash. Amounts are computed at creation, recomputed and frozen at approval, and months are taken
 * off the subscription only at completion, when the cash leaves the till (one database transaction).
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

export interface RefundDeps {
  db: Db;
  logger: Logger;
  notifier: Notifier;
  appUrl: string;
}

export interface RefundServiceInput {
  service_type: PaidServiceType;
  months: number;
}

export const DEFAULT_FEE_PERCENTAGE = 5;

export async function refundRates(db: Db | Trx): Promise<{ vatRate: string; feePercentage: number }> {
  const [vatRate, fee] = await Promise.all([
    configValue(db, 'vat_rate'),
    configValue(db, 'refund_processing_fee_percentage'),
  ]);
  const feePercentage = Number(fee ?? DEFAULT_FEE_PERCENTAGE);
  if (!vatRate || !Number.isFinite(feePercentage))
    throw new Error('vat_rate or refund fee is not configured');
  return { vatRate: vatRate.trim(), feePercentage };
}

/**
 * The refund of `services` as things stand now (PAY-253..256): refusals are `409 CONFLICT` naming the
 * service and the months that can still be refunded. Months that other open requests already claim are
 * neither refundable again nor valued twice.
 */
export async function planRefund(
  db: Db | Trx,
  input: {
    businessId: string;
    services: readonly RefundServiceInput[];
    today: string;
    exceptRequestId?: string;
    forUpdate?: boolean;
  },
): Promise<{ items: PlannedRefundItem[]; totals: RefundTotals }> {
  const types = input.services.map((service) => service.service_type);
  const subscriptions = await subscriptionsFor(db, input.businessId, types, { forUpdate: input.forUpdate });
  const claimed = await claimedMonths(db, input.businessId, input.exceptRequestId);
  const items: PlannedRefundItem[] = [];
  for (const service of input.services) {
    const name = SERVICE_NAMES.en[service.service_type];
    const subscription = subscriptions.find((row) => row.service_type === service.service_type);
    if (!subscription) throw conflict(`${name} has never been bought for this business`);
    const claims = claimed.filter((row) => row.service_type === service.service_type);
    const reserved = claims.reduce((sum, row) => sum + row.months, 0);
    const refundable = refundableMonths(termOfRow(subscription), input.today, reserved);
    if (service.months > refundable) {
      throw conflict(`Only ${refundable} month(s) of ${name} can be refunded now`);
    }
    const lines = (
      await purchaseLines(db, {
        businessId: input.businessId,
        serviceType: service.service_type,
        termStart: subscription.start_date,
      })
    ).map((line) => {
      // Another open request takes this line's newest months first; value what it leaves behind.
      const taken = claims.find((row) => row.source_item_id === line.itemId)?.months ?? 0;
      if (taken === 0) return line;
      if (taken >= line.monthsLeft) return { ...line, monthsLeft: 0 };
      const other = refundFromLine({
        remainingGrossCents: line.grossLeftCents,
        remainingVatCents: line.vatLeftCents,
        remainingMonths: line.monthsLeft,
        months: taken,
        vatRate: line.vatRate,
      });
      return {
        ...line,
        monthsLeft: line.monthsLeft - taken,
        grossLeftCents: other.retainedGrossCents,
        vatLeftCents: line.vatLeftCents - other.vatReversedCents,
      };
    });
    const planned = planServiceRefund({
      serviceType: service.service_type,
      months: service.months,
      lines,
      expirationDate: subscription.expiration_date,
      anchorDay: subscription.anchor_day,
    });
    if (!planned)
      throw conflict(`The paid ${name} purchases do not hold ${service.months} month(s) to refund`);
    items.push(...planned);
  }
  const rates = await refundRates(db);
  return { items, totals: refundTotals(items, rates.feePercentage, rates.vatRate) };
}

function staffAudit(actor: StaffActor, request: { request_id: string; request_number: string }) {
  return {
    actorId: actor.userId,
    actorRole: actor.role,
    entityType: 'refund_request',
    entityId: request.request_id,
    entityLabel: request.request_number,
    ip: actor.ip,
    requestId: actor.requestId,
  };
}

const amountsOf = (totals: RefundTotals) => ({
  refund_amount_cents: totals.refundAmountCents,
  vat_reversed_cents: totals.vatReversedCents,
  processing_fee_cents: totals.processingFeeCents,
  processing_fee_vat_cents: totals.processingFeeVatCents,
  net_refund_cents: totals.netRefundCents,
});

async function writeItems(trx: Trx, requestId: string, items: readonly PlannedRefundItem[]): Promise<void> {
  await trx.deleteFrom('refund_items').where('request_id', '=', requestId).execute();
  await trx
    .insertInto('refund_items')
    .values(
      items.map((item) => ({
        request_id: requestId,
        service_type: item.serviceType,
        source_item_id: item.sourceItemId,
        months_to_refund: item.months,
        amount_per_month_cents: item.amountPerMonthCents,
        subtotal_cents: item.grossCents,
        vat_cents: item.vatCents,
        net_cents: item.netCents,
        period_start: item.periodStart,
        period_end: item.periodEnd,
      })),
    )
    .execute();
}

/** The same staff member repeating a create with the same key gets the same request back (ADM-313). */
async function sameRequest(
  db: Db,
  existing: { request_id: string; business_id: string; requested_by: string },
  input: { businessId: string; requestedBy: string; services: readonly RefundServiceInput[] },
): Promise<boolean> {
  if (existing.business_id !== input.businessId || existing.requested_by !== input.requestedBy) return false;
  const items = await requestItems(db, existing.request_id);
  const months = (type: PaidServiceType) =>
    items.filter((item) => item.service_type === type).reduce((sum, item) => sum + item.months_to_refund, 0);
  const types = new Set(items.map((item) => item.service_type));
  return (
    types.size === input.services.length &&
    input.services.every((service) => months(service.service_type) === service.months)
  );
}

export async function createRefund(
  deps: RefundDeps,
  actor: StaffActor,
  input: {
    idempotencyKey: string;
    businessId: string;
    requestedBy: string;
    services: readonly RefundServiceInput[];
    notes: string;
  },
  now: Date = new Date(),
): Promise<{ requestId: string; replayed: boolean }> {
  const replay = async () => {
    const existing = await requestByKey(deps.db, actor.userId, input.idempotencyKey);
    if (!existing) return undefined;
    if (!(await sameRequest(deps.db, existing, input))) {
      throw new AppError(
        'IDEMPOTENCY_CONFLICT',
        'This Idempotency-Key was used for a different refund request',
      );
    }
    return { requestId: existing.request_id, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const business = await findBusiness(deps.db, input.businessId);
  if (!business) throw notFound('No such business');
  if ((await activeRole(deps.db, input.requestedBy, input.businessId)) === null) {
    throw invalidInput('The requester must be a person linked to the business', [
      { field: 'requested_by', code: 'not_allowed' },
    ]);
  }
  try {
    return await deps.db.transaction().execute(async (trx) => {
      // One request per business at a time is planned here: the business row lock orders concurrent creates.
      await findBusiness(trx, input.businessId, { forUpdate: true });
      const plan = await planRefund(trx, {
        businessId: input.businessId,
        services: input.services,
        today: nairobiDate(now),
      });
      const request = await trx
        .insertInto('refund_requests')
        .values({
          request_number: await nextRequestNumber(trx),
          business_id: input.businessId,
          requested_by: input.requestedBy,
          created_by: actor.userId,
          idempotency_key: input.idempotencyKey,
          ...amountsOf(plan.totals),
          requested_at: now,
          notes: input.notes,
        })
        .returning(['request_id', 'request_number'])
        .executeTakeFirstOrThrow();
      await writeItems(trx, request.request_id, plan.items);
      await writeAuditInTransaction(trx, {
        ...staffAudit(actor, request),
        action: 'refund_requested',
        newValue: {
          business_id: input.businessId,
          requested_by: input.requestedBy,
          services: input.services,
          refund_amount_kes: formatKes(plan.totals.refundAmountCents),
          net_refund_kes: formatKes(plan.totals.netRefundCents),
        },
        reason: input.notes,
      });
      return { requestId: request.request_id, replayed: false };
    });
  } catch (error) {
    // Two creates racing with one key: the unique (created_by, idempotency_key) lets one through.
    if ((error as { code?: string }).code === '23505') {
      const raced = await replay();
      if (raced) return raced;
    }
    throw error;
  }
}

async function lockedRequest(trx: Trx, requestId: string) {
  const request = await requestRow(trx, requestId, { forUpdate: true });
  if (!request) throw notFound('No such refund request');
  return request;
}

/** ADM-314: re-validates the months, recomputes the amounts and freezes them. */
export async function approveRefund(
  deps: RefundDeps,
  actor: StaffActor,
  requestId: string,
  now: Date = new Date(),
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockedRequest(trx, requestId);
    if (request.status !== 'pending')
      throw conflict(`This refund is ${request.status}; only pending ones can be approved`);
    await findBusiness(trx, request.business_id, { forUpdate: true });
    const items = await requestItems(trx, requestId);
    const services = [...new Set(items.map((item) => item.service_type))].map((type) => ({
      service_type: type,
      months: items
        .filter((item) => item.service_type === type)
        .reduce((sum, item) => sum + item.months_to_refund, 0),
    }));
    const plan = await planRefund(trx, {
      businessId: request.business_id,
      services,
      today: nairobiDate(now),
      exceptRequestId: requestId,
    });
    await writeItems(trx, requestId, plan.items);
    const selfApproved = request.created_by === actor.userId;
    await trx
      .updateTable('refund_requests')
      .set({
        status: 'approved',
        approved_by: actor.userId,
        approved_at: now,
        self_approved: selfApproved,
        ...amountsOf(plan.totals),
      })
      .where('request_id', '=', requestId)
      .execute();
    await writeAuditInTransaction(trx, {
      ...staffAudit(actor, request),
      action: 'refund_approved',
      oldValue: { status: request.status, net_refund_kes: formatKes(request.net_refund_cents) },
      newValue: {
        status: 'approved',
        net_refund_kes: formatKes(plan.totals.netRefundCents),
        // ADM-315: allowed in a small office, but always visible.
        self_approved: selfApproved,
      },
    });
  });
}

/** ADM-311: pending or approved → rejected (the customer no longer wants it). */
export async function rejectRefund(
  deps: RefundDeps,
  actor: StaffActor,
  requestId: string,
  reason: string,
  now: Date = new Date(),
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockedRequest(trx, requestId);
    if (request.status !== 'pending' && request.status !== 'approved') {
      throw conflict(`This refund is ${request.status}; it can no longer be rejected`);
    }
    await trx
      .updateTable('refund_requests')
      .set({ status: 'rejected', rejected_by: actor.userId, rejected_at: now, reject_reason: reason })
      .where('request_id', '=', requestId)
      .execute();
    await writeAuditInTransaction(trx, {
      ...staffAudit(actor, request),
      action: 'refund_rejected',
      oldValue: { status: request.status },
      newValue: { status: 'rejected' },
      reason,
    });
  });
}

/** ADM-314 / PAY-259: cash handed over; see refund-completion.ts for the one transaction. */
export async function completeRefund(
  deps: RefundDeps,
  actor: StaffActor,
  requestId: string,
  input: { cashPaidCents: number; paidAt: Date; notes?: string | undefined },
  now: Date = new Date(),
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const request = await lockedRequest(trx, requestId);
    if (request.status !== 'approved') {
      throw conflict(`This refund is ${request.status}; only approved refunds can be completed`);
    }
    if (input.cashPaidCents !== Number(request.net_refund_cents)) {
      throw invalidInput(
        `The cash paid must equal the net refund of KES ${formatKes(request.net_refund_cents)}`,
        [{ field: 'cash_paid_kes', code: 'out_of_range' }],
      );
    }
    await completeInTransaction(trx, deps, { actor, request, ...input, now });
  });
  deps.notifier.nudge();
}
