import cors, { type CorsOptions } from 'cors';
import type { NextFunction, Request, Response } from 'express';
import { forbidden } from './errors.js';

export interface CorsPolicyOptions {
  appUrl: string;
  apexDomain: string;
  extraOrigins: string[];
  development: boolean;
}

const CREDENTIALED: CorsOptions = {
  credentials: true,
  methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
  allowedHeaders: ['Content-Type', 'Idempotency-Key', 'X-Request-Id', 'X-Background-Request'],
  exposedHeaders: [
    'X-Request-Id',
    'RateLimit-Limit',
    'RateLimit-Remaining',
    'RateLimit-Reset',
    'Retry-After',
  ],
  maxAge: 600,
};

/** Business websites read public data only: no cookies, GET only (SEC-02 decision). */
const PUBLIC_READ: CorsOptions = {
  credentials: false,
  methods: ['GET'],
  allowedHeaders: ['Content-Type'],
  maxAge: 600,
};

/** SEC-02 as one object: who gets which grant, and who may send state-changing requests at all. */
export class CorsPolicy {
  private readonly credentialed: Set<string>;
  private readonly subdomainPattern: RegExp;

  constructor(options: CorsPolicyOptions) {
    const apex = options.apexDomain.replace(/\./g, '\\.');
    this.subdomainPattern = new RegExp(
      `^https://[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9-]+)*\\.${apex}$`,
    );
    this.credentialed = new Set([
      new URL(options.appUrl).origin,
      `https://${options.apexDomain}`,
      ...options.extraOrigins.map((origin) => new URL(origin).origin),
      ...(options.development ? ['http://localhost:5173', 'http://localhost:3000'] : []),
    ]);
  }

  grantFor(origin: string | undefined): 'credentialed' | 'public-read' | 'none' {
    if (origin === undefined) return 'none';
    if (this.credentialed.has(origin)) return 'credentialed';
    if (this.subdomainPattern.test(origin)) return 'public-read';
    return 'none';
  }

  isTrustedWriter(origin: string): boolean {
    return this.credentialed.has(origin);
  }
}

export function corsMiddleware(policy: CorsPolicy) {
  return cors((req, callback) => {
    const origin = req.headers.origin;
    const grant = policy.grantFor(origin);
    if (grant === 'none') {
      callback(null, { origin: false });
      return;
    }
    callback(null, { ...(grant === 'credentialed' ? CREDENTIALED : PUBLIC_READ), origin });
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Server-to-server callbacks carry no browser Origin worth checking and prove themselves otherwise. */
const ORIGIN_EXEMPT_PATHS = ['/api/integrations/', '/api/payments/webhook'];

/** The origin a write claims: Origin, or when a browser leaves it out, the origin of its Referer. */
function claimedOrigin(req: Request): string | undefined {
  const origin = req.get('origin');
  if (origin !== undefined) return origin;
  const referer = req.get('referer');
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/**
 * A browser always sends Origin (or at least Referer) on cross-site writes. Refusing any write from
 * neither our own host nor a credentialed origin stops cross-site request forgery (SES-14, TST-13).
 */
export function originGuard(policy: CorsPolicy) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const origin = claimedOrigin(req);
    const path = req.originalUrl.split('?')[0] ?? '';
    if (
      origin === undefined ||
      SAFE_METHODS.has(req.method) ||
      ORIGIN_EXEMPT_PATHS.some((prefix) => path.startsWith(prefix))
    ) {
      next();
      return;
    }
    const ownOrigin = `${req.protocol}://${req.get('host') ?? ''}`;
    if (origin === ownOrigin || policy.isTrustedWriter(origin)) {
      next();
      return;
    }
    next(forbidden('Requests from this origin are not allowed'));
  };
}
