import express, { type Request, type Response, type Router } from 'express';
import {
  addMemberBody,
  businessTagChangeBody,
  changeMemberBody,
  createBusinessBody,
  deactivateBusinessBody,
  paginationQuerySchema,
  rollbackBody,
  text,
  updateBusinessBody,
} from '@tafuta/contracts';
import { z } from 'zod';
import { authOf, requireMemberOrStaff, requireUser } from '../../http/auth-context.js';
import { paginate, sendData } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import { parseInput } from '../../http/validate.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { parseBusinessId } from './access.js';
import { myBusinesses } from './business.view.js';
import {
  checkTag,
  createBusiness,
  deactivateBusiness,
  reactivateBusiness,
  readBusiness,
  type BusinessActor,
} from './businesses.service.js';
import { rollbackContent, updateContent } from './content.service.js';
import { historyVersion, listHistory, readContent } from './history.js';
import { changeBusinessTag } from './tag-change.service.js';
import { addTeamMember, changeTeamRole, listMembers, removeTeamMember } from './team.service.js';

/** Owner and staff editing of a business (auth-and-api.md §15.4, EP-ME-10, media.md MEDIA-260 tag rows). */

export const pageQuery = z.strictObject(paginationQuerySchema.shape);
export const tagCheckQuery = z.strictObject({
  tag: text({ max: 64 }).optional(),
  name: text({ max: 80 }).optional(),
});
export const staffReasonOnly = z.strictObject({
  reason: text({ min: 1, max: 500, multiline: true }).optional(),
});

export function actorOf(req: Request, res: Response): BusinessActor {
  const auth = authOf(res)!;
  return { userId: auth.userId, staffRole: auth.staffRole, ip: req.ip ?? null, requestId: req.id };
}

/** API-09: a malformed id is "not found". */
function userIdParam(req: Request): string {
  const parsed = z.uuid().safeParse(req.params.user_id);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'No such member');
  return parsed.data;
}

function versionParam(req: Request): number {
  const raw = String(req.params.version);
  const version = /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(version)) throw new AppError('NOT_FOUND', 'No such version');
  return version;
}

export function businessesRouter(deps: DirectoryDeps): Router {
  const router = express.Router();
  const user = requireUser(deps.db);
  const member = requireMemberOrStaff(deps.db);
  const id = (req: Request) => parseBusinessId(req.params.id);

  router.post('/businesses', user, async (req, res) => {
    const body = parseInput(createBusinessBody, req.body);
    const created = await createBusiness(deps, actorOf(req, res), body);
    sendData(res, created, { status: 201, message: 'Business sent for approval' });
  });

  router.get('/business-tags/check', user, async (req, res) => {
    sendData(res, await checkTag(deps, parseInput(tagCheckQuery, req.query)));
  });

  router.get('/users/me/businesses', user, async (req, res) => {
    const { page, limit } = parseInput(pageQuery, req.query);
    const { items, total } = await myBusinesses(deps.db, deps, authOf(res)!.userId, page, limit);
    sendData(res, items, { pagination: paginate(page, limit, total) });
  });

  router.get('/businesses/:id', member, async (req, res) => {
    sendData(res, await readBusiness(deps, actorOf(req, res), req.params.id));
  });

  router.patch('/businesses/:id', member, async (req, res) => {
    const businessId = id(req);
    const body = parseInput(updateBusinessBody, req.body);
    sendData(res, await updateContent(deps, actorOf(req, res), businessId, body), { message: 'Saved' });
  });

  router.get('/businesses/:id/content', member, async (req, res) => {
    sendData(res, await readContent(deps, actorOf(req, res), id(req)));
  });

  router.get('/businesses/:id/content/history', member, async (req, res) => {
    const businessId = id(req);
    const page = parseInput(pageQuery, req.query);
    const { items, total } = await listHistory(deps, actorOf(req, res), businessId, page);
    sendData(res, items, { pagination: paginate(page.page, page.limit, total) });
  });

  router.get('/businesses/:id/content/history/:version', member, async (req, res) => {
    const businessId = id(req);
    sendData(res, await historyVersion(deps, actorOf(req, res), businessId, versionParam(req)));
  });

  router.post('/businesses/:id/content/rollback', member, async (req, res) => {
    const businessId = id(req);
    const body = parseInput(rollbackBody, req.body);
    sendData(res, await rollbackContent(deps, actorOf(req, res), businessId, body), {
      message: `Version ${body.version} restored as a new version`,
    });
  });

  router.post('/businesses/:id/deactivate', member, async (req, res) => {
    const businessId = id(req);
    const body = parseInput(deactivateBusinessBody, req.body);
    sendData(res, await deactivateBusiness(deps, actorOf(req, res), businessId, body));
  });

  router.post('/businesses/:id/reactivate', member, async (req, res) => {
    const businessId = id(req);
    parseInput(z.strictObject({}), req.body);
    sendData(res, await reactivateBusiness(deps, actorOf(req, res), businessId));
  });

  router.patch('/businesses/:id/business-tag', member, async (req, res) => {
    const businessId = id(req);
    const body = parseInput(businessTagChangeBody, req.body);
    sendData(res, await changeBusinessTag(deps, actorOf(req, res), businessId, body));
  });

  router.get('/businesses/:id/users', member, async (req, res) => {
    const businessId = id(req);
    const page = parseInput(pageQuery, req.query);
    const { items, total } = await listMembers(deps, actorOf(req, res), businessId, page);
    sendData(res, items, { pagination: paginate(page.page, page.limit, total) });
  });

  router.post('/businesses/:id/users', member, async (req, res) => {
    const businessId = id(req);
    const body = parseInput(addMemberBody, req.body);
    sendData(res, await addTeamMember(deps, actorOf(req, res), businessId, body), { status: 201 });
  });

  router.patch('/businesses/:id/users/:user_id', member, async (req, res) => {
    const businessId = id(req);
    const targetUserId = userIdParam(req);
    const body = parseInput(changeMemberBody, req.body);
    sendData(res, await changeTeamRole(deps, actorOf(req, res), businessId, targetUserId, body));
  });

  router.delete('/businesses/:id/users/:user_id', member, async (req, res) => {
    const businessId = id(req);
    const targetUserId = userIdParam(req);
    const body = parseInput(staffReasonOnly, req.body);
    sendData(res, await removeTeamMember(deps, actorOf(req, res), businessId, targetUserId, body), {
      message: 'Member removed',
    });
  });

  return router;
}
