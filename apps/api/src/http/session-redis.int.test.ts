import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../test/identity-flows.js';
import { useIdentityHarness } from '../test/identity-harness.js';
import { redisSessionStore } from './session.js';

const redisUrl = process.env.TEST_REDIS_URL;

/** With REDIS_URL the session store is Redis (connect-redis), shared by every app server. */
describe.runIf(redisUrl)('sessions in Redis', () => {
  const client = createClient({ url: redisUrl });
  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    await client.quit();
  });
  const { database, harness } = useIdentityHarness({ sessionStore: redisSessionStore(client) });

  it('signs in, keeps the session in Redis and forgets it at logout', async () => {
    const { agent } = await signUp(harness, { body: { full_name: 'Achieng Otieno' } });
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
