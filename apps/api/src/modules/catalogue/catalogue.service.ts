import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  LANGUAGES,
  type createCategoryBody,
  type createRegionBody,
  type Language,
  type PublicCategory,
  type PublicRegion,
  type PublicSettings,
  type StaffCategory,
  type StaffRegion,
  type updateCategoryBody,
  type updateRegionBody,
} from '@tafuta/contracts';
import type { z } from 'zod';
import type { CategoriesTable, Database, LanguageMap, RegionsTable, StaffRoleName } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import type { DirectoryDeps } from '../directory-deps.js';
import {
  categoryUsage,
  countRows,
  findActiveRegion,
  nextSortOrder,
  publicCategoryRows,
  publicConfigRows,
  publicRegionRows,
  regionUsage,
  staffCategoryQuery,
  staffRegionQuery,
} from './catalogue.repo.js';

/**
 * Categories and regions (admin.md §7): the public reference lists and the staff changes. Every staff
 * change is audited in its own transaction with the old and new values, and tells search its cached
 * replies are stale once committed.
 */

export type CatalogueDeps = Pick<DirectoryDeps, 'db' | 'events'>;

export interface StaffActor {
  userId: string;
  role: StaffRoleName;
  ip: string | null;
  requestId: string;
}

export interface PageRequest {
  page: number;
  limit: number;
}

/** The `other` category is permanent (ADM-255, ADM-257). */
export const PERMANENT_CATEGORY = 'other';

/** API-14: the asked language, else English (always present, ADM-256). */
export function nameIn(names: LanguageMap, lang: Language): string {
  return names[lang] ?? names.en;
}

/** API-06 over a whole reference list: `total` is the list's length, a page past the end is empty. */
export function pageOf<T>(items: readonly T[], page: PageRequest): T[] {
  const start = (page.page - 1) * page.limit;
  return items.slice(start, start + page.limit);
}

/**
 * EP-SYS-05 and ui.md §18.2, the whole list (a few dozen rows): unknown or inactive region → 404
 * REGION_NOT_FOUND.
 */
export async function publicCategories(
  db: Kysely<Database>,
  input: { lang: Language; region?: string | undefined },
): Promise<PublicCategory[]> {
  let regionId: string | null = null;
  if (input.region !== undefined) {
    const region = await findActiveRegion(db, input.region);
    if (!region) throw new AppError('REGION_NOT_FOUND', `No region "${input.region}"`, { field: 'region' });
    regionId = region.region_id;
  }
  const rows = await publicCategoryRows(db, regionId);
  return rows.map((row) => ({
    slug: row.slug,
    name: nameIn(row.names, input.lang),
    icon: row.icon,
    sort_order: row.sort_order,
    business_count: row.business_count ?? 0,
  }));
}

/** EP-SYS-06, the whole list. */
export async function publicRegions(
  db: Kysely<Database>,
  input: { lang: Language },
): Promise<PublicRegion[]> {
  const rows = await publicRegionRows(db);
  return rows.map((row) => ({
    slug: row.slug,
    name: nameIn(row.names, input.lang),
    coverage_note: row.coverage_note,
    sort_order: row.sort_order,
    business_count: row.business_count ?? 0,
  }));
}

/** ui.md §18.2 / ERRATA 25: public keys only; secrets never live in system_config (ADM-450). */
export async function publicSettings(db: Kysely<Database>): Promise<PublicSettings> {
  const rows = await publicConfigRows(db);
  const homeAds = Number.parseInt(rows.find((row) => row.key === 'ranking.home_ads_max')?.value ?? '', 10);
  return {
    settings: Object.fromEntries(rows.filter((row) => row.is_public).map((row) => [row.key, row.value])),
    ranking: { home_ads_max: Number.isFinite(homeAds) && homeAds >= 0 ? homeAds : 5 },
    // ui.md §14.1: Dholuo is registered but disabled until its translations exist.
    languages: [...LANGUAGES],
  };
}

const languagesFilled = (names: LanguageMap) =>
  Object.fromEntries(LANGUAGES.map((language) => [language, Boolean(names[language])])) as Record<
    Language,
    boolean
  >;

type CategoryRow = Selectable<CategoriesTable> & { business_count: number | null };
type RegionRow = Selectable<RegionsTable> & { business_count: number | null };

function categoryView(row: CategoryRow): StaffCategory {
  return {
    category_id: row.category_id,
    slug: row.slug,
    names: row.names,
    keywords: row.keywords,
    icon: row.icon,
    sort_order: row.sort_order,
    is_active: row.is_active,
    business_count: row.business_count ?? 0,
    languages_filled: languagesFilled(row.names),
    created_at: isoSeconds(row.created_at),
    updated_at: isoSeconds(row.updated_at),
  };
}

