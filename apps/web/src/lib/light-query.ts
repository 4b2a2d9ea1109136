import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { shouldRetry } from './api';

/**
 * A small server-state cache for what the first view needs (list view, header, footer). TanStack Query
 * is ~11 KB gzipped and the entry bundle has a hard 120 KB budget (issue 8 item 6), so the public shell
 * uses this instead and TanStack Query loads only with the lazy pages that use it (lib/query-client.tsx).
 * It keeps what those pages relied on: one fetch per key shared by every component, an AbortSignal per
 * fetch aborted when nobody watches the key any more, freshness (`staleTime`), and the app's retry rule
 * (two retries with backoff on network/5xx, lib/api.ts `shouldRetry`).
 */

export interface LightQueryState<T> {
  data: T | undefined;
  error: Error | null;
  /** No data yet (first load, or failed without data). */
  isPending: boolean;
  isFetching: boolean;
  updatedAt: number;
}

type Fetcher<T> = (context: { signal: AbortSignal }) => Promise<T>;

interface Entry<T> {
  state: LightQueryState<T>;
  listeners: Set<() => void>;
  controller: AbortController | null;
  /** Bumped on every new fetch so a superseded one can never write its result. */
  run: number;
}

const EMPTY: LightQueryState<never> = {
  data: undefined,
  error: null,
  isPending: true,
  isFetching: false,
  updatedAt: 0,
};

const entries = new Map<string, Entry<unknown>>();

export function hashKey(key: readonly unknown[]): string {
  return JSON.stringify(key);
}

function entryFor<T>(hash: string): Entry<T> {
  let entry = entries.get(hash) as Entry<T> | undefined;
  if (!entry) {
    entry = { state: EMPTY, listeners: new Set(), controller: null, run: 0 };
    entries.set(hash, entry);
  }
  return entry;
}

function update<T>(entry: Entry<T>, patch: Partial<LightQueryState<T>>): void {
  entry.state = { ...entry.state, ...patch };
  for (const listener of entry.listeners) listener();
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = window.setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      window.clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });
}

/** Starts a fetch for `hash` (aborting one already running when `force`), with the app's retries. */
export async function fetchLight<T>(hash: string, fetcher: Fetcher<T>, force = false): Promise<void> {
  const entry = entryFor<T>(hash);
  if (entry.controller && !force) return;
  entry.controller?.abort();
  const controller = new AbortController();
  const run = ++entry.run;
  entry.controller = controller;
  update(entry, { isFetching: true });
  for (let failures = 0; ; failures += 1) {
    try {
      const data = await fetcher({ signal: controller.signal });
      if (entry.run !== run) return;
      entry.controller = null;
      update(entry, { data, error: null, isPending: false, isFetching: false, updatedAt: Date.now() });
      return;
    } catch (error) {
      if (entry.run !== run || controller.signal.aborted) return;
      if (shouldRetry(failures, error)) {
        // TanStack Query's default backoff: 1 s, 2 s, … capped at 30 s.
        await wait(Math.min(1000 * 2 ** failures, 30_000), controller.signal).catch(() => undefined);
        if (entry.run !== run || controller.signal.aborted) return;
        continue;
      }
      entry.controller = null;
      const failure = error instanceof Error ? error : new Error(String(error));
      update(entry, { error: failure, isPending: entry.state.data === undefined, isFetching: false });
      return;
    }
  }
}

/** Replaces a key's data, e.g. the signed-in person after sign-in (no fetch). */
export function setLightData<T>(key: readonly unknown[], data: T): void {
  const entry = entryFor<T>(hashKey(key));
  entry.run += 1;
  entry.controller?.abort();
  entry.controller = null;
  update(entry, { data, error: null, isPending: false, isFetching: false, updatedAt: Date.now() });
}

/** Marks a key stale: watched keys refetch at once, others on their next use. */
export function invalidateLight(key: readonly unknown[], fetcher?: Fetcher<unknown>): void {
  const hash = hashKey(key);
  const entry = entries.get(hash);
  if (!entry) return;
  update(entry, { updatedAt: 0 });
  if (fetcher && entry.listeners.size > 0) void fetchLight(hash, fetcher, true);
}

/** The current state of a key (what useLightQuery renders), for code outside React and for tests. */
export function lightState<T>(key: readonly unknown[]): LightQueryState<T> {
  return entryFor<T>(hashKey(key)).state;
}

/** Watches a key as a mounted useLightQuery does; the returned function stops watching. */
export function subscribe(hash: string, listener: () => void): () => void {
  const entry = entryFor(hash);
  entry.listeners.add(listener);
  return () => {
    entry.listeners.delete(listener);
    // Nobody watches this key any more (the person typed on, or left the page): drop its request.
    if (entry.listeners.size === 0 && entry.controller) {
      entry.run += 1;
      entry.controller.abort();
      entry.controller = null;
      update(entry, { isFetching: false });
    }
  };
}

export interface LightQueryOptions<T> {
  queryKey: readonly unknown[];
  queryFn: Fetcher<T>;
  enabled?: boolean;
  /** Milliseconds a reply stays fresh; a newer mount within it does not refetch. */
  staleTime?: number;
}

export interface LightQueryResult<T> extends LightQueryState<T> {
  /** Fetches again; with `cancelRefetch: false` a request already running is kept instead. */
  refetch: (options?: { cancelRefetch?: boolean }) => Promise<void>;
}

export function useLightQuery<T>({
  queryKey,
  queryFn,
  enabled = true,
  staleTime = 0,
}: LightQueryOptions<T>): LightQueryResult<T> {
  const hash = hashKey(queryKey);
  const state = useSyncExternalStore(
    useCallback((listener: () => void) => subscribe(hash, listener), [hash]),
    () => entryFor<T>(hash).state,
  );
  // queryFn is a fresh closure each render; the key already names everything it depends on.
  useEffect(() => {
    if (!enabled) return;
    const entry = entryFor<T>(hash);
    const fresh = entry.state.data !== undefined && Date.now() - entry.state.updatedAt < staleTime;
    if (!fresh && !entry.controller) void fetchLight(hash, queryFn);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hash, enabled, staleTime, state.updatedAt === 0]);
  const refetch = useCallback(
    (options: { cancelRefetch?: boolean } = {}) => fetchLight(hash, queryFn, options.cancelRefetch !== false),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [hash],
  );
  return { ...state, refetch };
}

/** Test hook: forget every cached reply. */
export function clearLightCache(): void {
  for (const entry of entries.values()) entry.controller?.abort();
  entries.clear();
}
