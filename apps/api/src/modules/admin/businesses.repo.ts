import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { AdminBusinessesQuery, AdminBusinessRow } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { lastServiceDate } from '../../lib/nairobi-date.js';
import { normaliseBusinessPhone, normaliseKenyanMobile } from '../../lib/phone.js';
import { subdomainsOf } from '../businesses/business.view.js';

/** The staff business list (ADM-150/151, EP-ADM-02): search, filters and the row of each business. */

type Db = Kysely<Database>;
type BusinessEb = ExpressionBuilder<Database & { b: Database['businesses'] }, 'b'>;

export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** ADM-150: name, owner name, business phone, owner phone, business email, subdomain. */
function matchesSearch(eb: BusinessEb, q: string, testPrefixes: readonly string[]) {
  const pattern = likePattern(q);
  const businessPhone = normaliseBusinessPhone(q);
  const ownerPhone = normaliseKenyanMobile(q, { testPrefixes });
  const owners = eb
    .selectFrom('user_business_roles as r')
    .innerJoin('users as u', 'u.user_id', 'r.user_id')
    .select('r.id')
    .whereRef('r.business_id', '=', 'b.business_id')
    .where('r.role', '=', 'owner')
    .where('r.is_deleted', '=', false);
  return eb.or([
    eb('b.business_name', 'ilike', pattern),
    eb('b.email', 'ilike', pattern),
    eb('b.business_tag', 'ilike', pattern),
    ...(businessPhone ? [eb('b.phone', '=', businessPhone)] : []),
    eb.exists(
      owners.where((inner) =>
        inner.or([
          inner('u.full_name', 'ilike', pattern),
          ...(ownerPhone ? [inner('u.phone', '=', ownerPhone)] : []),
        ]),
      ),
    ),
    eb.exists(
      eb
        .selectFrom('subdomains as s')
        .select('s.subdomain_id')
        .whereRef('s.business_id', '=', 'b.business_id')
        .where('s.name', 'ilike', pattern),
    ),
  ]);
}

const hasPaidService = (eb: BusinessEb) =>
  eb.exists(
    eb
      .selectFrom('service_subscriptions as p')
      .select('p.subscription_id')
      .whereRef('p.business_id', '=', 'b.business_id')
      .where('p.status', '=', 'active')
      .where('p.expiration_date', '>', sql<string>`nairobi_today()`),
  );

export async function searchBusinesses(
  db: Db,
  query: AdminBusinessesQuery,
  testPrefixes: readonly string[],
): Promise<{ rows: AdminBusinessRow[]; total: number }> {
  let base = db.selectFrom('businesses as b');
  // ADM-150 / ADM-701: deleted businesses appear only when asked for by status.
  base = query.status ? base.where('b.status', '=', query.status) : base.where('b.status', '!=', 'deleted');
  if (query.region) base = base.where(sql<boolean>`b.region_slugs @> array[${query.region}]::text[]`);
  if (query.category) base = base.where(sql<boolean>`b.category_slugs @> array[${query.category}]::text[]`);
  if (query.verification_tier) base = base.where('b.verification_tier', '=', query.verification_tier);
  if (query.has_paid_service) {
    base = base.where((eb) =>
      query.has_paid_service === 'yes' ? hasPaidService(eb) : eb.not(hasPaidService(eb)),
    );
  }
  if (query.q) {
    const q = query.q;
    base = base.where((eb) => matchesSearch(eb, q, testPrefixes));
  }
  const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const page = await base
    .select([
      'b.business_id',
      'b.business_name',
      'b.business_tag',
      'b.status',
      'b.verification_tier',
      'b.category_slugs',
      'b.region_slugs',
      'b.phone',
      'b.email',
      'b.created_at',
    ])
    .orderBy('b.created_at', 'desc')
    .orderBy('b.business_id')
    .limit(query.limit)
    .offset((query.page - 1) * query.limit)
    .execute();
  const details = await rowExtras(
    db,
    page.map((row) => row.business_id),
  );
  return {
    total: Number(total.n),
    rows: page.map((row) => ({
      business_id: row.business_id,
      business_name: row.business_name,
      business_tag: row.business_tag,
      status: row.status,
      verification_tier: row.verification_tier,
      categories: row.category_slugs,
      regions: row.region_slugs,
      phone: row.phone,
      email: row.email,
      subdomain: details.subdomains.get(row.business_id) ?? null,
      owner: details.owners.get(row.business_id) ?? null,
      active_services: details.services.get(row.business_id) ?? [],
      created_at: isoSeconds(row.created_at),
    })),
  };
}

export type ServiceSummary = AdminBusinessRow['active_services'][number];

/** The owner, the current web address and the running paid services of a page of businesses. */
export async function rowExtras(db: Db, businessIds: string[]) {
  const owners = new Map<string, NonNullable<AdminBusinessRow['owner']>>();
  const subdomains = new Map<string, string>();
  const services = new Map<string, ServiceSummary[]>();
  if (businessIds.length === 0) return { owners, subdomains, services };
  const ownerRows = await db
    .selectFrom('user_business_roles as r')
    .innerJoin('users as u', 'u.user_id', 'r.user_id')
    .select(['r.business_id', 'u.user_id', 'u.full_name', 'u.phone'])
    .where('r.business_id', 'in', businessIds)
    .where('r.role', '=', 'owner')
    .where('r.is_deleted', '=', false)
    .orderBy('r.created_at')
    .execute();
  // The first owner (the creator, usually) stands for the business in the list.
  for (const row of ownerRows) {
    if (!owners.has(row.business_id)) {
      owners.set(row.business_id, { user_id: row.user_id, full_name: row.full_name, phone: row.phone });
    }
  }
  for (const [businessId, name] of await subdomainsOf(db, businessIds)) subdomains.set(businessId, name);
  const serviceRows = await db
    .selectFrom('service_subscriptions')
    .select(['business_id', 'service_type', 'status', 'expiration_date'])
    .where('business_id', 'in', businessIds)
    .where('status', '=', 'active')
    .orderBy('service_type')
    .execute();
  for (const row of serviceRows) {
    const list = services.get(row.business_id) ?? [];
    list.push({
      service_type: row.service_type,
      status: row.status,
      expiration_date: row.expiration_date,
      last_service_date: lastServiceDate(row.expiration_date),
    });
    services.set(row.business_id, list);
  }
  return { owners, subdomains, services };
}