function regionView(row: RegionRow): StaffRegion {
  return {
    region_id: row.region_id,
    slug: row.slug,
    names: row.names,
    coverage_note: row.coverage_note,
    sort_order: row.sort_order,
    is_active: row.is_active,
    business_count: row.business_count ?? 0,
    languages_filled: languagesFilled(row.names),
    created_at: isoSeconds(row.created_at),
    updated_at: isoSeconds(row.updated_at),
  };
}

export async function listStaffCategories(db: Kysely<Database>, page: PageRequest) {
  const rows = await staffCategoryQuery(db)
    .limit(page.limit)
    .offset((page.page - 1) * page.limit)
    .execute();
  return { items: rows.map(categoryView), total: await countRows(db, 'categories') };
}

export async function listStaffRegions(db: Kysely<Database>, page: PageRequest) {
  const rows = await staffRegionQuery(db)
    .limit(page.limit)
    .offset((page.page - 1) * page.limit)
    .execute();
  return { items: rows.map(regionView), total: await countRows(db, 'regions') };
}

const loadCategory = async (db: Kysely<Database> | Transaction<Database>, id: string) =>
  categoryView(await staffCategoryQuery(db).where('c.category_id', '=', id).executeTakeFirstOrThrow());
const loadRegion = async (db: Kysely<Database> | Transaction<Database>, id: string) =>
  regionView(await staffRegionQuery(db).where('r.region_id', '=', id).executeTakeFirstOrThrow());

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === '23505';

const slugTaken = (kind: 'category' | 'region', slug: string) =>
  new AppError('CONFLICT', `Another ${kind} already uses the slug "${slug}"`, { field: 'slug' });

/** Keys in a fixed order, so two language maps compare equal whatever order they were typed in. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
}

/** The fields of `body` whose value differs from `current`, as old/new pairs for the audit row. */
function changedFields(current: Record<string, unknown>, body: Record<string, unknown>) {
  const oldValue: Record<string, unknown> = {};
  const newValue: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || canonical(value) === canonical(current[key])) continue;
    oldValue[key] = current[key];
    newValue[key] = value;
  }
  return { oldValue, newValue, changed: Object.keys(newValue).length > 0 };
}

function auditAction(kind: 'category' | 'region', newValue: Record<string, unknown>): string {
  if (newValue.is_active === false) return `${kind}_deactivated`;
  if (newValue.is_active === true) return `${kind}_reactivated`;
  return `${kind}_updated`;
}

const inUse = (kind: 'category' | 'region', what: string, count: number) =>
  new AppError(
    'CONFLICT',
    `${count} business${count === 1 ? '' : 'es'} still list this ${kind}; move them first to ${what}`,
    { extra: { business_count: count } },
  );

const audit = (
  actor: StaffActor,
  kind: 'category' | 'region',
  input: { action: string; id: string; slug: string; oldValue?: unknown; newValue: unknown },
) => ({
  actorId: actor.userId,
  actorRole: actor.role,
  action: input.action,
  entityType: kind,
  entityId: input.id,
  entityLabel: input.slug,
  oldValue: input.oldValue,
  newValue: input.newValue,
  ip: actor.ip,
  requestId: actor.requestId,
});

/** ADM-251/253: POST /api/admin/categories. */
export async function createCategory(
  deps: CatalogueDeps,
  actor: StaffActor,
  body: z.infer<typeof createCategoryBody>,
): Promise<StaffCategory> {
  const created = await deps.db
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .insertInto('categories')
        .values({
          slug: body.slug,
          names: JSON.stringify(body.names),
          keywords: JSON.stringify(body.keywords ?? {}),
          icon: body.icon ?? null,
          sort_order: body.sort_order ?? (await nextSortOrder(trx, 'categories')),
          created_by: actor.userId,
          updated_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAuditInTransaction(
        trx,
        audit(actor, 'category', {
          action: 'category_created',
          id: row.category_id,
          slug: row.slug,
          newValue: { slug: row.slug, names: row.names, keywords: row.keywords, icon: row.icon },
        }),
      );
      return loadCategory(trx, row.category_id);
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? slugTaken('category', body.slug) : error;
    });
  deps.events.listingsChanged();
  return created;
}

