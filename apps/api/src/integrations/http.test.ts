import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  isSendRetryStatus,
  providerFetch,
  ProviderTransportError,
  retryAfterMs,
  type ProviderFetchOptions,
} from './http.js';
import { createMemoryLogger } from '../test/memory-logger.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface Scripted {
  url: string;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

const servers: Scripted[] = [];

/** Answers the n-th request with the n-th handler; the last handler answers everything after. */
async function scriptedServer(...handlers: Handler[]): Promise<Scripted> {
  const requests: Scripted['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const handler = handlers[Math.min(requests.length, handlers.length) - 1];
    req.resume();
    req.on('end', () => handler?.(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const scripted: Scripted = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  servers.push(scripted);
  return scripted;
}

const status =
  (code: number, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify({ status: code }));
  };

const hang: Handler = () => {};

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function options(url: string, overrides: Partial<ProviderFetchOptions> = {}) {
  const memory = createMemoryLogger();
  const waits: number[] = [];
  const fetchOptions: ProviderFetchOptions = {
    integration: 'sms',
    operation: 'send',
    method: 'POST',
    url,
    body: '{}',
    version: '1.2.3',
    logger: memory.logger,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  };
  return { fetchOptions, waits, lines: memory.lines };
}

describe('providerFetch', () => {
  it('sends the User-Agent and returns status, headers and body', async () => {
    const server = await scriptedServer(status(201, { 'X-Thing': 'yes' }));
    const { fetchOptions } = options(`${server.url}/sms/send`);
    const response = await providerFetch(fetchOptions);
    expect(response.status).toBe(201);
    expect(response.headers.get('x-thing')).toBe('yes');
    expect(JSON.parse(response.bodyText)).toEqual({ status: 201 });
    expect(server.requests[0]?.headers['user-agent']).toBe('Tafuta/1.2.3');
  });

  it.each([429, 502, 503, 504])('retries HTTP %i inline (INT-021)', async (code) => {
    const server = await scriptedServer(status(code), status(200));
    const { fetchOptions, waits } = options(server.url, { attempts: 3 });
    expect((await providerFetch(fetchOptions)).status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it.each([500, 400, 401, 404, 422])('does not retry HTTP %i inline', async (code) => {
    const server = await scriptedServer(status(code), status(200));
    const { fetchOptions } = options(server.url, { attempts: 3 });
    expect((await providerFetch(fetchOptions)).status).toBe(code);
    expect(server.requests).toHaveLength(1);
  });

  it('retries any 5xx under the send policy (INT-023)', async () => {
    const server = await scriptedServer(status(500));
    const { fetchOptions } = options(server.url, { attempts: 3, retryOnStatus: isSendRetryStatus });
    expect((await providerFetch(fetchOptions)).status).toBe(500);
    expect(server.requests).toHaveLength(3);
  });

  it('makes one attempt unless asked for more', async () => {
    const server = await scriptedServer(status(503));
    const { fetchOptions, waits } = options(server.url);
    expect((await providerFetch(fetchOptions)).status).toBe(503);
    expect(server.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('waits with full-jitter exponential backoff: 0–0.5 s, then 0–1 s', async () => {
    const server = await scriptedServer(status(503));
    const top = options(server.url, { attempts: 3, random: () => 0.999999 });
    await providerFetch(top.fetchOptions);
    expect(top.waits.map(Math.round)).toEqual([500, 1000]);
    const half = options(server.url, { attempts: 3, random: () => 0.5 });
    await providerFetch(half.fetchOptions);
    expect(half.waits).toEqual([250, 500]);
  });

  it('honours Retry-After on 429 and caps it at 10 s', async () => {
    const server = await scriptedServer(
      status(429, { 'Retry-After': '2' }),
      status(429, { 'Retry-After': '120' }),
      status(200),
    );
    const { fetchOptions, waits } = options(server.url, { attempts: 3 });
    expect((await providerFetch(fetchOptions)).status).toBe(200);
    expect(waits).toEqual([2000, 10_000]);
  });

  it('reads Retry-After given as an HTTP date', () => {
    const now = Date.parse('2026-02-21T09:00:00Z');
    expect(retryAfterMs('Sat, 21 Feb 2026 09:00:03 GMT', now)).toBe(3000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('logs warn for retries and error when the retries are used up (INT-032)', async () => {
    const server = await scriptedServer(status(503));
    const { fetchOptions, lines } = options(server.url, { attempts: 3 });
    await providerFetch(fetchOptions);
    expect(lines.map((line) => [line.level, line.attempt, line.will_retry])).toEqual([
      ['warn', 1, true],
      ['warn', 2, true],
      ['error', 3, false],
    ]);
  });

  it('does not repeat a timed-out call that is not idempotent', async () => {
    const server = await scriptedServer(hang);
    const { fetchOptions, lines } = options(server.url, { attempts: 3, timeoutMs: 50 });
    const error = await providerFetch(fetchOptions).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderTransportError);
    expect((error as ProviderTransportError).kind).toBe('timeout');
    expect(server.requests).toHaveLength(1);
    expect(lines[0]).toMatchObject({ outcome: 'timeout', http_status: null, will_retry: false });
  });

  it('repeats a timed-out idempotent call', async () => {
    const server = await scriptedServer(hang, hang, status(200));
    const { fetchOptions } = options(server.url, { attempts: 3, timeoutMs: 50, idempotent: true });
    expect((await providerFetch(fetchOptions)).status).toBe(200);
    expect(server.requests).toHaveLength(3);
  });

  it('repeats connection errors, then throws a ProviderTransportError', async () => {
    const server = await scriptedServer(status(200));
    await server.close();
    const { fetchOptions, waits } = options(server.url, { attempts: 3 });
    const error = await providerFetch(fetchOptions).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ProviderTransportError', kind: 'connection', attempts: 3 });
    expect(waits).toHaveLength(2);
  });

  it('logs one line per call with INT-030 fields and no query string, headers or body', async () => {
    const server = await scriptedServer(status(201));
    const { fetchOptions, lines } = options(
      `${server.url}/sms/send?token=TOKEN-SECRET-1&phone=%2B254712345678`,
      {
        headers: { 'X-API-Key': 'KEY-SECRET-2', Authorization: 'Basic QVBJLVNFQ1JFVA==' },
        body: JSON.stringify({ message: 'Your code is 482913' }),
        correlation: { notification_id: 'n-1', request_id: undefined },
        responseCorrelation: () => ({ provider_message_id: 'vx-1' }),
      },
    );
    await providerFetch(fetchOptions);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      integration: 'sms',
      operation: 'send',
      direction: 'outbound',
      method: 'POST',
      host: new URL(server.url).host,
      path: '/sms/send',
      http_status: 201,
      attempt: 1,
      outcome: 'success',
      notification_id: 'n-1',
      provider_message_id: 'vx-1',
    });
    expect(typeof lines[0]?.duration_ms).toBe('number');
    expect(lines[0]).not.toHaveProperty('request_id');
    const logged = JSON.stringify(lines);
    for (const secret of ['TOKEN-SECRET', 'KEY-SECRET', 'QVBJ', '254712345678', '482913', '?', 'headers']) {
      expect(logged).not.toContain(secret);
    }
  });
});

describe('CircuitBreaker (INT-024)', () => {
  it('opens after 5 consecutive failures, fails fast for 60 s, then lets one trial through', () => {
    let now = 1_000_000;
    const breaker = new CircuitBreaker({ now: () => now });
    for (let i = 0; i < 4; i += 1) breaker.recordFailure();
    breaker.recordSuccess();
    for (let i = 0; i < 4; i += 1) breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now += 59_999;
    expect(breaker.tryAcquire()).toBe(false);
    now += 1;
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    now += 60_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('makes no HTTP call while open', async () => {
    const server = await scriptedServer(status(503));
    let now = 0;
    const breaker = new CircuitBreaker({ now: () => now });
    const { fetchOptions, lines } = options(server.url, { breaker });
    for (let i = 0; i < 5; i += 1) await providerFetch(fetchOptions);
    expect(server.requests).toHaveLength(5);
    await expect(providerFetch(fetchOptions)).rejects.toMatchObject({ kind: 'circuit_open' });
    expect(server.requests).toHaveLength(5);
    expect(lines.at(-1)).toMatchObject({ outcome: 'circuit_open', level: 'warn' });
    now += 60_000;
    expect((await providerFetch(fetchOptions)).status).toBe(503);
    expect(server.requests).toHaveLength(6);
  });
});
