import express, { type Request, type Router } from 'express';
import { feeCreateBody, feesQuery, feeUpdateBody } from '@tafuta/contracts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { requireStaff } from '../../http/auth-context.js';
import { sendData } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import type { Logger } from '../../http/logger.js';
import { parseInput } from '../../http/validate.js';
import { createFee, listFees, updateFee } from './fees.service.js';
import { adminActor } from './staff-actor.js';

function feeIdParam(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'No such fee');
  return parsed.data;
}

/** Catalogue › Fees (ADM-460..462, EP-ADM-53): super admin only; every change needs a reason. */
export function feesRouter(deps: { db: Kysely<Database>; logger: Logger }): Router {
  const router = express.Router();
  const guard = requireStaff('staff.fees.manage', deps);

  router.get('/admin/fees', guard, async (req, res) => {
    const query = parseInput(feesQuery, req.query);
    const { items, pagination } = await listFees(deps.db, query);
    sendData(res, items, { pagination });
  });

  router.post('/admin/fees', guard, async (req, res) => {
    const body = parseInput(feeCreateBody, req.body);
    sendData(res, await createFee(deps.db, adminActor(req, res), body), {
      status: 201,
      message: 'New price active for payments started from now on',
    });
  });

  router.patch('/admin/fees/:id', guard, async (req, res) => {
    const id = feeIdParam(req);
    const body = parseInput(feeUpdateBody, req.body);
    sendData(res, await updateFee(deps.db, adminActor(req, res), id, body));
  });

  return router;
}
