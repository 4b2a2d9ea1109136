import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import {
  clearLightCache,
  fetchLight,
  hashKey,
  invalidateLight,
  lightState,
  setLightData,
  subscribe,
} from './light-query';

// The web project runs in node: light-query only needs window.setTimeout/clearTimeout from the browser.
beforeAll(() => {
  vi.stubGlobal('window', globalThis);
});

afterEach(() => {
  clearLightCache();
  vi.useRealTimers();
});

/** A fetcher whose replies the test releases one by one, recording the signal each call got. */
function controlledFetcher<T>() {
  const calls: { signal: AbortSignal; resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const fetcher = ({ signal }: { signal: AbortSignal }) =>
    new Promise<T>((resolve, reject) => {
      calls.push({ signal, resolve, reject });
    });
  return { calls, fetcher };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the light query cache (lib/light-query.ts)', () => {
  it('makes one request per key however many ask, and shares its reply', async () => {
    const key = ['search', 'machakos'];
    const { calls, fetcher } = controlledFetcher<string[]>();
    const first = fetchLight(hashKey(key), fetcher);
    const second = fetchLight(hashKey(key), fetcher);
    expect(calls).toHaveLength(1);
    expect(lightState(key)).toMatchObject({ isPending: true, isFetching: true });
    calls[0]!.resolve(['Kamba Kitchen Hotel']);
    await Promise.all([first, second]);
    expect(lightState(key)).toMatchObject({
      data: ['Kamba Kitchen Hotel'],
      error: null,
      isPending: false,
      isFetching: false,
    });
    expect(lightState(key).updatedAt).toBeGreaterThan(0);
  });

  it('aborts a superseded request and never lets its late reply overwrite the newer one', async () => {
    const key = ['search', 'q'];
    const { calls, fetcher } = controlledFetcher<string>();
    const old = fetchLight(hashKey(key), fetcher);
    const fresh = fetchLight(hashKey(key), fetcher, true);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);
    calls[1]!.resolve('new');
    calls[0]!.resolve('old');
    await Promise.all([old, fresh]);
    expect(lightState(key).data).toBe('new');
  });

  it('drops the request when the last watcher goes away, and tells the watchers about changes', async () => {
    const key = ['public-business', 'doreen-salon', 'en'];
    const { calls, fetcher } = controlledFetcher<string>();
    const listener = vi.fn();
    const stop = subscribe(hashKey(key), listener);
    void fetchLight(hashKey(key), fetcher);
    expect(listener).toHaveBeenCalled();
    stop();
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(lightState(key)).toMatchObject({ isFetching: false, isPending: true });
    // A reply arriving after the abort is ignored.
    calls[0]!.resolve('late');
    await flush();
    expect(lightState(key).data).toBeUndefined();
  });

  it('retries network failures and 5xx twice with backoff, then reports the error', async () => {
    vi.useFakeTimers();
    const key = ['regions'];
    const fetcher = vi.fn(() => Promise.reject(new ApiError('SERVICE_UNAVAILABLE', 503)));
    const done = fetchLight(hashKey(key), fetcher);
    await vi.advanceTimersByTimeAsync(999);
    expect(fetcher).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetcher).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    expect(fetcher).toHaveBeenCalledTimes(3);
    expect(lightState(key)).toMatchObject({ isPending: true, isFetching: false });
    expect(lightState(key).error).toBeInstanceOf(ApiError);
  });

  it('does not retry a 404 and keeps data it already had', async () => {
    const key = ['landing', 'nowhere'];
    setLightData(key, { title: 'kept' });
    const fetcher = vi.fn(() => Promise.reject(new ApiError('REGION_NOT_FOUND', 404)));
    await fetchLight(hashKey(key), fetcher, true);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(lightState(key)).toMatchObject({ data: { title: 'kept' }, isPending: false });
    expect((lightState(key).error as ApiError).status).toBe(404);
  });

  it('setLightData replaces a running request; invalidateLight refetches watched keys at once', async () => {
    const key = ['me'];
    const { calls, fetcher } = controlledFetcher<string>();
    void fetchLight(hashKey(key), fetcher);
    setLightData(key, 'signed in');
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[0]!.resolve('stale');
    await flush();
    expect(lightState(key).data).toBe('signed in');

    const stop = subscribe(hashKey(key), () => undefined);
    invalidateLight(key, fetcher);
    expect(lightState(key).updatedAt).toBe(0);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve('refreshed');
    await flush();
    expect(lightState(key).data).toBe('refreshed');
    stop();
  });
});
