import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, ServiceSubscriptionsTable } from '../../db/schema.js';
import type { PaidServiceType } from '../../db/schema-payments.js';
import { conflict, invalidInput, notFound } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { addMonths, daysBetween, nairobiDate } from '../../lib/nairobi-date.js';
import type { StaffActor } from '../approvals/owner-notices.js';
import { findBusiness } from '../businesses/access.js';
import type { Notifier } from '../notifications/notifier.js';
import { wholeMonthsRemaining } from '../refunds/refund-plan.js';
import { notifySubscriptionOwners } from './subscription-notices.js';

/**
 * Manual adjustments (admin.md ADM-350..353, PAY-190): staff change a subscription's months, expiry or
 * status for a stated reason. Never a transaction or a receipt; always an audit row with old and new
 * values and a message to every Owner, in the same database transaction. Search and websites read the
 * subscription row (triggers keep business_listings in step), so the change shows at once.
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type SubscriptionRow = Selectable<ServiceSubscriptionsTable>;

export interface AdjustmentDeps {
  db: Db;
  logger: Logger;
  notifier: Notifier;
}

export type Adjustment =
  | { adjustment_type: 'add_months'; months: number; reason: string }
  | { adjustment_type: 'remove_months'; months: number; reason: string }
  | { adjustment_type: 'set_expiration'; expiration_date: string; reason: string }
  | { adjustment_type: 'activate'; until_date: string; reason: string }
  | { adjustment_type: 'deactivate'; reason: string }
  | { adjustment_type: 'void_promo'; reason: string };

const AUDIT_ACTION: Record<Adjustment['adjustment_type'], string> = {
  add_months: 'added_months',
  remove_months: 'removed_months',
  set_expiration: 'adjusted_expiration',
  activate: 'service_activated',
  deactivate: 'service_deactivated',
  void_promo: 'promo_voided',
};

const MESSAGE: Record<Adjustment['adjustment_type'], string> = {
  add_months: 'promo_granted',
  remove_months: 'subscription_adjusted',
  set_expiration: 'subscription_adjusted',
  activate: 'subscription_adjusted',
  deactivate: 'subscription_adjusted',
  void_promo: 'promo_voided',
};

type Change = Pick<
  SubscriptionRow,
  'status' | 'start_date' | 'anchor_day' | 'expiration_date' | 'months_paid' | 'complimentary_months'
>;

const snapshot = (row: Change) => ({
  status: row.status,
  expiration_date: row.expiration_date,
  months_paid: row.months_paid,
  complimentary_months: row.complimentary_months,
});

const dayOf = (date: string) => Number(date.slice(8, 10));

/** The new values of one adjustment, or the reason it cannot apply. Pure, so each rule is testable. */
export function applyAdjustment(row: Change, adjustment: Adjustment, today: string): Change {
  const active = row.status === 'active' && row.expiration_date > today;
  const remaining = wholeMonthsRemaining(row.expiration_date, row.anchor_day, today);
  switch (adjustment.adjustment_type) {
    case 'add_months': {
      if (!active) throw conflict('The service is not active; use "activate" to restart it');
      return {
        ...row,
        expiration_date: addMonths(row.expiration_date, adjustment.months, row.anchor_day),
        complimentary_months: row.complimentary_months + adjustment.months,
      };
    }
    case 'remove_months': {
      if (!active) throw conflict('The service is not active');
      if (adjustment.months > remaining) {
        throw conflict(`Only ${remaining} whole month(s) remain to remove`);
      }
      // ADM-350: complimentary months go first, then paid ones.
      const fromComplimentary = Math.min(row.complimentary_months, adjustment.months);
      return {
        ...row,
        expiration_date: addMonths(row.expiration_date, -adjustment.months, row.anchor_day),
        complimentary_months: row.complimentary_months - fromComplimentary,
        months_paid: Math.max(0, row.months_paid - (adjustment.months - fromComplimentary)),
      };
    }
    case 'set_expiration': {
      if (row.status !== 'active') throw conflict('The service is not active; use "activate" to restart it');
      if (adjustment.expiration_date < today || adjustment.expiration_date <= row.start_date) {
        throw invalidInput('The new expiry must be today or later, and after the term started', [
          { field: 'expiration_date', code: 'out_of_range' },
        ]);
      }
      const ended = adjustment.expiration_date <= today;
      return {
        ...row,
        expiration_date: adjustment.expiration_date,
        // Month steps from here on keep the day staff chose (PAY-182's anchor, moved with it).
        anchor_day: dayOf(adjustment.expiration_date),
        status: ended ? 'expired' : 'active',
      };
    }
    case 'activate': {
      if (active) throw conflict('The service is already active');
      if (adjustment.until_date <= today) {
        throw invalidInput('The service must run until a day after today', [
          { field: 'until_date', code: 'out_of_range' },
        ]);
      }
      // The added time is complimentary (ADM-350). A term that ended starts afresh today (PAY-183).
      if (row.expiration_date <= today) {
        return {
          ...row,
          status: 'active',
          start_date: today,
          anchor_day: dayOf(adjustment.until_date),
          expiration_date: adjustment.until_date,
          months_paid: 0,
          complimentary_months: wholeMonthsRemaining(
            adjustment.until_date,
            dayOf(adjustment.until_date),
            today,
          ),
        };
      }
      const extra =
        adjustment.until_date > row.expiration_date
          ? wholeMonthsRemaining(adjustment.until_date, row.anchor_day, row.expiration_date)
          : 0;
      return {
        ...row,
        status: 'active',
        expiration_date: adjustment.until_date,
        anchor_day: dayOf(adjustment.until_date),
        complimentary_months: row.complimentary_months + extra,
      };
    }
    case 'deactivate': {
      if (row.status !== 'active') throw conflict('The service is not active');
      return { ...row, status: 'cancelled' };
    }
    case 'void_promo': {
      if (!active) throw conflict('The service is not active');
      const voided = Math.min(row.complimentary_months, remaining);
      if (voided === 0) throw conflict('There are no complimentary months left to void');
      return {
        ...row,
        expiration_date: addMonths(row.expiration_date, -voided, row.anchor_day),
        complimentary_months: row.complimentary_months - voided,
      };
    }
  }
}

