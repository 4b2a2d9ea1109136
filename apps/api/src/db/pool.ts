import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

// timestamptz arrives as Date (pg's default); bigint (money in cents) as a JS number, which is exact up to
// 2^53 cents — far beyond any amount this product handles — and keeps arithmetic in integers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// A calendar date (expiry, click-count day) is a Nairobi day, not an instant: it stays 'YYYY-MM-DD' text
// rather than becoming a Date at midnight in whatever time zone the server happens to run.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface DatabaseHandle {
  pool: pg.Pool;
  db: Kysely<Database>;
}

export function createDatabase(
  connectionString: string,
  poolMax = 20,
  onIdleError: (error: Error) => void = () => undefined,
): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: poolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'tafuta',
  });
  // An idle client losing its server (database restart) must not crash the process; the next
  // query gets a fresh connection and health reports the outage meanwhile.
  pool.on('error', onIdleError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { pool, db };
}

/** Waits for the database to answer, with capped exponential backoff, for at most `timeoutMs`. */
export async function waitForDatabase(
  pool: pg.Pool,
  timeoutMs: number,
  onRetry: (attempt: number, error: unknown) => void = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('select 1');
      return;
    } catch (error) {
      const delay = Math.min(200 * 2 ** (attempt - 1), 5_000);
      if (Date.now() + delay > deadline) {
        throw new Error(`The database did not answer within ${Math.round(timeoutMs / 1000)} s`, {
          cause: error,
        });
      }
      onRetry(attempt, error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
