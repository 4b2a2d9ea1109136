import type { Kysely, Transaction } from 'kysely';
import type { Language } from '@tafuta/contracts';
import type { Database, NotificationChannel } from '../../db/schema.js';
import type { Logger } from '../../http/logger.js';
import type { EmailProvider } from '../../integrations/email/provider.js';
import type { SmsProvider } from '../../integrations/sms/provider.js';
import { smsSegments } from '../../integrations/sms/segments.js';
import { renderStoredTemplate, templateDefinition } from './compose.js';
import { maskOtp } from './render.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NotifyInput {
  userId: string;
  templateKey: string;
  variables?: Record<string, string>;
  link?: string | null;
  /** A number other than the account's (ACC-11: the old number after a phone change). */
  toPhone?: string;
  /** An address other than the account's own (staff emails go to the login email). */
  toEmail?: string;
  /** Only these of the template's channels (the old number of a phone change gets just the SMS). */
  channels?: NotificationChannel[];
  /** Receipts the email carries as PDFs; the outbox draws them when it sends (PAY-300, PAY-262). */
  attachments?: { receipt_ids: string[] };
}

export interface Notifier {
  /**
   * Writes the messages for one event into the outbox inside the caller's transaction, so they exist
   * exactly when the event does (ERRATA 26). Call `nudge()` after commit.
   */
  enqueue(trx: Db, input: NotifyInput): Promise<number>;
  /** Wakes the delivery worker; the minute sweep delivers anyway if this is lost. */
  nudge(): void;
  /**
   * A staff email carrying a secret (a password-reset link): sent inline, never queued, because the outbox
   * row would have to hold the secret until it is sent; the copy kept has the secret masked (ADM-530).
   */
  sendSecretEmail(input: {
    userId: string;
    templateKey: string;
    toEmail: string;
    variables: Record<string, string>;
    secret: string;
  }): Promise<boolean>;
  /** INT-205: OTP messages go out inline, with one retry, and are logged with the code masked. */
  sendOtp(input: {
    phone: string;
    userId: string | null;
    code: string;
    language: Language;
  }): Promise<boolean>;
}

export interface NotifierDeps {
  db: Kysely<Database>;
  logger: Logger;
  sms: SmsProvider;
  email: EmailProvider;
  onQueued?: () => void;
}

async function supportVariables(db: Db): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('system_config')
    .select(['key', 'value'])
    .where('key', 'in', ['tafuta_support_phone', 'tafuta_office_address'])
    .execute();
  const value = (key: string) => rows.find((row) => row.key === key)?.value ?? '';
  return { support_phone: value('tafuta_support_phone'), office_address: value('tafuta_office_address') };
}

