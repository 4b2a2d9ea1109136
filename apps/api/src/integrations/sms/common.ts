/** What both SMS adapters share: the number policy, transport-failure mapping and body decoding. */
import type { Logger } from '../../http/logger.js';
import { ProviderTransportError, type CircuitBreaker } from '../http.js';
import type { SmsSendResult } from './provider.js';

/** INT-202: the normalised form; normalising other spellings is the caller's job. */
export const KENYAN_MOBILE = /^\+254(7|1)\d{8}$/;
const E164 = /^\+\d{8,15}$/;

export interface SmsClientOptions {
  baseUrl: string;
  apiKey?: string | undefined;
  senderId: string;
  version: string;
  logger: Logger;
  /** Non-Kenyan test ranges (e.g. `+1555`) that may be sent to anyway; never set in production. */
  allowedExtraPrefixes?: string[] | undefined;
  breaker?: CircuitBreaker | undefined;
  timeoutMs?: number | undefined;
  /** Shorter waits between inline retries, for tests. */
  backoffBaseMs?: number | undefined;
}

export function isSendableNumber(to: string, allowedExtraPrefixes: readonly string[] = []): boolean {
  if (KENYAN_MOBILE.test(to)) return true;
  return E164.test(to) && allowedExtraPrefixes.some((prefix) => prefix.length > 1 && to.startsWith(prefix));
}

export const REFUSED_NUMBER: SmsSendResult = {
  accepted: false,
  providerMessageId: null,
  providerStatus: 'not_sent_invalid_number',
  errorCode: 'invalid_number',
  retryable: false,
};

/** Transport failures (and an open circuit) are the provider's trouble, never the message's. */
export function transportFailure(error: unknown): SmsSendResult {
  if (!(error instanceof ProviderTransportError)) throw error;
  return {
    accepted: false,
    providerMessageId: null,
    providerStatus: error.kind,
    errorCode: 'provider_error',
    retryable: true,
  };
}

export function providerTrouble(status: number): SmsSendResult {
  return {
    accepted: false,
    providerMessageId: null,
    providerStatus: `http_${status}`,
    errorCode: 'provider_error',
    retryable: true,
  };
}

export function refusal(
  providerStatus: string,
  errorCode: NonNullable<SmsSendResult['errorCode']>,
  retryable = false,
): SmsSendResult {
  return { accepted: false, providerMessageId: null, providerStatus, errorCode, retryable };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function asText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return undefined;
}

/** The callback route may hand over a parsed body or the raw one, depending on how it was mounted. */
export function jsonBodyOf(body: unknown): unknown {
  const text = asText(body);
  return text === undefined ? body : parseJson(text);
}

export function formBodyOf(body: unknown): unknown {
  const text = asText(body);
  return text === undefined ? body : Object.fromEntries(new URLSearchParams(text));
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
