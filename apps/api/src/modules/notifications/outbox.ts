import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, NotificationLogTable } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import type { EmailProvider } from '../../integrations/email/provider.js';
import type { SmsProvider } from '../../integrations/sms/provider.js';
import { receiptAttachments } from '../receipts/receipt-attachments.js';

/**
 * Delivery of queued messages (INT-205, INT-022).
 *
 * Delivery is at-least-once from our side: a row is claimed with a lease before the provider is called
 * and marked after, so a crash between the two leaves it `sending` with a lapsed lease, and the next run
 * sends it again. Every send carries the row's id as the provider reference (VintEx `reference`, Mailgun
 * `v:notification_id`). The SMS gateway treats that reference as an idempotency key, so the repeat is
 * answered with the first message's id and the person gets one SMS. Mailgun has no such key: a crash in
 * that window can duplicate an email, traceable by `v:notification_id` (INT-023 accepts this risk).
 */

type LogRow = Selectable<NotificationLogTable>;

/** INT-022: 30 s, 2 min, 10 min, 1 h, 6 h, each ± 20 %; then failed. */
export const RETRY_SCHEDULE_MS = [30_000, 120_000, 600_000, 3_600_000, 21_600_000];
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
/** Rows claimed at once; the lease covers all of them sent one after another with their retries. */
export const CLAIM_BATCH = 5;
/** Longer than a whole claimed batch (5 × at most ~20 s), so a live worker never loses its claim. */
export const LEASE_MS = 5 * 60_000;

export interface OutboxDeps {
  db: Kysely<Database>;
  logger: Logger;
  sms: SmsProvider;
  email: EmailProvider;
  /** Rows one claim takes (CLAIM_BATCH by default). */
  batchSize?: number;
}

export function nextAttemptDelay(attempts: number, random: () => number = Math.random): number {
  const base = RETRY_SCHEDULE_MS[Math.min(attempts, RETRY_SCHEDULE_MS.length) - 1] ?? RETRY_SCHEDULE_MS[0]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Claims due rows (queued and due, or sending with a lapsed lease) without blocking other workers. */
export async function claimDueNotifications(db: Kysely<Database>, limit: number): Promise<LogRow[]> {
  const result = await sql<LogRow>`
    update notification_log
       set status = 'sending', attempts = attempts + 1, lease_expires_at = now() + ${`${LEASE_MS} milliseconds`}::interval
     where notification_id in (
       select notification_id from notification_log
        where (status = 'queued' and next_attempt_at <= now())
           or (status = 'sending' and lease_expires_at < now())
        order by next_attempt_at
        limit ${limit}
        for update skip locked)
    returning *`.execute(db);
  return result.rows;
}

export interface SendOutcome {
  accepted: boolean;
  retryable: boolean;
  providerMessageId: string | null;
  error: string | null;
  segments?: number | undefined;
  costCents?: number | null;
}

/** Calls the provider for one claimed row; never throws for provider problems. */
export async function sendClaimedNotification(deps: OutboxDeps, row: LogRow): Promise<SendOutcome> {
  if (!row.recipient || row.body === null) {
    return { accepted: false, retryable: false, providerMessageId: null, error: 'no_recipient' };
  }
  if (row.channel === 'sms') {
    const result = await deps.sms.send({ to: row.recipient, text: row.body, clientRef: row.notification_id });
    return {
      accepted: result.accepted,
      retryable: result.retryable,
      providerMessageId: result.providerMessageId,
      error: result.accepted ? null : (result.errorCode ?? result.providerStatus),
      segments: result.segments,
      costCents: result.costKes === undefined ? null : Math.round(result.costKes * 100),
    };
  }
  let attachments: Awaited<ReturnType<typeof receiptAttachments>>;
  try {
    // PAY-300: receipt PDFs named by the row are drawn now, at sending time (PAY-224).
    attachments = row.attachments ? await receiptAttachments(deps.db, row.attachments) : [];
  } catch (error) {
    deps.logger.warn('Could not draw the receipts of an email', {
      err: error,
      notification_id: row.notification_id,
    });
    return { accepted: false, retryable: true, providerMessageId: null, error: 'attachment_failed' };
  }
  const result = await deps.email.send({
    to: row.recipient,
    subject: row.subject ?? 'Tafuta',
    text: row.body,
    html: row.html_body ?? row.body,
    tags: [row.template_key, row.category],
    notificationId: row.notification_id,
    tracking: row.category === 'marketing',
    ...(attachments.length > 0 ? { attachments } : {}),
  });
  return {
    accepted: result.accepted,
    retryable: result.retryable,
    providerMessageId: result.providerMessageId,
    error: result.accepted ? null : (result.errorCode ?? `http_${result.httpStatus ?? 'none'}`),
  };
}

/** ADM-531: the deletion notice is the one message sent after anonymising; its copy goes once final. */
const blankedOnceFinal = (row: LogRow) =>
  row.template_key === 'account_deleted'
    ? { recipient: null, subject: null, body: null, html_body: null }
    : {};

export async function recordOutcome(deps: OutboxDeps, row: LogRow, outcome: SendOutcome): Promise<void> {
  const provider = row.channel === 'sms' ? deps.sms.name : deps.email.name;
  if (outcome.accepted) {
    await deps.db
      .updateTable('notification_log')
      .set({
        status: 'sent',
        provider,
        provider_message_id: outcome.providerMessageId,
        sent_at: new Date(),
        lease_expires_at: null,
        error: null,
        ...blankedOnceFinal(row),
        ...(outcome.segments === undefined ? {} : { segments: outcome.segments }),
        ...(outcome.costCents === undefined ? {} : { cost_cents: outcome.costCents }),
      })
      .where('notification_id', '=', row.notification_id)
      // Fencing: only while this worker's claim is still the current one (attempts counts claims).
      .where('status', '=', 'sending')
      .where('attempts', '=', row.attempts)
      .execute();
    return;
  }
  const exhausted = row.attempts >= MAX_ATTEMPTS;
  if (!outcome.retryable || exhausted) {
    await deps.db
      .updateTable('notification_log')
      .set({
        status: 'failed',
        provider,
        error: outcome.error,
        lease_expires_at: null,
        ...blankedOnceFinal(row),
      })
      .where('notification_id', '=', row.notification_id)
      // Fencing: only while this worker's claim is still the current one (attempts counts claims).
      .where('status', '=', 'sending')
      .where('attempts', '=', row.attempts)
      .execute();
    // INT-022 / ADM-513: exhausted retries (and a gateway out of credit) must reach a person.
    const log = exhausted || outcome.error === 'no_credit' ? 'error' : 'warn';
    deps.logger[log]('Notification could not be delivered', {
      critical: log === 'error',
      notification_id: row.notification_id,
      channel: row.channel,
      error_code: outcome.error,
      attempts: row.attempts,
    });
    return;
  }
  await deps.db
    .updateTable('notification_log')
    .set({
      status: 'queued',
      provider,
      error: outcome.error,
      lease_expires_at: null,
      next_attempt_at: new Date(Date.now() + nextAttemptDelay(row.attempts)),
    })
    .where('notification_id', '=', row.notification_id)
    .where('status', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .execute();
}

/** One delivery pass: claim, send, record, until nothing is due. */
export async function deliverDueNotifications(deps: OutboxDeps): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let round = 0; round < 200; round += 1) {
    const rows = await claimDueNotifications(deps.db, deps.batchSize ?? CLAIM_BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      const outcome = await sendClaimedNotification(deps, row);
      await recordOutcome(deps, row, outcome);
      if (outcome.accepted) sent += 1;
      else failed += 1;
    }
  }
  return { sent, failed };
}
