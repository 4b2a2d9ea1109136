import express, { type Router } from 'express';
import type { SessionDeps } from '../auth/session-lifecycle.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { adminBusinessesRouter } from './businesses.routes.js';
import { systemConfigRouter } from './config.routes.js';
import { feesRouter } from './fees.routes.js';
import { staffAccountsRouter } from './staff-accounts.routes.js';
import { adminUsersRouter } from './users.routes.js';

/**
 * The management part of the back office (admin.md §2.2, §5, §6, §11): staff accounts, business and user
 * lists and details, the configuration view and the fee schedule. app.ts mounts it after the approvals
 * router, whose `/admin/businesses/pending` must win over `/admin/businesses/:id`.
 */
export function staffManagementRouter(deps: {
  directory: DirectoryDeps;
  sessions: Pick<SessionDeps, 'db' | 'store' | 'logger'>;
}): Router {
  const { directory } = deps;
  const router = express.Router();
  router.use(
    staffAccountsRouter({
      db: directory.db,
      logger: directory.logger,
      notifier: directory.notifier,
      sessions: deps.sessions,
      appUrl: directory.appUrl,
      phoneTestPrefixes: directory.phoneTestPrefixes,
    }),
  );
  router.use(adminBusinessesRouter(directory));
  router.use(adminUsersRouter(directory));
  router.use(systemConfigRouter(directory));
  router.use(feesRouter(directory));
  return router;
}
