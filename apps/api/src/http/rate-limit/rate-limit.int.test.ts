import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/pool.js';
import { buildTestApp } from '../../test/app.js';
import { useTestDatabase } from '../../test/database.js';
import { errorHandler } from '../error-handler.js';
import { createLogger } from '../logger.js';
import { RATE_LIMIT_CLASSES } from './classes.js';
import { createRateLimiter } from './limiter.js';
import { PostgresRateLimitStore, postgresStoreFactory, pruneExpiredCounters } from './stores.js';

const database = useTestDatabase();
const quietLogger = () => createLogger({ level: 'error', console: false });

/** A database nobody listens on: the store behind it fails as an unreachable server does. */
const unreachable = () => createDatabase('postgres://tafuta@127.0.0.1:1/none', 1);

describe('global rate limit (RL-01, RL-03)', () => {
  it('answers 429 RATE_LIMIT_EXCEEDED with retry_after and the RateLimit-* headers', async () => {
    const app = buildTestApp(database.current.db, { env: { RATE_LIMIT_MAX_REQUESTS: '3' } });
    const ip = '203.0.113.10';
    for (let remaining = 2; remaining >= 0; remaining--) {
      const response = await request(app).get('/api/anything').set('X-Forwarded-For', ip);
      expect(response.status).toBe(404);
      expect(response.headers['ratelimit-limit']).toBe('3');
      expect(response.headers['ratelimit-remaining']).toBe(String(remaining));
    }
    const limited = await request(app).get('/api/anything').set('X-Forwarded-For', ip).expect(429);
    expect(limited.body.success).toBe(false);
    expect(limited.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(limited.body.error.retry_after).toBeGreaterThanOrEqual(1);
    expect(limited.body.error.retry_after).toBeLessThanOrEqual(60);
    expect(limited.headers['retry-after']).toBe(String(limited.body.error.retry_after));
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect(Number(limited.headers['ratelimit-reset'])).toBeGreaterThan(0);
  });

  it('counts per client IP, so another caller is not affected', async () => {
    const app = buildTestApp(database.current.db, { env: { RATE_LIMIT_MAX_REQUESTS: '1' } });
    await request(app).get('/api/x').set('X-Forwarded-For', '203.0.113.20').expect(404);
    await request(app).get('/api/x').set('X-Forwarded-For', '203.0.113.20').expect(429);
    await request(app).get('/api/x').set('X-Forwarded-For', '203.0.113.21').expect(404);
  });

  it('shares counters between app processes through PostgreSQL (RL-04)', async () => {
    const env = { RATE_LIMIT_MAX_REQUESTS: '2' };
    const first = buildTestApp(database.current.db, { env });
    const second = buildTestApp(database.current.db, { env });
    await request(first).get('/api/x').set('X-Forwarded-For', '203.0.113.30').expect(404);
    await request(second).get('/api/x').set('X-Forwarded-For', '203.0.113.30').expect(404);
    await request(first).get('/api/x').set('X-Forwarded-For', '203.0.113.30').expect(429);
  });

  it('never limits the health check (RL-01 exempt)', async () => {
    const app = buildTestApp(database.current.db, { env: { RATE_LIMIT_MAX_REQUESTS: '1' } });
    for (let i = 0; i < 3; i++) {
      const response = await request(app)
        .get('/api/health')
        .set('X-Forwarded-For', '203.0.113.40')
        .expect(200);
      expect(response.headers['ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('store failures', () => {
  function appWith(limitClass: (typeof RATE_LIMIT_CLASSES)[keyof typeof RATE_LIMIT_CLASSES]) {
    const app = express();
    const dead = unreachable();
    app.use(
      createRateLimiter(limitClass, {
        stores: postgresStoreFactory(dead.db),
        logger: quietLogger(),
        key: () => '+254712345678',
      }),
    );
    app.get('/', (_req, res) => {
      res.json({ ok: true });
    });
    app.use(errorHandler(quietLogger()));
    return { app, dead };
  }

  it('refuses money-costing requests (OTP sending) when the counter store is down', async () => {
    const { app, dead } = appWith(RATE_LIMIT_CLASSES.otpSendCooldownPerPhone);
    const response = await request(app).get('/').expect(503);
    expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
    await dead.db.destroy();
  });

  it('lets ordinary requests through when the counter store is down', async () => {
    const { app, dead } = appWith(RATE_LIMIT_CLASSES.publicSearch);
    await request(app).get('/').expect(200);
    await dead.db.destroy();
  });
});

describe('PostgresRateLimitStore', () => {
  it('starts a new window once the old one has passed, and prunes dead windows', async () => {
    const { db } = database.current;
    const store = new PostgresRateLimitStore(db, 'window-test');
    store.init({ windowMs: 1_000 } as never);
    expect((await store.increment('k')).totalHits).toBe(1);
    expect((await store.increment('k')).totalHits).toBe(2);
    await store.decrement('k');
    expect((await store.get('k'))?.totalHits).toBe(1);
    await db
      .updateTable('rate_limit_counters')
      .set({ reset_at: new Date(Date.now() - 120_000) })
      .where('key', '=', 'window-test:k')
      .execute();
    expect(await store.get('k')).toBeUndefined();
    expect(await pruneExpiredCounters(db)).toBeGreaterThanOrEqual(1);
    expect((await store.increment('k')).totalHits).toBe(1);
    await store.resetKey('k');
    expect(await store.get('k')).toBeUndefined();
  });
});

describe('PostgresRateLimitStore batching', () => {
  it('counts concurrent increments exactly, in one statement per turn, across keys', async () => {
    const { db } = database.current;
    const store = new PostgresRateLimitStore(db, 'batch-test');
    store.init({ windowMs: 60_000 } as never);
    const results = await Promise.all([
      ...Array.from({ length: 25 }, () => store.increment('a')),
      ...Array.from({ length: 3 }, () => store.increment('b')),
    ]);
    expect(results.slice(0, 25).map((info) => info.totalHits)).toEqual(
      Array.from({ length: 25 }, (_, index) => index + 1),
    );
    expect(results.slice(25).map((info) => info.totalHits)).toEqual([1, 2, 3]);
    const rows = await db
      .selectFrom('rate_limit_counters')
      .select(['key', 'hits'])
      .where('key', 'like', 'batch-test:%')
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: 'batch-test:a', hits: 25 },
      { key: 'batch-test:b', hits: 3 },
    ]);
    // A second process's store adds to the same rows at once (RL-04).
    const other = new PostgresRateLimitStore(db, 'batch-test');
    other.init({ windowMs: 60_000 } as never);
    expect((await other.increment('a')).totalHits).toBe(26);
  });

  it('rejects every waiter of a batch when the database cannot be reached', async () => {
    const dead = unreachable();
    const store = new PostgresRateLimitStore(dead.db, 'batch-dead');
    store.init({ windowMs: 60_000 } as never);
    const outcomes = await Promise.allSettled([store.increment('x'), store.increment('y')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    await dead.db.destroy();
  });
});
