import { sql, type Kysely } from 'kysely';
import type { BusinessContent } from '@tafuta/contracts';
import type { Database } from '../apps/api/src/db/schema.js';
import { derivedColumns, type CategoryText } from '../apps/api/src/modules/businesses/derived.js';

/**
 * A deterministic directory of many businesses for the search benchmark: the same seed gives the same
 * rows, so runs compare. Names mix Kenyan owner names, Swahili words and trade words the way real
 * signboards do ("Mama Wanjiru Hardware", "Baraka Kinyozi Tala"); each business also carries one brand
 * word drawn from a large pool, so a query for that word matches only a handful (the selective queries).
 */

/** mulberry32: small, fast, and good enough to pick names. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

/** Regions of a grown directory (the two launch regions the largest) and their towns. */
export const BENCH_REGIONS: {
  slug: string;
  name: string;
  weight: number;
  towns: string[];
  at: [number, number];
}[] = [
  {
    slug: 'machakos',
    name: 'Machakos',
    weight: 20,
    towns: ['Machakos Town', 'Athi River', 'Kangundo', 'Tala', 'Masii'],
    at: [-1.52, 37.26],
  },
  {
    slug: 'kisumu',
    name: 'Kisumu',
    weight: 20,
    towns: ['Kisumu CBD', 'Kondele', 'Maseno', 'Ahero', 'Nyamasaria'],
    at: [-0.09, 34.77],
  },
  { slug: 'kitui', name: 'Kitui', weight: 8, towns: ['Kitui Town', 'Mwingi', 'Kabati'], at: [-1.37, 38.01] },
  { slug: 'makueni', name: 'Makueni', weight: 7, towns: ['Wote', 'Emali', 'Mtito Andei'], at: [-1.8, 37.62] },
  { slug: 'kisii', name: 'Kisii', weight: 9, towns: ['Kisii Town', 'Suneka', 'Ogembo'], at: [-0.68, 34.77] },
  {
    slug: 'kakamega',
    name: 'Kakamega',
    weight: 9,
    towns: ['Kakamega Town', 'Mumias', 'Lurambi'],
    at: [0.28, 34.75],
  },
  {
    slug: 'nyeri',
    name: 'Nyeri',
    weight: 8,
    towns: ['Nyeri Town', 'Karatina', 'Othaya'],
    at: [-0.42, 36.95],
  },
  { slug: 'meru', name: 'Meru', weight: 7, towns: ['Meru Town', 'Nkubu', 'Maua'], at: [0.05, 37.65] },
  {
    slug: 'bungoma',
    name: 'Bungoma',
    weight: 6,
    towns: ['Bungoma Town', 'Webuye', 'Kimilili'],
    at: [0.56, 34.56],
  },
  { slug: 'embu', name: 'Embu', weight: 6, towns: ['Embu Town', 'Runyenjes', 'Siakago'], at: [-0.53, 37.45] },
];

