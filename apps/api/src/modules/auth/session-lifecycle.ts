import type { Request, Response } from 'express';
import type { Store } from 'express-session';
import type { Kysely } from 'kysely';
import type { Database, SessionScope } from '../../db/schema.js';
import { authOf, clearSessionCookie, destroyStoreSession } from '../../http/auth-context.js';
import type { Logger } from '../../http/logger.js';
import { clientIp } from '../../http/rate-limit/limiter.js';
import { SESSION_LIFETIMES } from '../../http/session.js';
import { insertSession, revokeSession, revokeSessionsOverCap, revokeUserSessions } from './sessions.repo.js';

/** What the HTTP layer needs to open and close sessions; the store copy follows the user_sessions row. */
export interface SessionDeps {
  db: Kysely<Database>;
  store: Store;
  logger: Logger;
  secureCookie: boolean;
}

export interface OpenedSession {
  sessionId: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

function promisify(run: (done: (error?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    run((error) =>
      error ? reject(error instanceof Error ? error : new Error('Session store failure')) : resolve(),
    );
  });
}

/** Drops the store copies of revoked sessions; the revoked rows already refuse them. */
export function forgetStoreSessions(deps: SessionDeps, sessionIds: string[]): void {
  for (const sid of sessionIds) {
    deps.store.destroy(sid, (error?: unknown) => {
      if (error) deps.logger.warn('Could not drop a revoked session from the store', { err: error });
    });
  }
}

/**
 * LGN-06 and SES-08: every sign-in gets a new session id (the old one, if any, is revoked), the cookie
 * lives as long as the idle timeout, and an 11th live session pushes out the least recently used.
 */
export async function openSession(
  req: Request,
  res: Response,
  deps: SessionDeps,
  input: { userId: string; scope: SessionScope },
): Promise<OpenedSession> {
  const previous = authOf(res);
  if (previous) await revokeSession(deps.db, previous.sessionId, 'replaced_by_sign_in');
  await promisify((done) => req.session.regenerate(done));

  const lifetime = SESSION_LIFETIMES[input.scope];
  const now = Date.now();
  const expiresAt = new Date(now + lifetime.idleMs);
  const absoluteExpiresAt = new Date(now + lifetime.absoluteMs);
  req.session.userId = input.userId;
  req.session.scope = input.scope;
  req.session.cookie.maxAge = lifetime.idleMs;

  await insertSession(deps.db, {
    sessionId: req.sessionID,
    userId: input.userId,
    scope: input.scope,
    expiresAt,
    absoluteExpiresAt,
    ip: clientIp(req),
    userAgent: req.get('user-agent') ?? null,
  });
  forgetStoreSessions(deps, await revokeSessionsOverCap(deps.db, input.userId));
  await promisify((done) => req.session.save(done));
  return { sessionId: req.sessionID, expiresAt, absoluteExpiresAt };
}

/** EP-AUTH-05: this session only; harmless without one. */
export async function closeCurrentSession(
  req: Request,
  res: Response,
  deps: SessionDeps,
): Promise<string | null> {
  const auth = authOf(res);
  if (auth) await revokeSession(deps.db, auth.sessionId, 'logout');
  await destroyStoreSession(req);
  clearSessionCookie(res, deps.secureCookie);
  return auth?.sessionId ?? null;
}

/** SES-08: revoke all (or all but one, or all staff) sessions of a user, store copies included. */
export async function revokeAllSessions(
  deps: Pick<SessionDeps, 'db' | 'store' | 'logger'>,
  userId: string,
  reason: string,
  options: { except?: string; scope?: SessionScope } = {},
): Promise<number> {
  const revoked = await revokeUserSessions(deps.db, userId, reason, options);
  forgetStoreSessions({ ...deps, secureCookie: false }, revoked);
  return revoked.length;
}
