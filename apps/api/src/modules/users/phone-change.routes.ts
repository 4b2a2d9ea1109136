import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { staffReason, text } from '@tafuta/contracts';
import { authOf, requireStaff } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { isoSeconds, sendData } from '../../http/envelope.js';
import { parseInput } from '../../http/validate.js';
import { clientInfo } from '../auth/auth.routes.js';
import { profileView } from './profile.js';
import { confirmPhoneChange, startPhoneChange, type PhoneChangeDeps } from './phone-change.service.js';

const startBody = z.strictObject({ new_phone: text({ min: 1, max: 32 }) });
const confirmBody = z.strictObject({
  new_phone: text({ min: 1, max: 32 }),
  code: z.string().regex(/^\d{6}$/, 'must be 6 digits'),
  reason: staffReason,
});

function userId(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'No such user');
  return parsed.data;
}

/** EP-ADM-27 and EP-ADM-28: staff change a person's phone after checking identity in person (ACC-11). */
export function phoneChangeRouter(deps: PhoneChangeDeps): Router {
  const router = express.Router();
  const guard = requireStaff('staff.users.change_phone', deps);

  router.post('/admin/users/:id/phone-change/start', guard, async (req, res) => {
    const body = parseInput(startBody, req.body);
    const issued = await startPhoneChange(deps, userId(req), body.new_phone, clientInfo(req));
    sendData(res, {
      otp_sent: issued.otpSent,
      otp_expires_at: isoSeconds(issued.otpExpiresAt),
      resend_available_at: isoSeconds(issued.resendAvailableAt),
    });
  });

  router.post('/admin/users/:id/phone-change/confirm', guard, async (req, res) => {
    const body = parseInput(confirmBody, req.body);
    const id = userId(req);
    const auth = authOf(res)!;
    await confirmPhoneChange(
      deps,
      { userId: auth.userId, role: auth.staffRole!, ip: req.ip ?? null, requestId: req.id },
      { userId: id, newPhone: body.new_phone, code: body.code, reason: body.reason },
      clientInfo(req),
    );
    sendData(res, await profileView(deps.db, id, null), { message: 'Phone number changed' });
  });

  return router;
}
