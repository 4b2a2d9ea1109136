import express, { type Request, type Router } from 'express';
import {
  staffAccountCreateBody,
  staffAccountDeactivateBody,
  staffAccountsQuery,
  staffAccountUpdateBody,
} from '@tafuta/contracts';
import { z } from 'zod';
import { requireStaff } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import { parseInput } from '../../http/validate.js';
import { clientInfo } from '../auth/auth.routes.js';
import {
  inviteStaff,
  listStaffAccounts,
  staffAccountView,
  updateStaffAccount,
  type StaffAccountsDeps,
} from './staff-accounts.service.js';
import { adminActor } from './staff-actor.js';

/** API-09: a malformed id is simply "not found". */
function adminUserIdParam(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'No such staff account');
  return parsed.data;
}

/** System › Staff Accounts (ADM-024..028, EP-ADM-82..85): super admin only. */
export function staffAccountsRouter(deps: StaffAccountsDeps): Router {
  const router = express.Router();
  const guard = requireStaff('staff.system.staff_accounts', deps);

  router.get('/admin/system/admins', guard, async (req, res) => {
    const query = parseInput(staffAccountsQuery, req.query);
    const { items, pagination } = await listStaffAccounts(deps.db, query);
    sendData(res, items, { pagination });
  });

  router.get('/admin/system/admins/:id', guard, async (req, res) => {
    sendData(res, await staffAccountView(deps.db, adminUserIdParam(req)));
  });

  router.post('/admin/system/admins', guard, async (req, res) => {
    const body = parseInput(staffAccountCreateBody, req.body);
    const account = await inviteStaff(deps, adminActor(req, res), body);
    sendData(res, account, { status: 201, message: 'Invitation sent; the link works for 48 hours' });
  });

  router.patch('/admin/system/admins/:id', guard, async (req, res) => {
    const id = adminUserIdParam(req);
    const body = parseInput(staffAccountUpdateBody, req.body);
    sendData(res, await updateStaffAccount(deps, adminActor(req, res), id, body, clientInfo(req)));
  });

  // ADM-026: "Remove" deactivates; the row is kept.
  router.delete('/admin/system/admins/:id', guard, async (req, res) => {
    const id = adminUserIdParam(req);
    const body = parseInput(staffAccountDeactivateBody, req.body);
    const account = await updateStaffAccount(
      deps,
      adminActor(req, res),
      id,
      { is_active: false, reason: body.reason },
      clientInfo(req),
    );
    sendData(res, account, { message: 'Staff account deactivated' });
  });

  return router;
}
