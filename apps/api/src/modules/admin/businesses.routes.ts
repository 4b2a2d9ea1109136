import express, { type Router } from 'express';
import { adminBusinessesQuery } from '@tafuta/contracts';
import { requireStaff } from '../../http/auth-context.js';
import { paginate, sendData } from '../../http/envelope.js';
import { parseInput } from '../../http/validate.js';
import { parseBusinessId } from '../businesses/access.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { businessDetail } from './businesses.detail.js';
import { searchBusinesses } from './businesses.repo.js';
import { exportBusinesses, whenCsv } from './staff-list-exports.js';

/**
 * All businesses and one business (ADM-150..155, EP-ADM-02). Mounted after the approvals router, whose
 * `/admin/businesses/pending` would otherwise be read as an id. Status actions live in modules/approvals;
 * business users and ownership transfer use the shared /api/businesses/:id/users endpoints (ERRATA 9).
 */
export function adminBusinessesRouter(deps: DirectoryDeps): Router {
  const router = express.Router();
  const view = requireStaff('staff.approval.view', deps);

  router.get('/admin/businesses', view, whenCsv('staff.businesses.export', deps), async (req, res) => {
    const query = parseInput(adminBusinessesQuery, req.query);
    if (query.format === 'csv') return exportBusinesses(deps, req, res, query);
    const { rows, total } = await searchBusinesses(deps.db, query, deps.phoneTestPrefixes);
    sendData(res, rows, { pagination: paginate(query.page, query.limit, total) });
  });

  router.get('/admin/businesses/:id', view, async (req, res) => {
    sendData(res, await businessDetail(deps.db, parseBusinessId(req.params.id), deps.apexDomain));
  });

  return router;
}
