/**
 * PesaPal API 3.0 (INT-100..151): bearer-token JSON REST. Every call goes through providerFetch, so the
 * timeouts, retries, fail-fast breaker and the one log line per call are those of every other provider.
 */
import type { Logger } from '../../http/logger.js';
import {
  CircuitBreaker,
  isInlineRetryStatus,
  ProviderTransportError,
  providerFetch,
  type HttpMethod,
  type ProviderResponse,
} from '../http.js';
import { PesapalError, type PesapalOperation } from './errors.js';
import { errorObjectOf, normaliseStatus, parseBody, refusal, type PesapalStatus } from './status.js';

export { PesapalError, type PesapalErrorKind } from './errors.js';
export type { PesapalStatus, PesapalStatusName } from './status.js';

export interface SubmitOrderInput {
  /** The payment_id (INT-130 `id`): unique per order, at most 50 characters. */
  merchantReference: string;
  /** The total in whole shillings (PAY-051), sent as a JSON number. */
  amountKes: number;
  /** At most 100 plain ASCII characters (longer text is cut). */
  description: string;
  callbackUrl: string;
  cancellationUrl?: string;
  /** The registered IPN's id (PESAPAL_IPN_ID). */
  notificationId: string;
  billing: { phone?: string; email?: string; firstName?: string; lastName?: string };
}

export interface RegisteredIpn {
  url: string;
  ipnId: string;
  createdDate: string | null;
}

export interface StatusCallOptions {
  /** Per-attempt timeout; the IPN handler gives the whole query 8 s (INT-142). */
  timeoutMs?: number;
  /** Total tries (default 3, INT-021); background polls pass 1 and retry on their own schedule. */
  attempts?: number;
  /** Correlation for the log line (INT-030). */
  paymentId?: string;
}

export interface PesapalClient {
  /** INT-130 SubmitOrderRequest. Never repeated after a timeout (PAY-107): the caller fails the payment. */
  submitOrder(input: SubmitOrderInput): Promise<{ orderTrackingId: string; redirectUrl: string }>;
  /** INT-150 GetTransactionStatus, normalised (INT-151). Safe to repeat, so repeated inline on 429/502-504. */
  getTransactionStatus(orderTrackingId: string, options?: StatusCallOptions): Promise<PesapalStatus>;
  /** INT-120/121: the ipn_id registered for this URL, registering it (as POST) only when none is. */
  ensureIpnRegistered(url: string): Promise<string>;
  /** INT-121 GetIpnList. */
  listIpns(): Promise<RegisteredIpn[]>;
}

export interface PesapalClientOptions {
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  logger: Logger;
  version?: string;
  /** Total timeout of one call (INT-020: 10 s; SubmitOrderRequest 15 s). */
  timeoutMs?: number;
  submitTimeoutMs?: number;
  breaker?: CircuitBreaker;
  backoffBaseMs?: number;
  /** INT-111: a token is replaced this long before its expiryDate (capped at half its lifetime). */
  tokenRefreshMarginMs?: number;
  now?: () => number;
}

/** INT-110: a token lives at most 5 minutes, whatever expiryDate says. */
const MAX_TOKEN_LIFETIME_MS = 5 * 60_000;
const DEFAULT_REFRESH_MARGIN_MS = 30_000;
const SUBMIT_TIMEOUT_MS = 15_000;
const DESCRIPTION_MAX = 100;

