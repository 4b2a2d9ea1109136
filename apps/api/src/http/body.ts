import express, { type NextFunction, type Request, type Response } from 'express';
import { unsupportedMediaType } from './errors.js';

/** API-02: JSON bodies up to 1 MB. */
export const JSON_BODY_LIMIT = '1mb';

/**
 * Callbacks from outside services arrive in the provider's own format (form posts from SMS gateways,
 * the one-click unsubscribe form), so only these paths accept bodies other than JSON and multipart.
 */
const FOREIGN_FORMAT_PATHS = ['/api/integrations/', '/api/payments/webhook', '/api/preferences/unsubscribe'];

function hasBody(req: Request): boolean {
  const length = req.get('content-length');
  return req.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

/** API-02: a body in any other format answers 415, before anything tries to parse it. */
export function requireKnownContentType() {
  return (req: Request, _res: Response, next: NextFunction) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    if (!hasBody(req) || FOREIGN_FORMAT_PATHS.some((prefix) => path.startsWith(prefix))) {
      next();
      return;
    }
    if (req.is(['application/json', 'multipart/form-data'])) {
      next();
      return;
    }
    next(unsupportedMediaType('Send the body as application/json (files as multipart/form-data)'));
  };
}

export function jsonBody() {
  // `strict` refuses bare primitives: every endpoint takes an object (API-08).
  return express.json({ limit: JSON_BODY_LIMIT, strict: true, type: 'application/json' });
}
