import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isProcessAlive, startEmbeddedPostgres } from './embedded.js';

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL (the default without DATABASE_URL)', () => {
  it('keeps its data across restarts, leaves no process behind, and never listens on 5432', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-embedded-'));
    fs.chmodSync(root, 0o755);
    const options = { dataDir: path.join(root, 'postgres'), port: 54_000 + (process.pid % 1000) };
    try {
      const first = await startEmbeddedPostgres(options);
      expect(first.url()).not.toContain(':5432/');
      const version = await query<{ server_version: string }>(first.url(), 'show server_version');
      expect(version[0]?.server_version).toMatch(/^15\./);
      await first.ensureDatabase('tafuta');
      await query(
        first.url('tafuta'),
        "create table kept (note text); insert into kept values ('still here')",
      );
      await first.stop();
      expect(isProcessAlive(first.pid)).toBe(false);

      const second = await startEmbeddedPostgres(options);
      await second.ensureDatabase('tafuta');
      expect(await query(second.url('tafuta'), 'select note from kept')).toEqual([{ note: 'still here' }]);
      await second.stop();
      expect(isProcessAlive(second.pid)).toBe(false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses to initialise over a folder that holds something else', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tafuta-embedded-'));
    fs.chmodSync(root, 0o755);
    fs.mkdirSync(path.join(root, 'postgres'));
    fs.writeFileSync(path.join(root, 'postgres', 'precious.txt'), 'do not delete');
    try {
      await expect(
        startEmbeddedPostgres({ dataDir: path.join(root, 'postgres'), port: 54_999 }),
      ).rejects.toThrow(/is not empty and holds no PostgreSQL cluster/);
      expect(fs.readFileSync(path.join(root, 'postgres', 'precious.txt'), 'utf8')).toBe('do not delete');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
