/** Mailgun sending (INT-300..302). */
import { z } from 'zod';
import type { Logger } from '../../http/logger.js';
import {
  CircuitBreaker,
  isSendRetryStatus,
  ProviderTransportError,
  providerFetch,
  type ProviderResponse,
} from '../http.js';
import type { EmailMessage, EmailProvider, EmailSendResult } from './provider.js';

export interface MailgunClientOptions {
  baseUrl: string;
  apiKey: string;
  domain: string;
  /** MAIL_FROM, e.g. `Tafuta <no-reply@mg.tafuta.ke>`. */
  from: string;
  version: string;
  logger: Logger;
  /** Staging: Mailgun accepts but does not deliver. */
  testMode?: boolean;
  breaker?: CircuitBreaker;
  timeoutMs?: number;
  backoffBaseMs?: number;
}

const MAX_TAGS = 3;
const MAX_TAG_LENGTH = 128;

const acceptedSchema = z.object({ id: z.string().min(1) });

/** Mailgun answers `<id@domain>`; webhooks carry the bare id, so that is what we keep. */
export function bareMessageId(id: string): string {
  return id.trim().replace(/^<(.*)>$/, '$1');
}

/** `Name <address>`, quoting the name when it has characters that would break the header. */
export function formatRecipient(address: string, name?: string): string {
  const cleanName = name?.replace(/[\r\n]+/g, ' ').trim();
  if (!cleanName) return address;
  const safe = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/.test(cleanName);
  return `${safe ? cleanName : `"${cleanName.replace(/(["\\])/g, '\\$1')}"`} <${address}>`;
}

function tagsOf(tags: readonly string[]): string[] {
  const unique = [...new Set(tags.map((tag) => tag.trim().slice(0, MAX_TAG_LENGTH)).filter(Boolean))];
  return unique.slice(0, MAX_TAGS);
}

export function buildMailgunForm(
  message: EmailMessage,
  options: { from: string; testMode?: boolean },
): FormData {
  const form = new FormData();
  form.append('from', options.from);
  form.append('to', formatRecipient(message.to, message.toName));
  form.append('subject', message.subject);
  form.append('text', message.text);
  form.append('html', message.html);
  for (const tag of tagsOf(message.tags)) form.append('o:tag', tag);
  form.append('o:tracking', message.tracking ? 'yes' : 'no');
  if (options.testMode) form.append('o:testmode', 'yes');
  form.append('v:notification_id', message.notificationId);
  if (message.replyTo) form.append('h:Reply-To', message.replyTo);
  // RFC 8058 allows one HTTPS URI in the header, and it must take the one-click POST; the visible
  // unsubscribe page is linked from the body instead.
  const unsubscribeUrl = message.listUnsubscribePostUrl ?? message.listUnsubscribeUrl;
  if (unsubscribeUrl) form.append('h:List-Unsubscribe', `<${unsubscribeUrl}>`);
  if (message.listUnsubscribePostUrl) form.append('h:List-Unsubscribe-Post', 'List-Unsubscribe=One-Click');
  for (const attachment of message.attachments ?? []) {
    const blob = new Blob([new Uint8Array(attachment.content)], { type: attachment.contentType });
    form.append('attachment', blob, attachment.filename);
  }
  return form;
}

function failure(
  httpStatus: number | null,
  errorCode: NonNullable<EmailSendResult['errorCode']>,
  retryable = false,
): EmailSendResult {
  return { accepted: false, providerMessageId: null, httpStatus, errorCode, retryable };
}

/** INT-302. */
export function mapMailgunResponse(response: ProviderResponse): EmailSendResult {
  const { status } = response;
  if (status === 200) {
    let body: unknown;
    try {
      body = JSON.parse(response.bodyText);
    } catch {
      body = undefined;
    }
    const parsed = acceptedSchema.safeParse(body);
    // It may be queued already; without an idempotency key a repeat could double the email.
    if (!parsed.success) return failure(status, 'provider_error');
    return {
      accepted: true,
      providerMessageId: bareMessageId(parsed.data.id),
      httpStatus: status,
      retryable: false,
    };
  }
  if (status === 429 || status >= 500) return failure(status, 'provider_error', true);
  if (status === 401 || status === 403) return failure(status, 'auth');
  if (status === 404) return failure(status, 'unknown_domain');
  if (status === 413) return failure(status, 'too_large');
  if (status === 400) return failure(status, 'invalid_request');
  return failure(status, 'provider_error');
}

export function createMailgunClient(options: MailgunClientOptions): EmailProvider {
  const breaker = options.breaker ?? new CircuitBreaker();
  const url = `${options.baseUrl.replace(/\/+$/, '')}/v3/${encodeURIComponent(options.domain)}/messages`;
  const authorization = `Basic ${Buffer.from(`api:${options.apiKey}`).toString('base64')}`;

  return {
    name: 'mailgun',
    async send(message, sendOptions = {}) {
      let response: ProviderResponse;
      try {
        response = await providerFetch({
          integration: 'mailgun',
          operation: 'send',
          method: 'POST',
          url,
          // No Content-Type: fetch writes the multipart boundary itself.
          headers: { Authorization: authorization, Accept: 'application/json' },
          body: buildMailgunForm(message, options),
          version: options.version,
          logger: options.logger,
          timeoutMs: options.timeoutMs,
          attempts: sendOptions.attempts,
          retryOnStatus: isSendRetryStatus,
          correlation: { notification_id: message.notificationId },
          responseCorrelation: (answer) => {
            const id = acceptedSchema.safeParse(JSON.parse(answer.bodyText)).data?.id;
            return { provider_message_id: id === undefined ? undefined : bareMessageId(id) };
          },
          breaker,
          backoffBaseMs: options.backoffBaseMs,
        });
      } catch (error) {
        if (!(error instanceof ProviderTransportError)) throw error;
        return failure(null, 'provider_error', true);
      }
      return mapMailgunResponse(response);
    },
  };
}