export function createNotifier(deps: NotifierDeps): Notifier {
  return {
    async enqueue(trx, input) {
      const definition = templateDefinition(input.templateKey);
      const user = await trx
        .selectFrom('users as u')
        .leftJoin('notification_preferences as p', 'p.user_id', 'u.user_id')
        .select([
          'u.user_id',
          'u.full_name',
          'u.nickname',
          'u.phone',
          'u.email',
          'u.status',
          'u.language_preference',
          'u.email_bouncing_at',
          'p.marketing_sms_opt_in',
          'p.marketing_email_opt_in',
        ])
        .where('u.user_id', '=', input.userId)
        .executeTakeFirstOrThrow();
      // ADM-504: deleted users receive nothing after the deletion notice (sent before anonymising);
      // ACC-01: a deactivated account gets no marketing.
      if (user.status === 'deleted') return 0;
      if (definition.category === 'marketing' && user.status !== 'active') return 0;
      const wanted = (channel: NotificationChannel) =>
        definition.channels.includes(channel) && (input.channels?.includes(channel) ?? true);

      const variables = {
        ...(await supportVariables(trx)),
        full_name: user.full_name,
        nickname: user.nickname ?? '',
        ...input.variables,
      };
      // ADM-501: staff-only emails are English.
      const language = definition.category === 'staff' ? 'en' : user.language_preference;
      const marketing = definition.category === 'marketing';
      let queued = 0;

      if (wanted('in_app')) {
        const message = await renderStoredTemplate(trx, definition, 'in_app', language, variables);
        await trx
          .insertInto('in_app_notifications')
          .values({
            user_id: user.user_id,
            type: definition.key,
            title: message.title ?? message.subject ?? definition.key,
            body: message.body ?? message.text,
            link: input.link ?? null,
          })
          .execute();
      }
      // What every outbox row of this event shares; each channel adds its recipient and text.
      const row = {
        user_id: user.user_id,
        template_key: definition.key,
        category: definition.category,
        language,
      };
      const phone = input.toPhone ?? user.phone;
      if (wanted('sms') && phone && (!marketing || user.marketing_sms_opt_in)) {
        const message = await renderStoredTemplate(trx, definition, 'sms', language, variables);
        await trx
          .insertInto('notification_log')
          .values({
            ...row,
            channel: 'sms',
            recipient: phone,
            body: message.text,
            segments: smsSegments(message.text).segments,
          })
          .execute();
        queued += 1;
      }
      // Staff emails go to the staff login address, not the personal one (ADM-020).
      const email = input.toEmail ?? user.email;
      const emailAllowed =
        email !== null &&
        (input.toEmail !== undefined ||
          user.email_bouncing_at === null ||
          definition.category === 'security') &&
        (!marketing || user.marketing_email_opt_in);
      if (wanted('email') && emailAllowed) {
        const message = await renderStoredTemplate(trx, definition, 'email', language, variables);
        await trx
          .insertInto('notification_log')
          .values({
            ...row,
            channel: 'email',
            recipient: email,
            subject: message.subject ?? null,
            body: message.text,
            html_body: message.html ?? null,
            ...(input.attachments?.receipt_ids.length
              ? { attachments: JSON.stringify({ receipt_ids: input.attachments.receipt_ids }) }
              : {}),
          })
          .execute();
        queued += 1;
      }
      return queued;
    },

    nudge() {
      deps.onQueued?.();
    },

    async sendSecretEmail(input) {
      const definition = templateDefinition(input.templateKey);
      const user = await deps.db
        .selectFrom('users')
        .select(['full_name', 'nickname'])
        .where('user_id', '=', input.userId)
        .executeTakeFirstOrThrow();
      const message = await renderStoredTemplate(deps.db, definition, 'email', 'en', {
        full_name: user.full_name,
        nickname: user.nickname ?? '',
        ...input.variables,
      });
      const masked = (text: string | undefined) =>
        text === undefined ? null : text.split(input.secret).join('******');
      const row = await deps.db
        .insertInto('notification_log')
        .values({
          user_id: input.userId,
          template_key: definition.key,
          category: definition.category,
          channel: 'email',
          language: 'en',
          recipient: input.toEmail,
          subject: message.subject ?? null,
          body: masked(message.text),
          html_body: masked(message.html),
          status: 'sending',
          attempts: 1,
          provider: deps.email.name,
        })
        .returning('notification_id')
        .executeTakeFirstOrThrow();
      const result = await deps.email.send(
        {
          to: input.toEmail,
          subject: message.subject ?? 'Tafuta',
          text: message.text,
          html: message.html ?? message.text,
          tags: [definition.key, definition.category],
          notificationId: row.notification_id,
          tracking: false,
        },
        { attempts: 2 },
      );
      await deps.db
        .updateTable('notification_log')
        .set(
          result.accepted
            ? { status: 'sent', sent_at: new Date(), provider_message_id: result.providerMessageId }
            : { status: 'failed', error: result.errorCode ?? `http_${result.httpStatus ?? 'none'}` },
        )
        .where('notification_id', '=', row.notification_id)
        .execute();
      return result.accepted;
    },

    async sendOtp(input) {
      const definition = templateDefinition('otp_code');
      const message = await renderStoredTemplate(deps.db, definition, 'sms', input.language, {
        code: input.code,
      });
      const row = await deps.db
        .insertInto('notification_log')
        .values({
          user_id: input.userId,
          template_key: 'otp_code',
          category: 'security',
          channel: 'sms',
          language: input.language,
          recipient: input.phone,
          // ADM-530: the copy we keep never holds the code.
          body: maskOtp(message.text, input.code),
          status: 'sending',
          attempts: 1,
          segments: smsSegments(message.text).segments,
          provider: deps.sms.name,
        })
        .returning('notification_id')
        .executeTakeFirstOrThrow();
      const result = await deps.sms.send(
        { to: input.phone, text: message.text, clientRef: row.notification_id },
        { attempts: 2 },
      );
      await deps.db
        .updateTable('notification_log')
        .set(
          result.accepted
            ? {
                status: 'sent',
                sent_at: new Date(),
                provider_message_id: result.providerMessageId,
                segments: result.segments ?? null,
                cost_cents: result.costKes === undefined ? null : Math.round(result.costKes * 100),
              }
            : { status: 'failed', error: result.errorCode ?? result.providerStatus },
        )
        .where('notification_id', '=', row.notification_id)
        .execute();
      if (!result.accepted) {
        deps.logger.warn('OTP SMS was not accepted', {
          error_code: result.errorCode,
          notification_id: row.notification_id,
        });
      }
      return result.accepted;
    },
  };
}
