import express, { type Router } from 'express';
import { auditLogQuery, authLogQuery } from '@tafuta/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireStaff } from '../../http/auth-context.js';
import { paginate, sendData } from '../../http/envelope.js';
import type { Logger } from '../../http/logger.js';
import type { RateLimitStoreFactory } from '../../http/rate-limit/stores.js';
import { parseInput } from '../../http/validate.js';
import { streamCsvExport } from './export-stream.js';
import { auditLogPage, authLogPage, countAuditLogs, countAuthLogs, inBatches } from './logs.repo.js';
import {
  AUDIT_LOG_CSV_HEADER,
  auditLogCells,
  auditLogView,
  AUTH_LOG_CSV_HEADER,
  authLogCells,
  authLogView,
} from './logs.views.js';
import { staffActorOf, whenCsv } from './staff-request.js';
import { resolveRange } from './time-range.js';

export interface AdminLogsDeps {
  db: Kysely<Database>;
  logger: Logger;
  rateLimitStores: RateLimitStoreFactory;
}

/** ADM-402/421: the screens open on the last 7 days. */
const DEFAULT_DAYS = 7;
const EXPORT_BATCH = 1_000;

/** Auth and audit logs (admin.md §10, EP-ADM-30/31): list for Support+, `format=csv` export for Admin+. */
export function adminLogsRouter(deps: AdminLogsDeps): Router {
  const router = express.Router();

  router.get(
    '/admin/auth-logs',
    requireStaff('staff.logs.view', deps),
    ...whenCsv('staff.logs.export', deps),
    async (req, res) => {
      const { format, page, limit, ...filters } = parseInput(authLogQuery, req.query);
      const query = { format, page, limit, ...filters };
      const range = resolveRange(filters, DEFAULT_DAYS);
      if (format === 'csv') {
        await streamCsvExport(deps, staffActorOf(req, res), res, {
          dataset: 'auth-logs',
          filters: { ...filters, from: range.from.toISOString(), to: range.to.toISOString() },
          header: AUTH_LOG_CSV_HEADER,
          count: () => countAuthLogs(deps.db, query, range),
          batches: () =>
            inBatches(
              (after) =>
                authLogPage(deps.db, query, range, { limit: EXPORT_BATCH, ...(after ? { after } : {}) }),
              EXPORT_BATCH,
            ),
          cells: authLogCells,
        });
        return;
      }
      const [total, rows] = await Promise.all([
        countAuthLogs(deps.db, query, range),
        authLogPage(deps.db, query, range, { limit, offset: (page - 1) * limit }),
      ]);
      sendData(res, rows.map(authLogView), { pagination: paginate(page, limit, total) });
    },
  );

  router.get(
    '/admin/audit-logs',
    requireStaff('staff.logs.view', deps),
    ...whenCsv('staff.logs.export', deps),
    async (req, res) => {
      const { format, page, limit, ...filters } = parseInput(auditLogQuery, req.query);
      const query = { format, page, limit, ...filters };
      const range = resolveRange(filters, DEFAULT_DAYS);
      if (format === 'csv') {
        await streamCsvExport(deps, staffActorOf(req, res), res, {
          dataset: 'audit-logs',
          filters: { ...filters, from: range.from.toISOString(), to: range.to.toISOString() },
          header: AUDIT_LOG_CSV_HEADER,
          count: () => countAuditLogs(deps.db, query, range),
          batches: () =>
            inBatches(
              (after) =>
                auditLogPage(deps.db, query, range, { limit: EXPORT_BATCH, ...(after ? { after } : {}) }),
              EXPORT_BATCH,
            ),
          cells: auditLogCells,
        });
        return;
      }
      const [total, rows] = await Promise.all([
        countAuditLogs(deps.db, query, range),
        auditLogPage(deps.db, query, range, { limit, offset: (page - 1) * limit }),
      ]);
      sendData(res, rows.map(auditLogView), { pagination: paginate(page, limit, total) });
    },
  );

  return router;
}
