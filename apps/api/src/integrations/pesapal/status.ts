/**
 * Reading PesaPal's answers (INT-102, INT-150, INT-151): the body decides, not the HTTP status, and a
 * transaction status is turned into one normalised shape the settlement code can compare field by field.
 */
import { PesapalError, type PesapalOperation } from './errors.js';

export type PesapalStatusName = 'INVALID' | 'COMPLETED' | 'FAILED' | 'REVERSED' | 'PENDING';

export interface PesapalStatus {
  /** INT-151, authoritative: 0 INVALID, 1 COMPLETED, 2 FAILED, 3 REVERSED (0 too for "Pending Payment"). */
  statusCode: number;
  /** `PENDING` is PesaPal's "Pending Payment" error form; both it and `INVALID` mean "not paid (yet)". */
  status: PesapalStatusName;
  /** `payment_status_description`, for logs only. */
  statusDescription: string | null;
  /** What PesaPal says was paid, in shillings; compare in cents (INT-152). */
  amount: number | null;
  currency: string | null;
  merchantReference: string | null;
  orderTrackingId: string;
  /** e.g. the M-Pesa receipt code, printed on the receipt. */
  confirmationCode: string | null;
  paymentMethod: string | null;
  /** Already masked by PesaPal (`2547xxxxx678`); kept as returned. */
  paymentAccount: string | null;
  /** `created_date` as PesaPal wrote it (local to PesaPal, no zone). */
  createdDate: string | null;
  /** The answer as received, minus anything secret (INT-031), for `payment_events.detail`. */
  raw: Record<string, unknown>;
}

export const STATUS_NAMES: Record<number, Exclude<PesapalStatusName, 'PENDING'>> = {
  0: 'INVALID',
  1: 'COMPLETED',
  2: 'FAILED',
  3: 'REVERSED',
};

/** Keys that must never reach a log line or a stored payload copy (INT-031). */
const SECRET_KEYS = new Set(['token', 'consumer_key', 'consumer_secret', 'authorization', 'access_token']);

export function stripSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((item) => stripSecrets(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!SECRET_KEYS.has(key.toLowerCase())) result[key] = stripSecrets(inner, depth + 1);
  }
  return result;
}

export interface PesapalErrorObject {
  code: string | null;
  message: string | null;
  errorType: string | null;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** INT-102: `error` may be null or all-null on success; it is an error only when code or message is set. */
export function errorObjectOf(body: Record<string, unknown>): PesapalErrorObject | null {
  const error = body.error;
  if (error === null || typeof error !== 'object') return null;
  const fields = error as Record<string, unknown>;
  const found = {
    code: text(fields.code),
    message: text(fields.message),
    errorType: text(fields.error_type),
  };
  return found.code === null && found.message === null ? null : found;
}

export function parseBody(
  operation: PesapalOperation,
  bodyText: string,
  httpStatus: number,
): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PesapalError('invalid_response', operation, `PesaPal ${operation}: unreadable answer`, {
      httpStatus,
    });
  }
  return parsed as Record<string, unknown>;
}

export function refusal(
  operation: PesapalOperation,
  error: PesapalErrorObject,
  httpStatus: number,
  kind: 'rejected' | 'auth' = 'rejected',
): PesapalError {
  return new PesapalError(
    kind,
    operation,
    `PesaPal ${operation} refused: ${error.code ?? 'no code'} ${error.message ?? ''}`.trim(),
    { httpStatus, code: error.code ?? undefined, errorType: error.errorType ?? undefined },
  );
}

/** INT-151: "payment_details_not_found" / "Pending Payment" means the customer has not paid yet. */
export function isPendingPayment(error: PesapalErrorObject): boolean {
  return error.code === 'payment_details_not_found' || /pending payment/i.test(error.message ?? '');
}

function amountOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

function statusCodeOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return null;
}

/** INT-150/151: one GetTransactionStatus answer, normalised; anything but a status or "pending" throws. */
export function normaliseStatus(
  body: Record<string, unknown>,
  requestedTrackingId: string,
  httpStatus = 200,
): PesapalStatus {
  const error = errorObjectOf(body);
  const common = {
    statusDescription: text(body.payment_status_description),
    amount: amountOf(body.amount),
    currency: text(body.currency),
    merchantReference: text(body.merchant_reference),
    // The status answer does not always repeat the id; when it does, report what PesaPal said.
    orderTrackingId: text(body.order_tracking_id) ?? requestedTrackingId,
    confirmationCode: text(body.confirmation_code),
    paymentMethod: text(body.payment_method),
    paymentAccount: text(body.payment_account),
    createdDate: text(body.created_date),
    raw: stripSecrets(body) as Record<string, unknown>,
  };
  if (error) {
    if (isPendingPayment(error)) return { ...common, statusCode: 0, status: 'PENDING' };
    throw refusal('get_status', error, httpStatus);
  }
  const statusCode = statusCodeOf(body.status_code);
  const status = statusCode === null ? undefined : STATUS_NAMES[statusCode];
  if (statusCode === null || status === undefined) {
    throw new PesapalError(
      'invalid_response',
      'get_status',
      `PesaPal get_status: missing or unknown status_code (${String(body.status_code)})`,
      { httpStatus },
    );
  }
  return { ...common, statusCode, status };
}
