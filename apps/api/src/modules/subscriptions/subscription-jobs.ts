import type { Kysely } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../../db/schema.js';
import type { SubscriptionRemindersTable } from '../../db/schema-payments.js';
import type { Logger } from '../../http/logger.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { addDays, daysBetween, nairobiDate } from '../../lib/nairobi-date.js';
import type { Notifier } from '../notifications/notifier.js';
import { notifyServiceExpiry } from './subscription-notices.js';

/**
 * The daily subscription jobs (PAY-186/187, ADM-512/514). The bodies are plain functions of `now`, so
 * tests run them at a chosen moment; pg-boss only calls them on schedule (one run per schedule across
 * every app server).
 */

export interface SubscriptionJobsDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
  appUrl: string;
}

const QUEUES = { expiry: 'subscriptions-expiry', reminders: 'subscriptions-reminders' } as const;

/**
 * PAY-186 at 00:05 EAT: every active subscription whose expiration_date has come is `expired`, with one
 * audit row each (actor: system), in one transaction. No grace period. Search and websites follow at
 * once: the subscription triggers update business_listings and notify every process.
 */
export async function expireSubscriptions(deps: Pick<SubscriptionJobsDeps, 'db'>, now: Date = new Date()) {
  const today = nairobiDate(now);
  return deps.db.transaction().execute(async (trx) => {
    const expired = await trx
      .updateTable('service_subscriptions')
      .set({ status: 'expired' })
      .where('status', '=', 'active')
      .where('expiration_date', '<=', today)
      .returning(['subscription_id', 'business_id', 'service_type', 'expiration_date'])
      .execute();
    for (const row of expired) {
      await writeAuditInTransaction(trx, {
        actorId: null,
        actorRole: null,
        action: 'service_expired',
        entityType: 'service_subscription',
        entityId: row.subscription_id,
        entityLabel: row.service_type,
        oldValue: { status: 'active' },
        newValue: { status: 'expired', expiration_date: row.expiration_date, business_id: row.business_id },
      });
    }
    return expired.length;
  });
}

type ReminderKind = SubscriptionRemindersTable['reminder_kind'];

/**
 * Which reminder a subscription is due on `today`, by days left. Windows rather than exact days, so a
 * missed run (or an expiry set by staff to 5 days ahead) still gets the nearest reminder once; the
 * (subscription, kind, expiration_date) key keeps each to one send.
 */
export function reminderDue(daysLeft: number): Exclude<ReminderKind, 'discount_expiring_7'> | undefined {
  if (daysLeft <= 0) return daysLeft >= -2 ? 'expired' : undefined;
  if (daysLeft === 1) return 'expiring_1';
  if (daysLeft <= 3) return 'expiring_3';
  if (daysLeft <= 7) return 'expiring_7';
  return undefined;
}

/**
 * PAY-187 at 08:00 EAT: `service_expiring` 7, 3 and 1 days before expiration_date, `service_expired` on
 * the day, to Owners and business Admins. A renewal moves expiration_date, so its reminders are new keys
 * and the old ones are simply never due again.
 */
export async function sendExpiryReminders(
  deps: SubscriptionJobsDeps,
  now: Date = new Date(),
): Promise<number> {
  const today = nairobiDate(now);
  const candidates = await deps.db
    .selectFrom('service_subscriptions as s')
    .innerJoin('businesses as b', 'b.business_id', 's.business_id')
    .select([
      's.subscription_id',
      's.business_id',
      's.service_type',
      's.status',
      's.expiration_date',
      'b.business_name',
      'b.business_tag',
    ])
    .where('b.status', '<>', 'deleted')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('s.status', '=', 'active'),
          eb('s.expiration_date', '>', today),
          eb('s.expiration_date', '<=', addDays(today, 7)),
        ]),
        eb.and([
          eb('s.status', '=', 'expired'),
          eb('s.expiration_date', '<=', today),
          eb('s.expiration_date', '>=', addDays(today, -2)),
        ]),
      ]),
    )
    .orderBy('s.expiration_date')
    .execute();

  let sent = 0;
  for (const row of candidates) {
    const daysLeft = daysBetween(today, row.expiration_date);
    const kind = reminderDue(daysLeft);
    if (!kind) continue;
    const queued = await deps.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('subscription_reminders')
        .values({
          subscription_id: row.subscription_id,
          reminder_kind: kind,
          expiration_date: row.expiration_date,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('subscription_id')
        .executeTakeFirst();
      if (!claimed) return 0;
      return notifyServiceExpiry(trx, deps, {
        businessId: row.business_id,
        businessName: row.business_name,
        businessTag: row.business_tag,
        serviceType: row.service_type,
        expirationDate: row.expiration_date,
        daysLeft,
        expired: kind === 'expired',
      });
    });
    if (queued > 0) sent += 1;
  }
  if (sent > 0) deps.notifier.nudge();
  return sent;
}

async function logged(deps: SubscriptionJobsDeps, name: string, run: () => Promise<number>): Promise<void> {
  deps.logger.info('Subscription job started', { job: name });
  try {
    deps.logger.info('Subscription job finished', { job: name, count: await run() });
  } catch (error) {
    // ADM-513: a failed scheduled job reaches the super admins.
    deps.logger.error('Subscription job failed', { job: name, err: error, critical: true });
    throw error;
  }
}

export async function registerSubscriptionJobs(boss: PgBoss, deps: SubscriptionJobsDeps): Promise<void> {
  for (const name of Object.values(QUEUES)) await boss.createQueue(name);
  await boss.work(QUEUES.expiry, () => logged(deps, QUEUES.expiry, () => expireSubscriptions(deps)));
  await boss.work(QUEUES.reminders, () => logged(deps, QUEUES.reminders, () => sendExpiryReminders(deps)));
  await boss.schedule(QUEUES.expiry, '5 0 * * *', null, { tz: 'Africa/Nairobi' });
  await boss.schedule(QUEUES.reminders, '0 8 * * *', null, { tz: 'Africa/Nairobi' });
}
