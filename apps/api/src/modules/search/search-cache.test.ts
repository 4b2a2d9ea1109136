import { describe, expect, it } from 'vitest';
import { ReplyCache } from './search-cache.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('ReplyCache', () => {
  it('serves a stored reply until it expires', async () => {
    let now = 1_000;
    const cache = new ReplyCache<string>({ maxEntries: 10, ttlMs: 100, now: () => now });
    let loads = 0;
    const load = () => Promise.resolve(`reply ${(loads += 1)}`);
    expect(await cache.getOrLoad('a', load)).toBe('reply 1');
    now += 99;
    expect(await cache.getOrLoad('a', load)).toBe('reply 1');
    now += 1;
    expect(await cache.getOrLoad('a', load)).toBe('reply 2');
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const cache = new ReplyCache<string>({ maxEntries: 2, ttlMs: 10_000 });
    await cache.getOrLoad('a', () => Promise.resolve('A'));
    await cache.getOrLoad('b', () => Promise.resolve('B'));
    expect(cache.get('a')).toBe('A');
    await cache.getOrLoad('c', () => Promise.resolve('C'));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
  });

  it('runs one load for concurrent misses of one key', async () => {
    const cache = new ReplyCache<string>({ maxEntries: 10, ttlMs: 10_000 });
    const gate = deferred<string>();
    let loads = 0;
    const load = () => {
      loads += 1;
      return gate.promise;
    };
    const replies = Promise.all([
      cache.getOrLoad('k', load),
      cache.getOrLoad('k', load),
      cache.getOrLoad('k', load),
    ]);
    gate.resolve('once');
    expect(await replies).toEqual(['once', 'once', 'once']);
    expect(loads).toBe(1);
  });

  it('forgets everything on clear, including a load that was in flight when a listing changed', async () => {
    const cache = new ReplyCache<string>({ maxEntries: 10, ttlMs: 10_000 });
    await cache.getOrLoad('a', () => Promise.resolve('old'));
    const gate = deferred<string>();
    const inFlight = cache.getOrLoad('b', () => gate.promise);
    cache.clear();
    gate.resolve('stale');
    expect(await inFlight).toBe('stale');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
    expect(await cache.getOrLoad('b', () => Promise.resolve('fresh'))).toBe('fresh');
  });

  it('does not keep a failed load', async () => {
    const cache = new ReplyCache<string>({ maxEntries: 10, ttlMs: 10_000 });
    await expect(cache.getOrLoad('a', () => Promise.reject(new Error('database down')))).rejects.toThrow(
      'database down',
    );
    expect(await cache.getOrLoad('a', () => Promise.resolve('ok'))).toBe('ok');
  });
});
