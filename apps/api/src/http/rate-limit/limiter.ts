import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { rateLimited } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RateLimitClass } from './classes.js';
import { RATE_LIMIT_EXEMPT_PATHS } from './classes.js';
import type { RateLimitStoreFactory } from './stores.js';

export interface LimiterOptions {
  stores: RateLimitStoreFactory;
  logger: Logger;
  /** The counter's key for this request; undefined means this limiter does not apply. */
  key: (req: Request, res: Response) => string | undefined;
  /** Requests answered with an error do not count (a mistyped number should not start a cool-down). */
  skipFailedRequests?: boolean;
}

function retryAfterSeconds(req: Request): number {
  const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  if (!reset) return 1;
  return Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000));
}

/** RL-03: 429 in the error envelope with retry_after and Retry-After; RateLimit-* on every limited reply. */
export function createRateLimiter(limitClass: RateLimitClass, options: LimiterOptions): RequestHandler {
  return rateLimit({
    windowMs: limitClass.windowMs,
    limit: limitClass.limit,
    standardHeaders: 'draft-6',
    legacyHeaders: false,
    store: options.stores(limitClass.name),
    passOnStoreError: !limitClass.failClosed,
    skipFailedRequests: options.skipFailedRequests ?? false,
    skip: (req, res) => options.key(req, res) === undefined,
    keyGenerator: (req, res) => options.key(req, res) ?? 'unused',
    handler: (req: Request, _res: Response, next: NextFunction) => next(rateLimited(retryAfterSeconds(req))),
    logger: {
      warn: (error: unknown, message?: string) =>
        options.logger.warn(message ?? String(error), { limiter: limitClass.name }),
      error: (error: unknown, message?: string) =>
        options.logger.error(message ?? 'Rate limiter error', {
          err: error instanceof Error ? error : String(error),
          limiter: limitClass.name,
        }),
    },
    // The stores above are shared across processes by design; trust-proxy is configured on the app.
    validate: { trustProxy: false, xForwardedForHeader: false },
  });
}

export const clientIp = (req: Request): string => ipKeyGenerator(req.ip ?? 'unknown');

const isExempt = (req: Request) =>
  RATE_LIMIT_EXEMPT_PATHS.some((path) => req.originalUrl.split('?')[0] === path);

/** RL-02: signed-in people count per user, everyone else per client IP. */
export const signedInUserId = (res: Response): string | undefined =>
  (res.locals as { userId?: string }).userId;

export function anonymousKey(req: Request, res: Response): string | undefined {
  return isExempt(req) || signedInUserId(res) ? undefined : clientIp(req);
}

const isStaffSession = (res: Response): boolean =>
  (res.locals as { auth?: { scope?: string } }).auth?.scope === 'admin';

export function signedInKey(req: Request, res: Response): string | undefined {
  const userId = signedInUserId(res);
  return isExempt(req) || !userId || isStaffSession(res) ? undefined : userId;
}

/** ERRATA 7 / ADM-711: staff sessions have their own, higher per-user limit. */
export function staffSessionKey(req: Request, res: Response): string | undefined {
  const userId = signedInUserId(res);
  return isExempt(req) || !userId || !isStaffSession(res) ? undefined : userId;
}
