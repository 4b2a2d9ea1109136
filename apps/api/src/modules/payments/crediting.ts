/**
 * Crediting paid months to service subscriptions (PAY-180..185), inside the PAY-151 transaction. The date
 * rule is a pure function (`planCredit`) so its arithmetic is unit-tested on its own; `creditItems` applies
 * it row by row under the subscription locks. The business_listings triggers on service_subscriptions
 * keep search in step, in the same transaction.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PaidServiceType } from '../../db/schema-payments.js';
import { addMonths } from '../../lib/nairobi-date.js';

type Trx = Transaction<Database>;

export interface SubscriptionTerm {
  status: 'active' | 'expired' | 'cancelled';
  start_date: string;
  anchor_day: number;
  expiration_date: string;
  months_paid: number;
  complimentary_months: number;
}

export interface CreditPlan {
  /** PAY-183: a new term starts today; otherwise PAY-184 extends the running one. */
  newTerm: boolean;
  term: SubscriptionTerm;
  /** PAY-185: the dates this purchase line covers. */
  periodStart: string;
  periodEnd: string;
}

/**
 * PAY-183/184 with the PAY-182 month arithmetic. `today` is the EAT date of the payment's completion.
 * A row still marked active whose expiry has come (the 00:05 job has not run yet) has no service left, so
 * it starts a new term like an expired one (PAY-181: active only while today < expiration_date).
 */
export function planCredit(current: SubscriptionTerm | undefined, months: number, today: string): CreditPlan {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`Bad month count ${months}`);
  const running = current !== undefined && current.status === 'active' && current.expiration_date > today;
  if (running) {
    const expiration = addMonths(current.expiration_date, months, current.anchor_day);
    return {
      newTerm: false,
      term: { ...current, expiration_date: expiration, months_paid: current.months_paid + months },
      periodStart: current.expiration_date,
      periodEnd: expiration,
    };
  }
  const anchorDay = Number(today.slice(8, 10));
  const expiration = addMonths(today, months, anchorDay);
  return {
    newTerm: true,
    term: {
      status: 'active',
      start_date: today,
      anchor_day: anchorDay,
      expiration_date: expiration,
      months_paid: months,
      complimentary_months: 0,
    },
    periodStart: today,
    periodEnd: expiration,
  };
}

export interface ItemToCredit {
  itemId: string;
  txId: string;
  businessId: string;
  serviceType: PaidServiceType;
  months: number;
  discountId: string | null;
}

export interface CreditedItem extends ItemToCredit {
  periodStart: string;
  periodEnd: string;
}

async function lockSubscription(trx: Trx, businessId: string, serviceType: PaidServiceType) {
  return trx
    .selectFrom('service_subscriptions')
    .select([
      'subscription_id',
      'status',
      'start_date',
      'anchor_day',
      'expiration_date',
      'months_paid',
      'complimentary_months',
    ])
    .where('business_id', '=', businessId)
    .where('service_type', '=', serviceType)
    .forUpdate()
    .executeTakeFirst();
}

/** Sorted by (business_id, service_type): the subscription lock order of PAY-151. */
export function inLockOrder<T extends { businessId: string; serviceType: string }>(items: T[]): T[] {
  return [...items].sort((a, b) =>
    a.businessId === b.businessId
      ? a.serviceType.localeCompare(b.serviceType)
      : a.businessId.localeCompare(b.businessId),
  );
}

/**
 * Credits every item (PAY-185): each subscription row is locked (or created) in lock order, moved per
 * planCredit, and the item records the period it bought. A row created by a concurrent first purchase is
 * waited for by the unique index and then locked and extended like any other.
 */
export async function creditItems(trx: Trx, items: ItemToCredit[], today: string): Promise<CreditedItem[]> {
  const credited: CreditedItem[] = [];
  for (const item of inLockOrder(items)) {
    let current = await lockSubscription(trx, item.businessId, item.serviceType);
    let plan = planCredit(current, item.months, today);
    if (!current) {
      const inserted = await trx
        .insertInto('service_subscriptions')
        .values({
          business_id: item.businessId,
          service_type: item.serviceType,
          ...plan.term,
          discount_id: item.discountId,
          last_transaction_id: item.txId,
        })
        .onConflict((oc) => oc.columns(['business_id', 'service_type']).doNothing())
        .returning('subscription_id')
        .executeTakeFirst();
      if (!inserted) {
        current = await lockSubscription(trx, item.businessId, item.serviceType);
        plan = planCredit(current, item.months, today);
      }
    }
    if (current) {
      await trx
        .updateTable('service_subscriptions')
        .set({ ...plan.term, discount_id: item.discountId, last_transaction_id: item.txId })
        .where('subscription_id', '=', current.subscription_id)
        .execute();
    }
    await trx
      .updateTable('transaction_items')
      .set({ period_start: plan.periodStart, period_end: plan.periodEnd })
      .where('item_id', '=', item.itemId)
      .execute();
    credited.push({ ...item, periodStart: plan.periodStart, periodEnd: plan.periodEnd });
  }
  return credited;
}
