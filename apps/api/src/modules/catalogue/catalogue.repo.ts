import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * The SQL of categories and regions. Counts always come from the link tables (ERRATA 12, ADM-259), so
 * a business listing several categories counts once in each.
 */

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Active businesses per active category, optionally only those listing `regionId`. One grouped join
 * rather than a count per category: at 100,000 businesses that is one pass instead of fifteen.
 */
export function publicCategoryRows(db: Db, regionId: string | null) {
  const counts = db
    .selectFrom('business_categories as bc')
    .innerJoin('businesses as b', 'b.business_id', 'bc.business_id')
    .$if(regionId !== null, (qb) =>
      qb.innerJoin('business_regions as br', (join) =>
        join.onRef('br.business_id', '=', 'b.business_id').on('br.region_id', '=', regionId),
      ),
    )
    .select(['bc.category_id', sql<number>`count(*)::int`.as('n')])
    .where('b.status', '=', 'active')
    .groupBy('bc.category_id');
  return db
    .selectFrom('categories as c')
    .leftJoin(counts.as('counts'), 'counts.category_id', 'c.category_id')
    .select([
      'c.slug',
      'c.names',
      'c.icon',
      'c.sort_order',
      sql<number>`coalesce(counts.n, 0)`.as('business_count'),
    ])
    .where('c.is_active', '=', true)
    .orderBy('c.sort_order')
    .orderBy('c.slug')
    .execute();
}

export function publicRegionRows(db: Db) {
  const counts = db
    .selectFrom('business_regions as br')
    .innerJoin('businesses as b', 'b.business_id', 'br.business_id')
    .select(['br.region_id', sql<number>`count(*)::int`.as('n')])
    .where('b.status', '=', 'active')
    .groupBy('br.region_id');
  return db
    .selectFrom('regions as r')
    .leftJoin(counts.as('counts'), 'counts.region_id', 'r.region_id')
    .select([
      'r.slug',
      'r.names',
      'r.coverage_note',
      'r.sort_order',
      sql<number>`coalesce(counts.n, 0)`.as('business_count'),
    ])
    .where('r.is_active', '=', true)
    .orderBy('r.sort_order')
    .orderBy('r.slug')
    .execute();
}

export function findActiveRegion(db: Db, slug: string) {
  return db
    .selectFrom('regions')
    .select(['region_id', 'slug'])
    .where('slug', '=', slug)
    .where('is_active', '=', true)
    .executeTakeFirst();
}

/** ADM-253/255: every non-deleted business listing the category, whatever its status. */
export async function categoryUsage(db: Db, categoryId: string): Promise<number> {
  const row = await db
    .selectFrom('business_categories as bc')
    .innerJoin('businesses as b', 'b.business_id', 'bc.business_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('bc.category_id', '=', categoryId)
    .where('b.status', '<>', 'deleted')
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function regionUsage(db: Db, regionId: string): Promise<number> {
  const row = await db
    .selectFrom('business_regions as br')
    .innerJoin('businesses as b', 'b.business_id', 'br.business_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('br.region_id', '=', regionId)
    .where('b.status', '<>', 'deleted')
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Staff rows (ADM-253): inactive items too, with the count of non-deleted businesses. */
export function staffCategoryQuery(db: Db) {
  return db
    .selectFrom('categories as c')
    .selectAll('c')
    .select((eb) =>
      eb
        .selectFrom('business_categories as bc')
        .innerJoin('businesses as b', 'b.business_id', 'bc.business_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('bc.category_id', '=', 'c.category_id')
        .where('b.status', '<>', 'deleted')
        .as('business_count'),
    )
    .orderBy('c.sort_order')
    .orderBy('c.slug');
}

export function staffRegionQuery(db: Db) {
  return db
    .selectFrom('regions as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .selectFrom('business_regions as br')
        .innerJoin('businesses as b', 'b.business_id', 'br.business_id')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('br.region_id', '=', 'r.region_id')
        .where('b.status', '<>', 'deleted')
        .as('business_count'),
    )
    .orderBy('r.sort_order')
    .orderBy('r.slug');
}

export async function countRows(db: Db, table: 'categories' | 'regions'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The next free place at the end of the list, for items created without an order. */
export async function nextSortOrder(db: Db, table: 'categories' | 'regions'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select(sql<number>`coalesce(max(sort_order), 0)::int + 1`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The public settings: the keys marked public plus the one ranking value the home page needs. */
export function publicConfigRows(db: Db) {
  return db
    .selectFrom('system_config')
    .select(['key', 'value', 'is_public'])
    .where((eb) => eb.or([eb('is_public', '=', true), eb('key', '=', 'ranking.home_ads_max')]))
    .orderBy('key')
    .execute();
}
