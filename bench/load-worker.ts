import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

/**
 * The load generator, in a worker thread so that sending requests does not share the event loop of the
 * server it measures. Each request takes the next path of a prepared mix and a client address from a
 * large pool (X-Forwarded-For through the trusted loopback proxy), as many phones behind carrier NAT do.
 */

export interface LoadInput {
  url: string;
  paths: string[];
  /** The kind of each path (selective, broad…), for latencies per kind. */
  kinds?: string[];
  seconds: number;
  connections: number;
  addressPool: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  latencies: number[];
  byKind: Record<string, number[]>;
}

const input = workerData as LoadInput;
let next = 0;
/** 100.64.0.0/10 is the carrier-grade NAT range (RFC 6598). */
const address = (n: number) => `100.${64 + ((n >>> 16) & 63)}.${(n >>> 8) & 255}.${n & 255}`;
let addressState = 0x9e3779b9;
const nextAddress = () => {
  addressState = (Math.imul(addressState, 1_664_525) + 1_013_904_223) >>> 0;
  return address(addressState % input.addressPool);
};

const latencies: number[] = [];
const byKind: Record<string, number[]> = {};
const startedAt = performance.now();
const statusCounts: Record<string, number> = {};

const instance = autocannon(
  {
    url: input.url,
    connections: input.connections,
    duration: input.seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request: autocannon.Request, context: { kind?: string }) => {
          const path = input.paths[next % input.paths.length]!;
          context.kind = input.kinds?.[next % input.paths.length];
          next += 1;
          return {
            ...request,
            path,
            headers: { ...request.headers, 'x-forwarded-for': nextAddress(), accept: 'application/json' },
          };
        },
      },
    ],
  },
  (error, result) => {
    if (error) throw error;
    // Inside a worker thread autocannon hands back its raw per-worker result (histograms still encoded,
    // meant for its own aggregation), so the counts come from the response events instead.
    const seconds = (performance.now() - startedAt) / 1000;
    const non2xx = Object.entries(statusCounts)
      .filter(([status]) => !status.startsWith('2'))
      .reduce((sum, [, count]) => sum + count, 0);
    const output: LoadResult = {
      requests: latencies.length,
      rps: latencies.length / seconds,
      non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      statusCounts,
      latencies,
      byKind,
    };
    parentPort!.postMessage(output);
  },
);

interface ClientInternals {
  requestIterator?: { context?: { kind?: string } };
}

void instance.on('response', (client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
  latencies.push(responseTime);
  // One request in flight per connection (no pipelining): the client's context is still this request's.
  const kind = (client as ClientInternals).requestIterator?.context?.kind;
  if (kind) (byKind[kind] ??= []).push(responseTime);
  const key = String(statusCode);
  statusCounts[key] = (statusCounts[key] ?? 0) + 1;
});
