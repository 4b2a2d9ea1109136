/**
 * The one way the back end calls an outside service (INT-020, INT-021, INT-024, INT-030): every
 * provider client goes through providerFetch, so timeouts, retries, fail-fast and the log line are the
 * same for all of them and secrets have exactly one place where they could leak (and do not).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../http/logger.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_FACTOR = 2;
const MAX_RETRY_AFTER_MS = 10_000;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** INT-021: the statuses worth repeating while someone waits; a 500 usually means the request itself is bad. */
export function isInlineRetryStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** INT-023: SMS and email sends repeat on any 5xx, because no provider message id exists yet. */
export function isSendRetryStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * `connection`: the request never left (refused, DNS, connect timeout), so repeating is always safe.
 * `interrupted` and `timeout`: the provider may have acted on it, so only idempotent calls repeat.
 */
export type TransportFailureKind = 'connection' | 'interrupted' | 'timeout' | 'circuit_open';

export class ProviderTransportError extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    readonly attempts: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderTransportError';
  }
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  failureThreshold?: number;
  openMs?: number;
  now?: () => number;
}

/** INT-024: after 5 consecutive failures, fail fast for 60 s, then let one trial call through. */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly now: () => number;
  private failures = 0;
  private openedAt: number | null = null;
  private trialStartedAt: number | null = null;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half_open' : 'open';
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Reserves the right to call; in half-open state only one trial at a time goes out. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    const now = this.now();
    // A trial whose outcome never came back must not keep the provider blocked for good.
    if (this.trialStartedAt !== null && now - this.trialStartedAt < this.openMs) return false;
    this.trialStartedAt = now;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialStartedAt = null;
  }

  recordFailure(): void {
    this.failures += 1;
    const state = this.state;
    // Late failures of calls sent before the circuit opened must not stretch the open window.
    if (state === 'open') return;
    if (state === 'half_open' || this.failures >= this.failureThreshold) {
      this.openedAt = this.now();
      this.trialStartedAt = null;
    }
  }
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  bodyText: string;
}

type Correlation = Record<string, string | null | undefined>;

export interface ProviderFetchOptions {
  /** Log fields: which service (`sms`, `mailgun`) and what was asked of it (`send`). */
  integration: string;
  operation: string;
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  version: string;
  logger: Logger;
  timeoutMs?: number;
  /** Total tries; 1 (the default) for background jobs, which retry on their own schedule (INT-022). */
  attempts?: number;
  idempotent?: boolean;
  retryOnStatus?: (status: number) => boolean;
  /** Ids that tie the log line to our records (notification_id, payment_id, request_id, ...). */
  correlation?: Correlation;
  /** Ids only the answer knows (provider_message_id), added to the same log line. */
  responseCorrelation?: (response: ProviderResponse) => Correlation;
  breaker?: CircuitBreaker;
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Codes undici reports when no byte of the request reached the provider. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects fail with an AggregateError holding one error per address tried.
  return Array.isArray(errors) ? errorCode(errors[0]) : undefined;
}

function classify(error: unknown): Exclude<TransportFailureKind, 'circuit_open'> {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const code = errorCode((error as { cause?: unknown } | null)?.cause) ?? errorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code) ? 'connection' : 'interrupted';
}

/** Retry-After in seconds or as an HTTP date; capped so a user never waits more than 10 s for one retry. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - nowMs;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

function definedOnly(fields: Correlation | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields ?? {})) {
    if (typeof value === 'string') result[key] = value;
  }
  return result;
}

export async function providerFetch(options: ProviderFetchOptions): Promise<ProviderResponse> {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 1));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryOnStatus = options.retryOnStatus ?? isInlineRetryStatus;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const backoffBaseMs = options.backoffBaseMs ?? BACKOFF_BASE_MS;
  const target = new URL(options.url);
  const logBase = {
    integration: options.integration,
    operation: options.operation,
    direction: 'outbound',
    method: options.method,
    host: target.host,
    // INT-030: the query string can carry tokens, so it never reaches a log line.
    path: target.pathname,
    ...definedOnly(options.correlation),
  };
  const headers = { ...options.headers, 'User-Agent': `Tafuta/${options.version}` };
  const backoff = (attempt: number) => random() * backoffBaseMs * BACKOFF_FACTOR ** (attempt - 1);

  for (let attempt = 1; ; attempt += 1) {
    const lastAttempt = attempt >= attempts;
    if (options.breaker && !options.breaker.tryAcquire()) {
      options.logger.warn('integration call', {
        ...logBase,
        http_status: null,
        duration_ms: 0,
        attempt,
        outcome: 'circuit_open',
        will_retry: false,
      });
      throw new ProviderTransportError(
        'circuit_open',
        attempt - 1,
        `${options.integration} ${options.operation}: failing fast while the provider is down`,
      );
    }

    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    let response: ProviderResponse;
    try {
      const raw = await fetch(target, {
        method: options.method,
        headers,
        body: options.body ?? null,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      response = { status: raw.status, headers: raw.headers, bodyText: await raw.text() };
    } catch (error) {
      const kind = classify(error);
      options.breaker?.recordFailure();
      const retryable = kind === 'connection' || options.idempotent === true;
      const willRetry = retryable && !lastAttempt;
      options.logger.log(willRetry || attempts === 1 ? 'warn' : 'error', 'integration call', {
        ...logBase,
        http_status: null,
        duration_ms: elapsed(),
        attempt,
        outcome: kind === 'connection' ? 'connection_error' : kind,
        will_retry: willRetry,
      });
      if (!willRetry) {
        throw new ProviderTransportError(
          kind,
          attempt,
          `${options.integration} ${options.operation}: ${kind} after ${attempt} attempt(s)`,
          { cause: error },
        );
      }
      await sleep(backoff(attempt));
      continue;
    }

    const providerFailure = response.status === 429 || response.status >= 500;
    if (providerFailure) options.breaker?.recordFailure();
    else options.breaker?.recordSuccess();
    const retryable = retryOnStatus(response.status);
    const willRetry = retryable && !lastAttempt;
    const succeeded = response.status >= 200 && response.status < 300;
    const level = succeeded ? 'info' : retryable && lastAttempt && attempts > 1 ? 'error' : 'warn';
    let extra: Record<string, string> = {};
    try {
      extra = definedOnly(options.responseCorrelation?.(response));
    } catch {
      // A body too broken to read an id from is still worth its log line.
    }
    options.logger.log(level, 'integration call', {
      ...logBase,
      ...extra,
      http_status: response.status,
      duration_ms: elapsed(),
      attempt,
      outcome: succeeded ? 'success' : 'http_error',
      will_retry: willRetry,
    });
    if (!willRetry) return response;
    const wait = response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
    await sleep(wait ?? backoff(attempt));
  }
}
