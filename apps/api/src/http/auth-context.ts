import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { UserStatus } from '@tafuta/contracts';
import type { Database, SessionScope, StaffRoleName } from '../db/schema.js';
import { writeAudit } from '../lib/audit.js';
import { can, type StaffAction } from '../modules/auth/permissions.js';
import { findSession, slideSession } from '../modules/auth/sessions.repo.js';
import { consentState } from '../modules/terms/terms.repo.js';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';
import { clientIp } from './rate-limit/limiter.js';
import { SESSION_COOKIE, SESSION_LIFETIMES } from './session.js';

/** SES-05: the session slides only when the cookie is older than this. */
export const SLIDE_AFTER_MS = 5 * 60_000;

export interface AuthContext {
  sessionId: string;
  userId: string;
  scope: SessionScope;
  status: UserStatus;
  /** Set only in a staff session of an active staff account (LGN-05, ADM-004). */
  staffRole: StaffRoleName | null;
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

interface Locals {
  auth?: AuthContext;
  userId?: string;
  sessionExpired?: boolean;
  /** requireStaff already wrote this refusal's `access_denied` row (modules/admin/staff-refusals.ts). */
  staffRefusalRecorded?: boolean;
}

export const authOf = (res: Response): AuthContext | undefined => (res.locals as Locals).auth;
export const staffRefusalRecorded = (res: Response): boolean =>
  (res.locals as Locals).staffRefusalRecorded === true;

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure, sameSite: 'strict' });
}

export function destroyStoreSession(req: Request): Promise<void> {
  return new Promise((resolve) => {
    // A store that is down must not turn a sign-out into an error: the user_sessions row is the authority.
    req.session.destroy(() => resolve());
  });
}

/**
 * SES-01: reads the session on every request and checks it against `user_sessions` and the user's current
 * status and staff role; nothing is trusted from the cookie beyond the session id.
 */
