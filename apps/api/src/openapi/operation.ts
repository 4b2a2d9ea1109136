import { ERROR_STATUS, type ErrorCode } from '@tafuta/contracts';
import type { z } from 'zod';
import { apiErrorEnvelope, envelope } from './schemas.js';

export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** Who may call, in the notation of spec/auth-and-api.md §1 (Public, Session, User, Support+ …). */
export type Access = 'public' | 'session' | 'user' | 'staff';

export interface ResponseSpec {
  description: string;
  /** The whole reply body; left out for an empty body. */
  schema?: z.ZodType;
  /** Defaults to application/json when there is a schema. */
  contentType?: string;
  /** Error replies: the catalogue codes (ERR-01) this status carries on this endpoint. */
  codes?: readonly ErrorCode[];
}

export interface Operation {
  method: HttpMethod;
  /** OpenAPI style, e.g. /api/admin/users/{id}/suspend. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** The row of spec §15 (or the requirement that replaced it); null where no spec row exists yet. */
  specId: string | null;
  tags: readonly string[];
  security: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  request?: z.ZodType;
  /** Defaults to application/json. */
  requestContentTypes?: readonly string[];
  /** The body may be left out altogether. */
  requestOptional?: boolean;
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Mounted only outside production (`x-non-production`). */
  nonProduction?: boolean;
  /** A provider callback: before the session, origin, rate-limit and content-type middleware. */
  callback?: boolean;
}

export interface OperationInput extends Operation {
  /** Catalogue codes this endpoint answers besides the ones its middleware implies. */
  errors?: readonly ErrorCode[];
}

const REASON: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in or wrong credentials',
  402: 'Payment refused',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Unprocessable image',
  429: 'Rate limited',
  500: 'Unexpected server error',
  502: 'Outside service failed',
  503: 'Service unavailable',
  507: 'Insufficient storage',
};

/** The errors the middleware in front of an endpoint can answer (app.ts order), whatever the handler does. */
export function middlewareErrors(op: Operation): ErrorCode[] {
  if (op.callback) return ['INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'SERVER_ERROR'];
  const codes: ErrorCode[] = ['RATE_LIMIT_EXCEEDED', 'SERVER_ERROR', 'SERVICE_UNAVAILABLE'];
  if (op.request || op.query) codes.push('INVALID_INPUT');
  if (op.request) codes.push('PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  // originGuard: a write from a foreign origin.
  if (op.method !== 'get') codes.push('FORBIDDEN');
  if (op.security === 'session' || op.security === 'user') codes.push('UNAUTHORIZED', 'SESSION_EXPIRED');
  if (op.security === 'user') codes.push('ACCOUNT_DEACTIVATED', 'CONSENT_REQUIRED');
  if (op.security === 'staff') {
    codes.push('ADMIN_SESSION_REQUIRED', 'SESSION_EXPIRED', 'FORBIDDEN', 'ACCOUNT_DEACTIVATED');
  }
  // API-09: an id that is not a UUID, or not visible, is "not found".
  if (op.params) codes.push('NOT_FOUND');
  return codes;
}

/**
 * One registry entry: the endpoint's own responses, plus one error response per status for its codes and
 * the middleware's, each in the API-05 envelope. A status the entry answers itself (health's 503) wins.
 */
export function defineOperation(input: OperationInput): Operation {
  const { errors = [], ...op } = input;
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...middlewareErrors(op), ...errors]) {
    const status = ERROR_STATUS[code];
    const codes = byStatus.get(status) ?? [];
    if (!codes.includes(code)) codes.push(code);
    byStatus.set(status, codes);
  }
  const responses: Record<number, ResponseSpec> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    if (op.responses[status]) continue;
    responses[status] = {
      description: `${REASON[status] ?? 'Error'}: ${codes.join(', ')}`,
      schema: apiErrorEnvelope,
      codes,
    };
  }
  return { ...op, responses: { ...op.responses, ...responses } };
}

/** A success reply in the API-04 envelope. */
export function ok(description: string, data: z.ZodType): ResponseSpec {
  return { description, schema: envelope(data) };
}

/** A paginated list reply (API-06). */
export function list(description: string, item: z.ZodType, extra: z.ZodRawShape = {}): ResponseSpec {
  return { description, schema: envelope(item.array(), { paginated: true, extra }) };
}
