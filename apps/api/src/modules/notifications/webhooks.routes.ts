import crypto from 'node:crypto';
import express, { type Router } from 'express';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import {
  verifyMailgunSignature,
  parseMailgunEvent,
  type MailgunEvent,
} from '../../integrations/email/webhook.js';
import { parseAfricasTalkingDeliveryReport } from '../../integrations/sms/africastalking.js';
import type { DeliveryReport } from '../../integrations/sms/provider.js';
import { parseVintexDeliveryReport } from '../../integrations/sms/vintex.js';
import { writeAudit } from '../../lib/audit.js';
import { setMarketingChoice } from '../users/users.service.js';

export interface WebhookDeps {
  db: Kysely<Database>;
  logger: Logger;
  smsCallbackToken: string;
  mailgunSigningKey: string;
}

const DELIVERY_PARSERS: Record<string, (body: unknown) => DeliveryReport | null> = {
  vintex: parseVintexDeliveryReport,
  africastalking: parseAfricasTalkingDeliveryReport,
};

/** Seconds a Mailgun token is remembered for replay checks (INT-311). */
const TOKEN_MEMORY_MINUTES = 10;

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** INT-241: delivered and failed are final; a late `sent` never moves a row backwards. */
export async function applyDeliveryReport(db: Kysely<Database>, report: DeliveryReport): Promise<boolean> {
  const final = report.status === 'delivered' || report.status === 'failed';
  const result = await db
    .updateTable('notification_log')
    .set(
      report.status === 'delivered'
        ? { status: 'delivered', delivered_at: new Date() }
        : report.status === 'failed'
          ? { status: 'failed', error: report.reason ?? 'failed' }
          : { status: 'sent' },
    )
    .where('provider_message_id', '=', report.providerMessageId)
    .where('status', 'not in', final ? ['delivered', 'failed'] : ['delivered', 'failed', 'sent'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

async function applyMailgunEvent(deps: WebhookDeps, event: MailgunEvent): Promise<void> {
  const row = await deps.db
    .selectFrom('notification_log')
    .select(['notification_id', 'user_id', 'recipient'])
    .where((eb) =>
      event.notificationId && /^[0-9a-f-]{36}$/.test(event.notificationId)
        ? eb('notification_id', '=', event.notificationId)
        : eb('provider_message_id', '=', event.messageId ?? ''),
    )
    .executeTakeFirst();
  if (!row) {
    deps.logger.warn('Mailgun event for an unknown message', { event_id: event.id, event: event.event });
    return;
  }
  if (event.event === 'delivered') {
    await deps.db
      .updateTable('notification_log')
      .set({ status: 'delivered', delivered_at: new Date() })
      .where('notification_id', '=', row.notification_id)
      .where('status', 'not in', ['delivered', 'failed'])
      .execute();
  } else if (event.event === 'failed' && event.severity === 'permanent') {
    await deps.db
      .updateTable('notification_log')
      .set({ status: 'failed', error: event.reason ?? 'bounce' })
      .where('notification_id', '=', row.notification_id)
      .where('status', '<>', 'failed')
      .execute();
    // INT-312: no further non-security email until the address changes.
    if (row.user_id && event.recipient) {
      await deps.db
        .updateTable('users')
        .set({ email_bouncing_at: new Date() })
        .where('user_id', '=', row.user_id)
        .where('email', '=', event.recipient.toLowerCase())
        .execute();
    }
  } else if ((event.event === 'complained' || event.event === 'unsubscribed') && row.user_id) {
    const changed = await setMarketingChoice(deps.db, {
      userId: row.user_id,
      channel: 'email',
      optedIn: false,
      source: 'provider_complaint',
      ip: null,
    });
    if (changed) {
      await writeAudit(deps.db, deps.logger, {
        actorId: null,
        actorRole: null,
        action: 'marketing_email_opt_out',
        entityType: 'user',
        entityId: row.user_id,
        newValue: { marketing_email_opt_in: false, via: event.event },
      });
    }
  }
}

/** Provider callbacks (INT-240, INT-310..312). No session and no origin: each proves itself instead. */
export function webhooksRouter(deps: WebhookDeps): Router {
  const router = express.Router();
  const forms = express.urlencoded({ extended: false, limit: '64kb' });
  const json = express.json({ limit: '64kb' });

  router.post('/integrations/sms/:provider/delivery', json, forms, async (req, res) => {
    const parse = DELIVERY_PARSERS[String(req.params.provider)];
    if (!parse || !sameSecret(req.query.token, deps.smsCallbackToken)) {
      deps.logger.warn('SMS delivery report refused', { provider: req.params.provider });
      res.status(403).end();
      return;
    }
    const report = parse(req.body);
    if (report && !(await applyDeliveryReport(deps.db, report))) {
      deps.logger.info('SMS delivery report changed nothing', {
        provider_message_id: report.providerMessageId,
      });
    }
    res.status(200).end();
  });

  router.post('/integrations/mailgun/events', json, async (req, res) => {
    const parsed = parseMailgunEvent(req.body);
    const check = parsed
      ? verifyMailgunSignature({ signingKey: deps.mailgunSigningKey, ...parsed.signature })
      : ({ ok: false, reason: 'malformed' } as const);
    if (!parsed || !check.ok) {
      deps.logger.warn('Mailgun event refused', { reason: check.ok ? 'malformed' : check.reason });
      res.status(406).end();
      return;
    }
    const fresh = await deps.db
      .insertInto('webhook_tokens_seen')
      .values({ provider: 'mailgun', token: parsed.signature.token })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(fresh.numInsertedOrUpdatedRows ?? 0n) === 0) {
      deps.logger.warn('Mailgun event refused', { reason: 'replayed_token' });
      res.status(406).end();
      return;
    }
    await deps.db
      .deleteFrom('webhook_tokens_seen')
      .where('seen_at', '<', sql<Date>`now() - make_interval(mins => ${TOKEN_MEMORY_MINUTES})`)
      .execute();
    const firstTime = await deps.db
      .insertInto('provider_events')
      .values({ provider: 'mailgun', event_id: parsed.event.id })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(firstTime.numInsertedOrUpdatedRows ?? 0n) > 0) {
      try {
        await applyMailgunEvent(deps, parsed.event);
      } catch (error) {
        // Let Mailgun retry (it resends the same signed body): forget the event and its token.
        await deps.db
          .deleteFrom('provider_events')
          .where('provider', '=', 'mailgun')
          .where('event_id', '=', parsed.event.id)
          .execute();
        await deps.db
          .deleteFrom('webhook_tokens_seen')
          .where('provider', '=', 'mailgun')
          .where('token', '=', parsed.signature.token)
          .execute();
        throw error;
      }
    }
    res.status(200).json({ message: 'ok' });
  });

  return router;
}
