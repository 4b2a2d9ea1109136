import express, { type Router } from 'express';
import { z } from 'zod';
import {
  consentBody,
  deactivateBody,
  notificationsReadBody,
  passwordChangeBody,
  preferencesBody,
  profileUpdateBody,
  unsubscribeBody,
} from '@tafuta/contracts';
import { authOf, requireSession, requireUser } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { isoSeconds, paginate, sendData } from '../../http/envelope.js';
import { RATE_LIMIT_CLASSES } from '../../http/rate-limit/classes.js';
import { clientIp, createRateLimiter } from '../../http/rate-limit/limiter.js';
import type { RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import { parseInput } from '../../http/validate.js';
import { clientInfo } from '../auth/auth.routes.js';
import { closeCurrentSession, revokeAllSessions, type SessionDeps } from '../auth/session-lifecycle.js';
import { writeAuthLog } from '../auth/auth-log.js';
import { listNotifications, markNotificationsRead } from '../notifications/in-app.js';
import { profileView } from './profile.js';
import { readUnsubscribeToken } from './unsubscribe-token.js';
import {
  acceptCurrentTerms,
  changePassword,
  changeStatus,
  setMarketingChoice,
  updatePreferences,
  updateProfile,
  type UsersDeps,
} from './users.service.js';

export interface UsersRouteDeps extends UsersDeps {
  sessions: SessionDeps;
  rateLimitStores: RateLimitStoreFactory;
  linkSigningSecrets: string[];
}

const notificationsQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  unread_only: z.enum(['true', 'false']).optional(),
});

export function usersRouter(deps: UsersRouteDeps): Router {
  const router = express.Router();
  const { db } = deps;
  const user = requireUser(db);
  const me = async (res: express.Response) => {
    const auth = authOf(res)!;
    return profileView(db, auth.userId, auth);
  };

  router.get('/users/me', requireSession(), async (_req, res) => {
    sendData(res, await me(res));
  });

  router.patch('/users/me', user, async (req, res) => {
    const body = parseInput(profileUpdateBody, req.body);
    await updateProfile(deps, authOf(res)!.userId, body, clientInfo(req));
    sendData(res, await me(res), { message: 'Profile updated' });
  });

  router.patch('/users/me/password', user, async (req, res) => {
    const body = parseInput(passwordChangeBody, req.body);
    const auth = authOf(res)!;
    const client = clientInfo(req);
    await changePassword(deps, {
      userId: auth.userId,
      currentPassword: body.current_password,
      newPassword: body.new_password,
      client,
    });
    const revoked = await revokeAllSessions(deps.sessions, auth.userId, 'password_changed', {
      except: auth.sessionId,
    });
    await writeAuthLog(db, deps.logger, {
      eventType: 'password_changed',
      userId: auth.userId,
      client,
      metadata: { sessions_revoked: revoked },
    });
    sendData(res, { sessions_revoked: revoked }, { message: 'Password changed' });
  });

  router.patch('/users/me/preferences', user, async (req, res) => {
    const body = parseInput(preferencesBody, req.body);
    await updatePreferences(deps, authOf(res)!.userId, body, clientInfo(req));
    sendData(res, (await me(res)).preferences);
  });

  router.post('/users/me/consent', requireSession(), async (req, res) => {
    const body = parseInput(consentBody, req.body);
    const accepted = await acceptCurrentTerms(deps, authOf(res)!.userId, body, clientInfo(req));
    sendData(res, { ...accepted, consented_at: isoSeconds(accepted.consented_at) });
  });

  router.post('/users/me/deactivate', requireSession(), async (req, res) => {
    const body = parseInput(deactivateBody, req.body ?? {});
    const auth = authOf(res)!;
    await changeStatus(deps, {
      userId: auth.userId,
      from: ['active'],
      to: 'deactivated',
      reason: body.reason ?? null,
      by: 'self',
      client: clientInfo(req),
    });
    // ACC-01 / USR-08: every session ends, this one included.
    await revokeAllSessions(deps.sessions, auth.userId, 'deactivated');
    await closeCurrentSession(req, res, deps.sessions);
    sendData(res, { status: 'deactivated' });
  });

  router.post('/users/me/reactivate', requireSession(), async (req, res) => {
    const auth = authOf(res)!;
    await changeStatus(deps, {
      userId: auth.userId,
      from: ['deactivated'],
      to: 'active',
      reason: null,
      by: 'self',
      client: clientInfo(req),
    });
    sendData(res, { status: 'active' });
  });

  router.get('/users/me/notifications', user, async (req, res) => {
    const query = parseInput(notificationsQuery, req.query);
    const result = await listNotifications(db, authOf(res)!.userId, {
      page: query.page,
      limit: query.limit,
      unreadOnly: query.unread_only === 'true',
    });
    res.status(200).json({
      success: true,
      data: result.items,
      unread_count: result.unreadCount,
      pagination: paginate(query.page, query.limit, result.total),
      timestamp: isoSeconds(new Date()),
    });
  });

  router.post('/users/me/notifications/read', user, async (req, res) => {
    const body = parseInput(notificationsReadBody, req.body);
    const unreadCount = await markNotificationsRead(
      db,
      authOf(res)!.userId,
      'all' in body ? 'all' : body.ids,
    );
    sendData(res, { unread_count: unreadCount });
  });

  // EP-ME-13 and ERRATA 24: also the target of List-Unsubscribe one-click posts (token in the query).
  router.post(
    '/preferences/unsubscribe',
    createRateLimiter(RATE_LIMIT_CLASSES.unsubscribePerIp, {
      stores: deps.rateLimitStores,
      logger: deps.logger,
      key: clientIp,
    }),
    async (req, res) => {
      const fromQuery = typeof req.query.token === 'string' ? { token: req.query.token } : undefined;
      const body = parseInput(unsubscribeBody, fromQuery ?? req.body);
      const target = readUnsubscribeToken(deps.linkSigningSecrets, body.token);
      if (!target) throw new AppError('NOT_FOUND', 'This unsubscribe link is not valid');
      const exists = await db
        .selectFrom('users')
        .select('user_id')
        .where('user_id', '=', target.userId)
        .executeTakeFirst();
      if (!exists) throw new AppError('NOT_FOUND', 'This unsubscribe link is not valid');
      await setMarketingChoice(db, {
        userId: target.userId,
        channel: target.channel,
        optedIn: false,
        source: 'unsubscribe_link',
        ip: req.ip ?? null,
      });
      sendData(res, { channel: target.channel, opted_in: false });
    },
  );

  return router;
}
