import express, { type Router } from 'express';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import {
  analyticsExportQuery,
  analyticsQuery,
  healthMetricsQuery,
  type AnalyticsReport,
} from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { requireStaff } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import type { Logger } from '../../http/logger.js';
import { createRateLimiter, staffSessionKey } from '../../http/rate-limit/limiter.js';
import type { RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import { parseInput } from '../../http/validate.js';
import { analyticsReport } from './analytics.service.js';
import type { CsvCell } from './csv.js';
import { streamCsvExport } from './export-stream.js';
import { platformHealth } from './platform-health.js';
import { STAFF_EXPORT_CLASS, staffActorOf } from './staff-request.js';
import { resolveDayRange } from './time-range.js';

export interface AdminAnalyticsDeps {
  db: Kysely<Database>;
  logger: Logger;
  rateLimitStores: RateLimitStoreFactory;
  pool?: pg.Pool | undefined;
  /** The app's prom-client registry (http/metrics.ts), for latency and error rate. */
  metricsRegistry?: Registry | undefined;
  startedAt: number;
}

/** ADM-604: one CSV, one section per metric: `section,metric,key,value` rows. */
export function analyticsCsvRows(report: AnalyticsReport): CsvCell[][] {
  const rows: CsvCell[][] = [];
  const walk = (section: string, path: string, value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const record = item as Record<string, unknown>;
        const label = record.period ?? record.month ?? record.key ?? record.service_type;
        const key = typeof label === 'string' ? label : String(index);
        for (const [field, inner] of Object.entries(record)) {
          if (['period', 'month', 'key', 'service_type'].includes(field)) continue;
          rows.push([section, path ? `${path}.${field}` : field, key, inner as CsvCell]);
        }
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [field, inner] of Object.entries(value))
        walk(section, path ? `${path}.${field}` : field, inner);
    } else {
      rows.push([section, path, '', value as CsvCell]);
    }
  };
  for (const [section, value] of Object.entries(report)) walk(section, '', value);
  return rows;
}

/** Analytics and platform health (admin.md §13): Support+ to view, Admin+ to export (ERRATA 8). */
export function adminAnalyticsRouter(deps: AdminAnalyticsDeps): Router {
  const router = express.Router();
  const exportLimiter = createRateLimiter(STAFF_EXPORT_CLASS, {
    stores: deps.rateLimitStores,
    logger: deps.logger,
    key: staffSessionKey,
  });

  router.get('/admin/analytics', requireStaff('staff.dashboard.view', deps), async (req, res) => {
    const range = resolveDayRange(parseInput(analyticsQuery, req.query));
    sendData(res, await analyticsReport(deps.db, range));
  });

  router.get(
    '/admin/analytics/export',
    requireStaff('staff.analytics.export', deps),
    exportLimiter,
    async (req, res) => {
      const { format: _format, ...input } = parseInput(analyticsExportQuery, req.query);
      const range = resolveDayRange(input);
      const rows = analyticsCsvRows(await analyticsReport(deps.db, range));
      await streamCsvExport(deps, staffActorOf(req, res), res, {
        dataset: 'analytics',
        filters: { ...range },
        header: ['section', 'metric', 'key', 'value'],
        count: () => Promise.resolve(rows.length),
        batches: () => [rows],
        cells: (row) => row,
      });
    },
  );

  router.get('/admin/health-metrics', requireStaff('staff.dashboard.view', deps), async (req, res) => {
    const { window } = parseInput(healthMetricsQuery, req.query);
    sendData(
      res,
      await platformHealth(
        { db: deps.db, pool: deps.pool, registry: deps.metricsRegistry, startedAt: deps.startedAt },
        window,
      ),
    );
  });

  return router;
}
