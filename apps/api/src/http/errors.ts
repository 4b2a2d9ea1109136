import { ERROR_STATUS, type ErrorCode, type FieldError } from '@tafuta/contracts';

/**
 * The one error type services and routes throw. The error middleware turns it into the API-05 envelope;
 * anything else becomes a 500 whose details stay in the error log (ERR-03).
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: {
      field?: string;
      details?: FieldError[];
      /** Extra keys that API-05 allows per code: retry_after, attempts_remaining, locked_until, suggestions. */
      extra?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const invalidInput = (message: string, details: FieldError[] = []) =>
  new AppError('INVALID_INPUT', message, { field: details[0]?.field, details });

export const unauthorized = (message = 'Sign in to continue') => new AppError('UNAUTHORIZED', message);

export const forbidden = (message = 'You are not allowed to do this') => new AppError('FORBIDDEN', message);

export const notFound = (message = 'Not found') => new AppError('NOT_FOUND', message);

export const conflict = (message: string, code: ErrorCode = 'CONFLICT') => new AppError(code, message);

export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMIT_EXCEEDED', `Too many requests; retry in ${retryAfterSeconds} s`, {
    extra: { retry_after: retryAfterSeconds },
  });

export const serviceUnavailable = (message = 'The service is temporarily unavailable', cause?: unknown) =>
  new AppError('SERVICE_UNAVAILABLE', message, { cause });

export const payloadTooLarge = (message = 'The request body is too large') =>
  new AppError('PAYLOAD_TOO_LARGE', message);

export const unsupportedMediaType = (message: string) => new AppError('UNSUPPORTED_MEDIA_TYPE', message);