/** ADM-253..255: PATCH /api/admin/categories/:id. */
export async function updateCategory(
  deps: CatalogueDeps,
  actor: StaffActor,
  categoryId: string,
  body: z.infer<typeof updateCategoryBody>,
): Promise<StaffCategory> {
  const result = await deps.db
    .transaction()
    .execute(async (trx) => {
      const current = await trx
        .selectFrom('categories')
        .selectAll()
        .where('category_id', '=', categoryId)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw new AppError('CATEGORY_NOT_FOUND', 'No such category');
      const { oldValue, newValue, changed } = changedFields(current, body);
      if (!changed) return { view: await loadCategory(trx, categoryId), changed };
      const permanent = current.slug === PERMANENT_CATEGORY;
      if (newValue.slug !== undefined) {
        if (permanent)
          throw new AppError('CONFLICT', 'The "other" category keeps its slug', { field: 'slug' });
        const count = await categoryUsage(trx, categoryId);
        if (count > 0) throw inUse('category', 'change its slug', count);
      }
      if (newValue.is_active === false) {
        if (permanent) throw new AppError('CONFLICT', 'The "other" category cannot be deactivated');
        const count = await categoryUsage(trx, categoryId);
        if (count > 0) throw inUse('category', 'deactivate it', count);
      }
      await trx
        .updateTable('categories')
        .set({
          ...(body.slug === undefined ? {} : { slug: body.slug }),
          ...(body.names === undefined ? {} : { names: JSON.stringify(body.names) }),
          ...(body.keywords === undefined ? {} : { keywords: JSON.stringify(body.keywords) }),
          ...(body.icon === undefined ? {} : { icon: body.icon }),
          ...(body.sort_order === undefined ? {} : { sort_order: body.sort_order }),
          ...(body.is_active === undefined ? {} : { is_active: body.is_active }),
          updated_by: actor.userId,
        })
        .where('category_id', '=', categoryId)
        .execute();
      await writeAuditInTransaction(
        trx,
        audit(actor, 'category', {
          action: auditAction('category', newValue),
          id: categoryId,
          slug: (newValue.slug as string | undefined) ?? current.slug,
          oldValue,
          newValue,
        }),
      );
      return { view: await loadCategory(trx, categoryId), changed };
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? slugTaken('category', body.slug ?? '') : error;
    });
  if (result.changed) deps.events.listingsChanged();
  return result.view;
}

/** ADM-252/253 (Super Admin, ERRATA 8): POST /api/admin/regions. */
export async function createRegion(
  deps: CatalogueDeps,
  actor: StaffActor,
  body: z.infer<typeof createRegionBody>,
): Promise<StaffRegion> {
  const created = await deps.db
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .insertInto('regions')
        .values({
          slug: body.slug,
          names: JSON.stringify(body.names),
          coverage_note: body.coverage_note ?? null,
          sort_order: body.sort_order ?? (await nextSortOrder(trx, 'regions')),
          created_by: actor.userId,
          updated_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeAuditInTransaction(
        trx,
        audit(actor, 'region', {
          action: 'region_created',
          id: row.region_id,
          slug: row.slug,
          newValue: { slug: row.slug, names: row.names, coverage_note: row.coverage_note },
        }),
      );
      return loadRegion(trx, row.region_id);
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? slugTaken('region', body.slug) : error;
    });
  deps.events.listingsChanged();
  return created;
}

/** ADM-253..255: PATCH /api/admin/regions/:id. The slug is immutable, so the body has none (ADM-254). */
export async function updateRegion(
  deps: CatalogueDeps,
  actor: StaffActor,
  regionId: string,
  body: z.infer<typeof updateRegionBody>,
): Promise<StaffRegion> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('regions')
      .selectAll()
      .where('region_id', '=', regionId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new AppError('REGION_NOT_FOUND', 'No such region');
    const { oldValue, newValue, changed } = changedFields(current, body);
    if (!changed) return { view: await loadRegion(trx, regionId), changed };
    if (newValue.is_active === false) {
      const count = await regionUsage(trx, regionId);
      if (count > 0) throw inUse('region', 'deactivate it', count);
    }
    await trx
      .updateTable('regions')
      .set({
        ...(body.names === undefined ? {} : { names: JSON.stringify(body.names) }),
        ...(body.coverage_note === undefined ? {} : { coverage_note: body.coverage_note }),
        ...(body.sort_order === undefined ? {} : { sort_order: body.sort_order }),
        ...(body.is_active === undefined ? {} : { is_active: body.is_active }),
        updated_by: actor.userId,
      })
      .where('region_id', '=', regionId)
      .execute();
    await writeAuditInTransaction(
      trx,
      audit(actor, 'region', {
        action: auditAction('region', newValue),
        id: regionId,
        slug: current.slug,
        oldValue,
        newValue,
      }),
    );
    return { view: await loadRegion(trx, regionId), changed };
  });
  if (result.changed) deps.events.listingsChanged();
  return result.view;
}