/** Trade words per seeded category: the second half of a signboard, and what people type. */
const TRADES: Record<string, { weight: number; words: string[]; services: string[] }> = {
  salons: {
    weight: 12,
    words: ['Salon', 'Beauty Parlour', 'Kinyozi', 'Barbers', 'Hair Studio'],
    services: ['Braiding', 'Haircut', 'Nails', 'Weaves', 'Shave'],
  },
  restaurants: {
    weight: 12,
    words: ['Hotel', 'Eatery', 'Kitchen', 'Cafe', 'Butchery & Grill'],
    services: ['Chapati', 'Pilau', 'Nyama choma', 'Tea', 'Fish'],
  },
  shops: {
    weight: 14,
    words: ['Shop', 'General Stores', 'Duka', 'Boutique', 'Mini Mart'],
    services: ['Airtime', 'Flour', 'Soap', 'Clothes', 'Phone accessories'],
  },
  groceries: {
    weight: 9,
    words: ['Groceries', 'Fresh Produce', 'Mboga', 'Fruit Kiosk', 'Cereals'],
    services: ['Vegetables', 'Fruit', 'Maize', 'Beans', 'Eggs'],
  },
  hardware: {
    weight: 7,
    words: ['Hardware', 'Building Supplies', 'Timber Yard', 'Hardware & Paints'],
    services: ['Cement', 'Iron sheets', 'Paint', 'Plumbing', 'Nails'],
  },
  hotels: {
    weight: 5,
    words: ['Guest House', 'Lodge', 'Inn', 'Hotel & Lodging'],
    services: ['Rooms', 'Breakfast', 'Parking', 'Conference hall'],
  },
  cybers: {
    weight: 6,
    words: ['Cyber', 'Cyber Cafe', 'Printing & Cyber', 'Computer College'],
    services: ['Printing', 'Typing', 'KRA returns', 'eCitizen', 'Photocopy'],
  },
  entertainment: {
    weight: 3,
    words: ['Lounge', 'Club', 'Sports Bar', 'Events'],
    services: ['Sports viewing', 'Live music', 'DJ', 'Events'],
  },
  churches: {
    weight: 4,
    words: ['Church', 'Gospel Church', 'Parish', 'Fellowship'],
    services: ['Sunday service', 'Youth fellowship', 'Weddings'],
  },
  schools: {
    weight: 5,
    words: ['Academy', 'School', 'Tuition Centre', 'College'],
    services: ['Day school', 'Boarding', 'Tuition', 'Computer classes'],
  },
  hospitals: {
    weight: 4,
    words: ['Clinic', 'Medical Centre', 'Nursing Home', 'Dispensary'],
    services: ['Outpatient', 'Laboratory', 'Maternity', 'Dental'],
  },
  pharmacies: {
    weight: 5,
    words: ['Pharmacy', 'Chemist', 'Duka la Dawa'],
    services: ['Prescriptions', 'First aid', 'Baby care'],
  },
  mechanics: {
    weight: 5,
    words: ['Motor Garage', 'Auto Repairs', 'Tyre Centre', 'Boda Spares'],
    services: ['Engine repair', 'Brakes', 'Tyres', 'Service'],
  },
  repairs: {
    weight: 5,
    words: ['Phone Repairs', 'Electronics', 'Shoe Repair', 'Fundi'],
    services: ['Screens', 'Batteries', 'TV repair', 'Shoes'],
  },
  other: {
    weight: 4,
    words: ['Agrovet', 'Tailors', 'Solar Solutions', 'Enterprises'],
    services: ['Seeds', 'Fertiliser', 'Uniforms', 'Solar panels'],
  },
};

const FIRST = ['Mama', 'Baba', 'Mzee', 'Kwa', 'Dada', 'Uncle', 'St.', 'New', 'Super', 'Top'];
const OWNERS = [
  'Wanjiru',
  'Kamau',
  'Otieno',
  'Achieng',
  'Mutua',
  'Kioko',
  'Mwende',
  'Njeri',
  'Odhiambo',
  'Atieno',
  'Wambui',
  'Mwangi',
  'Kiprono',
  'Chebet',
  'Wafula',
  'Nafula',
  'Onyango',
  'Akinyi',
  'Musyoka',
  'Ndunge',
  'Kariuki',
  'Muthoni',
  'Omondi',
  'Adhiambo',
  'Nyambura',
  'Ochieng',
  'Wekesa',
  'Makena',
  'Kimani',
  'Auma',
];
const WORDS = [
  'Bora',
  'Safi',
  'Baraka',
  'Neema',
  'Upendo',
  'Tumaini',
  'Amani',
  'Furaha',
  'Imani',
  'Jambo',
  'Fresh',
  'Modern',
  'Classic',
  'Royal',
  'Golden',
  'Star',
  'Unity',
  'Faith',
  'Hope',
  'Grace',
  'Sunrise',
  'Lake',
  'Hilltop',
  'Green',
  'Smart',
  'Quality',
  'Wema',
  'Jamii',
  'Mwangaza',
  'Zawadi',
];
const SW_TAGLINES = [
  'Huduma bora kwa bei nafuu',
  'Karibu sana',
  'Tuko wazi kila siku',
  'Bei poa, huduma safi',
];
const EN_TAGLINES = [
  'Quality service at fair prices',
  'Serving the community since 2010',
  'Open every day',
  'Fast, friendly and reliable',
];

