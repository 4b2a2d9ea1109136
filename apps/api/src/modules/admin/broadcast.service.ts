import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  BROADCAST_CONFIRM_ABOVE,
  type BroadcastDraft,
  type BroadcastPreview,
  type BroadcastSendBody,
} from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, notFound } from '../../http/errors.js';
import { isoSeconds } from '../../http/envelope.js';
import type { Logger } from '../../http/logger.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { formatKes, parseKes } from '../../lib/money.js';
import type { Notifier } from '../notifications/notifier.js';
import {
  checkDraftVariables,
  composeFor,
  type ComposeContext,
  type ComposedMessage,
} from './broadcast.compose.js';
import type { StaffActor } from './export-stream.js';
import {
  broadcastByKey,
  broadcastRecipients,
  configValue,
  recentIdenticalBroadcast,
  type BroadcastRecipient,
} from './messaging.repo.js';
import { DEFAULT_QUIET_HOURS, parseQuietHours, quietHoursRelease } from './quiet-hours.js';

export interface MessagingDeps extends ComposeContext {
  db: Kysely<Database>;
  logger: Logger;
  notifier: Notifier;
}

/** The duplicate-send guard: the same audience, channels and wording within this window is refused. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;
const INSERT_CHUNK = 500;

interface PlannedRecipient {
  recipient: BroadcastRecipient;
  message: ComposedMessage;
  sms: 'send' | 'opted_out' | 'no_phone' | null;
  email: 'send' | 'opted_out' | 'no_email' | null;
  inApp: boolean;
}

interface BroadcastPlan {
  recipients: PlannedRecipient[];
  counts: { total: number; sms: number; email: number; in_app: number };
  unitCostCents: number;
  costCents: number;
  quietWindow: string;
  smsReleaseAt: Date | null;
}

async function checkAudienceExists(db: Kysely<Database>, draft: BroadcastDraft): Promise<void> {
  const { type, id } = draft.audience;
  if (type === 'business') {
    const row = await db
      .selectFrom('businesses')
      .select('business_id')
      .where('business_id', '=', id!)
      .where('status', '<>', 'deleted')
      .executeTakeFirst();
    if (!row) throw notFound('No such business');
  }
  if (type === 'user') {
    const row = await db
      .selectFrom('users')
      .select('user_id')
      .where('user_id', '=', id!)
      .where('status', '<>', 'deleted')
      .executeTakeFirst();
    if (!row) throw notFound('No such user');
  }
}

function unitCost(value: string | undefined): number {
  try {
    return parseKes((value ?? '0').trim());
  } catch {
    return 0;
  }
}

/** Who gets what on which channel, after the marketing opt-in filters (ADM-502, ADM-521). */
async function planBroadcast(deps: MessagingDeps, draft: BroadcastDraft, now: Date): Promise<BroadcastPlan> {
  checkDraftVariables(draft);
  await checkAudienceExists(deps.db, draft);
  const marketing = draft.category === 'marketing';
  const people = await broadcastRecipients(deps.db, draft);
  const recipients = people.map((recipient): PlannedRecipient => {
    const message = composeFor(draft, recipient, deps);
    const sms = !draft.channels.includes('sms')
      ? null
      : !recipient.phone
        ? 'no_phone'
        : marketing && !recipient.marketing_sms_opt_in
          ? 'opted_out'
          : 'send';
    const email = !draft.channels.includes('email')
      ? null
      : !recipient.email || recipient.email_bouncing_at
        ? 'no_email'
        : marketing && !recipient.marketing_email_opt_in
          ? 'opted_out'
          : 'send';
    return { recipient, message, sms, email, inApp: draft.channels.includes('in_app') };
  });
  const unitCostCents = unitCost(await configValue(deps.db, 'sms_unit_cost_kes'));
  const smsTargets = recipients.filter((planned) => planned.sms === 'send');
  const quietWindow = (await configValue(deps.db, 'marketing_quiet_hours')) ?? DEFAULT_QUIET_HOURS;
  const smsReleaseAt =
    marketing && smsTargets.length > 0 ? quietHoursRelease(parseQuietHours(quietWindow), now) : null;
  return {
    recipients,
    counts: {
      total: recipients.length,
      sms: smsTargets.length,
      email: recipients.filter((planned) => planned.email === 'send').length,
      in_app: recipients.filter((planned) => planned.inApp).length,
    },
    unitCostCents,
    costCents: smsTargets.reduce((sum, planned) => sum + planned.message.smsSegments * unitCostCents, 0),
    quietWindow,
    smsReleaseAt,
  };
}

