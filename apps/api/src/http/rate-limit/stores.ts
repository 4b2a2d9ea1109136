import { sql, type Kysely } from 'kysely';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Database } from '../../db/schema.js';

/** RL-04: counters in PostgreSQL, shared by every app process; one fixed window per key. */
export class PostgresRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

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

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { rows } = await sql<{ hits: number; reset_at: Date }>`
      insert into rate_limit_counters as counter (key, hits, reset_at)
      values (${this.key(key)}, 1, now() + make_interval(secs => ${this.windowMs / 1000}))
      on conflict (key) do update set
        hits = case when counter.reset_at <= now() then 1 else counter.hits + 1 end,
        reset_at = case when counter.reset_at <= now() then excluded.reset_at else counter.reset_at end
      returning hits, reset_at`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('rate limit counter upsert returned no row');
    return { totalHits: row.hits, resetTime: row.reset_at };
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
