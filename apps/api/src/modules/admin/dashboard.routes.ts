import express, { type Router } from 'express';
import { activityQuery } from '@tafuta/contracts';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { Database } from '../../db/schema.js';
import { requireStaff } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import type { Logger } from '../../http/logger.js';
import { parseInput } from '../../http/validate.js';
import { activityFeed, dashboard } from './dashboard.service.js';

export interface AdminDashboardDeps {
  db: Kysely<Database>;
  logger: Logger;
  pool?: pg.Pool | undefined;
  metricsRegistry?: Registry | undefined;
  startedAt: number;
}

/** Dashboard home (ADM-053..056): cards + alerts, and the recent-activity feed polled every 30 s. */
export function adminDashboardRouter(deps: AdminDashboardDeps): Router {
  const router = express.Router();

  router.get('/admin/dashboard', requireStaff('staff.dashboard.view', deps), async (_req, res) => {
    sendData(
      res,
      await dashboard({
        db: deps.db,
        pool: deps.pool,
        registry: deps.metricsRegistry,
        startedAt: deps.startedAt,
      }),
    );
  });

  router.get('/admin/activity', requireStaff('staff.dashboard.view', deps), async (req, res) => {
    const { limit } = parseInput(activityQuery, req.query);
    sendData(res, await activityFeed(deps.db, limit));
  });

  return router;
}