export function authContext(deps: { db: Kysely<Database>; secureCookie: boolean }): RequestHandler {
  return async (req, res, next) => {
    const locals = res.locals as Locals;
    const stored = req.session as
      (typeof req.session & { userId?: string; scope?: SessionScope }) | undefined;
    const cookieSent = (req.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`);
    if (!stored?.userId) {
      if (cookieSent) {
        // SES-07: the store's copy has lapsed (or never was); the stale cookie is cleared as well.
        locals.sessionExpired = true;
        clearSessionCookie(res, deps.secureCookie);
      }
      next();
      return;
    }
    const row = await findSession(deps.db, req.sessionID);
    const now = new Date();
    const usable =
      row !== undefined &&
      row.revoked_at === null &&
      row.user_id === stored.userId &&
      row.expires_at > now &&
      row.absolute_expires_at > now &&
      (row.status === 'active' || row.status === 'deactivated');
    if (!usable) {
      locals.sessionExpired = true;
      await destroyStoreSession(req);
      clearSessionCookie(res, deps.secureCookie);
      next();
      return;
    }

    let expiresAt = row.expires_at;
    const background = req.get('x-background-request') === '1';
    if (!background && now.getTime() - row.issued_at.getTime() >= SLIDE_AFTER_MS) {
      const idle = SESSION_LIFETIMES[row.scope].idleMs;
      expiresAt = new Date(Math.min(now.getTime() + idle, row.absolute_expires_at.getTime()));
      await slideSession(deps.db, row.session_id, expiresAt, now);
      // SES-11: last activity is written on the same 5-minute cadence.
      await deps.db
        .updateTable('users')
        .set({ last_active_at: now })
        .where('user_id', '=', row.user_id)
        .execute();
      req.session.cookie.maxAge = expiresAt.getTime() - now.getTime();
      req.session.touch();
      (req.session as unknown as { slidAt: number }).slidAt = now.getTime();
    }

    locals.auth = {
      sessionId: row.session_id,
      userId: row.user_id,
      scope: row.scope,
      status: row.status,
      staffRole: row.scope === 'admin' && row.staff_active ? row.staff_role : null,
      expiresAt,
      absoluteExpiresAt: row.absolute_expires_at,
    };
    locals.userId = row.user_id;
    next();
  };
}

function missingSession(res: Response): AppError {
  return (res.locals as Locals).sessionExpired
    ? new AppError('SESSION_EXPIRED', 'Your session has ended; sign in again')
    : new AppError('UNAUTHORIZED', 'Sign in to continue');
}

/** "Session" in the endpoint tables: any valid session, restricted ones included (SES-13). */
export function requireSession(): RequestHandler {
  return (_req, res, next) => {
    next(authOf(res) ? undefined : missingSession(res));
  };
}

/** "User": an unrestricted session (active account, current terms accepted). */
export function requireUser(db: Kysely<Database>): RequestHandler {
  return async (_req: Request, res: Response, next: NextFunction) => {
    const auth = authOf(res);
    if (!auth) return next(missingSession(res));
    if (auth.status === 'deactivated') {
      return next(new AppError('ACCOUNT_DEACTIVATED', 'Reactivate your account to continue'));
    }
    const missing = (await consentState(db, auth.userId)).filter((document) => !document.accepted);
    if (missing.length > 0) {
      return next(
        new AppError('CONSENT_REQUIRED', 'Accept the current terms to continue', {
          details: missing.map((document) => ({
            field: document.document_type === 'terms_of_service' ? 'terms_version' : 'privacy_version',
            code: 'required' as const,
          })),
          extra: {
            required_versions: Object.fromEntries(
              missing.map((document) => [document.document_type, document.version_number]),
            ),
          },
        }),
      );
    }
    next();
  };
}

/**
 * "User or Support+": a member in an unrestricted user session, or staff in a staff session (whose terms
 * consent is not asked, as on every staff page). Which of them may act is the business's own check
 * (modules/businesses/access.ts).
 */
export function requireMemberOrStaff(db: Kysely<Database>): RequestHandler {
  const asUser = requireUser(db);
  return async (req, res, next) => {
    const auth = authOf(res);
    if (auth && auth.scope === 'admin' && auth.staffRole !== null) {
      // SES-13: a person who deactivated their own account uses none of its powers until they reactivate.
      next(
        auth.status === 'deactivated'
          ? new AppError('ACCOUNT_DEACTIVATED', 'Reactivate your account to continue')
          : undefined,
      );
      return;
    }
    await asUser(req, res, next);
  };
}

/**
 * Staff endpoints (EP-00, §15.7): a staff session, then the action's row of ADM-003. Refusals are
 * written to the audit log as `access_denied` (ADM-006).
 */
export function requireStaff(
  action: StaffAction,
  deps: { db: Kysely<Database>; logger: Logger },
): RequestHandler {
  return async (req, res, next) => {
    const auth = authOf(res);
    if (!auth || auth.scope !== 'admin' || auth.staffRole === null) {
      if (!auth && (res.locals as Locals).sessionExpired) return next(missingSession(res));
      return next(new AppError('ADMIN_SESSION_REQUIRED', 'Sign in on the staff login page'));
    }
    // SES-13: a person who deactivated their own account uses none of its powers until they reactivate.
    if (auth.status === 'deactivated') {
      return next(new AppError('ACCOUNT_DEACTIVATED', 'Reactivate your account to continue'));
    }
    if (can({ userId: auth.userId, staffRole: auth.staffRole }, action)) return next();
    deps.logger.warn('Staff action refused', { action, staff_role: auth.staffRole, user_id: auth.userId });
    await writeAudit(deps.db, deps.logger, {
      actorId: auth.userId,
      actorRole: auth.staffRole,
      action: 'access_denied',
      entityType: 'admin_user',
      entityId: typeof req.params.id === 'string' ? req.params.id : null,
      newValue: { method: req.method, path: req.originalUrl.split('?')[0], action },
      ip: clientIp(req),
      requestId: req.id,
    });
    (res.locals as Locals).staffRefusalRecorded = true;
    next(new AppError('FORBIDDEN', 'Your staff role does not allow this'));
  };
}