export async function previewBroadcast(
  deps: MessagingDeps,
  draft: BroadcastDraft,
  now: Date = new Date(),
): Promise<BroadcastPreview> {
  const plan = await planBroadcast(deps, draft, now);
  const languages = (['en', 'sw', 'kam', 'ki'] as const).filter((language) => draft.bodies[language]);
  const composed = languages.map((language) => {
    // A real recipient of that language where there is one (ADM-522), else any recipient or a stand-in.
    const sample =
      plan.recipients.find((planned) => planned.message.language === language) ?? plan.recipients[0];
    const person = sample?.recipient ?? sampleRecipient();
    const message = composeFor(draft, { ...person, language_preference: language }, deps);
    return { language, recipientId: sample ? person.user_id : null, message };
  });
  const has = (channel: 'sms' | 'email' | 'in_app') => draft.channels.includes(channel);
  const samples = composed.map(({ language, recipientId, message }) => ({
    language,
    recipient_user_id: recipientId,
    sms: has('sms') ? message.sms : null,
    email_subject: has('email') ? message.emailSubject : null,
    email_text: has('email') ? message.emailText : null,
    in_app_title: has('in_app') ? message.inAppTitle : null,
    in_app_body: has('in_app') ? message.inAppBody : null,
  }));
  const segments = has('sms')
    ? Object.fromEntries(composed.map(({ language, message }) => [language, message.smsSegments]))
    : {};
  return {
    recipients: plan.counts,
    sms_segments: segments,
    sms_unit_cost_kes: formatKes(plan.unitCostCents),
    estimated_sms_cost_kes: formatKes(plan.costCents),
    quiet_hours: {
      window: plan.quietWindow,
      active: plan.smsReleaseAt !== null,
      sms_release_at: plan.smsReleaseAt ? isoSeconds(plan.smsReleaseAt) : null,
    },
    confirmation_required: plan.counts.total > BROADCAST_CONFIRM_ABOVE,
    samples,
  };
}

function sampleRecipient(): BroadcastRecipient {
  return {
    user_id: '00000000-0000-4000-8000-000000000000',
    full_name: 'Wanjiru Kamau',
    nickname: null,
    phone: null,
    email: null,
    email_bouncing_at: null,
    language_preference: 'en',
    marketing_sms_opt_in: true,
    marketing_email_opt_in: true,
    business_name: 'Mama Njeri Kitchen',
  };
}

