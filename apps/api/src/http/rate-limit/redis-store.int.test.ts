import express from 'express';
import { createClient } from 'redis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../error-handler.js';
import { createLogger } from '../logger.js';
import { RATE_LIMIT_CLASSES } from './classes.js';
import { createRateLimiter } from './limiter.js';
import { redisStoreFactory } from './stores.js';

/**
 * The Redis store is what several app servers share once REDIS_URL is set. It needs a Redis server, which
 * a fresh machine with only Node.js lacks, so it runs where TEST_REDIS_URL is given (CI sets it).
 */
const redisUrl = process.env.TEST_REDIS_URL;

describe.runIf(redisUrl)('Redis rate-limit store', () => {
  const client = createClient({ url: redisUrl, disableOfflineQueue: true });
  const logger = createLogger({ level: 'error', console: false });

  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    await client.quit();
  });

  function limitedApp(send: (args: string[]) => Promise<unknown>, key: string) {
    const app = express();
    app.use(
      createRateLimiter(RATE_LIMIT_CLASSES.otpSendCooldownPerPhone, {
        stores: redisStoreFactory(send),
        logger,
        key: () => key,
      }),
    );
    app.get('/', (_req, res) => {
      res.json({ ok: true });
    });
    app.use(errorHandler(logger));
    return app;
  }

  it('limits across two app instances sharing one Redis', async () => {
    const key = `+2547${Date.now() % 100_000_000}`;
    const send = (args: string[]) => client.sendCommand(args);
    await request(limitedApp(send, key)).get('/').expect(200);
    const second = await request(limitedApp(send, key)).get('/').expect(429);
    expect(second.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(second.headers['ratelimit-limit']).toBe('1');
  });

  it('fails closed for OTP sending when Redis cannot be reached', async () => {
    const down = createClient({ url: 'redis://127.0.0.1:1', disableOfflineQueue: true });
    down.on('error', () => undefined);
    const response = await request(limitedApp((args) => down.sendCommand(args), 'any')).get('/');
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });
});
