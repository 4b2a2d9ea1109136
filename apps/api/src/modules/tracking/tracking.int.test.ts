import crypto from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBusiness, grantService } from '../../test/factories.js';
import {
  browser,
  OTP_TEST_CODE,
  signInWithTestCode,
  staffSession,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { findOperation } from '../../openapi/registry.js';
import { countWebsiteView } from './tracking.service.js';

/** UI-TRK-03..05, ERRATA 21: anonymous daily counts, duplicates and bots ignored, owners see their own. */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });
const db = () => database.current.db;
const PHONE_BROWSER = 'Mozilla/5.0 (Linux; Android 12; TECNO KG5) AppleWebKit/537.36 Chrome/120 Mobile';

let hosted: { business_id: string; ownerId: string };
let free: { business_id: string };
let pending: { business_id: string };

beforeAll(async () => {
  hosted = await createBusiness(db(), { status: 'active' });
  await grantService(db(), hosted.business_id, 'website_hosting');
  free = await createBusiness(db(), { status: 'active' });
  pending = await createBusiness(db(), {});
});

const token = () => crypto.randomBytes(12).toString('base64url');
const event = (type: string, businessId: string) => ({
  type,
  business_id: businessId,
  surface: 'card',
  page: 'search',
});

async function counts(businessId: string): Promise<Record<string, number>> {
  const rows = await db()
    .selectFrom('business_event_counts')
    .select(['event_type', 'count', sql<boolean>`day = nairobi_today()`.as('today')])
    .where('business_id', '=', businessId)
    .execute();
  expect(rows.every((row) => row.today)).toBe(true);
  return Object.fromEntries(rows.map((row) => [row.event_type, row.count]));
}

