import crypto from 'node:crypto';
import session from 'express-session';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { buildApp } from '../app.js';
import { createServices } from '../services.js';
import { testConfig } from '../test/app.js';
import { useTestDatabase } from '../test/database.js';
import { createLogger } from './logger.js';
import { postgresStoreFactory } from './rate-limit/stores.js';

/**
 * /metrics as Prometheus (and an operator's curl) sees it: the real app with its real pool, scraped
 * from loopback, and refused like an unknown path to anyone the proxy relays from outside.
 */

const database = useTestDatabase();
const TOKEN = 'metrics-token-7f3a9c2e5b8d1f4a6c0e9b2d';
let app: Express;

beforeAll(() => {
  const config = testConfig({ METRICS_TOKEN: TOKEN });
  const logger = createLogger({ level: 'error', console: false });
  const db = database.current.db;
  const services = createServices({ config, db, logger, version: '0.0.0-test' });
  app = buildApp({
    config,
    db,
    pool: database.current.pool,
    logger,
    rateLimitStores: postgresStoreFactory(db),
    version: '0.0.0-test',
    startedAt: Date.now(),
    sessionStore: new session.MemoryStore(),
    notifier: services.notifier,
    directoryEvents: services.directoryEvents,
    simulators: services.simulators,
  });
});

const histogramLine = (body: string, labels: string) =>
  body
    .split('\n')
    .find((line) => line.startsWith('http_request_duration_seconds_count{') && line.includes(labels));

describe('/metrics', () => {
  it('serves latency by route pattern, pool gauges, queue depth and process metrics to loopback', async () => {
    const userId = crypto.randomUUID();
    await request(app).get('/api/health').expect(200);
    // A route with an id, refused before any work (no session): the label must be the pattern.
    await request(app).delete(`/api/admin/users/${userId}`).expect(401);
    await request(app).get(`/api/no-such-thing/${userId}?token=secret-query`).expect(404);
    await database.current.db
      .insertInto('notification_log')
      .values({ template_key: 'metrics_test', category: 'staff', channel: 'email', language: 'en' })
      .execute();

    const response = await request(app).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.text;

    expect(body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(histogramLine(body, 'method="GET",route="/api/health",status_class="2xx"')).toMatch(/ 1$/);
    expect(histogramLine(body, 'method="DELETE",route="/api/admin/users/:id",status_class="4xx"')).toMatch(
      / 1$/,
    );
    expect(body).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/health",status_class="2xx"\}/,
    );
    expect(histogramLine(body, 'route="(unmatched)",status_class="4xx"')).toBeDefined();
    // Neither raw ids nor query strings become labels.
    expect(body).not.toContain(userId);
    expect(body).not.toContain('secret-query');
    expect(body).not.toContain('no-such-thing');

    expect(body).toMatch(/^pg_pool_total_connections \d+$/m);
    expect(body).toMatch(/^pg_pool_idle_connections \d+$/m);
    expect(body).toMatch(/^pg_pool_waiting_clients 0$/m);
    expect(body).toMatch(/^pg_pool_max_connections 5$/m);
    expect(body).toMatch(/^notification_outbox_pending\{status="queued"\} 1$/m);
    expect(body).toMatch(/^notification_outbox_pending\{status="sending"\} 0$/m);
    expect(body).toMatch(/^tafuta_metrics_database_up 1$/m);
    expect(body).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('counts the scrape itself under its own route', async () => {
    await request(app).get('/metrics').expect(200);
    const body = (await request(app).get('/metrics').expect(200)).text;
    expect(histogramLine(body, 'method="GET",route="/metrics",status_class="2xx"')).toBeDefined();
  });

  it('answers 404 (not the web app) to a client the proxy relays from outside, without a token', async () => {
    const response = await request(app).get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect(response.text).not.toContain('http_request_duration_seconds');
    await request(app).get('/metrics').set('Forwarded', 'for=203.0.113.9;proto=https').expect(404);
    await request(app).get('/metrics').set('X-Forwarded-For', '127.0.0.1, 203.0.113.9').expect(404);
  });

  it('lets a scraper with the bearer token in from anywhere, and refuses a wrong token', async () => {
    const allowed = await request(app)
      .get('/metrics')
      .set('X-Forwarded-For', '203.0.113.9')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(allowed.text).toContain('process_resident_memory_bytes');

    for (const header of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, 'Bearer ']) {
      await request(app)
        .get('/metrics')
        .set('X-Forwarded-For', '203.0.113.9')
        .set('Authorization', header)
        .expect(404);
    }
  });

  it('still serves loopback requests relayed only by loopback proxies', async () => {
    await request(app).get('/metrics').set('X-Forwarded-For', '127.0.0.1').expect(200);
  });
});