async function persist(trx: Trx, subscriptionId: string, next: Change): Promise<void> {
  await trx
    .updateTable('service_subscriptions')
    .set({
      status: next.status,
      start_date: next.start_date,
      anchor_day: next.anchor_day,
      expiration_date: next.expiration_date,
      months_paid: next.months_paid,
      complimentary_months: next.complimentary_months,
    })
    .where('subscription_id', '=', subscriptionId)
    .execute();
}

export async function adjustSubscription(
  deps: AdjustmentDeps,
  actor: StaffActor,
  subscriptionId: string,
  adjustment: Adjustment,
  now: Date = new Date(),
): Promise<string> {
  const today = nairobiDate(now);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('service_subscriptions')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('No such subscription');
    const business = await findBusiness(trx, row.business_id);
    if (!business) throw notFound('No such subscription');
    const next = applyAdjustment(row, adjustment, today);
    await persist(trx, subscriptionId, next);
    const { reason, adjustment_type, ...input } = adjustment;
    await writeAuditInTransaction(trx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: AUDIT_ACTION[adjustment_type],
      entityType: 'service_subscription',
      entityId: subscriptionId,
      entityLabel: `${business.business_name}: ${row.service_type}`,
      oldValue: snapshot(row),
      newValue: { ...snapshot(next), adjustment_type, ...input },
      reason,
      ip: actor.ip,
      requestId: actor.requestId,
    });
    await notifySubscriptionOwners(trx, deps.notifier, {
      businessId: row.business_id,
      businessName: business.business_name,
      serviceType: row.service_type,
      templateKey: MESSAGE[adjustment_type],
      expirationDate: next.expiration_date,
      months:
        adjustment.adjustment_type === 'add_months'
          ? adjustment.months
          : next.complimentary_months - row.complimentary_months,
      reason,
    });
  });
  deps.notifier.nudge();
  return subscriptionId;
}

/**
 * ADM-351: a complimentary subscription of a service the business does not hold now. A lapsed row (the
 * unique (business_id, service_type) keeps one per service) starts a new term of free months only.
 */
export async function grantComplimentary(
  deps: AdjustmentDeps,
  actor: StaffActor,
  input: { businessId: string; serviceType: PaidServiceType; months: number; reason: string },
  now: Date = new Date(),
): Promise<string> {
  const today = nairobiDate(now);
  const anchorDay = Number(today.slice(8, 10));
  const term = {
    status: 'active' as const,
    start_date: today,
    anchor_day: anchorDay,
    expiration_date: addMonths(today, input.months, anchorDay),
    months_paid: 0,
    complimentary_months: input.months,
  };
  const subscriptionId = await deps.db.transaction().execute(async (trx) => {
    const business = await findBusiness(trx, input.businessId, { forUpdate: true });
    if (!business || business.status === 'deleted') throw notFound('No such business');
    const existing = await trx
      .selectFrom('service_subscriptions')
      .selectAll()
      .where('business_id', '=', input.businessId)
      .where('service_type', '=', input.serviceType)
      .forUpdate()
      .executeTakeFirst();
    if (existing && existing.status === 'active' && existing.expiration_date > today) {
      throw conflict('The business already has this service; adjust it with "add_months" instead');
    }
    const id = existing
      ? (await persist(trx, existing.subscription_id, term), existing.subscription_id)
      : (
          await trx
            .insertInto('service_subscriptions')
            .values({ business_id: input.businessId, service_type: input.serviceType, ...term })
            .returning('subscription_id')
            .executeTakeFirstOrThrow()
        ).subscription_id;
    await writeAuditInTransaction(trx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'promo_granted',
      entityType: 'service_subscription',
      entityId: id,
      entityLabel: `${business.business_name}: ${input.serviceType}`,
      oldValue: existing ? snapshot(existing) : null,
      newValue: {
        ...snapshot(term),
        service_type: input.serviceType,
        days: daysBetween(today, term.expiration_date),
      },
      reason: input.reason,
      ip: actor.ip,
      requestId: actor.requestId,
    });
    await notifySubscriptionOwners(trx, deps.notifier, {
      businessId: input.businessId,
      businessName: business.business_name,
      serviceType: input.serviceType,
      templateKey: 'promo_granted',
      expirationDate: term.expiration_date,
      months: input.months,
      reason: input.reason,
    });
    return id;
  });
  deps.notifier.nudge();
  return subscriptionId;
}
