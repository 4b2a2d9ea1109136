import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import type { BusinessRole } from '../auth/permissions.js';
import type { DirectoryDeps } from '../directory-deps.js';
import { locatorFor, logoUrl } from '../search/listing-view.js';
import type { BusinessRow } from './access.js';

/** What members and staff see of a business (EP-BIZ-02 private view, ERRATA 14; EP-ME-10). */

type Db = Kysely<Database> | Transaction<Database>;

const iso = (value: Date | null) => (value === null ? null : isoSeconds(value));

export interface ServiceView {
  service_type: string;
  status: string;
  expiration_date: string;
  last_service_date: string;
}

/**
 * Subscriptions of some businesses. A row still marked active after its expiration day is shown as
 * expired (PAY-181: active only while the Nairobi day is before `expiration_date`); `last_service_date`
 * is the day before it (ERRATA 22).
 */
export async function servicesOf(db: Db, businessIds: string[]): Promise<Map<string, ServiceView[]>> {
  const byBusiness = new Map<string, ServiceView[]>(businessIds.map((id) => [id, []]));
  if (businessIds.length === 0) return byBusiness;
  const rows = await db
    .selectFrom('service_subscriptions')
    .select([
      'business_id',
      'service_type',
      sql<string>`case when status = 'active' and expiration_date <= nairobi_today() then 'expired'
                       else status end`.as('status'),
      sql<string>`expiration_date::text`.as('expiration_date'),
      sql<string>`(expiration_date - 1)::text`.as('last_service_date'),
    ])
    .where('business_id', 'in', businessIds)
    .orderBy('service_type')
    .execute();
  for (const { business_id, ...service } of rows) byBusiness.get(business_id)?.push(service);
  return byBusiness;
}

/** The web address in use (the `assigned` subdomain), per business. */
export async function subdomainsOf(db: Db, businessIds: string[]): Promise<Map<string, string>> {
  if (businessIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('subdomains')
    .select(['business_id', 'name'])
    .where('business_id', 'in', businessIds)
    .where('state', '=', 'assigned')
    .execute();
  return new Map(rows.map((row) => [row.business_id, row.name]));
}

export async function privateView(db: Db, business: BusinessRow, yourRole: BusinessRole | null) {
  const [services, subdomains] = await Promise.all([
    servicesOf(db, [business.business_id]),
    subdomainsOf(db, [business.business_id]),
  ]);
  return {
    business_id: business.business_id,
    business_tag: business.business_tag,
    business_name: business.business_name,
    status: business.status,
    review_state: business.review_state,
    rejection_reason_code: business.rejection_reason_code,
    rejection_reason: business.rejection_reason,
    deactivation_reason: business.deactivation_reason,
    verification_tier: business.verification_tier,
    categories: business.category_slugs,
    regions: business.region_slugs,
    city: business.city,
    phone: business.phone,
    content_json: business.content_json,
    content_version: business.content_version,
    content_updated_at: isoSeconds(business.content_updated_at),
    submitted_at: iso(business.submitted_at),
    approved_at: iso(business.approved_at),
    your_role: yourRole,
    subdomain: subdomains.get(business.business_id) ?? null,
    subscriptions: services.get(business.business_id) ?? [],
    created_at: isoSeconds(business.created_at),
  };
}

export type PrivateView = Awaited<ReturnType<typeof privateView>>;

/**
 * EP-ME-10: the caller's businesses (not deleted), oldest membership first. `logo_url` (small size) is
 * the dashboard's card picture (UI-DASH-06), null when there is none, so the initials avatar shows.
 */
export async function myBusinesses(
  db: Db,
  media: Pick<DirectoryDeps, 'mediaBaseUrl' | 'mediaUrls'>,
  userId: string,
  page: number,
  limit: number,
) {
  const base = db
    .selectFrom('user_business_roles as r')
    .innerJoin('businesses as b', 'b.business_id', 'r.business_id')
    .where('r.user_id', '=', userId)
    .where('r.is_deleted', '=', false)
    .where('b.status', '<>', 'deleted');
  const { total } = await base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'b.business_id',
      'b.business_name',
      'b.business_tag',
      'b.status',
      'b.review_state',
      'r.role',
      'b.verification_tier',
      // Only the photo lists: a logo needs nothing else, and a full document per row would be heavy.
      sql<BusinessRow['content_json']>`jsonb_build_object('media', b.content_json -> 'media')`.as(
        'content_json',
      ),
    ])
    .orderBy('r.created_at')
    .orderBy('b.business_id')
    .limit(limit)
    .offset((page - 1) * limit)
    .execute();
  const ids = rows.map((row) => row.business_id);
  const [services, subdomains, logos] = await Promise.all([
    servicesOf(db, ids),
    subdomainsOf(db, ids),
    Promise.all(rows.map(async (row) => logoUrl(await locatorFor(media, row), row, 'small', 'thumb'))),
  ]);
  return {
    total: Number(total),
    items: rows.map(({ content_json: _content, ...row }, index) => ({
      ...row,
      logo_url: logos[index] ?? null,
      subdomain: subdomains.get(row.business_id) ?? null,
      services: services.get(row.business_id) ?? [],
    })),
  };
}