/** The wording and audience that make two sends "the same" (the idempotency key aside). */
function requestHash(draft: BroadcastDraft): string {
  const canonical = JSON.stringify({
    audience: [draft.audience.type, draft.audience.id ?? null],
    category: draft.category,
    channels: [...draft.channels].sort(),
    subject: draft.subject ?? null,
    bodies: Object.entries(draft.bodies)
      .filter(([, body]) => body !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  });
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

export interface SentBroadcast {
  broadcast_id: string;
  recipients: { total: number; sms: number; email: number; in_app: number };
  estimated_sms_cost_kes: string;
  sms_release_at: string | null;
}

function sentView(row: {
  broadcast_id: string;
  recipient_counts: Record<string, number>;
  estimated_sms_cost_cents: number;
  release_at: Date | null;
}): SentBroadcast {
  const counts = row.recipient_counts;
  return {
    broadcast_id: row.broadcast_id,
    recipients: {
      total: counts.total ?? 0,
      sms: counts.sms ?? 0,
      email: counts.email ?? 0,
      in_app: counts.in_app ?? 0,
    },
    estimated_sms_cost_kes: formatKes(Number(row.estimated_sms_cost_cents)),
    sms_release_at: row.release_at ? isoSeconds(row.release_at) : null,
  };
}

/**
 * ADM-523: one broadcast row and one queued message per recipient per channel, in one transaction with
 * the `notification_sent` audit row. ADM-712: the same Idempotency-Key from the same staff member replays
 * the first answer (a different body under that key is IDEMPOTENCY_CONFLICT); the duplicate-send guard
 * refuses the same wording to the same audience within DUPLICATE_WINDOW_MS under a new key.
 */
export async function sendBroadcast(
  deps: MessagingDeps,
  actor: StaffActor,
  idempotencyKey: string,
  body: BroadcastSendBody,
  now: Date = new Date(),
): Promise<{ replayed: boolean; result: SentBroadcast }> {
  const { confirm_count: confirmCount, ...draft } = body;
  const hash = requestHash(draft);
  const outcome = await deps.db.transaction().execute(async (trx) => {
    // Two sends of the same wording (double click, two tabs, two staff) queue behind one another here.
    await sql`select pg_advisory_xact_lock(hashtext(${`broadcast:${hash}`}))`.execute(trx);
    await sql`select pg_advisory_xact_lock(hashtext(${`broadcast-key:${actor.userId}:${idempotencyKey}`}))`.execute(
      trx,
    );
    const previous = await broadcastByKey(trx, actor.userId, idempotencyKey);
    if (previous) {
      if (previous.request_hash !== hash) {
        throw new AppError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was used for a different message');
      }
      return { replayed: true, result: sentView(previous) };
    }
    const identical = await recentIdenticalBroadcast(
      trx,
      hash,
      new Date(now.getTime() - DUPLICATE_WINDOW_MS),
    );
    if (identical) {
      throw conflict(
        `The same message went to the same audience at ${isoSeconds(identical.created_at)} (broadcast ${identical.broadcast_id})`,
      );
    }
    const plan = await planBroadcast({ ...deps, db: trx }, draft, now);
    if (plan.counts.total === 0) throw conflict('Nobody is in this audience');
    if (plan.counts.total > BROADCAST_CONFIRM_ABOVE && confirmCount !== plan.counts.total) {
      throw new AppError(
        'CONFIRMATION_REQUIRED',
        `Type the number of recipients (${plan.counts.total}) to confirm this send`,
        { field: 'confirm_count', details: [{ field: 'confirm_count', code: 'required' }] },
      );
    }
    const broadcast = await trx
      .insertInto('broadcasts')
      .values({
        created_by: actor.userId,
        idempotency_key: idempotencyKey,
        request_hash: hash,
        audience_type: draft.audience.type,
        audience_id: draft.audience.id ?? null,
        category: draft.category,
        channels: draft.channels,
        subject: draft.subject ?? null,
        bodies: JSON.stringify(draft.bodies),
        recipient_counts: JSON.stringify(plan.counts),
        estimated_sms_cost_cents: plan.costCents,
        release_at: plan.smsReleaseAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await queueMessages(trx, broadcast.broadcast_id, draft, plan, now);
    await writeAuditInTransaction(trx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'notification_sent',
      entityType: 'notification',
      entityId: broadcast.broadcast_id,
      entityLabel: `${draft.category} to ${draft.audience.type}`,
      newValue: {
        audience: draft.audience,
        category: draft.category,
        channels: draft.channels,
        recipients: plan.counts,
        estimated_sms_cost_kes: formatKes(plan.costCents),
        sms_release_at: plan.smsReleaseAt?.toISOString() ?? null,
      },
      ip: actor.ip,
      requestId: actor.requestId,
    });
    return { replayed: false, result: sentView(broadcast) };
  });
  if (!outcome.replayed) deps.notifier.nudge();
  return outcome;
}

async function queueMessages(
  db: Kysely<Database>,
  broadcastId: string,
  draft: BroadcastDraft,
  plan: BroadcastPlan,
  now: Date,
): Promise<void> {
  const templateKey = draft.category === 'marketing' ? 'broadcast_marketing' : 'broadcast_service';
  const logRows = plan.recipients.flatMap(({ recipient, message, sms, email }) => {
    const base = {
      user_id: recipient.user_id,
      broadcast_id: broadcastId,
      template_key: templateKey,
      category: draft.category,
      language: message.language,
    };
    const rows = [];
    if (sms !== null) {
      rows.push({
        ...base,
        channel: 'sms' as const,
        recipient: recipient.phone,
        body: message.sms,
        segments: message.smsSegments,
        status: sms === 'send' ? ('queued' as const) : ('skipped' as const),
        skip_reason: sms === 'send' ? null : sms,
        // ADM-524: held marketing SMS wait for the end of the quiet window.
        next_attempt_at: sms === 'send' && plan.smsReleaseAt ? plan.smsReleaseAt : now,
      });
    }
    if (email !== null) {
      rows.push({
        ...base,
        channel: 'email' as const,
        recipient: recipient.email,
        subject: message.emailSubject,
        body: message.emailText,
        html_body: message.emailHtml,
        status: email === 'send' ? ('queued' as const) : ('skipped' as const),
        skip_reason: email === 'send' ? null : email,
        next_attempt_at: now,
      });
    }
    return rows;
  });
  for (let start = 0; start < logRows.length; start += INSERT_CHUNK) {
    await db
      .insertInto('notification_log')
      .values(logRows.slice(start, start + INSERT_CHUNK))
      .execute();
  }
  const inApp = plan.recipients
    .filter((planned) => planned.inApp)
    .map(({ recipient, message }) => ({
      user_id: recipient.user_id,
      type: templateKey,
      title: message.inAppTitle,
      body: message.inAppBody,
      link: null,
    }));
  for (let start = 0; start < inApp.length; start += INSERT_CHUNK) {
    await db
      .insertInto('in_app_notifications')
      .values(inApp.slice(start, start + INSERT_CHUNK))
      .execute();
  }
}
