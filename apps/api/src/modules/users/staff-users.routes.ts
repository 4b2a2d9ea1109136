import express, { type Request, type Response, type Router } from 'express';
import { staffDeleteUserBody, staffReasonBody, staffVerificationBody } from '@tafuta/contracts';
import { z } from 'zod';
import { authOf, requireStaff } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { sendData } from '../../http/envelope.js';
import { parseInput } from '../../http/validate.js';
import { normaliseKenyanMobile } from '../../lib/phone.js';
import { clientInfo } from '../auth/auth.routes.js';
import { profileView } from './profile.js';
import {
  deleteUser,
  reinstateUser,
  setUserTier,
  suspendUser,
  unlockUser,
  type StaffActor,
  type StaffUsersDeps,
} from './staff-users.service.js';

/** API-09: a malformed id is simply "not found". */
function userIdParam(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'No such user');
  return parsed.data;
}

function actorOf(req: Request, res: Response): StaffActor {
  const auth = authOf(res)!;
  return { userId: auth.userId, role: auth.staffRole!, ip: req.ip ?? null, requestId: req.id };
}

/** Staff actions on user accounts (EP-ADM-22..26). Each write is audited inside its transaction. */
export function staffUsersRouter(deps: StaffUsersDeps & { phoneTestPrefixes: readonly string[] }): Router {
  const router = express.Router();
  const guard = (action: Parameters<typeof requireStaff>[0]) => requireStaff(action, deps);
  const reply = async (res: Response, userId: string) =>
    sendData(res, await profileView(deps.db, userId, null));

  // The actions that take only a reason share one shape: check, act, answer with the person.
  const reasonActions = [
    { path: 'suspend', permission: 'staff.users.suspend', run: suspendUser },
    { path: 'reinstate', permission: 'staff.users.suspend', run: reinstateUser },
    { path: 'unlock', permission: 'staff.users.unlock', run: unlockUser },
  ] as const;
  for (const { path, permission, run } of reasonActions) {
    router.post(`/admin/users/:id/${path}`, guard(permission), async (req, res) => {
      const userId = userIdParam(req);
      const body = parseInput(staffReasonBody, req.body);
      await run(deps, actorOf(req, res), userId, body.reason, clientInfo(req));
      await reply(res, userId);
    });
  }

  router.patch('/admin/users/:id/verification', guard('staff.users.set_verification'), async (req, res) => {
    const userId = userIdParam(req);
    const body = parseInput(staffVerificationBody, req.body);
    await setUserTier(deps, actorOf(req, res), userId, body.verification_tier, body.reason);
    await reply(res, userId);
  });

  router.delete('/admin/users/:id', guard('staff.users.delete'), async (req, res) => {
    const userId = userIdParam(req);
    const body = parseInput(staffDeleteUserBody, req.body);
    await deleteUser(deps, actorOf(req, res), userId, {
      reason: body.reason,
      confirmPhone: normaliseKenyanMobile(body.confirm, { testPrefixes: deps.phoneTestPrefixes }),
    });
    sendData(res, { user_id: userId, status: 'deleted' }, { message: 'Account deleted and anonymised' });
  });

  return router;
}
