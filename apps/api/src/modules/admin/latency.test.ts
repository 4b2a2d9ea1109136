import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { apiLatency, quantileMs } from './latency.js';

describe('latency percentiles from histogram buckets (ADM-620)', () => {
  it('interpolates inside the bucket that holds the rank', () => {
    // 100 requests: 50 within 10 ms, 40 more within 50 ms, 10 more within 100 ms.
    const buckets: [number, number][] = [
      [0.01, 50],
      [0.05, 90],
      [0.1, 100],
      [Infinity, 100],
    ];
    expect(quantileMs(buckets, 0.5)).toBe(10);
    expect(quantileMs(buckets, 0.95)).toBe(75);
    expect(quantileMs(buckets, 0.99)).toBe(95);
    expect(quantileMs([[Infinity, 0]], 0.5)).toBeNull();
  });

  it('merges the /api series of the app histogram and counts status classes', async () => {
    const registry = new Registry();
    const histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'test',
      labelNames: ['method', 'route', 'status_class'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    });
    for (let i = 0; i < 98; i += 1)
      histogram.observe({ method: 'GET', route: '/api/a', status_class: '2xx' }, 0.004);
    histogram.observe({ method: 'GET', route: '/api/b', status_class: '5xx' }, 0.4);
    histogram.observe({ method: 'GET', route: '/api/b', status_class: '5xx' }, 0.4);
    histogram.observe({ method: 'GET', route: '(static)', status_class: '2xx' }, 2);
    const summary = await apiLatency(registry);
    expect(summary.requests).toBe(100);
    expect(summary.byStatusClass).toEqual({ '2xx': 98, '5xx': 2 });
    expect(summary.p50).toBeLessThanOrEqual(5);
    expect(summary.p99).toBeGreaterThan(250);
    expect(summary.p99).toBeLessThanOrEqual(500);
  });
});
