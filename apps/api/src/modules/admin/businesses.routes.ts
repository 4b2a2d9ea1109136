import express, { type Router } from 'express';
import { adminBusinessesQuery, transferOwnershipBody } from '@tafuta/contracts';
import { requireStaff } from '../../http/auth-context.js';
import { paginate, sendData } from '../../http/envelope.js';
import { parseInput } from '../../http/validate.js';
import { parseBusinessId } from '../businesses/access.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { businessDetail } from './businesses.detail.js';
import { searchBusinesses } from './businesses.repo.js';
import { transferOwnership } from './ownership-transfer.js';
import { adminActor } from './staff-actor.js';
import { exportBusinesses, whenCsv } from './staff-list-exports.js';

/**
 * All businesses and one business (ADM-150..155, EP-ADM-02). Mounted after the approvals router, whose
 * `/admin/businesses/pending` would otherwise be read as an id. Status actions live in modules/approvals;
 * business users use the shared /api/businesses/:id/users endpoints (ERRATA 9); ownership transfer has
 * its own endpoint because ADM-176's two steps must succeed or fail together.
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

  router.post(
    '/admin/businesses/:id/transfer-ownership',
    requireStaff('staff.businesses.manage_users', deps),
    async (req, res) => {
      const businessId = parseBusinessId(req.params.id);
      const body = parseInput(transferOwnershipBody, req.body);
      sendData(res, await transferOwnership(deps, adminActor(req, res), businessId, body), {
        message: 'Ownership transferred',
      });
    },
  );

  return router;
}
