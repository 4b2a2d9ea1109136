import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ServiceType } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** MEDIA-253: a gating service counts while its subscription is active and its period has not ended. */
export async function serviceActive(db: Db, businessId: string, serviceType: string): Promise<boolean> {
  const row = await db
    .selectFrom('service_subscriptions')
    .select('subscription_id')
    .where('business_id', '=', businessId)
    .where('service_type', '=', serviceType as ServiceType)
    .where('status', '=', 'active')
    .where(sql<boolean>`nairobi_today() < expiration_date`)
    .executeTakeFirst();
  return row !== undefined;
}

/** The tag and status as they are now (read under the media lock: a tag rename takes the same lock). */
export async function businessForMedia(db: Db, businessId: string) {
  return db
    .selectFrom('businesses')
    .select(['business_id', 'business_tag', 'business_name', 'status', 'content_json'])
    .where('business_id', '=', businessId)
    .executeTakeFirst();
}
