import { sql } from 'kysely';
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { runIdentityMaintenance } from '../../jobs/index.js';
import {
  browser,
  liveSessions,
  OTP_TEST_CODE,
  sessionCookie,
  signInWithTestCode,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/**
 * Session lifetimes, sliding and revocation (SES-04..09, TST-07). Time moves in the database, never by
 * sleeping. Sign-ins use the fixed test code (OTP-11) so each one is a single request.
 */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });

/** Signs a device in and returns the session id the cookie points to. */
async function signIn(agent: TestAgent, phone: string): Promise<string> {
  await signInWithTestCode(harness, phone, agent);
  return newestSession(phone);
}

/** A new verified account signed in on a device of its own. */
async function freshSession() {
  const { userId, phone } = await verifiedAccount(database.current.db);
  const agent = browser(harness);
  return { agent, userId, sessionId: await signIn(agent, phone) };
}

async function newestSession(phone: string): Promise<string> {
  const row = await database.current.db
    .selectFrom('user_sessions as s')
    .innerJoin('users as u', 'u.user_id', 's.user_id')
    .select('s.session_id')
    .where('u.phone', '=', phone)
    .orderBy('s.created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.session_id;
}

const sessionRow = (sessionId: string) =>
  database.current.db
    .selectFrom('user_sessions')
    .selectAll()
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();

function expiresIn(cookie: string): number {
  const maxAge = /max-age=(\d+)/i.exec(cookie)?.[1];
  if (maxAge) return Number(maxAge);
  return (Date.parse(/expires=([^;]+)/i.exec(cookie)![1]!) - Date.now()) / 1000;
}

describe('idle and absolute expiry (SES-04, SES-07, TST-07)', () => {
  it('is still signed in after 59 idle minutes', async () => {
    const { agent, sessionId } = await freshSession();
    await sql`update user_sessions set expires_at = now() + interval '1 minute',
              issued_at = now() - interval '59 minutes' where session_id = ${sessionId}`.execute(
      database.current.db,
    );
    await agent.get('/api/users/me').set('X-Background-Request', '1').expect(200);
  });

  it('answers 401 SESSION_EXPIRED after the idle timeout and clears the cookie', async () => {
    const { agent, sessionId } = await freshSession();
    await sql`update user_sessions set expires_at = now() - interval '1 minute' where session_id = ${sessionId}`.execute(
      database.current.db,
    );
    const expired = await agent.get('/api/users/me').expect(401);
    expect(expired.body.error.code).toBe('SESSION_EXPIRED');
    const cleared = sessionCookie(expired.headers['set-cookie']);
    expect(cleared).toBeDefined();
    expect(Date.parse(/expires=([^;]+)/i.exec(cleared!)![1]!)).toBeLessThan(Date.now());
    // The browser dropped the cookie, so the next request has no session at all.
    const after = await agent.get('/api/users/me').expect(401);
    expect(after.body.error.code).toBe('UNAUTHORIZED');
  });

  it('never slides past the absolute maximum, and ends there', async () => {
    const { agent, sessionId } = await freshSession();
    const { db } = database.current;
    await sql`update user_sessions set absolute_expires_at = now() + interval '2 minutes',
              expires_at = now() + interval '2 minutes', issued_at = now() - interval '10 minutes'
              where session_id = ${sessionId}`.execute(db);
    const slid = await agent.get('/api/users/me').expect(200);
    const row = await sessionRow(sessionId);
    expect(row.expires_at.getTime()).toBe(row.absolute_expires_at.getTime());
    expect(expiresIn(sessionCookie(slid.headers['set-cookie'])!)).toBeLessThanOrEqual(121);

    await sql`update user_sessions set absolute_expires_at = now() - interval '1 second',
              expires_at = now() - interval '1 second' where session_id = ${sessionId}`.execute(db);
    const ended = await agent.get('/api/users/me').expect(401);
    expect(ended.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('answers SESSION_EXPIRED and clears the cookie when the store copy has already lapsed', async () => {
    const { agent, sessionId } = await freshSession();
    await sql`update session set expire = now() - interval '1 minute' where sid = ${sessionId}`.execute(
      database.current.db,
    );
    const expired = await agent.get('/api/users/me').expect(401);
    expect(expired.body.error.code).toBe('SESSION_EXPIRED');
    const cleared = sessionCookie(expired.headers['set-cookie']);
    expect(cleared, 'SES-07: an expired session clears the cookie').toBeDefined();
    expect(Date.parse(/expires=([^;]+)/i.exec(cleared!)![1]!)).toBeLessThan(Date.now());
  });
});

describe('sliding renewal (SES-05)', () => {
  it('moves the idle expiry and reissues the cookie on a request more than 5 minutes after the last one', async () => {
    const { agent, sessionId, userId } = await freshSession();
    const { db } = database.current;

    const fresh = await agent.get('/api/users/me').expect(200);
    expect(sessionCookie(fresh.headers['set-cookie'])).toBeUndefined();

    await sql`update user_sessions set issued_at = now() - interval '6 minutes',
              expires_at = now() + interval '54 minutes', last_seen_at = now() - interval '6 minutes'
              where session_id = ${sessionId}`.execute(db);
    const before = await sessionRow(sessionId);
    const slid = await agent.get('/api/users/me').expect(200);
    const after = await sessionRow(sessionId);
    const expectedExpiry = Date.now() + 60 * 60_000;
    expect(Math.abs(after.expires_at.getTime() - expectedExpiry)).toBeLessThan(5_000);
    expect(after.last_seen_at.getTime()).toBeGreaterThan(before.last_seen_at.getTime());
    expect(after.issued_at.getTime()).toBeGreaterThan(before.issued_at.getTime());
    const cookie = sessionCookie(slid.headers['set-cookie']);
    expect(cookie).toBeDefined();
    expect(expiresIn(cookie!)).toBeGreaterThan(3590);
    expect(Date.parse(slid.body.data.session.expires_at)).toBeGreaterThan(before.expires_at.getTime());
    const user = await db
      .selectFrom('users')
      .select('last_active_at')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(user.last_active_at).toBeInstanceOf(Date);
  });

  it('does not slide for background requests (X-Background-Request: 1)', async () => {
    const { agent, sessionId } = await freshSession();
    await sql`update user_sessions set issued_at = now() - interval '6 minutes',
              expires_at = now() + interval '54 minutes' where session_id = ${sessionId}`.execute(
      database.current.db,
    );
    const before = await sessionRow(sessionId);
    const polled = await agent.get('/api/users/me').set('X-Background-Request', '1').expect(200);
    expect(sessionCookie(polled.headers['set-cookie'])).toBeUndefined();
    const after = await sessionRow(sessionId);
    expect(after.expires_at.getTime()).toBe(before.expires_at.getTime());
    expect(after.issued_at.getTime()).toBe(before.issued_at.getTime());
  });
});

describe('revocation and the session cap (SES-01, SES-08, SES-09)', () => {
  it('refuses a revoked session even though the store still holds it', async () => {
    const { agent, sessionId } = await freshSession();
    const { db } = database.current;
    await sql`update user_sessions set revoked_at = now(), revoked_reason = 'test' where session_id = ${sessionId}`.execute(
      db,
    );
    const stored = await sql`select sid from session where sid = ${sessionId}`.execute(db);
    expect(stored.rows).toHaveLength(1);
    const refused = await agent.get('/api/users/me').expect(401);
    expect(refused.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('revokes the least recently used session when an 11th one opens', async () => {
    const { userId, phone } = await verifiedAccount(database.current.db);
    const { db } = database.current;
    const devices: { agent: TestAgent; sessionId: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const agent = browser(harness);
      devices.push({ agent, sessionId: await signIn(agent, phone) });
    }
    const stale = devices[3]!;
    await sql`update user_sessions set last_seen_at = now() - interval '30 minutes' where session_id = ${stale.sessionId}`.execute(
      db,
    );
    await signIn(browser(harness), phone);

    const revoked = await sessionRow(stale.sessionId);
    expect(revoked.revoked_at).toBeInstanceOf(Date);
    expect(revoked.revoked_reason).toBe('session_cap');
    expect(await liveSessions(db, userId)).toHaveLength(10);
    expect((await stale.agent.get('/api/users/me').expect(401)).body.error.code).toBe('SESSION_EXPIRED');
    for (const { agent } of devices.filter((entry) => entry !== stale)) {
      await agent.get('/api/users/me').set('X-Background-Request', '1').expect(200);
    }
  });

  it('gives a new session id at every sign-in and revokes the one it replaces', async () => {
    const { phone } = await verifiedAccount(database.current.db);
    const agent = browser(harness);
    const first = await agent.post('/api/auth/verify-otp').send({ phone, code: OTP_TEST_CODE }).expect(200);
    const firstCookie = sessionCookie(first.headers['set-cookie'])!.split(';')[0]!;
    const firstId = await newestSession(phone);

    const second = await agent.post('/api/auth/verify-otp').send({ phone, code: OTP_TEST_CODE }).expect(200);
    const secondCookie = sessionCookie(second.headers['set-cookie'])!.split(';')[0]!;
    const secondId = await newestSession(phone);
    expect(secondCookie).not.toBe(firstCookie);
    expect(secondId).not.toBe(firstId);
    expect((await sessionRow(firstId)).revoked_reason).toBe('replaced_by_sign_in');
    await agent.get('/api/users/me').expect(200);

    // The old cookie, replayed, opens nothing.
    const replay = await harness.agent().get('/api/users/me').set('Cookie', firstCookie).expect(401);
    expect(replay.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('answers 401 UNAUTHORIZED without a cookie', async () => {
    const response = await browser(harness).get('/api/users/me').expect(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
  });
});

describe('purging old sessions (SES-10)', () => {
  it('deletes rows expired or revoked more than 30 days ago, keeps newer ones, and clears lapsed store rows', async () => {
    const { db } = database.current;
    const { userId } = await verifiedAccount(db);
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3_600_000);
    const inAnHour = new Date(Date.now() + 3_600_000);
    const row = (id: string, times: { expires: Date; absolute: Date; revoked?: Date }) => ({
      session_id: `ses10-${id}-${userId}`,
      user_id: userId,
      scope: 'user' as const,
      expires_at: times.expires,
      absolute_expires_at: times.absolute,
      revoked_at: times.revoked ?? null,
      revoked_reason: times.revoked ? 'logout' : null,
    });
    await db
      .insertInto('user_sessions')
      .values([
        row('expired-31d', { expires: daysAgo(31.5), absolute: daysAgo(31) }),
        row('revoked-31d', { expires: inAnHour, absolute: inAnHour, revoked: daysAgo(31) }),
        row('expired-29d', { expires: daysAgo(29.5), absolute: daysAgo(29) }),
        row('revoked-29d', { expires: inAnHour, absolute: inAnHour, revoked: daysAgo(29) }),
        row('live', { expires: inAnHour, absolute: inAnHour }),
      ])
      .execute();
    const sid = (name: string) => `ses10-${name}-${userId}`;
    await sql`insert into session (sid, sess, expire) values
      (${sid('store-lapsed')}, '{}'::json, now() - interval '1 minute'),
      (${sid('store-live')}, '{}'::json, now() + interval '1 hour')`.execute(db);

    const result = await runIdentityMaintenance(db);
    expect(result.sessions_purged).toBeGreaterThanOrEqual(2);

    const kept = await db
      .selectFrom('user_sessions')
      .select('session_id')
      .where('user_id', '=', userId)
      .orderBy('session_id')
      .execute();
    expect(kept.map((session) => session.session_id)).toEqual(
      ['expired-29d', 'live', 'revoked-29d'].map(sid).sort(),
    );
    const store = await db
      .selectFrom('session')
      .select('sid')
      .where('sid', 'in', [sid('store-lapsed'), sid('store-live')])
      .execute();
    expect(store).toEqual([{ sid: sid('store-live') }]);
  });
});
