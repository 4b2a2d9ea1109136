import type { Kysely } from 'kysely';
import type { ActiveServiceRow, ActiveServicesQuery } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { conflict, notFound } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { addMonths, daysBetween, nairobiDate } from '../../lib/nairobi-date.js';
import type { Notifier } from '../notifications/notifier.js';
import { timeLeft } from '../payments/subscriptions-view.js';
import { notifyServiceExpiry } from '../subscriptions/subscription-notices.js';
import { subscriptionTerms } from '../subscriptions/subscription-terms.js';
import type { AdminActor } from './staff-actor.js';
import {
  activeServicePage,
  countActiveServices,
  lastManualReminder,
  lockSubscription,
  PREMIUM_REVIEW_MONTHS,
  type ActiveServiceSqlRow,
} from './services.repo.js';

/** Rules of the staff service screens: active list (ADM-341), premium reviews (ADM-178), reminders (ADM-342). */

type Db = Kysely<Database>;

export interface AdminServicesDeps {
  db: Db;
  notifier: Notifier;
  appUrl: string;
}

/** ADM-342: one manual reminder per subscription per 24 h. */
export const MANUAL_REMINDER_GAP_MS = 24 * 60 * 60 * 1000;

function rowView(row: ActiveServiceSqlRow, today: string): ActiveServiceRow {
  const left = timeLeft(today, row.expiration_date);
  return {
    subscription_id: row.subscription_id,
    business_id: row.business_id,
    business_name: row.business_name,
    ...subscriptionTerms(row),
    months_left: left.months,
    days_left: left.days,
    premium_review:
      row.service_type === 'premium_listing' && row.review_due_on
        ? {
            last_review_at: row.last_review_at ? isoSeconds(row.last_review_at) : null,
            last_outcome: row.last_outcome,
            due_on: row.review_due_on,
            due: row.review_due_on <= today,
          }
        : null,
    last_reminder_at: row.last_reminder_at ? isoSeconds(row.last_reminder_at) : null,
  };
}

export async function listActiveServices(db: Db, query: ActiveServicesQuery, now = new Date()) {
  const today = nairobiDate(now);
  const [total, rows] = await Promise.all([
    countActiveServices(db, query, today),
    activeServicePage(db, query, today),
  ]);
  return { total, items: rows.map((row) => rowView(row, today)) };
}

/** ADM-178: a review of a premium listing; a fail changes nothing by itself (staff adjust or refund). */
export async function recordPremiumReview(
  db: Db,
  actor: AdminActor,
  subscriptionId: string,
  input: { outcome: 'pass' | 'fail'; note: string },
) {
  return db.transaction().execute(async (trx) => {
    const subscription = await lockSubscription(trx, subscriptionId);
    if (!subscription) throw notFound('No such subscription');
    if (subscription.service_type !== 'premium_listing') {
      throw conflict('Only premium listings have staff reviews');
    }
    const now = new Date();
    await writeAuditInTransaction(trx, {
      ...actor.audit,
      action: 'premium_review_recorded',
      entityType: 'service_subscription',
      entityId: subscriptionId,
      entityLabel: subscription.business_name,
      newValue: { outcome: input.outcome, business_id: subscription.business_id },
      reason: input.note,
    });
    const reviewedDay = nairobiDate(now);
    const base = subscription.start_date > reviewedDay ? subscription.start_date : reviewedDay;
    return {
      subscription_id: subscriptionId,
      outcome: input.outcome,
      reviewed_at: isoSeconds(now),
      next_due_on: addMonths(base, PREMIUM_REVIEW_MONTHS, Number(base.slice(8, 10))),
    };
  });
}

/**
 * ADM-342 "Send reminder": `service_expiring` (or `service_expired`) to Owners and business Admins, as
 * the daily job words it. The subscription row lock serialises two staff clicking at once, so the
 * 24-hour guard holds; the audit row `reminder_sent` is both the trail and the guard's record.
 */
export async function sendRenewalReminder(
  deps: AdminServicesDeps,
  actor: AdminActor,
  subscriptionId: string,
  now = new Date(),
) {
  const result = await deps.db.transaction().execute(async (trx) => {
    const subscription = await lockSubscription(trx, subscriptionId);
    if (!subscription) throw notFound('No such subscription');
    if (subscription.business_status === 'deleted' || subscription.status === 'cancelled') {
      throw conflict('This service is not running; there is nothing to renew');
    }
    const last = await lastManualReminder(trx, subscriptionId);
    if (last && now.getTime() - last.getTime() < MANUAL_REMINDER_GAP_MS) {
      throw conflict('A reminder was already sent for this service in the last 24 hours');
    }
    const today = nairobiDate(now);
    const daysLeft = daysBetween(today, subscription.expiration_date);
    const expired = daysLeft <= 0;
    const recipients = await notifyServiceExpiry(trx, deps, {
      businessId: subscription.business_id,
      businessName: subscription.business_name,
      businessTag: subscription.business_tag,
      serviceType: subscription.service_type,
      expirationDate: subscription.expiration_date,
      daysLeft,
      expired,
    });
    await writeAuditInTransaction(trx, {
      ...actor.audit,
      action: 'reminder_sent',
      entityType: 'service_subscription',
      entityId: subscriptionId,
      entityLabel: subscription.business_name,
      newValue: {
        business_id: subscription.business_id,
        service_type: subscription.service_type,
        expiration_date: subscription.expiration_date,
        template: expired ? 'service_expired' : 'service_expiring',
        messages: recipients,
      },
    });
    return { subscription_id: subscriptionId, recipients, sent_at: isoSeconds(now) };
  });
  deps.notifier.nudge();
  return result;
}