/** PesaPal writes UTC times with up to 7 fractional digits and sometimes without the zone letter. */
export function parsePesapalUtc(value: unknown): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const trimmed = value.trim();
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`;
  const ms = Date.parse(zoned);
  return Number.isFinite(ms) ? ms : null;
}

/** INT-130: ≤ 100 characters of plain ASCII. */
export function orderDescription(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return ascii.slice(0, DESCRIPTION_MAX);
}

/** Same URL for PesaPal's purposes: scheme and host are case-insensitive, a trailing slash is noise. */
function sameUrl(a: string, b: string): boolean {
  const canonical = (value: string) => {
    try {
      const url = new URL(value);
      return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
    } catch {
      return value.trim();
    }
  };
  return canonical(a) === canonical(b);
}

function transportError(operation: PesapalOperation, error: ProviderTransportError): PesapalError {
  const kind = error.kind === 'timeout' ? 'timeout' : 'unavailable';
  return new PesapalError(kind, operation, `PesaPal ${operation}: ${error.kind}`, {
    attempts: error.attempts,
  });
}

interface CallSpec {
  operation: PesapalOperation;
  method: HttpMethod;
  path: string;
  body?: unknown;
  attempts: number;
  idempotent: boolean;
  retryOnStatus: (status: number) => boolean;
  timeoutMs: number;
  correlation?: Record<string, string | undefined>;
}

export function createPesapalClient(options: PesapalClientOptions): PesapalClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const breaker = options.breaker ?? new CircuitBreaker();
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const refreshMarginMs = options.tokenRefreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  let cached: { token: string; refreshAt: number } | null = null;
  let refreshing: Promise<string> | null = null;
  const registering = new Map<string, Promise<string>>();

  async function send(spec: CallSpec, token?: string): Promise<ProviderResponse> {
    try {
      return await providerFetch({
        integration: 'pesapal',
        operation: spec.operation,
        method: spec.method,
        url: `${base}${spec.path}`,
        headers: {
          Accept: 'application/json',
          ...(spec.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          // INT-031: providerFetch logs neither headers nor bodies, and no message below repeats them.
          ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
        },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        version: options.version ?? '0.0.0',
        logger: options.logger,
        timeoutMs: spec.timeoutMs,
        attempts: spec.attempts,
        idempotent: spec.idempotent,
        retryOnStatus: spec.retryOnStatus,
        correlation: spec.correlation,
        responseCorrelation: (answer) => {
          const parsed = JSON.parse(answer.bodyText) as { order_tracking_id?: unknown } | null;
          const id = parsed?.order_tracking_id;
          return { order_tracking_id: typeof id === 'string' ? id : undefined };
        },
        breaker,
        backoffBaseMs: options.backoffBaseMs,
      });
    } catch (error) {
      if (error instanceof ProviderTransportError) throw transportError(spec.operation, error);
      throw error;
    }
  }

  /** INT-110: a new token; the secret travels in the body only, and nothing here logs or repeats it. */
  async function requestToken(): Promise<string> {
    const response = await send({
      operation: 'request_token',
      method: 'POST',
      path: '/api/Auth/RequestToken',
      body: { consumer_key: options.consumerKey, consumer_secret: options.consumerSecret },
      attempts: 3,
      idempotent: true,
      retryOnStatus: isInlineRetryStatus,
      timeoutMs,
    });
    failOnHttpTrouble('request_token', response);
    const body = parseBody('request_token', response.bodyText, response.status);
    const error = errorObjectOf(body);
    if (error) throw refusal('request_token', error, response.status, 'auth');
    const token = body.token;
    if (typeof token !== 'string' || token.length === 0) {
      throw new PesapalError('invalid_response', 'request_token', 'PesaPal request_token: no token', {
        httpStatus: response.status,
      });
    }
    const received = now();
    const expiresAt = Math.min(
      parsePesapalUtc(body.expiryDate) ?? received + MAX_TOKEN_LIFETIME_MS,
      received + MAX_TOKEN_LIFETIME_MS,
    );
    // A short-lived token (the simulator's 2 s in tests) is still used for half its life.
    const margin = Math.min(refreshMarginMs, Math.max(0, (expiresAt - received) / 2));
    cached = { token, refreshAt: expiresAt - margin };
    return token;
  }

  /** INT-111: one token per client; concurrent callers share one refresh (single flight). */
  function currentToken(): Promise<string> {
    if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
    refreshing ??= requestToken().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  function failOnHttpTrouble(operation: PesapalOperation, response: ProviderResponse): void {
    if (response.status === 429 || response.status >= 500) {
      throw new PesapalError('unavailable', operation, `PesaPal ${operation}: HTTP ${response.status}`, {
        httpStatus: response.status,
      });
    }
  }

  /** A call with the bearer token; on 401 the token is dropped and the call made once more (INT-111). */
  async function authorizedCall(spec: CallSpec): Promise<{ body: unknown; httpStatus: number }> {
    let response: ProviderResponse | undefined;
    for (let round = 1; round <= 2; round += 1) {
      const token = await currentToken();
      response = await send(spec, token);
      if (response.status !== 401) break;
      // Only the token this call used is dropped: a concurrent caller may already hold a newer one.
      if (cached?.token === token) cached = null;
    }
    if (!response) throw new Error('unreachable');
    if (response.status === 401) {
      throw new PesapalError('auth', spec.operation, `PesaPal ${spec.operation}: token refused`, {
        httpStatus: 401,
      });
    }
    failOnHttpTrouble(spec.operation, response);
    let body: unknown;
    try {
      body = JSON.parse(response.bodyText);
    } catch {
      throw new PesapalError('invalid_response', spec.operation, `PesaPal ${spec.operation}: not JSON`, {
        httpStatus: response.status,
      });
    }
    return { body, httpStatus: response.status };
  }

  function objectBody(operation: PesapalOperation, body: unknown, httpStatus: number) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new PesapalError('invalid_response', operation, `PesaPal ${operation}: unexpected answer`, {
        httpStatus,
      });
    }
    const record = body as Record<string, unknown>;
    const error = errorObjectOf(record);
    if (error) throw refusal(operation, error, httpStatus);
    return record;
  }

  const readOnly = (operation: PesapalOperation, method: HttpMethod, path: string): CallSpec => ({
    operation,
    method,
    path,
    attempts: 3,
    idempotent: true,
    retryOnStatus: isInlineRetryStatus,
    timeoutMs,
  });

  async function listIpns(): Promise<RegisteredIpn[]> {
    const { body, httpStatus } = await authorizedCall(
      readOnly('list_ipns', 'GET', '/api/URLSetup/GetIpnList'),
    );
    if (!Array.isArray(body)) {
      objectBody('list_ipns', body, httpStatus);
      throw new PesapalError('invalid_response', 'list_ipns', 'PesaPal list_ipns: not a list', {
        httpStatus,
      });
    }
    return body.flatMap((entry: unknown) => {
      const item = (entry ?? {}) as Record<string, unknown>;
      if (typeof item.url !== 'string' || typeof item.ipn_id !== 'string') return [];
      const created = typeof item.created_date === 'string' ? item.created_date : null;
      return [{ url: item.url, ipnId: item.ipn_id, createdDate: created }];
    });
  }

  async function registerIpn(url: string): Promise<string> {
    const existing = (await listIpns()).find((ipn) => sameUrl(ipn.url, url));
    if (existing) return existing.ipnId;
    // INT-023: RegisterIPN makes a new id each time, so it is sent once, only after the list lacks the URL.
    const { body, httpStatus } = await authorizedCall({
      operation: 'register_ipn',
      method: 'POST',
      path: '/api/URLSetup/RegisterIPN',
      body: { url, ipn_notification_type: 'POST' },
      attempts: 2,
      idempotent: false,
      retryOnStatus: () => false,
      timeoutMs,
    });
    const record = objectBody('register_ipn', body, httpStatus);
    if (typeof record.ipn_id !== 'string' || record.ipn_id === '') {
      throw new PesapalError('invalid_response', 'register_ipn', 'PesaPal register_ipn: no ipn_id', {
        httpStatus,
      });
    }
    options.logger.info('PesaPal IPN URL registered', { integration: 'pesapal', ipn_id: record.ipn_id });
    return record.ipn_id;
  }

  return {
    async submitOrder(input) {
      const { body, httpStatus } = await authorizedCall({
        operation: 'submit_order',
        method: 'POST',
        path: '/api/Transactions/SubmitOrderRequest',
        body: {
          id: input.merchantReference,
          currency: 'KES',
          amount: input.amountKes,
          description: orderDescription(input.description),
          callback_url: input.callbackUrl,
          ...(input.cancellationUrl ? { cancellation_url: input.cancellationUrl } : {}),
          redirect_mode: 'TOP_WINDOW',
          notification_id: input.notificationId,
          billing_address: {
            phone_number: input.billing.phone ?? '',
            email_address: input.billing.email ?? '',
            country_code: 'KE',
            first_name: input.billing.firstName ?? '',
            middle_name: '',
            last_name: input.billing.lastName ?? '',
          },
        },
        // INT-131, PAY-107: only a connection that never opened is tried again; anything that may have
        // reached PesaPal (timeout, 5xx) is final, and the owner starts a new payment.
        attempts: 2,
        idempotent: false,
        retryOnStatus: () => false,
        timeoutMs: options.submitTimeoutMs ?? SUBMIT_TIMEOUT_MS,
        correlation: { payment_id: input.merchantReference },
      });
      const record = objectBody('submit_order', body, httpStatus);
      const { order_tracking_id: orderTrackingId, redirect_url: redirectUrl } = record;
      if (typeof orderTrackingId !== 'string' || !orderTrackingId || typeof redirectUrl !== 'string') {
        throw new PesapalError(
          'invalid_response',
          'submit_order',
          'PesaPal submit_order: no order_tracking_id or redirect_url',
          { httpStatus },
        );
      }
      return { orderTrackingId, redirectUrl };
    },

    async getTransactionStatus(orderTrackingId, callOptions = {}) {
      const query = new URLSearchParams({ orderTrackingId }).toString();
      const { body, httpStatus } = await authorizedCall({
        ...readOnly('get_status', 'GET', `/api/Transactions/GetTransactionStatus?${query}`),
        attempts: callOptions.attempts ?? 3,
        timeoutMs: callOptions.timeoutMs ?? timeoutMs,
        correlation: { order_tracking_id: orderTrackingId, payment_id: callOptions.paymentId },
      });
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new PesapalError('invalid_response', 'get_status', 'PesaPal get_status: unexpected answer', {
          httpStatus,
        });
      }
      const status = normaliseStatus(body as Record<string, unknown>, orderTrackingId, httpStatus);
      // INT-032: every status result at info; the account is already masked by PesaPal.
      options.logger.info('PesaPal payment status', {
        integration: 'pesapal',
        order_tracking_id: status.orderTrackingId,
        payment_id: callOptions.paymentId ?? status.merchantReference ?? undefined,
        status_code: status.statusCode,
        status: status.status,
        amount: status.amount,
        currency: status.currency,
        payment_account: status.paymentAccount,
      });
      return status;
    },

    ensureIpnRegistered(url) {
      // Two start-up paths asking at once must not register the URL twice.
      let pending = registering.get(url);
      if (!pending) {
        pending = registerIpn(url).finally(() => registering.delete(url));
        registering.set(url, pending);
      }
      return pending;
    },

    listIpns,
  };
}
