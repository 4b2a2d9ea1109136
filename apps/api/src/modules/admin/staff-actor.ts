import type { Request, Response } from 'express';
import type { StaffRoleName } from '../../db/schema.js';
import { authOf } from '../../http/auth-context.js';
import { clientIp } from '../../http/rate-limit/limiter.js';

/** The signed-in staff member behind a back-office request, with the audit columns they fill. */
export interface AdminActor {
  userId: string;
  role: StaffRoleName;
  audit: { actorId: string; actorRole: StaffRoleName; ip: string | null; requestId: string };
}

/** Only after requireStaff: a staff session with a role is guaranteed there. */
export function adminActor(req: Request, res: Response): AdminActor {
  const auth = authOf(res);
  if (!auth?.staffRole) throw new Error('adminActor used on a route without requireStaff');
  return {
    userId: auth.userId,
    role: auth.staffRole,
    audit: { actorId: auth.userId, actorRole: auth.staffRole, ip: clientIp(req), requestId: req.id },
  };
}
