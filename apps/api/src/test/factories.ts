import crypto from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { AuthLogsTable, CategoriesTable, Database, NewUser, RegionsTable, User } from '../db/schema.js';

/** A unique, valid Kenyan mobile number (PHN-01) for each call. */
export function uniquePhone(): string {
  return `+2547${crypto.randomInt(10_000_000, 99_999_999)}`;
}

export async function createUser(db: Kysely<Database>, overrides: Partial<NewUser> = {}): Promise<User> {
  return db
    .insertInto('users')
    .values({ full_name: 'Test Person', phone: uniquePhone(), ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function writeAuthLog(db: Kysely<Database>, overrides: Partial<Insertable<AuthLogsTable>> = {}) {
  return db
    .insertInto('auth_logs')
    .values({
      event_type: 'login_success',
      phone: uniquePhone(),
      ip_address: '197.232.1.10',
      user_agent: 'Mozilla/5.0 (Linux; Android 10)',
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createCategory(
  db: Kysely<Database>,
  overrides: Partial<Insertable<CategoriesTable>> = {},
) {
  return db
    .insertInto('categories')
    .values({
      slug: `category-${crypto.randomBytes(4).toString('hex')}`,
      names: JSON.stringify({ en: 'Test' }),
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createRegion(db: Kysely<Database>, overrides: Partial<Insertable<RegionsTable>> = {}) {
  return db
    .insertInto('regions')
    .values({
      slug: `region-${crypto.randomBytes(4).toString('hex')}`,
      names: JSON.stringify({ en: 'Test' }),
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