/** A pool of made-up brand words ("Kalimbo", "Tesuna"), each used by only a few businesses. */
export function brandWords(count: number, random: Random): string[] {
  const onsets = [
    'k',
    'm',
    'n',
    't',
    'w',
    'ch',
    'nd',
    'mb',
    'ng',
    's',
    'l',
    'r',
    'b',
    'g',
    'j',
    'ny',
    'sh',
    'z',
  ];
  const vowels = ['a', 'e', 'i', 'o', 'u'];
  const words = new Set<string>();
  while (words.size < count) {
    const syllables = 3 + Math.floor(random() * 2);
    let word = '';
    for (let i = 0; i < syllables; i++) word += pick(random, onsets) + pick(random, vowels);
    words.add(word[0]!.toUpperCase() + word.slice(1));
  }
  return [...words];
}

function weighted<T extends { weight: number }>(random: Random, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let roll = random() * total;
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1]!;
}

const CATEGORY_LIST = Object.entries(TRADES).map(([slug, trade]) => ({ slug, ...trade }));
export const TRADE_WORDS = [
  ...new Set(CATEGORY_LIST.flatMap((trade) => trade.words.flatMap((word) => word.split(' ')))),
].filter((word) => /^[A-Za-z]{4,}$/.test(word));
export const COMMON_WORDS = [...WORDS, ...OWNERS.slice(0, 10), ...FIRST.slice(0, 3)];

