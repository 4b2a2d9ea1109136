import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** ADM-452: a change made with `config:set` reaches every process within this time. */
export const CONFIG_CACHE_TTL_MS = 30_000;

/** ADM-451 validation of vat_rate (at most 4 places); lib/vat takes rates below 1. */
const VAT_RATE = /^0(\.\d{1,4})?$/;

/**
 * system_config as the payments modules read it: the whole table (a few dozen short rows) in one query,
 * kept for at most 30 s so a staff change applies to payments initiated afterwards (ADM-452) without
 * a database round trip on every quote. Pending payments never re-read it: their rate is on the rows.
 */
export class ConfigCache {
  private values: Map<string, string> | undefined;
  private loadedAt = 0;
  private loading: Promise<Map<string, string>> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly ttlMs = CONFIG_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  private async all(): Promise<Map<string, string>> {
    if (this.values && this.now() - this.loadedAt < this.ttlMs) return this.values;
    // One load in flight, shared by concurrent callers.
    this.loading ??= this.db
      .selectFrom('system_config')
      .select(['key', 'value'])
      .execute()
      .then((rows) => {
        this.values = new Map(rows.map((row) => [row.key, row.value]));
        this.loadedAt = this.now();
        return this.values;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.all()).get(key);
  }

  /** vat_rate as the exact decimal string lib/vat takes ('0.16'); a malformed value stops the sale. */
  async vatRate(): Promise<string> {
    const value = (await this.get('vat_rate'))?.trim();
    if (!value || !VAT_RATE.test(value)) throw new Error('system_config.vat_rate is missing or malformed');
    return value;
  }

  /** Forget the cached values (tests, and a process that has just written a key itself). */
  invalidate(): void {
    this.values = undefined;
    this.loadedAt = 0;
  }
}