describe('POST /api/events', () => {
  it('counts each event once per token within ten minutes, per Nairobi day, and answers 200', async () => {
    const agent = browser(harness).set('User-Agent', PHONE_BROWSER);
    const tab = token();
    const batch = {
      token: tab,
      events: [
        event('call_click', free.business_id),
        event('call_click', free.business_id),
        event('whatsapp_click', free.business_id),
        event('detail_view', hosted.business_id),
      ],
    };
    const first = await agent.post('/api/events').send(batch).expect(200);
    expect(first.body.data).toEqual({ accepted: 3, ignored: 1 });
    const again = await agent.post('/api/events').send(batch).expect(200);
    expect(again.body.data).toEqual({ accepted: 0, ignored: 4 });
    // Another tab counts again; so does the same tab once its ten minutes are over.
    await agent
      .post('/api/events')
      .send({ ...batch, token: token() })
      .expect(200);
    await db()
      .updateTable('tracking_dedupe')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .execute();
    await agent
      .post('/api/events')
      .send({ token: tab, events: [event('call_click', free.business_id)] })
      .expect(200);
    expect(await counts(free.business_id)).toEqual({ call_click: 3, whatsapp_click: 2 });
    expect(await counts(hosted.business_id)).toEqual({ detail_view: 2 });
    const stored = await db().selectFrom('tracking_dedupe').select('key').execute();
    expect(stored.some((row) => row.key.includes(tab))).toBe(false);
  });

  it('ignores bots, non-active businesses, detail views of free listings, ads and unknown ids', async () => {
    const before = await counts(free.business_id);
    for (const userAgent of [
      'Googlebot/2.1 (+http://www.google.com/bot.html)',
      'curl/8.5.0',
      'facebookexternalhit/1.1',
    ]) {
      const response = await browser(harness)
        .set('User-Agent', userAgent)
        .post('/api/events')
        .send({ token: token(), events: [event('call_click', free.business_id)] })
        .expect(200);
      expect(response.body.data).toEqual({ accepted: 0, ignored: 1 });
    }
    const response = await browser(harness)
      .set('User-Agent', PHONE_BROWSER)
      .post('/api/events')
      .send({
        token: token(),
        events: [
          event('call_click', pending.business_id),
          event('detail_view', free.business_id),
          { ...event('ad_click', free.business_id), ad_id: crypto.randomUUID(), surface: 'ad' },
          event('call_click', crypto.randomUUID()),
        ],
      })
      .expect(200);
    expect(response.body.data).toEqual({ accepted: 0, ignored: 4 });
    expect(await counts(free.business_id)).toEqual(before);
    expect(await counts(pending.business_id)).toEqual({});
  });

  it('refuses malformed batches with 400', async () => {
    const agent = browser(harness).set('User-Agent', PHONE_BROWSER);
    await agent
      .post('/api/events')
      .send({ token: 'short', events: [event('call_click', free.business_id)] })
      .expect(400);
    await agent.post('/api/events').send({ token: token(), events: [] }).expect(400);
    await agent
      .post('/api/events')
      .send({
        token: token(),
        events: Array.from({ length: 21 }, () => event('call_click', free.business_id)),
      })
      .expect(400);
    await agent
      .post('/api/events')
      .send({
        token: token(),
        events: [{ ...event('call_click', free.business_id), phone: '+254712345678' }],
      })
      .expect(400);
  });

  it('limits a client address to 60 batches a minute', async () => {
    const agent = browser(harness).set('User-Agent', PHONE_BROWSER);
    const body = { token: token(), events: [event('directions_click', free.business_id)] };
    for (let index = 0; index < 60; index += 1) await agent.post('/api/events').send(body).expect(200);
    const refused = await agent.post('/api/events').send(body).expect(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
  });
});

describe('GET /api/businesses/:id/stats (UI-TRK-05)', () => {
  it('shows members and staff the totals per type and per day; strangers get 404', async () => {
    await countWebsiteView(db(), hosted.business_id);
    await countWebsiteView(db(), hosted.business_id);
    await db()
      .insertInto('business_event_counts')
      .values({
        business_id: hosted.business_id,
        ad_id: null,
        event_type: 'call_click',
        day: sql<string>`nairobi_today() - 40`,
        count: 9,
      })
      .execute();
    const employee = await verifiedAccount(db(), { consent: true });
    await db()
      .insertInto('user_business_roles')
      .values({ user_id: employee.userId, business_id: hosted.business_id, role: 'employee' })
      .execute();
    const member = await signInWithTestCode(harness, employee.phone);
    const response = await member.get(`/api/businesses/${hosted.business_id}/stats`).expect(200);
    const stats = response.body.data;
    const documented = findOperation('get', '/api/businesses/{id}/stats')?.responses[200]?.schema?.safeParse(
      response.body,
    );
    expect(documented?.data).toEqual(response.body);
    expect(stats.days).toBe(30);
    expect(stats.totals).toMatchObject({ website_view: 2, detail_view: 2, call_click: 0 });
    expect(stats.daily).toHaveLength(1);
    expect(stats.daily[0].counts).toEqual({ website_view: 2, detail_view: 2 });
    const longer = await member
      .get(`/api/businesses/${hosted.business_id}/stats`)
      .query({ days: 90 })
      .expect(200);
    expect(longer.body.data.totals.call_click).toBe(9);
    await member.get(`/api/businesses/${hosted.business_id}/stats`).query({ days: 91 }).expect(400);

    const stranger = await verifiedAccount(db(), { consent: true });
    const outsider = await signInWithTestCode(harness, stranger.phone);
    await outsider.get(`/api/businesses/${hosted.business_id}/stats`).expect(404);
    await outsider.get('/api/businesses/not-a-uuid/stats').expect(404);
    await browser(harness).get(`/api/businesses/${hosted.business_id}/stats`).expect(401);

    const support = await staffSession(harness, db(), 'support_staff');
    await support.agent.get(`/api/businesses/${hosted.business_id}/stats`).expect(200);
  });
});

describe('replies match the OpenAPI registry (API-15)', () => {
  it('documents every key of the events reply', async () => {
    const response = await browser(harness)
      .set('User-Agent', PHONE_BROWSER)
      .post('/api/events')
      .send({ token: token(), events: [event('email_click', free.business_id)] })
      .expect(200);
    const parsed = findOperation('post', '/api/events')?.responses[200]?.schema?.safeParse(response.body);
    expect(parsed?.success).toBe(true);
    expect(parsed?.data).toEqual(response.body);
  });
});
