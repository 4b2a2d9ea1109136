import express, { type Request, type Response, type Router } from 'express';
import {
  createCategoryBody,
  createRegionBody,
  updateCategoryBody,
  updateRegionBody,
} from '@tafuta/contracts';
import { z } from 'zod';
import { authOf, requireStaff } from '../../http/auth-context.js';
import { paginate, sendData } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import { parseInput } from '../../http/validate.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { CatalogueCache } from './catalogue.cache.js';
import { publicCategoriesQuery, publicRegionsQuery, staffListQuery } from './catalogue.queries.js';
import {
  createCategory,
  createRegion,
  pageOf,
  publicCategories,
  publicRegions,
  listStaffCategories,
  listStaffRegions,
  publicSettings,
  updateCategory,
  updateRegion,
  type StaffActor,
} from './catalogue.service.js';

/** API-12: public reference replies never vary by caller, so the CDN may keep them five minutes. */
function cacheable(res: Response): void {
  res.setHeader('Cache-Control', 'public, max-age=300');
}

function idParam(req: Request, code: 'CATEGORY_NOT_FOUND' | 'REGION_NOT_FOUND'): string {
  const parsed = z.uuid().safeParse(req.params.id);
  if (!parsed.success) {
    throw new AppError(code, code === 'CATEGORY_NOT_FOUND' ? 'No such category' : 'No such region');
  }
  return parsed.data;
}

function actorOf(req: Request, res: Response): StaffActor {
  const auth = authOf(res)!;
  return { userId: auth.userId, role: auth.staffRole!, ip: req.ip ?? null, requestId: req.id };
}

/** EP-SYS-05/06, ui.md §18.2 and admin.md ADM-253 (ERRATA 8: regions are Super Admin only). */
export function catalogueRouter(deps: DirectoryDeps): Router {
  const router = express.Router();
  const guard = (action: Parameters<typeof requireStaff>[0]) => requireStaff(action, deps);
  const cache = new CatalogueCache(deps.events);

  router.get('/categories', async (req, res) => {
    const query = parseInput(publicCategoriesQuery, req.query);
    // The whole list per region and language is cached; the page is cut from it. Unknown regions throw,
    // so only real ones ever become keys.
    const items = await cache.get(`categories:${query.region ?? ''}:${query.lang}`, () =>
      publicCategories(deps.db, query),
    );
    cacheable(res);
    sendData(res, pageOf(items, query), { pagination: paginate(query.page, query.limit, items.length) });
  });

  router.get('/regions', async (req, res) => {
    const query = parseInput(publicRegionsQuery, req.query);
    const items = await cache.get(`regions:${query.lang}`, () => publicRegions(deps.db, query));
    cacheable(res);
    sendData(res, pageOf(items, query), { pagination: paginate(query.page, query.limit, items.length) });
  });

  router.get('/public/settings', async (_req, res) => {
    const settings = await cache.get('settings', () => publicSettings(deps.db));
    cacheable(res);
    sendData(res, settings);
  });

  // Reading the lists is part of looking around the back office (Support+); changing them is not.
  router.get('/admin/categories', guard('staff.dashboard.view'), async (req, res) => {
    const query = parseInput(staffListQuery, req.query);
    const { items, total } = await listStaffCategories(deps.db, query);
    sendData(res, items, { pagination: paginate(query.page, query.limit, total) });
  });

  router.post('/admin/categories', guard('staff.categories.manage'), async (req, res) => {
    const body = parseInput(createCategoryBody, req.body);
    const category = await createCategory(deps, actorOf(req, res), body);
    sendData(res, category, { status: 201, message: 'Category created' });
  });

  router.patch('/admin/categories/:id', guard('staff.categories.manage'), async (req, res) => {
    const categoryId = idParam(req, 'CATEGORY_NOT_FOUND');
    const body = parseInput(updateCategoryBody, req.body);
    sendData(res, await updateCategory(deps, actorOf(req, res), categoryId, body));
  });

  router.get('/admin/regions', guard('staff.dashboard.view'), async (req, res) => {
    const query = parseInput(staffListQuery, req.query);
    const { items, total } = await listStaffRegions(deps.db, query);
    sendData(res, items, { pagination: paginate(query.page, query.limit, total) });
  });

  router.post('/admin/regions', guard('staff.regions.manage'), async (req, res) => {
    const body = parseInput(createRegionBody, req.body);
    const region = await createRegion(deps, actorOf(req, res), body);
    sendData(res, region, { status: 201, message: 'Region created' });
  });

  router.patch('/admin/regions/:id', guard('staff.regions.manage'), async (req, res) => {
    const regionId = idParam(req, 'REGION_NOT_FOUND');
    const body = parseInput(updateRegionBody, req.body);
    sendData(res, await updateRegion(deps, actorOf(req, res), regionId, body));
  });

  return router;
}
