import express, { type Router } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireStaff } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import type { Logger } from '../../http/logger.js';
import { systemConfigView } from './config.service.js';

/** System › Configuration (ADM-455): read-only, super admin only; secrets never live in this table. */
export function systemConfigRouter(deps: { db: Kysely<Database>; logger: Logger }): Router {
  const router = express.Router();
  router.get('/admin/system/config', requireStaff('staff.system.view_config', deps), async (_req, res) => {
    sendData(res, await systemConfigView(deps.db));
  });
  return router;
}
