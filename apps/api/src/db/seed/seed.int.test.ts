import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database.js';
import { SEED_CATEGORIES, SEED_REGIONS, SEED_SYSTEM_CONFIG } from './reference-data.js';
import { seed } from './index.js';

const database = useTestDatabase();

async function snapshot() {
  const { db } = database.current;
  return {
    categories: await db.selectFrom('categories').selectAll().orderBy('slug').execute(),
    regions: await db.selectFrom('regions').selectAll().orderBy('slug').execute(),
    config: await db.selectFrom('system_config').selectAll().orderBy('key').execute(),
    users: await db.selectFrom('users').selectAll().orderBy('phone').execute(),
  };
}

describe('seed', () => {
  it('holds the launch reference data (ADM-257, ADM-258, ADM-451, ERRATA 25)', async () => {
    const { categories, regions, config } = await snapshot();
    expect(categories).toHaveLength(SEED_CATEGORIES.length);
    expect(regions.map((region) => region.slug)).toEqual(['kisumu', 'machakos']);
    expect(categories.find((category) => category.slug === 'restaurants')?.names).toEqual({
      en: 'Hotels & Eateries',
    });
    expect(categories.find((category) => category.slug === 'hotels')?.names).toEqual({
      en: 'Lodgings & Guest Houses',
    });
    const values = Object.fromEntries(config.map((entry) => [entry.key, entry.value]));
    expect(values).toMatchObject({
      tafuta_business_name: 'eBiashara Rahisi Ltd',
      tafuta_kra_pin: '',
      tafuta_vat_registration_number: '',
      vat_rate: '0.16',
      refund_processing_fee_percentage: '5',
      receipt_number_prefix: 'TFT',
    });
    expect(config.filter((entry) => entry.must_set_before_launch).map((entry) => entry.key)).toContain(
      'tafuta_kra_pin',
    );
  });

  it('changes nothing when run again, demo data included', async () => {
    const { db } = database.current;
    const first = await seed(db, { demo: true });
    expect(first).toMatchObject({ categories: 0, regions: 0, configKeys: 0, termsVersions: 0, templates: 0 });
    expect(first.users).toBeGreaterThan(0);
    const before = await snapshot();
    const second = await seed(db, { demo: true });
    expect(second).toEqual({
      categories: 0,
      regions: 0,
      configKeys: 0,
      termsVersions: 0,
      templates: 0,
      users: 0,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('keeps what staff changed since the first run', async () => {
    const { db } = database.current;
    await db
      .updateTable('system_config')
      .set({ value: 'P051234567X' })
      .where('key', '=', 'tafuta_kra_pin')
      .execute();
    await db
      .updateTable('categories')
      .set({ names: JSON.stringify({ en: 'Salons', sw: 'Saluni' }) })
      .where('slug', '=', 'salons')
      .execute();
    await seed(db, { demo: false });
    const pin = await db
      .selectFrom('system_config')
      .select('value')
      .where('key', '=', 'tafuta_kra_pin')
      .executeTakeFirst();
    expect(pin?.value).toBe('P051234567X');
    const salons = await db
      .selectFrom('categories')
      .select('names')
      .where('slug', '=', 'salons')
      .executeTakeFirst();
    expect(salons?.names).toEqual({ en: 'Salons', sw: 'Saluni' });
    expect(SEED_REGIONS).toHaveLength(2);
    expect(SEED_SYSTEM_CONFIG.every((entry) => entry.description.length > 0)).toBe(true);
  });
});
