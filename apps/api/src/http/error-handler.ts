import type { NextFunction, Request, Response } from 'express';
import { redactError } from '../lib/redact.js';
import {
  AppError,
  invalidInput,
  notFound,
  payloadTooLarge,
  serviceUnavailable,
  unsupportedMediaType,
} from './errors.js';
import { isoSeconds } from './envelope.js';
import type { Logger } from './logger.js';

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

/** True when the failure is "the database (or the store) cannot be reached", not a bug. */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
  // node-redis refuses commands while disconnected (no offline queue) with these errors.
  if (error.name === 'ClientClosedError' || error.name === 'ClientOfflineError') return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|client is (closed|offline)/i.test(
    error.message,
  );
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** Turns what Express, body-parser and the database throw into the catalogue's errors. */
function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return invalidInput('The request body is not valid JSON');
    case 'entity.too.large':
      return payloadTooLarge();
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return unsupportedMediaType('Send the body as UTF-8');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return invalidInput('The request body could not be read');
  }
  if (isConnectionFailure(error))
    return serviceUnavailable('The database is unavailable; try again shortly', error);
  return undefined;
}

export function notFoundHandler() {
  return (req: Request, _res: Response, next: NextFunction) => {
    next(notFound(`No endpoint ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`));
  };
}

/** API-05 envelope for every error; stack traces and internals only ever reach the error log (ERR-03). */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = toAppError(error);
    const appError =
      known ?? new AppError('SERVER_ERROR', 'Something went wrong; quote the request id to support');
    if (!known) {
      // ADM-513: an unexpected server error reaches the super admins (rate-limited per distinct error).
      logger.error('Unhandled error', {
        critical: true,
        request_id: req.id,
        method: req.method,
        path: req.path,
        err: error instanceof Error ? redactError(error) : String(error),
      });
    } else if (appError.status >= 500) {
      const cause = appError.cause ?? error;
      logger.error(appError.message, {
        request_id: req.id,
        error_code: appError.code,
        err: cause instanceof Error ? redactError(cause) : String(cause),
      });
    }
    const retryAfter = appError.options.extra?.retry_after;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(appError.status).json({
      success: false,
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.options.field === undefined ? {} : { field: appError.options.field }),
        ...(appError.options.details === undefined || appError.options.details.length === 0
          ? {}
          : { details: appError.options.details }),
        ...appError.options.extra,
        request_id: req.id,
      },
      timestamp: isoSeconds(new Date()),
    });
  };
}
