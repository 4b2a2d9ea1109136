import express, { type Request, type Router } from 'express';
import { adminUsersQuery } from '@tafuta/contracts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { requireStaff } from '../../http/auth-context.js';
import { paginate, sendData } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { parseInput } from '../../http/validate.js';
import { adminActor } from './staff-actor.js';
import { exportUsers, whenCsv } from './staff-list-exports.js';
import { exportFileName, exportUserData } from './users.export.js';
import { searchUsers, userDetail } from './users.repo.js';

function userIdParam(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'No such user');
  return parsed.data;
}

/**
 * The user list, detail and data export (ADM-200/201/208, EP-ADM-20/21). The actions on a user live in
 * modules/users (suspend, reinstate, unlock, tier, delete, two-step phone change).
 */
export function adminUsersRouter(deps: {
  db: Kysely<Database>;
  logger: Logger;
  phoneTestPrefixes: readonly string[];
}): Router {
  const router = express.Router();
  const view = requireStaff('staff.users.view', deps);

  router.get('/admin/users', view, whenCsv('staff.users.export', deps), async (req, res) => {
    const query = parseInput(adminUsersQuery, req.query);
    if (query.format === 'csv') return exportUsers(deps, req, res, query);
    const { rows, total } = await searchUsers(deps.db, query, deps.phoneTestPrefixes);
    sendData(res, rows, { pagination: paginate(query.page, query.limit, total) });
  });

  router.get('/admin/users/:id', view, async (req, res) => {
    sendData(res, await userDetail(deps.db, userIdParam(req)));
  });

  router.get('/admin/users/:id/data-export', requireStaff('staff.users.export', deps), async (req, res) => {
    const userId = userIdParam(req);
    const data = await exportUserData(deps.db, adminActor(req, res), userId);
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(userId, new Date())}"`);
    sendData(res, data);
  });

  return router;
}
