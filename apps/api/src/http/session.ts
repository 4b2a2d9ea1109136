import connectPgSimple from 'connect-pg-simple';
import { RedisStore } from 'connect-redis';
import type { Request, RequestHandler, Response } from 'express';
import session, { type Store } from 'express-session';
import type pg from 'pg';
import type { SessionScope } from '../db/schema.js';

/**
 * Server-side sessions (ARCHITECTURE.md, ERRATA 6): one cookie, `tafuta_session`, holding express-session's
 * signed id. The store keeps the session data; the `user_sessions` row beside it is the authority on
 * expiry and revocation (see modules/auth/sessions.repo.ts).
 */

export const SESSION_COOKIE = 'tafuta_session';

/** SES-04. */
export const SESSION_LIFETIMES: Record<SessionScope, { idleMs: number; absoluteMs: number }> = {
  user: { idleMs: 60 * 60_000, absoluteMs: 24 * 60 * 60_000 },
  admin: { idleMs: 30 * 60_000, absoluteMs: 8 * 60 * 60_000 },
};

declare module 'express-session' {
  interface SessionData {
    userId: string;
    scope: SessionScope;
  }
}

export function postgresSessionStore(pool: pg.Pool, onError: (error: unknown) => void): Store {
  const PgStore = connectPgSimple(session);
  return new PgStore({
    pool,
    tableName: 'session',
    createTableIfMissing: false,
    // Expired rows are pruned by the session-cleanup job, not by a timer in every process.
    pruneSessionInterval: false,
    errorLog: onError,
  });
}

/** Several app servers share sessions through Redis when REDIS_URL is set. */
export function redisSessionStore(client: unknown): Store {
  return new RedisStore({ client, prefix: 'tafuta:sess:' });
}

export interface SessionOptions {
  store: Store;
  /** Newest first: express-session signs with the first and accepts all (rotation). */
  secrets: string[];
  /** SES-03: Secure on every deployment served over HTTPS. */
  secure: boolean;
}

/**
 * SES-03 names Max-Age (time left until the idle expiry). express-session writes only Expires, which a
 * phone whose clock is wrong misreads, so the same lifetime is added as Max-Age to every session cookie
 * this response sets, cleared ones included (Max-Age=0).
 */
function addMaxAge(cookie: string): string {
  if (!cookie.startsWith(`${SESSION_COOKIE}=`) || /;\s*max-age=/i.test(cookie)) return cookie;
  const expires = /;\s*expires=([^;]+)/i.exec(cookie)?.[1];
  if (!expires) return cookie;
  const seconds = Math.max(0, Math.round((Date.parse(expires) - Date.now()) / 1000));
  return Number.isNaN(seconds) ? cookie : `${cookie}; Max-Age=${seconds}`;
}

function sessionCookiesWithMaxAge(res: Response): void {
  const setHeader = res.setHeader.bind(res);
  res.setHeader = (name: string, value: number | string | readonly string[]) => {
    if (name.toLowerCase() === 'set-cookie') {
      value =
        typeof value === 'string' ? addMaxAge(value) : Array.isArray(value) ? value.map(addMaxAge) : value;
    }
    return setHeader(name, value);
  };
}

function hasSessionCookie(req: Request): boolean {
  return (req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`);
}

export function sessionMiddleware(options: SessionOptions): RequestHandler {
  const handler = session({
    name: SESSION_COOKIE,
    secret: options.secrets,
    store: options.store,
    resave: false,
    saveUninitialized: false,
    // Sliding is ours (SES-05: only after 5 minutes and never for background polling).
    rolling: false,
    unset: 'destroy',
    cookie: {
      httpOnly: true,
      secure: options.secure,
      sameSite: 'strict',
      path: '/',
      // No Domain: host-only, never sent to business subdomains (SES-03).
    },
  });
  return (req, res, next) => {
    // A read without the cookie can neither use a session nor start one (sign-in is a POST), so it skips
    // express-session, which would otherwise make and sign a throw-away session for every visitor.
    if ((req.method === 'GET' || req.method === 'HEAD') && !hasSessionCookie(req)) {
      next();
      return;
    }
    sessionCookiesWithMaxAge(res);
    handler(req, res, next);
  };
}
