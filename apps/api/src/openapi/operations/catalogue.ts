import {
  createCategoryBody,
  createRegionBody,
  publicCategory,
  publicRegion,
  publicSettings,
  staffCategory,
  staffRegion,
  updateCategoryBody,
  updateRegionBody,
} from '@tafuta/contracts';
import { z } from 'zod';
import {
  publicCategoriesQuery,
  publicRegionsQuery,
  staffListQuery,
} from '../../modules/catalogue/catalogue.queries.js';
import { defineOperation, list, ok, type Operation } from '../operation.js';

/** Categories, regions and public settings: modules/catalogue/catalogue.routes.ts. */

const cached = 'Cacheable: `Cache-Control: public, max-age=300` (API-12).';
const params = z.object({ id: z.uuid().describe('The item; anything else answers 404') });

export const catalogueOperations: Operation[] = [
  defineOperation({
    method: 'get',
    path: '/api/categories',
    operationId: 'listCategories',
    summary: 'Active categories with their business counts',
    description: `Names in \`lang\` with English fallback (API-14); counts of active businesses, only those listing \`region\` when given (ui.md §18.2). Sort order as staff set it. ${cached}`,
    specId: 'EP-SYS-05',
    tags: ['directory'],
    security: 'public',
    query: publicCategoriesQuery,
    responses: { 200: list('Active categories in order', publicCategory) },
    errors: ['REGION_NOT_FOUND'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/regions',
    operationId: 'listRegions',
    summary: 'Active regions with their business counts',
    description: `Names in \`lang\` with English fallback (API-14); counts of active businesses. ${cached}`,
    specId: 'EP-SYS-06',
    tags: ['directory'],
    security: 'public',
    query: publicRegionsQuery,
    responses: { 200: list('Active regions in order', publicRegion) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/public/settings',
    operationId: 'getPublicSettings',
    summary: 'Settings the public app reads before sign-in',
    description: `The \`system_config\` keys marked public (office contact details), \`ranking.home_ads_max\` and the enabled languages (ui.md §18.2, ERRATA 25). ${cached}`,
    // ui.md §18.2 gives the row no id; UI-STAT-03 is the requirement it serves (ERRATA 25).
    specId: 'UI-STAT-03',
    tags: ['system'],
    security: 'public',
    responses: { 200: ok('Public settings', publicSettings) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/categories',
    operationId: 'staffListCategories',
    summary: 'Every category, inactive ones included',
    description:
      'Staff role Support+. `business_count` counts non-deleted businesses listing the category; `languages_filled` shows which names staff have typed (ADM-253).',
    specId: 'ADM-253',
    tags: ['staff'],
    security: 'staff',
    query: staffListQuery,
    responses: { 200: list('Categories in order', staffCategory) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/categories',
    operationId: 'staffCreateCategory',
    summary: 'Create a category',
    description:
      'Staff role Admin+. English name required (ADM-256); a slug in use answers 409. Audited (`category_created`).',
    specId: 'ADM-253',
    tags: ['staff'],
    security: 'staff',
    request: createCategoryBody,
    responses: { 201: ok('The new category', staffCategory) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'patch',
    path: '/api/admin/categories/{id}',
    operationId: 'staffUpdateCategory',
    summary: 'Edit, deactivate or reactivate a category',
    description:
      'Staff role Admin+. `names` replaces the whole map. The slug changes only while no non-deleted business lists the category (ADM-254); deactivation is refused while any does, with `business_count` in the error (ADM-255); `other` is permanent. Audited (`category_updated`, `category_deactivated`, `category_reactivated`).',
    specId: 'ADM-253',
    tags: ['staff'],
    security: 'staff',
    params,
    request: updateCategoryBody,
    responses: { 200: ok('The category after the change', staffCategory) },
    errors: ['CATEGORY_NOT_FOUND', 'CONFLICT'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/regions',
    operationId: 'staffListRegions',
    summary: 'Every region, inactive ones included',
    description: 'Staff role Support+; counts as for categories (ADM-253).',
    specId: 'ADM-253',
    tags: ['staff'],
    security: 'staff',
    query: staffListQuery,
    responses: { 200: list('Regions in order', staffRegion) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/regions',
    operationId: 'staffCreateRegion',
    summary: 'Create a region',
    description:
      'Super Admin only (ERRATA 8). The slug is permanent once created (ADM-254). Audited (`region_created`).',
    specId: 'ADM-253',
    tags: ['staff'],
    security: 'staff',
    request: createRegionBody,
    responses: { 201: ok('The new region', staffRegion) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'patch',
    path: '/api/admin/regions/{id}',
    operationId: 'staffUpdateRegion',
    summary: 'Edit, deactivate or reactivate a region',
    description:
      'Super Admin only (ERRATA 8). No slug in the body (ADM-254); deactivation refused while a non-deleted business lists the region, with `business_count` (ADM-255). Audited (`region_updated`, `region_deactivated`, `region_reactivated`).',
    specId: 'ADM-253',
    tags: ['staff'],
    security: 'staff',
    params,
    request: updateRegionBody,
    responses: { 200: ok('The region after the change', staffRegion) },
    errors: ['REGION_NOT_FOUND', 'CONFLICT'],
  }),
];
