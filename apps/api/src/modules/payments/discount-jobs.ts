import type { PgBoss } from 'pg-boss';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { formatDisplayDate, lastServiceDate, nairobiDate } from '../../lib/nairobi-date.js';
import { notifyOwners } from '../approvals/owner-notices.js';
import type { Notifier } from '../notifications/notifier.js';
import { claimExpiredDiscounts, discountsToRemind } from './discounts.repo.js';

/**
 * The discounts' two daily jobs (PAY-084, PAY-086, ADM-420, ADM-512). The work lives in plain functions
 * taking the moment to act for, so tests run them for a chosen day; the crons only call them.
 */

export interface DiscountJobsDeps {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
}

const QUEUES = { expire: 'discounts-expire', remind: 'discounts-remind' } as const;

/** PAY-084: 00:05 EAT — discounts whose expiry date has come become `expired`, one audit row each. */
export async function expireDiscounts(deps: DiscountJobsDeps, now: Date = new Date()): Promise<number> {
  const today = nairobiDate(now);
  return deps.db.transaction().execute(async (trx) => {
    const due = await claimExpiredDiscounts(trx, today);
    for (const discount of due) {
      await trx
        .updateTable('discounts')
        .set({ status: 'expired' })
        .where('discount_id', '=', discount.discount_id)
        .execute();
      await writeAuditInTransaction(trx, {
        actorId: null,
        actorRole: null,
        action: 'discount_expired',
        entityType: 'discount',
        entityId: discount.discount_id,
        entityLabel: discount.business_name,
        oldValue: { status: 'active', expires_at: discount.expires_at },
        newValue: { status: 'expired', expires_at: discount.expires_at },
      });
    }
    return due.length;
  });
}

/**
 * PAY-086 / PAY-303: every Owner hears once, 7 days before the end, per expiry date; the
 * discount_reminders row is written in the same transaction as the outbox rows, so a rerun or a second
 * server sends nothing twice (ADM-514). A discount found late (the job was down) is still reminded.
 */
export async function sendDiscountReminders(deps: DiscountJobsDeps, now: Date = new Date()): Promise<number> {
  const today = nairobiDate(now);
  const due = await discountsToRemind(deps.db, today);
  let reminded = 0;
  for (const discount of due) {
    const sent = await deps.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('discount_reminders')
        .values({ discount_id: discount.discount_id, expires_at: discount.expires_at })
        .onConflict((oc) => oc.columns(['discount_id', 'expires_at']).doNothing())
        .returning('discount_id')
        .executeTakeFirst();
      if (!claimed) return false;
      // ERRATA 22: "ends on" names the last day the discount applies.
      await notifyOwners(trx, deps.notifier, {
        businessId: discount.business_id,
        businessName: discount.business_name,
        templateKey: 'discount_expiring',
        variables: () => ({
          expiration_date: formatDisplayDate(lastServiceDate(discount.expires_at)),
          discount_percentage: String(discount.discount_percentage),
        }),
      });
      return true;
    });
    if (sent) reminded += 1;
  }
  if (reminded > 0) deps.notifier.nudge();
  return reminded;
}

async function logged(deps: DiscountJobsDeps, name: string, run: () => Promise<number>): Promise<void> {
  try {
    const count = await run();
    deps.logger.info('Discount job finished', { job: name, count });
  } catch (error) {
    // ADM-513: a failed scheduled job reaches the super admins; pg-boss retries it.
    deps.logger.error('Discount job failed', { job: name, err: error, critical: true });
    throw error;
  }
}

/** jobs/index.ts calls this once at start-up. */
export async function registerDiscountJobs(boss: PgBoss, deps: DiscountJobsDeps): Promise<void> {
  for (const name of Object.values(QUEUES)) await boss.createQueue(name);
  await boss.work(QUEUES.expire, () => logged(deps, QUEUES.expire, () => expireDiscounts(deps)));
  await boss.work(QUEUES.remind, () => logged(deps, QUEUES.remind, () => sendDiscountReminders(deps)));
  await boss.schedule(QUEUES.expire, '5 0 * * *', null, { tz: 'Africa/Nairobi' });
  // 08:00 EAT like the service reminders (PAY-187), not at midnight.
  await boss.schedule(QUEUES.remind, '0 8 * * *', null, { tz: 'Africa/Nairobi' });
}