export interface GeneratedBusiness {
  tag: string;
  content: BusinessContent;
  promoted: boolean;
  hosted: boolean;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

export function generateBusiness(
  index: number,
  random: Random,
  brands: readonly string[],
): GeneratedBusiness {
  const category = weighted(random, CATEGORY_LIST);
  const region = weighted(random, BENCH_REGIONS);
  const town = pick(random, region.towns);
  const brand = brands[index % brands.length]!;
  const trade = pick(random, category.words);
  const shape = random();
  const name =
    shape < 0.3
      ? `${pick(random, FIRST)} ${pick(random, OWNERS)} ${trade}`
      : shape < 0.6
        ? `${pick(random, WORDS)} ${brand} ${trade}`
        : shape < 0.85
          ? `${brand} ${trade} ${town.split(' ')[0]}`
          : `${pick(random, OWNERS)} ${pick(random, WORDS)} ${trade}`;
  const categories = [category.slug];
  if (random() < 0.15) {
    const second = weighted(random, CATEGORY_LIST).slug;
    if (second !== category.slug) categories.push(second);
  }
  const regions = [region.slug];
  if (random() < 0.03) {
    const second = weighted(random, BENCH_REGIONS).slug;
    if (second !== region.slug) regions.push(second);
  }
  const services = category.services.filter(() => random() < 0.6);
  const phone = `+2547${String(10_000_000 + Math.floor(random() * 89_999_999))}`;
  const swahili = random() < 0.4;
  const content: BusinessContent = {
    schema_version: 1,
    default_language: 'en',
    profile: {
      en: {
        business_name: name.slice(0, 80),
        tagline: pick(random, EN_TAGLINES),
        ...(services.length > 0 ? { services } : {}),
        ...(random() < 0.3
          ? {
              description: `${name} in ${town}. ${pick(random, EN_TAGLINES)}. Ask for ${pick(random, OWNERS)}.`,
            }
          : {}),
      },
      ...(swahili ? { sw: { tagline: pick(random, SW_TAGLINES) } } : {}),
    },
    categories,
    regions,
    contact: { phone, ...(random() < 0.5 ? { whatsapp: phone } : {}) },
    location: {
      city: town,
      ...(random() < 0.6 ? { street_address1: `${pick(random, WORDS)} Road` } : {}),
      geo: {
        lat: round6(region.at[0] + (random() - 0.5) * 0.2),
        lng: round6(region.at[1] + (random() - 0.5) * 0.2),
      },
    },
    ...(random() < 0.3 ? { mpesa: { till_number: String(100_000 + Math.floor(random() * 899_999)) } } : {}),
  };
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return {
    tag: `${slug}-${index.toString(36)}`,
    content,
    promoted: random() < 0.03,
    hosted: random() < 0.05,
  };
}

/** Adds the regions a grown directory would have, next to the two launch regions the seed wrote. */
export async function ensureBenchRegions(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('regions')
    .values(
      BENCH_REGIONS.map((region, index) => ({
        slug: region.slug,
        names: JSON.stringify({ en: region.name }),
        coverage_note: region.towns.join(', '),
        sort_order: index + 1,
      })),
    )
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
}

/**
 * Writes `count` businesses: derived columns and the weighted search document exactly as the app computes
 * them (derivedColumns), many rows per statement, then the link tables and services in set-based SQL.
 */
export async function insertBusinesses(
  db: Kysely<Database>,
  input: { count: number; seed: number; brands: readonly string[]; onProgress?: (done: number) => void },
): Promise<void> {
  const random = prng(input.seed);
  const categories = (await db
    .selectFrom('categories')
    .select(['slug', 'names', 'keywords'])
    .execute()) as CategoryText[];
  const owners = await db
    .insertInto('users')
    .values(
      Array.from({ length: 500 }, (_, index) => ({
        full_name: `${OWNERS[index % OWNERS.length]} ${WORDS[index % WORDS.length]}`,
        phone: `+2547${String(90_000_000 + index)}`,
        phone_verified_at: new Date(),
      })),
    )
    .returning('user_id')
    .execute();
  // About 34 bound values a row: 1,500 rows stay well under PostgreSQL's 65,535 parameters.
  const batch = 1_500;
  const promotedTags: string[] = [];
  const hostedTags: string[] = [];
  for (let start = 0; start < input.count; start += batch) {
    const rows = [];
    for (let index = start; index < Math.min(start + batch, input.count); index++) {
      const business = generateBusiness(index, random, input.brands);
      if (business.promoted) promotedTags.push(business.tag);
      if (business.hosted) hostedTags.push(business.tag);
      const approvedAt = new Date(Date.now() - Math.floor(random() * 730) * 86_400_000);
      rows.push({
        ...derivedColumns(business.content, categories),
        business_tag: business.tag,
        status: 'active' as const,
        review_state: null,
        content_json: JSON.stringify(business.content),
        created_by: owners[index % owners.length]!.user_id,
        submitted_at: approvedAt,
        approved_at: approvedAt,
        approved_content_version: 1,
        created_at: approvedAt,
      });
    }
    await db.insertInto('businesses').values(rows).execute();
    input.onProgress?.(Math.min(start + batch, input.count));
  }
  await sql`
    insert into business_categories (business_id, category_id, position)
    select b.business_id, c.category_id, (s.ord - 1)::smallint
    from businesses b cross join lateral unnest(b.category_slugs) with ordinality as s(slug, ord)
    join categories c on c.slug = s.slug
    on conflict do nothing`.execute(db);
  await sql`
    insert into business_regions (business_id, region_id, position)
    select b.business_id, r.region_id, (s.ord - 1)::smallint
    from businesses b cross join lateral unnest(b.region_slugs) with ordinality as s(slug, ord)
    join regions r on r.slug = s.slug
    on conflict do nothing`.execute(db);
  for (const [serviceType, tags] of [
    ['search_promotion', promotedTags],
    ['website_hosting', hostedTags],
  ] as const) {
    await sql`
      insert into service_subscriptions (business_id, service_type, start_date, anchor_day, expiration_date, months_paid)
      select business_id, ${serviceType}, nairobi_today() - 10, extract(day from nairobi_today() - 10)::int,
        (nairobi_today() + interval '1 month')::date, 1
      from businesses where business_tag = any(${tags}::text[])
      on conflict do nothing`.execute(db);
  }
  await sql`analyze`.execute(db);
}
