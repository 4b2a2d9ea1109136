import type { ErrorCode, FieldError, Pagination } from '@tafuta/contracts';

/**
 * The one place the web app talks HTTP to its own API. Replies use the API-04 envelope; failures
 * become an ApiError carrying the catalogued `code`, which the UI translates (`errors.<CODE>`), never
 * the server's English message.
 */

/** Codes the client adds for failures that never reached the API's error handler. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNKNOWN_ERROR';

export class ApiError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  readonly status: number;
  readonly retryAfter: number | undefined;
  readonly attemptsRemaining: number | undefined;
  readonly details: FieldError[];
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode | ClientErrorCode, status: number, body: Record<string, unknown> = {}) {
    super(code);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.retryAfter = typeof body.retry_after === 'number' ? body.retry_after : undefined;
    this.attemptsRemaining =
      typeof body.attempts_remaining === 'number' ? body.attempts_remaining : undefined;
    this.details = Array.isArray(body.details) ? (body.details as FieldError[]) : [];
    this.extra = body;
  }
}

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

interface Envelope {
  success?: boolean;
  data?: unknown;
  pagination?: Pagination;
  error?: Record<string, unknown> & { code?: string };
  [key: string]: unknown;
}

async function readEnvelope(response: Response): Promise<Envelope> {
  try {
    return (await response.json()) as Envelope;
  } catch {
    // A proxy's HTML error page or an empty body: still a failure with a status.
    return {};
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Query parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | undefined>;
  /** Extra request headers, e.g. the back office's `Idempotency-Key` (ADM-712). */
  headers?: Record<string, string>;
}

export function apiUrl(path: string, query: RequestOptions['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

async function request(method: string, path: string, body: unknown, options: RequestOptions) {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      signal: options.signal,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    // Let TanStack Query and callers see a cancellation as a cancellation, not as "offline".
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('NETWORK_ERROR', 0);
  }
  const envelope = await readEnvelope(response);
  if (!response.ok || envelope.success === false) {
    const code = envelope.error?.code;
    throw new ApiError(
      typeof code === 'string' ? (code as ErrorCode) : 'UNKNOWN_ERROR',
      response.status,
      envelope.error ?? {},
    );
  }
  return envelope;
}

export async function apiGet<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request('GET', path, undefined, options)).data as T;
}

/** A paginated list: the items and the API-06 pagination block. */
export async function apiGetPage<T>(
  path: string,
  options: RequestOptions = {},
): Promise<Page<T> & { envelope: Envelope }> {
  const envelope = await request('GET', path, undefined, options);
  return {
    items: (envelope.data ?? []) as T[],
    pagination: envelope.pagination ?? { page: 1, limit: 20, total: 0, pages: 0 },
    envelope,
  };
}

export async function apiSend<T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  return (await request(method, path, body ?? {}, options)).data as T;
}

/** TanStack Query retry rule: retry what may heal (network, 5xx), never a 4xx answer. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (error instanceof ApiError) return error.status === 0 || error.status >= 500;
  return false;
}
