import { sql, type Kysely } from 'kysely';
import { businessContentSchema, type BusinessContent } from '@tafuta/contracts';
import { assignSubdomain } from '../../modules/subdomains/subdomains.service.js';
import { insertBusiness } from '../../modules/businesses/business.repo.js';
import { addFounder } from '../../modules/memberships/memberships.service.js';
import type { Database } from '../schema.js';
import { DEMO_BUSINESSES, HOURS, TOWNS, type DemoBusiness } from './demo-businesses.data.js';
import { DEMO_USERS } from './demo-data.js';

export { DEMO_BUSINESSES };

/**
 * The demo directory of the embedded default (issue 4 item 6): about sixty believable, approved
 * businesses in Machakos and Kisumu, so the quick start shows a living directory. Every name, number and
 * till is made up; phones sit in the demo users' +254 700 10x xxx block.
 */

/** MEDIA-021 tag from the English name: "Kinyozi Bora Barbers" → "kinyozi-bora-barbers". */
export function demoTag(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** A small deterministic offset (at most ~1 km) so the pins of one town do not sit on top of each other. */
function nudge(index: number, salt: number): number {
  return Math.round(((((index + 1) * salt) % 29) - 14) * 0.0006 * 1e6) / 1e6;
}

/** The version-1 document of the i-th demo business, validated by the contract's schema. */
export function demoContent(business: DemoBusiness, index: number): BusinessContent {
  const town = TOWNS[business.town];
  const phone = `+2547001030${String(index + 1).padStart(2, '0')}`;
  const sw = business.sw;
  const content = {
    schema_version: 1,
    default_language: sw?.name ? 'sw' : 'en',
    profile: {
      en: {
        business_name: business.name,
        tagline: business.tagline,
        ...(business.description ? { description: business.description } : {}),
        ...(business.services ? { services: business.services } : {}),
        ...(business.landmark ? { directions_note: business.landmark } : {}),
      },
      ...(sw
        ? {
            sw: {
              ...(sw.name ? { business_name: sw.name } : {}),
              ...(sw.tagline ? { tagline: sw.tagline } : {}),
              ...(sw.services ? { services: sw.services } : {}),
            },
          }
        : {}),
    },
    categories: business.categories,
    regions: [town.region, ...(business.alsoRegion ? [business.alsoRegion] : [])],
    contact: {
      phone,
      ...(business.whatsapp ? { whatsapp: phone } : {}),
      ...(business.email ? { email: business.email } : {}),
    },
    location: {
      ...(business.street ? { street_address1: business.street } : {}),
      city: business.town,
      postal_code: town.postal,
      geo: {
        lat: Math.round((town.at[0] + nudge(index, 7)) * 1e6) / 1e6,
        lng: Math.round((town.at[1] + nudge(index, 11)) * 1e6) / 1e6,
      },
    },
    ...(business.hours ? { hours: HOURS[business.hours] } : {}),
    ...(business.till || business.paybill
      ? {
          mpesa: business.paybill
            ? { paybill_number: business.paybill, paybill_account: demoTag(business.name).slice(0, 20) }
            : { till_number: String(5_100_000 + index * 7_919).slice(0, 7) },
        }
      : {}),
  };
  return businessContentSchema.parse(content);
}

/**
 * Inserts the demo businesses that are not there yet (by tag), each approved and owned by one of the
 * demo users in turn; a few carry search promotion or a hosted website so "Promoted" shows.
 */
export async function seedDemoBusinesses(db: Kysely<Database>): Promise<{ businesses: number }> {
  const owners = await db
    .selectFrom('users')
    .select(['user_id', 'phone'])
    .where(
      'phone',
      'in',
      DEMO_USERS.map((user) => user.phone),
    )
    .execute();
  const ownerIds = DEMO_USERS.map((user) => owners.find((row) => row.phone === user.phone)?.user_id).filter(
    (id): id is string => id !== undefined,
  );
  if (ownerIds.length === 0) return { businesses: 0 };
  const existing = new Set(
    (
      await db
        .selectFrom('businesses')
        .select('business_tag')
        .where(
          'business_tag',
          'in',
          DEMO_BUSINESSES.map((business) => demoTag(business.name)),
        )
        .execute()
    ).map((row) => row.business_tag),
  );
  let inserted = 0;
  for (const [index, business] of DEMO_BUSINESSES.entries()) {
    const tag = demoTag(business.name);
    if (existing.has(tag)) continue;
    const ownerId = ownerIds[index % ownerIds.length]!;
    await db.transaction().execute(async (trx) => {
      const row = await insertBusiness(trx, {
        businessTag: tag,
        content: demoContent(business, index),
        createdBy: ownerId,
        status: 'active',
        changeSummary: 'Demo business',
      });
      await addFounder(trx, row.business_id, ownerId);
      const services = [
        ...(business.promoted ? (['search_promotion'] as const) : []),
        ...(business.hosted ? (['website_hosting'] as const) : []),
      ];
      for (const serviceType of services) {
        await trx
          .insertInto('service_subscriptions')
          .values({
            business_id: row.business_id,
            service_type: serviceType,
            start_date: sql<string>`nairobi_today()`,
            anchor_day: sql<number>`extract(day from nairobi_today())::int`,
            expiration_date: sql<string>`(nairobi_today() + interval '1 year')::date`,
            complimentary_months: 12,
          })
          .onConflict((oc) => oc.columns(['business_id', 'service_type']).doNothing())
          .execute();
      }
      // A hosted demo business has its web address, so its card links out and the DNS worker creates
      // the record in the built-in Cloudflare simulator, as a paid one would.
      if (business.hosted)
        await assignSubdomain(trx, { businessId: row.business_id, name: tag, actorId: null });
    });
    inserted += 1;
  }
  return { businesses: inserted };
}
