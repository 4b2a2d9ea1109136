import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../db/pool.js';
import { databaseUrl } from './database-url.js';

export interface TestDatabase extends DatabaseHandle {
  name: string;
  url: string;
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('testDatabase').adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh database copied from the migrated, seeded template: one per test file, dropped afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template } = inject('testDatabase');
  const name = `tafuta_test_${crypto.randomBytes(6).toString('hex')}`;
  await withAdmin(async (client) => {
    // CREATE DATABASE … TEMPLATE fails while another session is briefly attached to the template.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(
          `create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`,
        );
        return;
      } catch (error) {
        if (attempt >= 20 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  const url = databaseUrl(adminUrl, name);
  return { ...createDatabase(url, 5), name, url };
}

export async function dropTestDatabase(database: TestDatabase): Promise<void> {
  await database.db.destroy();
  await withAdmin((client) =>
    client.query(`drop database if exists ${pg.escapeIdentifier(database.name)} with (force)`),
  );
}

/** Registers the per-file database in beforeAll/afterAll; read `.current` inside tests. */
export function useTestDatabase(): { readonly current: TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    if (database) await dropTestDatabase(database);
  });
  return {
    get current() {
      if (!database) throw new Error('The test database is only available inside tests');
      return database;
    },
  };
}
