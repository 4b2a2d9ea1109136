import { sql, type Kysely } from 'kysely';
import { businessContentSchema, type BusinessContent } from '@tafuta/contracts';
import { insertBusiness } from '../../modules/businesses/business.repo.js';
import { addFounder } from '../../modules/memberships/memberships.service.js';
import { assignSubdomain } from '../../modules/subdomains/subdomains.service.js';
import type { Database } from '../schema.js';
import { HOURS } from './demo-businesses.data.js';
import { DEMO_USERS } from './demo-data.js';

/**
 * "Demo Shop", the embedded default's showcase website at http://demo-shop.localhost:3000 (README): a
 * hosted business with every section of the classic template filled in, in English and Kiswahili. It has
 * no photos (the seed has no media pipeline), so the site shows its fallbacks: the brand-orange hero band
 * and the initials logo. All numbers are made up, in the demo block +254 700 10x xxx.
 */

export const DEMO_SHOP_TAG = 'demo-shop';
export const DEMO_SHOP_SUBDOMAIN = 'demo-shop';

export const DEMO_SHOP_CONTENT: BusinessContent = businessContentSchema.parse({
  schema_version: 1,
  default_language: 'en',
  profile: {
    en: {
      business_name: 'Demo Shop',
      tagline: 'Everyday goods, phone accessories and M-Pesa in one stop',
      description:
        'A family shop in the middle of Machakos Town since 2012. Household goods, school supplies, phone ' +
        'chargers and airtime, with an M-Pesa agent at the counter. Order on WhatsApp and pick up on your ' +
        'way home.',
      services: ['Household goods', 'Phone accessories', 'School supplies', 'M-Pesa agent', 'Airtime'],
      directions_note: 'Blue shop front opposite the Total petrol station',
      hours_note: 'Open on public holidays from 10:00 to 16:00',
    },
    sw: {
      business_name: 'Demo Shop',
      tagline: 'Bidhaa za kila siku, vifaa vya simu na M-Pesa mahali pamoja',
      description:
        'Duka la familia katikati ya mji wa Machakos tangu 2012. Bidhaa za nyumbani, vifaa vya shule, ' +
        'chaja za simu na vocha, pamoja na wakala wa M-Pesa. Agiza kwa WhatsApp uchukue ukirudi nyumbani.',
      services: ['Bidhaa za nyumbani', 'Vifaa vya simu', 'Vifaa vya shule', 'Wakala wa M-Pesa', 'Vocha'],
      directions_note: 'Duka lenye rangi ya buluu mkabala na kituo cha mafuta cha Total',
      hours_note: 'Tuko wazi siku za sikukuu kuanzia saa 10:00 hadi 16:00',
    },
  },
  categories: ['shops', 'repairs'],
  regions: ['machakos'],
  contact: {
    phone: '+254700104001',
    phone_alt: '+254700104002',
    whatsapp: '+254700104001',
    email: 'hello@demo-shop.example',
  },
  location: {
    street_address1: 'Ngei Road, shop 7',
    street_address2: 'Opposite the Total petrol station',
    city: 'Machakos Town',
    postal_code: '90100',
    geo: { lat: -1.517341, lng: 37.263912 },
  },
  hours: HOURS.shop,
  mpesa: { till_number: '5123456' },
  website: {
    en: {
      hero: { title: 'Demo Shop, Machakos', subtitle: 'Everything for home, school and your phone' },
      about: {
        title: 'About our shop',
        content:
          'We started Demo Shop in 2012 with one counter and a few shelves. Today we stock more than 800 ' +
          'everyday items and serve families, students and boda boda riders across Machakos.\n\nPay with ' +
          'M-Pesa or cash. Send us your list on WhatsApp and we will have it packed when you arrive.',
      },
      services: {
        title: 'What we offer',
        items: [
          { name: 'Phone chargers', description: 'Type-C, micro-USB and fast chargers', price: 'KES 350' },
          { name: 'Exercise books', description: 'A4 and A5, per dozen', price: 'KES 480' },
          { name: 'Household bundle', description: 'Soap, sugar, maize flour and oil', price: 'KES 1,200' },
          { name: 'Screen protector fitting', description: 'Fitted while you wait', price: 'KES 200' },
        ],
      },
      contact: { title: 'Visit or call us' },
    },
    sw: {
      hero: { title: 'Demo Shop, Machakos', subtitle: 'Kila kitu cha nyumbani, shule na simu yako' },
      about: {
        title: 'Kuhusu duka letu',
        content:
          'Tulianza Demo Shop mwaka 2012 tukiwa na kaunta moja. Leo tuna bidhaa zaidi ya 800 za kila siku ' +
          'kwa familia, wanafunzi na waendesha boda boda wa Machakos.\n\nLipa kwa M-Pesa au pesa taslimu. ' +
          'Tutumie orodha yako kwa WhatsApp na tutaipakia kabla hujafika.',
      },
      services: {
        title: 'Huduma zetu',
        items: [
          { name: 'Chaja za simu', description: 'Type-C, micro-USB na chaja za haraka', price: 'KES 350' },
          { name: 'Madaftari', description: 'A4 na A5, kwa dazeni', price: 'KES 480' },
          {
            name: 'Kifurushi cha nyumbani',
            description: 'Sabuni, sukari, unga na mafuta',
            price: 'KES 1,200',
          },
          { name: 'Kubandika kinga ya skrini', description: 'Tunabandika ukisubiri', price: 'KES 200' },
        ],
      },
      contact: { title: 'Tutembelee au utupigie' },
    },
  },
  website_settings: { template: 'classic' },
});

/**
 * Inserts Demo Shop once (by tag) for the first demo owner, with a year of website hosting and its web
 * address; the DNS worker then creates the record in the built-in Cloudflare simulator.
 */
export async function seedDemoShop(db: Kysely<Database>): Promise<{ businesses: number }> {
  const exists = await db
    .selectFrom('businesses')
    .select('business_id')
    .where('business_tag', '=', DEMO_SHOP_TAG)
    .executeTakeFirst();
  if (exists) return { businesses: 0 };
  const owner = await db
    .selectFrom('users')
    .select('user_id')
    .where('phone', '=', DEMO_USERS[0]!.phone)
    .executeTakeFirst();
  if (!owner) return { businesses: 0 };
  await db.transaction().execute(async (trx) => {
    const row = await insertBusiness(trx, {
      businessTag: DEMO_SHOP_TAG,
      content: DEMO_SHOP_CONTENT,
      createdBy: owner.user_id,
      status: 'active',
      changeSummary: 'Demo business',
    });
    await addFounder(trx, row.business_id, owner.user_id);
    await trx
      .insertInto('service_subscriptions')
      .values({
        business_id: row.business_id,
        service_type: 'website_hosting',
        start_date: sql<string>`nairobi_today()`,
        anchor_day: sql<number>`extract(day from nairobi_today())::int`,
        expiration_date: sql<string>`(nairobi_today() + interval '1 year')::date`,
        complimentary_months: 12,
      })
      .execute();
    await assignSubdomain(trx, { businessId: row.business_id, name: DEMO_SHOP_SUBDOMAIN, actorId: null });
  });
  return { businesses: 1 };
}
