import express, { type Request, type Response, type Router } from 'express';
import {
  approveBusinessBody,
  businessVerificationBody,
  deleteBusinessBody,
  pendingQueueQuery,
  rejectBusinessBody,
  staffStatusReasonBody,
  suspendBusinessBody,
} from '@tafuta/contracts';
import { authOf, requireStaff } from '../../http/auth-context.js';
import { isoSeconds, paginate, sendData } from '../../http/envelope.js';
import { clientIp } from '../../http/rate-limit/limiter.js';
import { parseInput } from '../../http/validate.js';
import { parseBusinessId } from '../businesses/access.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { approveBusiness, listPendingQueue, rejectBusiness } from './approvals.service.js';
import type { StaffActor } from './owner-notices.js';
import { changeBusinessStatus, deleteBusiness, setBusinessVerification } from './status.service.js';

function actorOf(req: Request, res: Response): StaffActor {
  const auth = authOf(res)!;
  return { userId: auth.userId, role: auth.staffRole!, ip: clientIp(req), requestId: req.id };
}

/** The approval queue and the staff status actions on a business (EP-ADM-03..10, admin.md §4, §5.4–5.5). */
export function approvalsRouter(deps: DirectoryDeps): Router {
  const router = express.Router();
  const guard = (action: Parameters<typeof requireStaff>[0]) => requireStaff(action, deps);

  router.get('/admin/businesses/pending', guard('staff.approval.view'), async (req, res) => {
    const query = parseInput(pendingQueueQuery, req.query);
    const { items, total, summary } = await listPendingQueue(deps, query);
    // sendData has no room for the queue header (ADM-107), so the envelope is written out here.
    res.status(200).json({
      success: true,
      data: items,
      pagination: paginate(query.page, query.limit, total),
      summary,
      timestamp: isoSeconds(new Date()),
    });
  });

  router.post('/admin/businesses/:id/approve', guard('staff.approval.decide'), async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const body = parseInput(approveBusinessBody, req.body);
    sendData(res, await approveBusiness(deps, actorOf(req, res), businessId, body), {
      message: 'Business approved',
    });
  });

  router.post('/admin/businesses/:id/reject', guard('staff.approval.decide'), async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const body = parseInput(rejectBusinessBody, req.body);
    sendData(res, await rejectBusiness(deps, actorOf(req, res), businessId, body), {
      message: 'Returned to the owner with the reason',
    });
  });

  router.post('/admin/businesses/:id/suspend', guard('staff.businesses.suspend'), async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const body = parseInput(suspendBusinessBody, req.body);
    const view = await changeBusinessStatus(deps, actorOf(req, res), businessId, 'suspend', {
      reason: body.reason,
      reasonCode: body.reason_code,
    });
    sendData(res, view, { message: 'Business suspended' });
  });

  // Reinstate and back-in-business share the suspend permission's owners (ADM-003: Admin+).
  const reasonActions = [
    { path: 'reinstate', permission: 'staff.businesses.suspend', kind: 'reinstate', message: 'Reinstated' },
    {
      path: 'out-of-business',
      permission: 'staff.businesses.mark_out_of_business',
      kind: 'outOfBusiness',
      message: 'Marked out of business',
    },
    {
      path: 'back-in-business',
      permission: 'staff.businesses.mark_out_of_business',
      kind: 'backInBusiness',
      message: 'Marked open again',
    },
  ] as const;
  for (const { path, permission, kind, message } of reasonActions) {
    router.post(`/admin/businesses/:id/${path}`, guard(permission), async (req, res) => {
      const businessId = parseBusinessId(req.params.id);
      const body = parseInput(staffStatusReasonBody, req.body);
      const view = await changeBusinessStatus(deps, actorOf(req, res), businessId, kind, {
        reason: body.reason,
      });
      sendData(res, view, { message });
    });
  }

  router.delete('/admin/businesses/:id', guard('staff.businesses.delete'), async (req, res) => {
    const businessId = parseBusinessId(req.params.id);
    const body = parseInput(deleteBusinessBody, req.body);
    const view = await deleteBusiness(deps, actorOf(req, res), businessId, {
      reasonCode: body.reason_code,
      reason: body.reason,
      confirmName: body.confirm_name,
      anonymiseContacts: body.anonymise_contacts ?? false,
    });
    sendData(res, view, { message: 'Business deleted' });
  });

  router.patch(
    '/admin/businesses/:id/verification',
    guard('staff.businesses.set_verification'),
    async (req, res) => {
      const businessId = parseBusinessId(req.params.id);
      const body = parseInput(businessVerificationBody, req.body);
      const view = await setBusinessVerification(deps, actorOf(req, res), businessId, {
        tier: body.verification_tier,
        reason: body.reason,
      });
      sendData(res, view);
    },
  );

  return router;
}
