import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';

/**
 * MEDIA-201: one media change per business at a time, across every app process, through a
 * transaction-scoped PostgreSQL advisory lock (released by the server if the process dies). A waiter
 * gives up after 10 s with 409 MEDIA_BUSY.
 */

export const MEDIA_LOCK_WAIT_MS = 10_000;

type Trx = Transaction<Database>;

const mediaBusy = () =>
  new AppError('MEDIA_BUSY', 'Another change to these photos is in progress; try again in a moment');

/** Takes the business's media lock inside `trx`; it is held until that transaction ends. */
export async function acquireMediaLock(
  trx: Trx,
  businessId: string,
  waitMs: number = MEDIA_LOCK_WAIT_MS,
): Promise<void> {
  // lock_timeout bounds the wait; SET LOCAL ends with the transaction, so the pool connection is clean.
  await sql`select set_config('lock_timeout', ${`${Math.max(1, Math.round(waitMs))}ms`}, true)`.execute(trx);
  try {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`media:${businessId}`}, 0))`.execute(trx);
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') throw mediaBusy();
    throw error;
  }
  await sql`select set_config('lock_timeout', '0', true)`.execute(trx);
}

/** Runs `work` while holding the business's media lock (in a transaction of its own). */
export async function withMediaLock<T>(
  db: Kysely<Database>,
  businessId: string,
  work: (trx: Trx) => Promise<T>,
  waitMs?: number,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await acquireMediaLock(trx, businessId, waitMs);
    return work(trx);
  });
}

/** MEDIA-204: recovery runs in one process at a time, chosen by a global advisory lock. */
export async function withRecoveryLock<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T | null> {
  return db.transaction().execute(async (trx) => {
    const got = await sql<{
      ok: boolean;
    }>`select pg_try_advisory_xact_lock(hashtextextended('media:recovery', 0)) as ok`.execute(trx);
    if (!got.rows[0]?.ok) return null;
    return work();
  });
}
