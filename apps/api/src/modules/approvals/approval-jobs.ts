import type { PgBoss } from 'pg-boss';
import type { JobsDeps } from '../../jobs/index.js';
import { activeStaff, approvalSlaHours, claimOverdue, pendingByRegion, queueSummary } from './queue.repo.js';

/**
 * The approval SLA's two staff emails (ADM-121/122, ADM-713): the 09:00 EAT digest and the hourly overdue
 * alert. The logic lives in plain functions so tests run them at a chosen time; the crons only call them.
 */

export type ApprovalJobsDeps = Pick<JobsDeps, 'db' | 'logger' | 'notifier' | 'appUrl'>;

const QUEUES = { digest: 'approvals-pending-digest', overdue: 'approvals-overdue-alert' } as const;

/** "5 hours", "1 day 3 hours": ages as a person reads them in an email. */
export function humanAge(hours: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (hours < 24) return plural(hours, 'hour');
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${plural(rest, 'hour')}`;
}

const queueUrl = (appUrl: string) => `${appUrl}/admin/businesses/pending`;

/** ADM-121: one email per active staff account; nothing when no business awaits review. */
export async function sendPendingDigest(deps: ApprovalJobsDeps, now: Date = new Date()): Promise<number> {
  const slaHours = await approvalSlaHours(deps.db);
  const summary = await queueSummary(deps.db, slaHours, now);
  if (summary.total_pending === 0) return 0;
  const regions = await pendingByRegion(deps.db);
  const variables = {
    pending_count: String(summary.total_pending),
    overdue_count: String(summary.overdue),
    oldest_age: humanAge(summary.oldest_age_hours ?? 0),
    by_region: regions.map((row) => `- ${row.region}: ${row.count}`).join('\n'),
    changes_requested_count: String(summary.changes_requested),
    queue_url: queueUrl(deps.appUrl),
  };
  const staff = await activeStaff(deps.db, ['super_admin', 'admin', 'support_staff']);
  const queued = await deps.db.transaction().execute(async (trx) => {
    let count = 0;
    for (const member of staff) {
      count += await deps.notifier.enqueue(trx, {
        userId: member.user_id,
        templateKey: 'pending_digest',
        toEmail: member.login_email,
        variables,
      });
    }
    return count;
  });
  if (queued > 0) deps.notifier.nudge();
  return queued;
}

/**
 * ADM-122: Admins and Super Admins hear once per submission about businesses past the SLA. The businesses
 * are marked in the same transaction as the emails, so a rerun or a second server sends nothing twice.
 */
export async function sendOverdueAlerts(deps: ApprovalJobsDeps, now: Date = new Date()): Promise<number> {
  const slaHours = await approvalSlaHours(deps.db);
  const result = await deps.db.transaction().execute(async (trx) => {
    const overdue = await claimOverdue(trx, slaHours, now);
    if (overdue.length === 0) return { businesses: 0, emails: 0 };
    const lines = overdue.map((business) => {
      const hours = Math.floor((now.getTime() - business.submitted_at.getTime()) / 3_600_000);
      return `- ${business.business_name} (${business.region}), waiting ${humanAge(hours)}: ${deps.appUrl}/admin/businesses/${business.business_id}`;
    });
    let emails = 0;
    for (const member of await activeStaff(trx, ['super_admin', 'admin'])) {
      emails += await deps.notifier.enqueue(trx, {
        userId: member.user_id,
        templateKey: 'pending_overdue',
        toEmail: member.login_email,
        variables: { business_list: lines.join('\n'), queue_url: queueUrl(deps.appUrl) },
      });
    }
    return { businesses: overdue.length, emails };
  });
  if (result.emails > 0) deps.notifier.nudge();
  return result.businesses;
}

/** ADM-713: each run is logged, and a failed one is a critical error (the super admins hear of it). */
async function logged(deps: ApprovalJobsDeps, name: string, run: () => Promise<number>): Promise<void> {
  deps.logger.info('Approval job started', { job: name });
  try {
    const count = await run();
    deps.logger.info('Approval job finished', { job: name, count });
  } catch (error) {
    deps.logger.error('Approval job failed', { job: name, err: error, critical: true });
    throw error;
  }
}

export async function registerApprovalJobs(boss: PgBoss, deps: JobsDeps): Promise<void> {
  for (const name of Object.values(QUEUES)) await boss.createQueue(name);
  await boss.work(QUEUES.digest, () => logged(deps, QUEUES.digest, () => sendPendingDigest(deps)));
  await boss.work(QUEUES.overdue, () => logged(deps, QUEUES.overdue, () => sendOverdueAlerts(deps)));
  await boss.schedule(QUEUES.digest, '0 9 * * *', null, { tz: 'Africa/Nairobi' });
  await boss.schedule(QUEUES.overdue, '0 * * * *', null, { tz: 'Africa/Nairobi' });
}
