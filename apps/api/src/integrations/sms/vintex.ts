/**
 * VintEx, the launch gateway (INT-210..213). No public API reference was available, so this adapter
 * speaks the contract assumed in the spec; at onboarding only this file changes.
 *
 * Decision (assumed contract, confirm at onboarding): `reference` (our notification_id) is an
 * idempotency key. A repeat send with the same reference within 24 h returns the first message's id and
 * sends nothing. That is why sends are marked idempotent below and a timed-out send may be repeated
 * inline; if VintEx turns out not to honour it, drop `idempotent` so timeouts are left to the job.
 */
import { z } from 'zod';
import { CircuitBreaker, isSendRetryStatus, providerFetch, type ProviderResponse } from '../http.js';
import {
  isSendableNumber,
  joinUrl,
  jsonBodyOf,
  parseJson,
  providerTrouble,
  REFUSED_NUMBER,
  refusal,
  transportFailure,
  type SmsClientOptions,
} from './common.js';
import type { DeliveryReport, SmsProvider, SmsSendResult } from './provider.js';
import { smsSegments } from './segments.js';

export interface VintexClientOptions extends SmsClientOptions {
  /** `simulator` when pointed at our own simulator, which speaks this same protocol. */
  name?: 'vintex' | 'simulator';
  /** Where delivery reports go, e.g. `https://tafuta.ke/api/integrations/sms`. */
  callbackBaseUrl: string;
  callbackToken?: string | undefined;
}

const acceptedSchema = z.object({
  message_id: z.string().min(1),
  status: z.string().optional(),
  segments: z.number().int().positive().optional(),
  cost: z.number().nonnegative().optional(),
  currency: z.string().optional(),
});

const errorSchema = z.object({ error: z.object({ code: z.string().min(1) }) });

const deliveryReportSchema = z.object({
  message_id: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'failed']),
  reason: z.string().nullish(),
});

/** INT-212. */
export function mapVintexResponse(response: ProviderResponse, computedSegments: number): SmsSendResult {
  const body = parseJson(response.bodyText);
  if (response.status === 200 || response.status === 201) {
    const parsed = acceptedSchema.safeParse(body);
    // The reference makes a repeat harmless, so an unreadable answer is retried rather than lost.
    if (!parsed.success) return refusal('malformed_response', 'unknown', true);
    const { message_id, status, segments, cost, currency } = parsed.data;
    return {
      accepted: true,
      providerMessageId: message_id,
      providerStatus: status ?? 'queued',
      retryable: false,
      segments: segments ?? computedSegments,
      ...(cost !== undefined && (currency ?? 'KES') === 'KES' ? { costKes: cost } : {}),
    };
  }
  if (response.status === 429 || response.status >= 500) return providerTrouble(response.status);
  if (response.status === 401 || response.status === 403) return refusal(`http_${response.status}`, 'auth');
  const code = errorSchema.safeParse(body).data?.error.code;
  const providerStatus = code ?? `http_${response.status}`;
  if (response.status === 402) return refusal(providerStatus, 'no_credit');
  if (code === 'invalid_number') return refusal(providerStatus, 'invalid_number');
  if (code === 'invalid_sender_id') return refusal(providerStatus, 'sender_id');
  return refusal(providerStatus, 'unknown');
}

/** INT-213: JSON posted to the callback_url given with the message. */
export function parseVintexDeliveryReport(body: unknown): DeliveryReport | null {
  const parsed = deliveryReportSchema.safeParse(jsonBodyOf(body));
  if (!parsed.success) return null;
  const { message_id, status, reason } = parsed.data;
  return { providerMessageId: message_id, status, ...(reason ? { reason } : {}) };
}

export function createVintexClient(options: VintexClientOptions): SmsProvider {
  const name = options.name ?? 'vintex';
  const breaker = options.breaker ?? new CircuitBreaker();
  const tokenQuery =
    options.callbackToken === undefined ? '' : `?token=${encodeURIComponent(options.callbackToken)}`;
  // The path names the payload format, so the simulator's reports go to the VintEx route as well.
  const callbackUrl = joinUrl(options.callbackBaseUrl, `/vintex/delivery${tokenQuery}`);

  return {
    name,
    async send(message, sendOptions = {}) {
      if (!isSendableNumber(message.to, options.allowedExtraPrefixes)) return REFUSED_NUMBER;
      const { segments } = smsSegments(message.text);
      let response: ProviderResponse;
      try {
        response = await providerFetch({
          integration: 'sms',
          operation: 'send',
          method: 'POST',
          url: joinUrl(options.baseUrl, '/sms/send'),
          headers: {
            ...(options.apiKey ? { 'X-API-Key': options.apiKey } : {}),
            'Content-Type': 'application/json',
            Accept: 'application/json',
          },
          body: JSON.stringify({
            to: message.to,
            message: message.text,
            sender_id: message.senderId ?? options.senderId,
            reference: message.clientRef,
            callback_url: callbackUrl,
          }),
          version: options.version,
          logger: options.logger,
          timeoutMs: options.timeoutMs,
          attempts: sendOptions.attempts,
          idempotent: true,
          retryOnStatus: isSendRetryStatus,
          correlation: { provider: name, notification_id: message.clientRef },
          responseCorrelation: (answer) => ({
            provider_message_id: acceptedSchema.safeParse(parseJson(answer.bodyText)).data?.message_id,
          }),
          breaker,
          backoffBaseMs: options.backoffBaseMs,
        });
      } catch (error) {
        return transportFailure(error);
      }
      return mapVintexResponse(response, segments);
    },
    parseDeliveryReport(req) {
      return parseVintexDeliveryReport(req.body);
    },
  };
}
