import type { DirectoryEvents } from '../directory-deps.js';

/**
 * The public reference replies, kept in this process for a minute. Their counts join every listed
 * business, which at 100,000 businesses costs tens of milliseconds, yet they change only when a listing
 * or the taxonomy does: DirectoryEvents.listingsChanged empties the cache at once, and the minute bounds
 * what a change from another process (config:set, another app server) can leave stale (ADM-452).
 */
export class CatalogueCache {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();
  /** Bumped on every change, so a load that began before it never stores its stale result. */
  private generation = 0;

  constructor(
    events: Pick<DirectoryEvents, 'onListingsChanged'>,
    private readonly ttlMs = 60_000,
  ) {
    events.onListingsChanged(() => {
      this.generation += 1;
      this.entries.clear();
    });
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > Date.now()) return entry.value as T;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) {
      this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
    }
    return value;
  }
}
