import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/** SEC-03, word for word; helmet's defaults are switched off so nothing extra sneaks in. */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'https:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/** A CSP hash source; nothing else (never 'unsafe-inline') may be added to `script-src`. */
const HASH_SOURCE = /^'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'$/;

/**
 * The Content-Security-Policy value as helmet writes it, with the hashes of the inline scripts a page
 * may run added to `script-src` (the web build's boot loader, apps/web/build/boot-loader.ts). Anything
 * but a hash source is refused, so a bad build file can never widen the policy.
 */
export function contentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  for (const source of scriptHashes) {
    if (!HASH_SOURCE.test(source)) throw new Error(`Not a CSP hash source: ${source}`);
  }
  return Object.entries(CONTENT_SECURITY_POLICY)
    .map(([name, values]) => [name, ...values, ...(name === 'script-src' ? scriptHashes : [])].join(' '))
    .join(';');
}

export function securityHeaders() {
  const helmetMiddleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true, preload: false },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-site' },
    crossOriginEmbedderPolicy: false,
    xContentTypeOptions: true,
    xPoweredBy: true,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), payment=(), geolocation=(self)');
    helmetMiddleware(req, res, next);
  };
}
