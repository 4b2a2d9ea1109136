import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded.js';
import { migrateToLatest } from '../db/migrate.js';
import { createDatabase } from '../db/pool.js';
import { seedReferenceData } from '../db/seed/index.js';
import { databaseUrl } from './database-url.js';
import { freePort } from './ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { adminUrl: string; template: string };
  }
}

/**
 * One PostgreSQL server per run: TEST_DATABASE_URL's, or an embedded one in a temporary folder. A template
 * database is migrated and seeded once; every test file then gets its own copy (see database.ts).
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | undefined;
  let tempDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-test-pg-'));
    fs.chmodSync(tempDir, 0o755);
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(tempDir, 'postgres'),
      port: await freePort(),
      // Throw-away data: durability settings off for speed.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
    });
    adminUrl = embedded.url('postgres');
  }

  const template = `tafuta_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${pg.escapeIdentifier(template)}`);
  await admin.query(`create database ${pg.escapeIdentifier(template)}`);
  await admin.end();

  const { db } = createDatabase(databaseUrl(adminUrl, template), 2);
  await migrateToLatest(db);
  await seedReferenceData(db);
  await db.destroy();

  project.provide('testDatabase', { adminUrl, template });

  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${pg.escapeIdentifier(template)} with (force)`);
    await cleanup.end();
    await embedded?.stop();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  };
}
