import crypto from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { BusinessContent } from '@tafuta/contracts';
import type {
  AuthLogsTable,
  CategoriesTable,
  Database,
  NewUser,
  RegionsTable,
  ServiceType,
  User,
} from '../db/schema.js';
import { insertBusiness } from '../modules/businesses/business.repo.js';
import { addFounder } from '../modules/memberships/memberships.service.js';

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

/** A valid version-1 content document (ui.md §9) for a business in Machakos, with overrides on top. */
export function businessContent(overrides: Partial<BusinessContent> = {}): BusinessContent {
  return {
    schema_version: 1,
    default_language: 'en',
    profile: { en: { business_name: 'Mama Njeri Kitchen', tagline: 'Chapati and pilau every day' } },
    categories: ['restaurants'],
    regions: ['machakos'],
    contact: { phone: uniquePhone() },
    location: { city: 'Machakos Town' },
    ...overrides,
  };
}

let businessSequence = 0;

/**
 * A business written through the same repository path the API uses (derived columns, links, version 1 in
 * history), owned by `ownerId` (a new user when left out). Status `active` makes it approved and listed.
 */
export async function createBusiness(
  db: Kysely<Database>,
  options: {
    ownerId?: string;
    status?: 'pending' | 'active';
    content?: Partial<BusinessContent>;
    businessTag?: string;
  } = {},
) {
  const ownerId = options.ownerId ?? (await createUser(db, { phone_verified_at: new Date() })).user_id;
  businessSequence += 1;
  const tag = options.businessTag ?? `biz-${crypto.randomBytes(4).toString('hex')}-${businessSequence}`;
  return db.transaction().execute(async (trx) => {
    const business = await insertBusiness(trx, {
      businessTag: tag,
      content: businessContent(options.content),
      createdBy: ownerId,
      status: options.status ?? 'pending',
    });
    await addFounder(trx, business.business_id, ownerId);
    return { ...business, ownerId };
  });
}

/** An active subscription of `serviceType` running until `months` from today (PAY-181 dates). */
export async function grantService(
  db: Kysely<Database>,
  businessId: string,
  serviceType: ServiceType,
  options: { months?: number; expirationDate?: string } = {},
) {
  const months = options.months ?? 1;
  return db
    .insertInto('service_subscriptions')
    .values({
      business_id: businessId,
      service_type: serviceType,
      start_date: sql<string>`nairobi_today()`,
      anchor_day: sql<number>`extract(day from nairobi_today())::int`,
      expiration_date:
        options.expirationDate ?? sql<string>`(nairobi_today() + make_interval(months => ${months}))::date`,
      months_paid: months,
    })
    .onConflict((oc) =>
      oc.columns(['business_id', 'service_type']).doUpdateSet((eb) => ({
        status: 'active',
        expiration_date: eb.ref('excluded.expiration_date'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Lets every service of a business run out today (PAY-181: expiration_date is the first day without it). */
export function lapseServices(db: Kysely<Database>, businessId: string) {
  return db
    .updateTable('service_subscriptions')
    .set({
      start_date: sql<string>`nairobi_today() - interval '1 month'`,
      expiration_date: sql<string>`nairobi_today()`,
    })
    .where('business_id', '=', businessId)
    .execute();
}
