import express, { type Request, type RequestHandler, type Router } from 'express';
import {
  passwordLoginBody,
  passwordUpdateBody,
  phoneBody,
  registerBody,
  staffForgotPasswordBody,
  staffLoginBody,
  staffResetPasswordBody,
  verifyOtpBody,
} from '@tafuta/contracts';
import { authOf, requireSession } from '../../http/auth-context.js';
import { isoSeconds, sendData } from '../../http/envelope.js';
import type { Logger } from '../../http/logger.js';
import { RATE_LIMIT_CLASSES } from '../../http/rate-limit/classes.js';
import { clientIp, createRateLimiter } from '../../http/rate-limit/limiter.js';
import type { RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import { parseInput } from '../../http/validate.js';
import { normaliseKenyanMobile } from '../../lib/phone.js';
import { profileView, signInReply } from '../users/profile.js';
import { sessionRef, writeAuthLog, type ClientInfo } from './auth-log.js';
import {
  logSignIn,
  register,
  requestCode,
  resetPasswordWithCode,
  verifyLoginCode,
  verifyPasswordSignIn,
  type AuthDeps,
} from './auth.service.js';
import type { IssuedOtp } from './otp.service.js';
import {
  closeCurrentSession,
  openSession,
  revokeAllSessions,
  type SessionDeps,
} from './session-lifecycle.js';
import { verifyStaffSignIn } from './staff-auth.service.js';
import { requestStaffPasswordReset, resetStaffPassword } from './staff-password.service.js';

export interface AuthRouteDeps {
  auth: AuthDeps;
  /** For links in emails (staff password reset). */
  appUrl: string;
  sessions: SessionDeps;
  logger: Logger;
  rateLimitStores: RateLimitStoreFactory;
}

export const clientInfo = (req: Request): ClientInfo => ({
  ip: req.ip ?? null,
  userAgent: req.get('user-agent') ?? null,
});

function otpReply(issued: IssuedOtp) {
  return {
    otp_sent: issued.otpSent,
    otp_expires_at: isoSeconds(issued.otpExpiresAt),
    resend_available_at: isoSeconds(issued.resendAvailableAt),
  };
}

export function authRouter(deps: AuthRouteDeps): Router {
  const router = express.Router();
  const { db } = deps.auth;
  const limit = (
    limitClass: (typeof RATE_LIMIT_CLASSES)[keyof typeof RATE_LIMIT_CLASSES],
    key: (req: Request) => string | undefined,
    skipFailedRequests = false,
  ): RequestHandler =>
    createRateLimiter(limitClass, {
      stores: deps.rateLimitStores,
      logger: deps.logger,
      key,
      skipFailedRequests,
    });
  const phoneKey = (req: Request) => {
    const phone = (req.body as { phone?: unknown } | undefined)?.phone;
    return typeof phone === 'string'
      ? (normaliseKenyanMobile(phone, { testPrefixes: deps.auth.phoneTestPrefixes }) ?? undefined)
      : undefined;
  };
  // RL-01: the cheap shared counters run first and fail closed; the OTP table holds the exact rolling windows.
  const otpSendLimits = [
    limit(RATE_LIMIT_CLASSES.otpSendPerIpHour, clientIp, true),
    limit(RATE_LIMIT_CLASSES.otpSendCooldownPerPhone, phoneKey, true),
  ];
  const codeCheckLimit = limit(RATE_LIMIT_CLASSES.codeChecksPerPhone, phoneKey);

  const signIn = async (
    req: Request,
    res: express.Response,
    input: { userId: string; method: 'otp_sms' | 'password' | 'password_reset'; phone: string | null },
  ) => {
    const session = await openSession(req, res, deps.sessions, { userId: input.userId, scope: 'user' });
    await logSignIn(deps.auth, {
      ...input,
      sessionId: session.sessionId,
      scope: 'user',
      client: clientInfo(req),
    });
    return profileView(db, input.userId, { staffRole: null, ...session });
  };

  router.post('/auth/register', ...otpSendLimits, async (req, res) => {
    const body = parseInput(registerBody, req.body);
    const registered = await register(deps.auth, body, clientInfo(req));
    sendData(
      res,
      { user_id: registered.userId, phone: registered.phone, ...otpReply(registered.otp) },
      { status: 201 },
    );
  });

  router.post('/auth/request-otp', ...otpSendLimits, async (req, res) => {
    const body = parseInput(phoneBody, req.body);
    sendData(res, otpReply(await requestCode(deps.auth, body.phone, 'login', clientInfo(req))));
  });

  router.post('/auth/password/reset', ...otpSendLimits, async (req, res) => {
    const body = parseInput(phoneBody, req.body);
    sendData(res, otpReply(await requestCode(deps.auth, body.phone, 'password_reset', clientInfo(req))));
  });

  router.post('/auth/verify-otp', codeCheckLimit, async (req, res) => {
    const body = parseInput(verifyOtpBody, req.body);
    const verified = await verifyLoginCode(deps.auth, body, clientInfo(req));
    const profile = await signIn(req, res, {
      userId: verified.userId,
      method: 'otp_sms',
      phone: verified.phone,
    });
    sendData(res, signInReply(profile));
  });

  router.post(
    '/auth/login/password',
    limit(RATE_LIMIT_CLASSES.passwordSignInPerPhone, phoneKey),
    async (req, res) => {
      const body = parseInput(passwordLoginBody, req.body);
      const verified = await verifyPasswordSignIn(deps.auth, body, clientInfo(req));
      const profile = await signIn(req, res, {
        userId: verified.userId,
        method: 'password',
        phone: phoneKey(req) ?? null,
      });
      sendData(res, signInReply(profile));
    },
  );

  router.post('/auth/password/update', codeCheckLimit, async (req, res) => {
    const body = parseInput(passwordUpdateBody, req.body);
    const client = clientInfo(req);
    const result = await resetPasswordWithCode(
      deps.auth,
      { phone: body.phone, code: body.code, newPassword: body.new_password },
      client,
    );
    // PWD-04: every session ends, then this device gets a fresh one.
    const revoked = await revokeAllSessions(deps.sessions, result.userId, result.event);
    const profile = await signIn(req, res, {
      userId: result.userId,
      method: 'password_reset',
      phone: phoneKey(req) ?? null,
    });
    await writeAuthLog(db, deps.logger, {
      eventType: result.event,
      userId: result.userId,
      phone: profile.phone,
      client,
      metadata: { sessions_revoked: revoked },
    });
    sendData(res, { user: profile, session: profile.session });
  });

  router.post('/auth/logout', async (req, res) => {
    const auth = authOf(res);
    const sessionId = await closeCurrentSession(req, res, deps.sessions);
    if (auth && sessionId) {
      await writeAuthLog(db, deps.logger, {
        eventType: 'logout',
        channel: auth.scope === 'admin' ? 'admin' : 'public',
        userId: auth.userId,
        client: clientInfo(req),
        metadata: { session_id: sessionRef(sessionId) },
      });
    }
    sendData(res, { signed_out: true });
  });

  router.post('/auth/logout-all', requireSession(), async (req, res) => {
    const auth = authOf(res)!;
    const revoked = await revokeAllSessions(deps.sessions, auth.userId, 'logout_all');
    await closeCurrentSession(req, res, deps.sessions);
    await db.transaction().execute(async (trx) => {
      await deps.auth.notifier.enqueue(trx, { userId: auth.userId, templateKey: 'logout_all' });
    });
    deps.auth.notifier.nudge();
    await writeAuthLog(db, deps.logger, {
      eventType: 'logout_all',
      userId: auth.userId,
      client: clientInfo(req),
      metadata: { sessions_revoked: revoked },
    });
    sendData(res, { sessions_revoked: revoked });
  });

  const staffPassword = {
    db,
    logger: deps.logger,
    notifier: deps.auth.notifier,
    sessions: deps.sessions,
    appUrl: deps.appUrl,
  };
  const staffEmailKey = (req: Request) => {
    const email = (req.body as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : undefined;
  };
  router.post(
    '/admin/auth/login',
    limit(RATE_LIMIT_CLASSES.staffSignInPerIp, clientIp),
    limit(RATE_LIMIT_CLASSES.staffSignInPerEmail, staffEmailKey),
    async (req, res) => {
      const body = parseInput(staffLoginBody, req.body);
      const client = clientInfo(req);
      const staff = await verifyStaffSignIn(deps.auth, body, client);
      const session = await openSession(req, res, deps.sessions, { userId: staff.userId, scope: 'admin' });
      await logSignIn(deps.auth, {
        userId: staff.userId,
        method: 'staff_password',
        sessionId: session.sessionId,
        scope: 'admin',
        client,
        email: staff.email,
      });
      const profile = await profileView(db, staff.userId, { staffRole: staff.role, ...session });
      sendData(res, { user: profile, staff_role: staff.role, session: profile.session });
    },
  );

  router.post(
    '/admin/auth/password/forgot',
    limit(RATE_LIMIT_CLASSES.staffSignInPerIp, clientIp),
    limit(RATE_LIMIT_CLASSES.staffSignInPerEmail, staffEmailKey),
    async (req, res) => {
      const body = parseInput(staffForgotPasswordBody, req.body);
      await requestStaffPasswordReset(staffPassword, body.email, clientInfo(req));
      // The same answer whether or not the address is staff (ADM-037).
      sendData(res, { email_sent_if_staff: true });
    },
  );

  router.post(
    '/admin/auth/password/reset',
    limit(RATE_LIMIT_CLASSES.staffSignInPerIp, clientIp),
    async (req, res) => {
      const body = parseInput(staffResetPasswordBody, req.body);
      await resetStaffPassword(
        staffPassword,
        { token: body.token, newPassword: body.new_password },
        clientInfo(req),
      );
      sendData(res, { password_set: true }, { message: 'Password changed; sign in with it now' });
    },
  );

  return router;
}
