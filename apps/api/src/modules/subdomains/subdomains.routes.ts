import express, { type Router } from 'express';
import { subdomainBody } from '@tafuta/contracts';
import { z } from 'zod';
import { authOf, requireMemberOrStaff } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import { parseInput } from '../../http/validate.js';
import { parseBusinessId } from '../businesses/access.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { checkAvailability, setBusinessSubdomain } from './subdomains.service.js';
import { webAddress } from './web-address.service.js';

/** ERRATA 1: `subdomain` only (no region); `business_id` lets the suggestions use that business's name. */
export const availabilityQuery = z.strictObject({
  subdomain: z.string().trim().min(1).max(63),
  business_id: z.uuid().optional(),
});

/** Web addresses (EP-BIZ-06/07, UI-SUB-04/06/08, UI-WED-02). DNS work is queued, never waited for (ERRATA 26). */
export function subdomainsRouter(deps: DirectoryDeps): Router {
  const router = express.Router();

  const memberOrStaff = requireMemberOrStaff(deps.db);

  router.get('/subdomains/availability', memberOrStaff, async (req, res) => {
    const query = parseInput(availabilityQuery, req.query);
    const auth = authOf(res)!;
    sendData(
      res,
      await checkAvailability(deps.db, {
        subdomain: query.subdomain,
        businessId: query.business_id,
        actor: { userId: auth.userId, staffRole: auth.staffRole },
      }),
    );
  });

  router.get('/businesses/:id/subdomain', memberOrStaff, async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const auth = authOf(res)!;
    sendData(res, await webAddress(deps, { userId: auth.userId, staffRole: auth.staffRole }, businessId));
  });

  router.put('/businesses/:id/subdomain', memberOrStaff, async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const body = parseInput(subdomainBody, req.body);
    const auth = authOf(res)!;
    const actor = { userId: auth.userId, staffRole: auth.staffRole, ip: req.ip ?? null, requestId: req.id };
    sendData(res, await setBusinessSubdomain(deps, actor, businessId, body.subdomain));
  });

  return router;
}
