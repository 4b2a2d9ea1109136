/**
 * How a PesaPal call went wrong, in the terms the payments module decides on (PAY-107, PAY-321):
 * only `rejected` means PesaPal looked at the request and said no (402 PAYMENT_FAILED); everything else
 * is the gateway being unreachable or broken (502 EXTERNAL_SERVICE_ERROR).
 */

/**
 * - `timeout`: no answer in time. The request may have been acted on, so an order is never re-sent.
 * - `unavailable`: refused connection, 429/5xx, an open circuit breaker, or a dropped connection.
 * - `rejected`: PesaPal answered with an error object (duplicate reference, bad field, unknown order).
 * - `auth`: our consumer key/secret were refused, or a fresh token was refused too.
 * - `invalid_response`: an answer we cannot read (not JSON, required fields missing).
 */
export type PesapalErrorKind = 'timeout' | 'unavailable' | 'rejected' | 'auth' | 'invalid_response';

export type PesapalOperation = 'request_token' | 'register_ipn' | 'list_ipns' | 'submit_order' | 'get_status';

export interface PesapalErrorDetails {
  httpStatus?: number | undefined;
  /** PesaPal's `error.code` (e.g. `duplicate_order_reference`), when it gave one. */
  code?: string | undefined;
  errorType?: string | undefined;
  /** Attempts made before giving up (1 when the call was not repeated). */
  attempts?: number | undefined;
}

export class PesapalError extends Error {
  constructor(
    readonly kind: PesapalErrorKind,
    readonly operation: PesapalOperation,
    message: string,
    readonly details: PesapalErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PesapalError';
  }

  /** The catalogued API error a checkout answers with (PAY-107: unreachable → 502; PAY-321: refused → 402). */
  get apiCode(): 'PAYMENT_FAILED' | 'EXTERNAL_SERVICE_ERROR' {
    return this.kind === 'rejected' ? 'PAYMENT_FAILED' : 'EXTERNAL_SERVICE_ERROR';
  }

  /** Worth asking again later (a job's next run, PesaPal's next IPN); never inline for an order. */
  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'unavailable' || this.kind === 'invalid_response';
  }
}
