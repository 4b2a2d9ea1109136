import { healthSchema } from '@tafuta/contracts';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/pool.js';
import { buildTestApp } from '../../test/app.js';
import { useTestDatabase } from '../../test/database.js';

const database = useTestDatabase();

describe('GET /api/health (EP-SYS-01)', () => {
  it('reports healthy with the flat shape of the seed and no caching', async () => {
    const response = await request(buildTestApp(database.current.db)).get('/api/health').expect(200);
    const health = healthSchema.parse(response.body);
    expect(health).toMatchObject({ status: 'healthy', database: 'connected', version: '0.0.0-test' });
    expect(health.uptime).toBeGreaterThanOrEqual(5);
    expect(Object.keys(response.body).sort()).toEqual([
      'database',
      'status',
      'timestamp',
      'uptime',
      'version',
    ]);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 with database "disconnected" when the database cannot be reached', async () => {
    const dead = createDatabase('postgres://tafuta@127.0.0.1:1/none', 1);
    try {
      const response = await request(buildTestApp(dead.db)).get('/api/health').expect(503);
      expect(healthSchema.parse(response.body)).toMatchObject({
        status: 'unhealthy',
        database: 'disconnected',
      });
    } finally {
      await dead.db.destroy();
    }
  });

  it('reports a database that stops answering, then recovers once it is back', async () => {
    const { db, pool } = createDatabase(database.current.url, 1);
    const app = buildTestApp(db);
    try {
      await request(app).get('/api/health').expect(200);
      // Terminate the pool's connection from the server side, as a database restart would.
      const { rows } = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
      await database.current.pool.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
      const afterRestart = await request(app).get('/api/health');
      // The dead connection may be noticed on this request or evicted first; either way the next one heals.
      expect([200, 503]).toContain(afterRestart.status);
      await request(app).get('/api/health').expect(200);
    } finally {
      await db.destroy();
    }
  });
});
