import { sql, type Kysely } from 'kysely';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Database } from '../../db/schema.js';

interface PendingKey {
  count: number;
  waiters: { resolve: (info: ClientRateLimitInfo) => void; reject: (error: unknown) => void }[];
}

/**
 * RL-04: counters in PostgreSQL, shared by every app process; one fixed window per key. Every increment
 * reaches the database before its request goes on, but the increments asked for in the same turn of the
 * event loop travel together in one statement: under load, one round trip serves dozens of requests
 * instead of one each, and the counts stay exact.
 */
export class PostgresRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private pending: Map<string, PendingKey> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private key(key: string): string {
    return `${this.prefix}:${key}`;
  }

  increment(key: string): Promise<ClientRateLimitInfo> {
    if (this.pending === null) {
      this.pending = new Map();
      setImmediate(() => void this.flush());
    }
    const pending = this.pending;
    return new Promise((resolve, reject) => {
      const entry = pending.get(key) ?? { count: 0, waiters: [] };
      entry.count += 1;
      entry.waiters.push({ resolve, reject });
      pending.set(key, entry);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = null;
    if (!batch) return;
    // A fixed key order, so two processes' batches lock shared rows in the same order (no deadlock).
    const keys = [...batch.keys()].sort();
    try {
      const { rows } = await sql<{ key: string; hits: number; reset_at: Date }>`
        insert into rate_limit_counters as counter (key, hits, reset_at)
        select t.key, t.hits, now() + make_interval(secs => ${this.windowMs / 1000})
          from unnest(${keys.map((key) => this.key(key))}::text[], ${keys.map((key) => batch.get(key)!.count)}::int[])
            with ordinality as t(key, hits, position)
         order by t.position
        on conflict (key) do update set
          hits = case when counter.reset_at <= now() then excluded.hits else counter.hits + excluded.hits end,
          reset_at = case when counter.reset_at <= now() then excluded.reset_at else counter.reset_at end
        returning key, hits, reset_at`.execute(this.db);
      const byKey = new Map(rows.map((row) => [row.key, row]));
      for (const key of keys) {
        const entry = batch.get(key)!;
        const row = byKey.get(this.key(key));
        if (!row) {
          const error = new Error('rate limit counter upsert returned no row');
          entry.waiters.forEach((waiter) => waiter.reject(error));
          continue;
        }
        // The batch's requests for one key were counted in the order they arrived.
        entry.waiters.forEach((waiter, index) =>
          waiter.resolve({ totalHits: row.hits - entry.count + index + 1, resetTime: row.reset_at }),
        );
      }
    } catch (error) {
      for (const entry of batch.values()) entry.waiters.forEach((waiter) => waiter.reject(error));
    }
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.db
      .selectFrom('rate_limit_counters')
      .select(['hits', 'reset_at'])
      .where('key', '=', this.key(key))
      .where('reset_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    return row ? { totalHits: row.hits, resetTime: row.reset_at } : undefined;
  }

  async decrement(key: string): Promise<void> {
    await this.db
      .updateTable('rate_limit_counters')
      .set({ hits: sql`greatest(hits - 1, 0)` })
      .where('key', '=', this.key(key))
      .execute();
  }

  async resetKey(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limit_counters').where('key', '=', this.key(key)).execute();
  }
}

/** Expired windows are dead weight; a periodic sweep keeps the table small. */
export async function pruneExpiredCounters(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_counters')
    .where('reset_at', '<', sql<Date>`now() - interval '1 minute'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Anything that can send a raw Redis command: node-redis's `sendCommand`, adapted. */
export type RedisCommandSender = (args: string[]) => Promise<unknown>;

export type RateLimitStoreFactory = (prefix: string) => Store;

export function postgresStoreFactory(db: Kysely<Database>): RateLimitStoreFactory {
  return (prefix) => new PostgresRateLimitStore(db, prefix);
}

/** With several app servers and REDIS_URL set, counters live in Redis (ARCHITECTURE.md scale-out). */
export function redisStoreFactory(send: RedisCommandSender): RateLimitStoreFactory {
  return (prefix) =>
    new RedisStore({
      prefix: `tafuta:rl:${prefix}:`,
      sendCommand: (...args: string[]) => send(args) as Promise<RedisReply>,
    });
}
