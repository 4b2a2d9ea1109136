import { sql, type Kysely } from 'kysely';
import { hashPassword, verifyPassword } from '../../modules/auth/passwords.js';
import { NOTIFICATION_TEMPLATES } from '../../modules/notifications/templates.js';
import type { Database, NotificationChannel } from '../schema.js';
import { seedDemoBusinesses } from './demo-businesses.js';
import { seedDemoShop } from './demo-shop.js';
import { DEMO_ADMIN, DEMO_SUPPORT_PHONE, DEMO_USERS } from './demo-data.js';
import { SEED_CATEGORIES, SEED_REGIONS, SEED_SYSTEM_CONFIG, SEED_TERMS_VERSIONS } from './reference-data.js';

export interface SeedResult {
  categories: number;
  regions: number;
  configKeys: number;
  termsVersions: number;
  templates: number;
  users: number;
  businesses: number;
}

/** ADM-505: one stored row per template, channel and written language, which staff may later edit. */
function templateRows() {
  return NOTIFICATION_TEMPLATES.flatMap((template) =>
    (Object.entries(template.text) as ['en' | 'sw', (typeof template.text)['en']][]).flatMap(
      ([language, text]) => {
        const rows: { channel: NotificationChannel; subject: string | null; body: string }[] = [];
        if (template.channels.includes('sms') && text.sms)
          rows.push({ channel: 'sms', subject: null, body: text.sms });
        if (template.channels.includes('email') && text.emailText) {
          rows.push({ channel: 'email', subject: text.emailSubject ?? null, body: text.emailText });
        }
        if (template.channels.includes('in_app') && text.inApp) {
          rows.push({ channel: 'in_app', subject: text.inApp.title, body: text.inApp.body });
        }
        return rows.map((row) => ({
          ...row,
          template_key: template.key,
          language,
          variables: template.variables,
        }));
      },
    ),
  );
}

/**
 * Inserts what is missing and never overwrites: running it twice changes nothing, and values staff have
 * since edited (names, order, config) are kept.
 */
export async function seedReferenceData(
  db: Kysely<Database>,
): Promise<Omit<SeedResult, 'users' | 'businesses'>> {
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
    const termsVersions = await trx
      .insertInto('terms_versions')
      .values(SEED_TERMS_VERSIONS)
      .onConflict((oc) => oc.columns(['document_type', 'version_number']).doNothing())
      .executeTakeFirst();
    const templates = await trx
      .insertInto('notification_templates')
      .values(templateRows())
      .onConflict((oc) => oc.columns(['template_key', 'channel', 'language']).doNothing())
      .executeTakeFirst();
    return {
      categories: Number(categories.numInsertedOrUpdatedRows ?? 0),
      regions: Number(regions.numInsertedOrUpdatedRows ?? 0),
      configKeys: Number(configKeys.numInsertedOrUpdatedRows ?? 0),
      termsVersions: Number(termsVersions.numInsertedOrUpdatedRows ?? 0),
      templates: Number(templates.numInsertedOrUpdatedRows ?? 0),
    };
  });
}

/**
 * The demo super admin, so a newcomer can open /admin in the embedded default. Its password follows
 * DEMO_ADMIN_PASSWORD on every start; production never seeds demo data (config refuses it).
 */
async function seedDemoAdmin(db: Kysely<Database>, password: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({ ...DEMO_ADMIN.user, phone_verified_at: new Date(), verification_tier: 'verified' })
      .onConflict((oc) => oc.column('phone').where('phone', 'is not', null).doNothing())
      .execute();
    const user = await trx
      .selectFrom('users')
      .select('user_id')
      .where('phone', '=', DEMO_ADMIN.user.phone)
      .executeTakeFirstOrThrow();
    const staff = await trx
      .selectFrom('admin_users')
      .select(['admin_user_id', 'password_hash'])
      .where('user_id', '=', user.user_id)
      .executeTakeFirst();
    if (!staff) {
      await trx
        .insertInto('admin_users')
        .values({
          user_id: user.user_id,
          login_email: DEMO_ADMIN.loginEmail,
          role: 'super_admin',
          password_hash: await hashPassword(password),
          password_set_at: new Date(),
        })
        .execute();
    } else if (!(await verifyPassword(password, staff.password_hash))) {
      // DEMO_ADMIN_PASSWORD changed since the last start: the new value wins.
      await trx
        .updateTable('admin_users')
        .set({ password_hash: await hashPassword(password), password_set_at: new Date() })
        .where('admin_user_id', '=', staff.admin_user_id)
        .execute();
    }
  });
}

/**
 * The demo people accepted the current terms when they "registered", so signing in as one of them
 * leads straight to their businesses instead of a consent wall (REG-09 still applies to real sign-ups).
 */
async function recordDemoConsent(db: Kysely<Database>, phones: string[]): Promise<void> {
  await sql`
    insert into user_terms_consent (user_id, version_id, context)
    select u.user_id, t.version_id, 'registration'
      from users u
      cross join lateral (
        select distinct on (document_type) version_id
          from terms_versions
         order by document_type, published_at desc
      ) t
     where u.phone = any(${phones})
       and not exists (
         select 1 from user_terms_consent c where c.user_id = u.user_id and c.version_id = t.version_id
       )
  `.execute(db);
}

/**
 * Believable people and their businesses for the embedded default's demo; never loaded when DATABASE_URL
 * is set.
 */
export async function seedDemoData(
  db: Kysely<Database>,
  adminPassword: string,
): Promise<{ users: number; businesses: number }> {
  await seedDemoAdmin(db, adminPassword);
  // Security messages name the support line; the demo gets a placeholder where staff have set none.
  await db
    .updateTable('system_config')
    .set({ value: DEMO_SUPPORT_PHONE })
    .where('key', '=', 'tafuta_support_phone')
    .where('value', '=', '')
    .execute();
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
  await recordDemoConsent(db, [DEMO_ADMIN.user.phone, ...DEMO_USERS.map((user) => user.phone)]);
  const { businesses } = await seedDemoBusinesses(db);
  const shop = await seedDemoShop(db);
  return { users: Number(result.numInsertedOrUpdatedRows ?? 0), businesses: businesses + shop.businesses };
}

export async function seed(
  db: Kysely<Database>,
  options: { demo: boolean; demoAdminPassword?: string },
): Promise<SeedResult> {
  const reference = await seedReferenceData(db);
  const demo = options.demo
    ? await seedDemoData(db, options.demoAdminPassword ?? 'tafuta-demo-admin')
    : { users: 0, businesses: 0 };
  return { ...reference, ...demo };
}
