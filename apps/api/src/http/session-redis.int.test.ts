import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/database.js';
import { uniquePhone } from '../test/factories.js';
import { startIdentityHarness, type IdentityHarness } from '../test/identity-harness.js';
import { redisSessionStore } from './session.js';

const redisUrl = process.env.TEST_REDIS_URL;

/** With REDIS_URL the session store is Redis (connect-redis), shared by every app server. */
describe.runIf(redisUrl)('sessions in Redis', () => {
  const database = useTestDatabase();
  const client = createClient({ url: redisUrl });
  let harness: IdentityHarness;

  beforeAll(async () => {
    await client.connect();
    harness = await startIdentityHarness(database.current, { sessionStore: redisSessionStore(client) });
  });
  afterAll(async () => {
    await harness.close();
    await client.quit();
  });

  it('signs in, keeps the session in Redis and forgets it at logout', async () => {
    const phone = uniquePhone();
    const agent = harness.agent();
    await agent
      .post('/api/auth/register')
      .send({ phone, full_name: 'Achieng Otieno', terms_version: '1.0', privacy_version: '1.0' })
      .expect(201);
    await agent
      .post('/api/auth/verify-otp')
      .send({ phone, code: harness.lastCode(phone) })
      .expect(200);
    const session = await database.current.db
      .selectFrom('user_sessions')
      .select('session_id')
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(await client.exists(`tafuta:sess:${session.session_id}`)).toBe(1);
    // Nothing went to the PostgreSQL store.
    expect(await database.current.db.selectFrom('session').selectAll().execute()).toEqual([]);
    await agent.get('/api/users/me').expect(200);

    await agent.post('/api/auth/logout').expect(200);
    expect(await client.exists(`tafuta:sess:${session.session_id}`)).toBe(0);
    await agent.get('/api/users/me').expect(401);
  });
});
