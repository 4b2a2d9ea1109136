import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { isoSeconds, paginate, sendData } from './envelope.js';

describe('success envelope (API-04, API-06, API-07)', () => {
  it('wraps data with success, timestamp, and optional message and pagination', async () => {
    const app = express();
    app.get('/one', (_req, res) => sendData(res, { user_id: 'u1' }, { message: 'Profile updated' }));
    app.get('/list', (_req, res) => sendData(res, [{ slug: 'salons' }], { pagination: paginate(2, 20, 41) }));
    app.get('/created', (_req, res) => sendData(res, { id: 'x' }, { status: 201 }));

    const one = await request(app).get('/one').expect(200);
    expect(one.body).toEqual({
      success: true,
      data: { user_id: 'u1' },
      message: 'Profile updated',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    const list = await request(app).get('/list').expect(200);
    expect(list.body.pagination).toEqual({ page: 2, limit: 20, total: 41, pages: 3 });
    expect(list.body).not.toHaveProperty('message');
    await request(app).get('/created').expect(201);
  });

  it('counts zero pages for an empty list and formats instants without milliseconds', () => {
    expect(paginate(1, 20, 0)).toEqual({ page: 1, limit: 20, total: 0, pages: 0 });
    expect(isoSeconds(new Date('2026-03-01T09:15:00.789Z'))).toBe('2026-03-01T09:15:00Z');
  });
});
