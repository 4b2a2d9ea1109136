import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { maskUrl } from '../lib/redact.js';
import type { Logger } from './logger.js';

/** A proxy's id is reused only when it looks like an id, so a header cannot smuggle text into logs. */
const INCOMING_ID = /^[A-Za-z0-9._-]{8,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** API-10: the id in the X-Request-Id header, every error body and every log line of this request. */
    id: string;
  }
}

export function requestId() {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  };
}

/** SEC-05: one line per request; never the body, and sensitive query values masked. */
export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const userId = (res.locals as { userId?: string }).userId;
      logger.info('request', {
        request_id: req.id,
        method: req.method,
        path: maskUrl(req.originalUrl),
        status: res.statusCode,
        duration_ms: Math.round(durationMs * 10) / 10,
        user_id: userId ?? null,
        ip: req.ip,
        user_agent: req.get('user-agent')?.slice(0, 512) ?? null,
      });
    });
    next();
  };
}
