import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { DEMO_USERS } from './demo-data.js';
import { SEED_CATEGORIES, SEED_REGIONS, SEED_SYSTEM_CONFIG } from './reference-data.js';

export interface SeedResult {
  categories: number;
  regions: number;
  configKeys: number;
  users: number;
}

/**
 * Inserts what is missing and never overwrites: running it twice changes nothing, and values staff have
 * since edited (names, order, config) are kept.
 */
export async function seedReferenceData(db: Kysely<Database>): Promise<Omit<SeedResult, 'users'>> {
  return db.transaction().execute(async (trx) => {
    const categories = await trx
      .insertInto('categories')
      .values(
        SEED_CATEGORIES.map((category, index) => ({
          slug: category.slug,
          names: JSON.stringify(category.names),
          icon: category.icon,
          sort_order: index + 1,
        })),
      )
      .onConflict((oc) => oc.column('slug').doNothing())
      .executeTakeFirst();
    const regions = await trx
      .insertInto('regions')
      .values(
        SEED_REGIONS.map((region, index) => ({
          slug: region.slug,
          names: JSON.stringify(region.names),
          coverage_note: region.coverage_note,
          sort_order: index + 1,
        })),
      )
      .onConflict((oc) => oc.column('slug').doNothing())
      .executeTakeFirst();
    const configKeys = await trx
      .insertInto('system_config')
      .values(
        SEED_SYSTEM_CONFIG.map((entry) => ({
          key: entry.key,
          value: entry.value,
          description: entry.description,
          must_set_before_launch: entry.must_set_before_launch ?? false,
          is_public: entry.is_public ?? false,
        })),
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return {
      categories: Number(categories.numInsertedOrUpdatedRows ?? 0),
      regions: Number(regions.numInsertedOrUpdatedRows ?? 0),
      configKeys: Number(configKeys.numInsertedOrUpdatedRows ?? 0),
    };
  });
}

/** Believable people for the embedded default's demo; never loaded when DATABASE_URL is set. */
export async function seedDemoData(db: Kysely<Database>): Promise<{ users: number }> {
  const result = await db
    .insertInto('users')
    .values(
      DEMO_USERS.map((user) => ({
        ...user,
        phone_verified_at: new Date(),
        verification_tier: 'basic' as const,
      })),
    )
    .onConflict((oc) => oc.column('phone').where('phone', 'is not', null).doNothing())
    .executeTakeFirst();
  return { users: Number(result.numInsertedOrUpdatedRows ?? 0) };
}

export async function seed(db: Kysely<Database>, options: { demo: boolean }): Promise<SeedResult> {
  const reference = await seedReferenceData(db);
  const demo = options.demo ? await seedDemoData(db) : { users: 0 };
  return { ...reference, ...demo };
}
