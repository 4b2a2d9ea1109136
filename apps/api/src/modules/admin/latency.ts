import type { Registry } from 'prom-client';

/**
 * ADM-620 latency and error rate from the app's own prom-client histogram
 * (`http_request_duration_seconds`, http/metrics.ts). Percentiles are interpolated inside the bucket that
 * holds them, the way Prometheus's histogram_quantile does, so they are as good as the buckets.
 */

interface BucketSample {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

export interface LatencySummary {
  requests: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  byStatusClass: Record<string, number>;
}

/** Cumulative bucket counts (upper bound in seconds → count ≤ bound) to a quantile in milliseconds. */
export function quantileMs(buckets: [number, number][], q: number): number | null {
  const sorted = [...buckets].sort(([a], [b]) => a - b);
  const total = sorted.find(([bound]) => bound === Infinity)?.[1] ?? sorted[sorted.length - 1]?.[1] ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let previousBound = 0;
  let previousCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      // Above the highest finite bucket there is nothing to interpolate with: report that bound.
      if (bound === Infinity) return Math.round(previousBound * 1000);
      const inBucket = count - previousCount;
      const fraction = inBucket === 0 ? 0 : (rank - previousCount) / inBucket;
      return Math.round((previousBound + (bound - previousBound) * fraction) * 1000 * 10) / 10;
    }
    previousBound = bound;
    previousCount = count;
  }
  return null;
}

/** Merges every `/api/*` series of the histogram into one set of buckets. */
export async function apiLatency(registry: Registry): Promise<LatencySummary> {
  const metric = registry.getSingleMetric('http_request_duration_seconds');
  const empty = { requests: 0, p50: null, p95: null, p99: null, byStatusClass: {} };
  if (!metric) return empty;
  const data = (await metric.get()) as { values: BucketSample[] };
  const buckets = new Map<number, number>();
  const byStatusClass: Record<string, number> = {};
  let requests = 0;
  for (const sample of data.values) {
    const route = String(sample.labels.route ?? '');
    if (!route.startsWith('/api')) continue;
    if (sample.metricName?.endsWith('_bucket')) {
      const bound = sample.labels.le === '+Inf' ? Infinity : Number(sample.labels.le);
      buckets.set(bound, (buckets.get(bound) ?? 0) + sample.value);
    } else if (sample.metricName?.endsWith('_count')) {
      requests += sample.value;
      const statusClass = String(sample.labels.status_class ?? 'other');
      byStatusClass[statusClass] = (byStatusClass[statusClass] ?? 0) + sample.value;
    }
  }
  const merged = [...buckets.entries()];
  return {
    requests,
    p50: quantileMs(merged, 0.5),
    p95: quantileMs(merged, 0.95),
    p99: quantileMs(merged, 0.99),
    byStatusClass,
  };
}
