import crypto from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { databaseUrl } from '../test/database-url.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';
import { createDatabase } from './pool.js';

const { adminUrl } = inject('testDatabase');
const name = `tafuta_empty_${crypto.randomBytes(4).toString('hex')}`;

async function admin(query: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await admin(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
});

describe('migrations', () => {
  it('apply on an empty database, then find nothing left to do', async () => {
    await admin(`create database ${pg.escapeIdentifier(name)}`);
    const { db } = createDatabase(databaseUrl(adminUrl, name), 2);
    try {
      expect(await migrateToLatest(db)).toEqual(Object.keys(migrations));
      expect(await migrateToLatest(db)).toEqual([]);

      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(
        db,
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual(
        expect.arrayContaining([
          'audit_logs',
          'auth_logs',
          'categories',
          'regions',
          'system_config',
          'users',
        ]),
      );

      // PRD-06 and ADM-433 indexes.
      const indexes = await sql<{
        indexname: string;
      }>`select indexname from pg_indexes where schemaname = 'public'`.execute(db);
      expect(indexes.rows.map((row) => row.indexname)).toEqual(
        expect.arrayContaining([
          'users_phone_key',
          'users_email_key',
          'users_status_idx',
          'auth_logs_user_id_idx',
          'auth_logs_phone_idx',
          'auth_logs_timestamp_idx',
          'audit_logs_actor_id_idx',
          'audit_logs_entity_idx',
          'audit_logs_timestamp_idx',
        ]),
      );
    } finally {
      await db.destroy();
    }
  });

  it('apply once when two servers start together', async () => {
    const concurrent = `${name}_race`;
    await admin(`create database ${pg.escapeIdentifier(concurrent)}`);
    const first = createDatabase(databaseUrl(adminUrl, concurrent), 2);
    const second = createDatabase(databaseUrl(adminUrl, concurrent), 2);
    try {
      const [a, b] = await Promise.all([migrateToLatest(first.db), migrateToLatest(second.db)]);
      expect([...a, ...b]).toEqual(Object.keys(migrations));
    } finally {
      await first.db.destroy();
      await second.db.destroy();
      await admin(`drop database if exists ${pg.escapeIdentifier(concurrent)} with (force)`);
    }
  });
});
