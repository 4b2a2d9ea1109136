import express from 'express';
import pg from 'pg';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, conflict } from './errors.js';
import { errorHandler, isConnectionFailure, notFoundHandler } from './error-handler.js';
import { createLogger } from './logger.js';

// Nothing listens on port 1: connecting fails the way a stopped database does.
const deadPool = new pg.Pool({ connectionString: 'postgres://tafuta@127.0.0.1:1/tafuta', max: 1 });
afterAll(() => deadPool.end());

function appThrowing(error: () => Promise<never> | never) {
  const app = express();
  app.get('/fail', async () => {
    await error();
  });
  app.use(notFoundHandler());
  app.use(errorHandler(createLogger({ level: 'error', console: false })));
  return app;
}

describe('errorHandler', () => {
  it('answers 503 SERVICE_UNAVAILABLE while the database is down, not 500', async () => {
    const app = appThrowing(async () => {
      await deadPool.query('select 1');
      throw new Error('unreachable');
    });
    const response = await request(app).get('/fail').expect(503);
    expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('hides the message and stack of unexpected errors behind SERVER_ERROR (ERR-03)', async () => {
    const app = appThrowing(() => {
      throw new TypeError(
        "Cannot read properties of undefined (reading 'password_hash') at users.repo.ts:42",
      );
    });
    const response = await request(app).get('/fail').expect(500);
    expect(response.body.error.code).toBe('SERVER_ERROR');
    expect(JSON.stringify(response.body)).not.toContain('password_hash');
  });

  it('passes the extra keys of a typed error and sets Retry-After for retry_after', async () => {
    const app = appThrowing(() => {
      throw new AppError('OTP_INVALID', 'Wrong code', { extra: { attempts_remaining: 3, retry_after: 30 } });
    });
    const response = await request(app).get('/fail').expect(401);
    expect(response.body.error).toMatchObject({
      code: 'OTP_INVALID',
      attempts_remaining: 3,
      retry_after: 30,
    });
    expect(response.headers['retry-after']).toBe('30');
  });

  it('uses the status of the catalogue for each code', async () => {
    const app = appThrowing(() => {
      throw conflict('Choose another subdomain', 'SUBDOMAIN_TAKEN');
    });
    const response = await request(app).get('/fail').expect(409);
    expect(response.body.error.code).toBe('SUBDOMAIN_TAKEN');
  });
});

describe('isConnectionFailure', () => {
  it('recognises server shutdowns and refused connections, and nothing else', () => {
    expect(isConnectionFailure(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(
      true,
    );
    expect(isConnectionFailure(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isConnectionFailure('ECONNREFUSED')).toBe(false);
  });
});
