/** Africa's Talking, the second gateway behind the same interface (INT-230..232). */
import { z } from 'zod';
import { CircuitBreaker, isSendRetryStatus, providerFetch, type ProviderResponse } from '../http.js';
import {
  formBodyOf,
  isSendableNumber,
  joinUrl,
  parseJson,
  providerTrouble,
  REFUSED_NUMBER,
  refusal,
  transportFailure,
  type SmsClientOptions,
} from './common.js';
import type { DeliveryReport, SmsErrorCode, SmsProvider, SmsSendResult } from './provider.js';
import { smsSegments } from './segments.js';

export interface AfricasTalkingClientOptions extends SmsClientOptions {
  /** AT_USERNAME; `sandbox` on the sandbox host. */
  username: string;
}

const statusCode = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

const recipientSchema = z.object({
  statusCode,
  status: z.string(),
  cost: z.string().optional(),
  messageId: z.string().optional(),
});

const responseSchema = z.object({
  SMSMessageData: z.object({ Message: z.string().optional(), Recipients: z.array(recipientSchema) }),
});

const ACCEPTED_CODES = new Set([100, 101, 102]);

/** INT-231: per-recipient status codes that refuse the message. */
const REFUSAL_CODES: Record<number, SmsErrorCode> = {
  403: 'invalid_number',
  404: 'invalid_number',
  406: 'blocked',
  409: 'blocked',
  402: 'sender_id',
  405: 'no_credit',
  401: 'provider_error',
  407: 'provider_error',
  500: 'provider_error',
  501: 'provider_error',
  502: 'provider_error',
};

/** `"KES 0.8000"` → 0.8; other currencies are not costs we can book in KES. */
export function parseAtCost(cost: string | undefined): number | undefined {
  const match = /^KES\s+(\d+(?:\.\d+)?)$/.exec(cost?.trim() ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** INT-231. */
export function mapAfricasTalkingResponse(response: ProviderResponse, segments: number): SmsSendResult {
  if (response.status === 401 || response.status === 403) return refusal(`http_${response.status}`, 'auth');
  if (response.status === 429 || response.status >= 500) return providerTrouble(response.status);
  if (response.status < 200 || response.status >= 300) return refusal(`http_${response.status}`, 'unknown');
  const parsed = responseSchema.safeParse(parseJson(response.bodyText));
  // AT may have sent it already and has no idempotency key, so a repeat could double the SMS.
  if (!parsed.success) return refusal('malformed_response', 'unknown');
  const { Message: summary, Recipients: recipients } = parsed.data.SMSMessageData;
  const recipient = recipients[0];
  if (!recipient) {
    // A refusal of the whole request (e.g. a sender id AT does not know) comes back with no recipients.
    const status = summary ?? 'no_recipients';
    return refusal(status, /InvalidSenderId/i.test(status) ? 'sender_id' : 'unknown');
  }
  const providerStatus = `${recipient.statusCode} ${recipient.status}`;
  if (ACCEPTED_CODES.has(recipient.statusCode)) {
    const id = recipient.messageId;
    if (!id || id === 'None') return refusal('malformed_response', 'unknown');
    const costKes = parseAtCost(recipient.cost);
    return {
      accepted: true,
      providerMessageId: id,
      providerStatus,
      retryable: false,
      segments,
      ...(costKes === undefined ? {} : { costKes }),
    };
  }
  const errorCode = REFUSAL_CODES[recipient.statusCode] ?? 'unknown';
  return refusal(providerStatus, errorCode, errorCode === 'provider_error');
}

const DELIVERY_STATUS: Record<string, DeliveryReport['status']> = {
  Sent: 'sent',
  Submitted: 'sent',
  Buffered: 'sent',
  Success: 'delivered',
  Rejected: 'failed',
  Failed: 'failed',
};

const deliveryReportSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  networkCode: z.string().optional(),
  failureReason: z.string().optional(),
});

/** INT-232: form fields posted to the callback URL registered in the AT dashboard. */
export function parseAfricasTalkingDeliveryReport(body: unknown): DeliveryReport | null {
  const parsed = deliveryReportSchema.safeParse(formBodyOf(body));
  if (!parsed.success) return null;
  const { id, status, networkCode, failureReason } = parsed.data;
  const mapped = DELIVERY_STATUS[status];
  if (!mapped) return null;
  return {
    providerMessageId: id,
    status: mapped,
    ...(failureReason ? { reason: failureReason } : {}),
    ...(networkCode ? { networkCode } : {}),
  };
}

export function createAfricasTalkingClient(options: AfricasTalkingClientOptions): SmsProvider {
  const breaker = options.breaker ?? new CircuitBreaker();

  return {
    name: 'africastalking',
    async send(message, sendOptions = {}) {
      if (!isSendableNumber(message.to, options.allowedExtraPrefixes)) return REFUSED_NUMBER;
      const { segments } = smsSegments(message.text);
      const senderId = message.senderId ?? options.senderId;
      // One number per request, so every message gets its own id (INT-230).
      const form = new URLSearchParams({ username: options.username, to: message.to, message: message.text });
      if (senderId) form.set('from', senderId);
      let response: ProviderResponse;
      try {
        response = await providerFetch({
          integration: 'sms',
          operation: 'send',
          method: 'POST',
          url: joinUrl(options.baseUrl, '/version1/messaging'),
          headers: {
            ...(options.apiKey ? { apiKey: options.apiKey } : {}),
            Accept: 'application/json',
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: form.toString(),
          version: options.version,
          logger: options.logger,
          timeoutMs: options.timeoutMs,
          attempts: sendOptions.attempts,
          retryOnStatus: isSendRetryStatus,
          correlation: { provider: 'africastalking', notification_id: message.clientRef },
          responseCorrelation: (answer) => ({
            provider_message_id: responseSchema.safeParse(parseJson(answer.bodyText)).data?.SMSMessageData
              .Recipients[0]?.messageId,
          }),
          breaker,
          backoffBaseMs: options.backoffBaseMs,
        });
      } catch (error) {
        return transportFailure(error);
      }
      return mapAfricasTalkingResponse(response, segments);
    },
    parseDeliveryReport(req) {
      return parseAfricasTalkingDeliveryReport(req.body);
    },
  };
}
