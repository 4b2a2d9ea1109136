/**
 * Operational alerts to staff (ADM-513 `critical_error` and `health_alert`), sent straight through the
 * Mailgun client rather than the notification outbox: the outbox lives in the database, and the database
 * (or the app around it) may be exactly what is failing when an alert has to go out.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../http/logger.js';
import { createMailgunClient } from '../integrations/email/mailgun.js';
import type { EmailProvider } from '../integrations/email/provider.js';

export type AlertKind = 'critical_error' | 'health_alert';

export interface AlertMail {
  kind: AlertKind;
  subject: string;
  /** Plain text; the HTML part is the same text, escaped, in a <pre>. */
  text: string;
}

export interface AlertDelivery {
  recipients: number;
  sent: number;
  failed: number;
}

/** Sends one alert to each recipient; a plain function, so tests can capture what would go out. */
export type AlertMailer = (recipients: readonly string[], mail: AlertMail) => Promise<AlertDelivery>;

/** Who gets alerts: resolved at send time, because the list lives in the database. */
export type AlertRecipients = () => Promise<string[]>;

/** The key the app's built-in simulator expects (services.ts uses the same value). */
const SIMULATOR_API_KEY = 'simulator-api-key';

/** Two attempts: an alert is worth one retry, but the process that sends it may be on its way out. */
const SEND_ATTEMPTS = 2;

/** The same Mailgun endpoint and credentials the app's notifications use (config.providers.mailgun). */
export function alertEmailClient(
  config: Pick<Config, 'providers' | 'integrations'>,
  logger: Logger,
  version: string,
): EmailProvider {
  const { mailgun } = config.providers;
  return createMailgunClient({
    baseUrl: mailgun.baseUrl,
    apiKey: mailgun.simulated ? SIMULATOR_API_KEY : (config.integrations.MAILGUN_API_KEY ?? ''),
    domain: config.integrations.MAILGUN_DOMAIN,
    from: config.integrations.MAIL_FROM,
    version,
    logger,
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function createAlertMailer(input: { email: EmailProvider; logger: Logger }): AlertMailer {
  return async (recipients, mail) => {
    const subject = `[Tafuta] ${mail.subject}`.replace(/[\r\n]+/g, ' ').slice(0, 200);
    const html = `<pre style="font-family: monospace; white-space: pre-wrap">${escapeHtml(mail.text)}</pre>`;
    const results = await Promise.all(
      recipients.map((to) =>
        input.email
          .send(
            {
              to,
              subject,
              text: mail.text,
              html,
              tags: [mail.kind, 'staff'],
              // Not a notification_log row; the prefix keeps webhook matching off the uuid column.
              notificationId: `${mail.kind}-${crypto.randomUUID()}`,
              tracking: false,
            },
            { attempts: SEND_ATTEMPTS },
          )
          .then((result) => result.accepted)
          .catch(() => false),
      ),
    );
    const sent = results.filter(Boolean).length;
    const delivery = { recipients: recipients.length, sent, failed: recipients.length - sent };
    if (recipients.length === 0) {
      input.logger.warn('No one to alert: set ALERT_EMAILS or activate a super admin', { kind: mail.kind });
    } else if (delivery.failed > 0) {
      input.logger.warn('Some alert emails could not be sent', { kind: mail.kind, ...delivery });
    } else {
      input.logger.info('Alert email sent', { kind: mail.kind, ...delivery });
    }
    return delivery;
  };
}

/** ADM-513: staff alerts go to every active super admin's login email. */
export async function activeSuperAdminEmails(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('admin_users')
    .select('login_email')
    .where('role', '=', 'super_admin')
    .where('is_active', '=', true)
    .execute();
  return rows.map((row) => row.login_email);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/**
 * ALERT_EMAILS plus the active super admins. When the database cannot be asked (it may be the outage
 * being reported), ALERT_EMAILS alone.
 */
export function alertRecipients(input: {
  alertEmails: readonly string[];
  superAdmins?: (() => Promise<string[]>) | undefined;
  logger: Logger;
  timeoutMs?: number;
}): AlertRecipients {
  return async () => {
    let admins: string[] = [];
    if (input.superAdmins) {
      try {
        admins = await withTimeout(input.superAdmins(), input.timeoutMs ?? 10_000);
      } catch (error) {
        input.logger.warn('Could not read the super admins from the database; alerting ALERT_EMAILS only', {
          err: error,
        });
      }
    }
    const unique = new Map<string, string>();
    for (const address of [...input.alertEmails, ...admins]) {
      const key = address.trim().toLowerCase();
      if (key !== '' && !unique.has(key)) unique.set(key, address.trim());
    }
    return [...unique.values()];
  };
}
