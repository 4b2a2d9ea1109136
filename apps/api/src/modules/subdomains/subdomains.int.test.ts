import crypto from 'node:crypto';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBusiness, createRegion, grantService } from '../../test/factories.js';
import {
  OTP_TEST_CODE,
  signInWithTestCode,
  staffSession,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { TEST_CLOUDFLARE_TOKEN, useIdentityHarness } from '../../test/identity-harness.js';
import { createMemoryLogger } from '../../test/memory-logger.js';
import { findOperation } from '../../openapi/registry.js';
import { drainDnsJobs } from './dns-worker.js';
import { releaseBusinessSubdomains } from './subdomains.service.js';

/** EP-BIZ-06/07, UI-SUB-02..08, INT-420: web addresses through the app, DNS through the simulator. */

const memory = createMemoryLogger();
const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE }, logger: memory.logger });
const db = () => database.current.db;

/** Names unique to one test: the file shares its database. */
const word = () => `kx${crypto.randomBytes(3).toString('hex')}`;

const drain = (now?: Date) =>
  drainDnsJobs({ db: db(), dns: harness.services.dns, logger: harness.logger, random: () => 0.5, now });

async function owner(options: { businessName?: string; city?: string; hosting?: boolean } = {}) {
  const account = await verifiedAccount(db(), { consent: true });
  const business = await createBusiness(db(), {
    ownerId: account.userId,
    status: 'active',
    content: {
      profile: { en: { business_name: options.businessName ?? `${word()} Beauty` } },
      location: { city: options.city ?? 'Machakos' },
    },
  });
  if (options.hosting ?? true) await grantService(db(), business.business_id, 'website_hosting');
  const agent = await signInWithTestCode(harness, account.phone);
  return { ...account, businessId: business.business_id, agent };
}

// Each test starts with no due DNS work and an empty zone, so its counts are its own.
beforeEach(async () => {
  await drain();
  harness.dns.reset();
});

type Agent = Awaited<ReturnType<typeof owner>>['agent'];
const put = (agent: Agent, businessId: string, subdomain: string) =>
  agent.put(`/api/businesses/${businessId}/subdomain`).send({ subdomain });

const rowsOf = (businessId: string) =>
  db()
    .selectFrom('subdomains')
    .selectAll()
    .where('business_id', '=', businessId)
    .orderBy('created_at')
    .execute();

const jobsOf = (subdomainId: string) =>
  db()
    .selectFrom('dns_jobs')
    .selectAll()
    .where('subdomain_id', '=', subdomainId)
    .orderBy('created_at')
    .execute();

describe('PUT /api/businesses/:id/subdomain', () => {
  it('needs active website hosting', async () => {
    const me = await owner({ hosting: false });
    const response = await put(me.agent, me.businessId, word()).expect(409);
    expect(response.body.error.code).toBe('SERVICE_NOT_ACTIVE');

    // Paid up to today: the last day is over once today starts (nairobi_today() < expiration_date).
    await grantService(db(), me.businessId, 'website_hosting');
    await db()
      .updateTable('service_subscriptions')
      .set({ start_date: sql<string>`nairobi_today() - 30`, expiration_date: sql<string>`nairobi_today()` })
      .where('business_id', '=', me.businessId)
      .execute();
    expect((await put(me.agent, me.businessId, word()).expect(409)).body.error.code).toBe(
      'SERVICE_NOT_ACTIVE',
    );
  });

  it('answers at once with the pending address, then the DNS job creates the record', async () => {
    const me = await owner();
    const name = word();
    const response = await put(me.agent, me.businessId, ` ${name.toUpperCase()} Salon `).expect(200);
    expect(response.body.data).toEqual({
      subdomain: `${name}-salon`,
      website_url: `https://${name}-salon.tafuta.ke/`,
      dns_status: 'pending',
    });
    // Never blocks on Cloudflare: nothing was asked of it yet (ERRATA 26).
    expect(harness.dns.calls()).toBe(0);
    const [row] = await rowsOf(me.businessId);
    expect(row).toMatchObject({ name: `${name}-salon`, state: 'assigned', dns_status: 'pending' });
    expect(await jobsOf(row!.subdomain_id)).toEqual([
      expect.objectContaining({ action: 'ensure', status: 'queued' }),
    ]);

    expect(await drain()).toEqual({ done: 1, retried: 0, failed: 0 });
    const [record] = harness.dns.records({ name: `${name}-salon.tafuta.ke` });
    expect(record).toMatchObject({ type: 'CNAME', content: 'tafuta.ke', proxied: true });
    expect((await rowsOf(me.businessId))[0]).toMatchObject({
      dns_status: 'active',
      dns_record_id: record!.id,
    });
    expect((await jobsOf(row!.subdomain_id))[0]).toMatchObject({ status: 'done', attempts: 1 });

    const notices = await db()
      .selectFrom('notification_log')
      .select(['channel', 'body'])
      .where('user_id', '=', me.userId)
      .where('template_key', '=', 'subdomain_assigned')
      .execute();
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.some((notice) => notice.body?.includes(`https://${name}-salon.tafuta.ke/`))).toBe(true);
  });

  it('refuses malformed and reserved names with field errors', async () => {
    const me = await owner();
    const region = await createRegion(db(), { slug: word() });
    for (const [name, code] of [
      ['a--b', 'invalid_format'],
      ['ab', 'invalid_format'],
      ['www', 'not_allowed'],
      [region.slug, 'not_allowed'],
    ] as const) {
      const response = await put(me.agent, me.businessId, name).expect(400);
      expect(response.body.error).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'subdomain',
        details: [{ field: 'subdomain', code }],
      });
    }
    const blocked = word();
    await db()
      .updateTable('system_config')
      .set({ value: JSON.stringify([blocked]) })
      .where('key', '=', 'subdomain_blocklist')
      .execute();
    expect((await put(me.agent, me.businessId, blocked).expect(400)).body.error.details[0].code).toBe(
      'not_allowed',
    );
  });

  it('refuses a taken name with suggestions built from the business name and town', async () => {
    const first = await owner();
    const base = word();
    await put(first.agent, first.businessId, base).expect(200);
    const second = await owner({ businessName: `${base} Beauty Parlour`, city: 'Machakos' });
    const response = await put(second.agent, second.businessId, base).expect(409);
    expect(response.body.error.code).toBe('SUBDOMAIN_TAKEN');
    expect(response.body.error.suggestions).toEqual([
      `${base}-machakos`,
      `${base}beautyparlour`,
      `${base}-beauty-parlour`,
    ]);
  });

  it('allows one change per 30 days; the old name redirects for 90 days and keeps its record', async () => {
    const me = await owner();
    const [oldName, newName, third] = [word(), word(), word()];
    await put(me.agent, me.businessId, oldName).expect(200);
    await drain();
    // The same name again is no change.
    await put(me.agent, me.businessId, oldName).expect(200);

    const refused = await put(me.agent, me.businessId, newName).expect(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect(Date.parse(refused.body.error.next_change_at)).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    await db()
      .updateTable('subdomains')
      .set({ assigned_at: sql<Date>`now() - interval '31 days'` })
      .where('business_id', '=', me.businessId)
      .execute();
    const changed = await put(me.agent, me.businessId, newName).expect(200);
    expect(changed.body.data.subdomain).toBe(newName);
    const rows = await rowsOf(me.businessId);
    const old = rows.find((row) => row.name === oldName)!;
    expect(old.state).toBe('redirect');
    const days = (old.redirect_until!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    expect(rows.find((row) => row.name === newName)).toMatchObject({
      state: 'assigned',
      dns_status: 'pending',
    });

    await drain();
    expect(harness.dns.records({ name: `${oldName}.tafuta.ke` })).toHaveLength(1);
    expect(harness.dns.records({ name: `${newName}.tafuta.ke` })).toHaveLength(1);
    // The redirecting name is still this business's: nobody else may take it.
    const other = await owner();
    expect((await put(other.agent, other.businessId, oldName).expect(409)).body.error.code).toBe(
      'SUBDOMAIN_TAKEN',
    );
    expect((await put(me.agent, me.businessId, third).expect(409)).body.error.code).toBe('CONFLICT');
  });

  it('gives a business its own redirecting name back', async () => {
    const me = await owner();
    const [first, second] = [word(), word()];
    const backdate = () =>
      db()
        .updateTable('subdomains')
        .set({ assigned_at: sql<Date>`now() - interval '31 days'` })
        .where('business_id', '=', me.businessId)
        .where('state', '=', 'assigned')
        .execute();
    await put(me.agent, me.businessId, first).expect(200);
    const original = (await rowsOf(me.businessId))[0]!;
    await backdate();
    await put(me.agent, me.businessId, second).expect(200);
    await backdate();
    const check = await me.agent
      .get('/api/subdomains/availability')
      .query({ subdomain: first, business_id: me.businessId })
      .expect(200);
    expect(check.body.data).toMatchObject({ available: true, reason: null });
    await put(me.agent, me.businessId, first).expect(200);
    const rows = await rowsOf(me.businessId);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.name === first)).toMatchObject({
      subdomain_id: original.subdomain_id,
      state: 'assigned',
      redirect_until: null,
    });
    expect(rows.find((row) => row.name === second)).toMatchObject({ state: 'redirect' });
  });

  it('retries a DNS outage on the INT-022 schedule, then succeeds', async () => {
    const me = await owner();
    const name = word();
    await put(me.agent, me.businessId, name).expect(200);
    harness.dns.failNext(2, 503);
    expect(await drain()).toEqual({ done: 0, retried: 1, failed: 0 });
    const [row] = await rowsOf(me.businessId);
    const [job] = await jobsOf(row!.subdomain_id);
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    const wait = job!.next_run_at.getTime() - Date.now();
    expect(wait).toBeGreaterThan(20_000);
    expect(wait).toBeLessThan(40_000);
    expect(row).toMatchObject({ dns_status: 'pending' });
    expect(row!.dns_error).toContain('503');

    expect(await drain()).toEqual({ done: 0, retried: 0, failed: 0 });
    expect(await drain(new Date(Date.now() + 60_000))).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(harness.dns.records({ name: `${name}.tafuta.ke` })).toHaveLength(1);
    expect((await rowsOf(me.businessId))[0]).toMatchObject({ dns_status: 'active', dns_error: null });
    expect((await jobsOf(row!.subdomain_id))[0]).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('fails at once when a manual record holds the name', async () => {
    const me = await owner();
    const name = word();
    harness.dns.addRecord({ name: `${name}.tafuta.ke`, type: 'A', content: '192.0.2.7' });
    await put(me.agent, me.businessId, name).expect(200);
    expect(await drain()).toEqual({ done: 0, retried: 0, failed: 1 });
    const [row] = await rowsOf(me.businessId);
    expect(row).toMatchObject({ dns_status: 'failed' });
    expect((await jobsOf(row!.subdomain_id))[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('lets owners and staff Admin+ set the address, not business admins, employees or staff Support', async () => {
    const me = await owner();
    for (const role of ['admin', 'employee'] as const) {
      const member = await verifiedAccount(db(), { consent: true });
      await db()
        .insertInto('user_business_roles')
        .values({ user_id: member.userId, business_id: me.businessId, role })
        .execute();
      const agent = await signInWithTestCode(harness, member.phone);
      expect((await put(agent, me.businessId, word()).expect(403)).body.error.code).toBe('FORBIDDEN');
    }
    const support = await staffSession(harness, db(), 'support_staff');
    await put(support.agent, me.businessId, word()).expect(403);
    const stranger = await owner();
    await put(stranger.agent, me.businessId, word()).expect(404);

    const staff = await staffSession(harness, db(), 'admin');
    const name = word();
    const staffReply = await put(staff.agent, me.businessId, name);
    expect(staffReply.body.error).toBeUndefined();
    const audit = await db()
      .selectFrom('audit_logs')
      .selectAll()
      .where('entity_id', '=', me.businessId)
      .where('action', '=', 'subdomain_assigned')
      .executeTakeFirst();
    expect(audit).toMatchObject({ actor_id: staff.userId, actor_role: 'admin' });
  });
});

describe('GET /api/subdomains/availability', () => {
  it('answers from the database with the normalised name and a reason', async () => {
    const me = await owner();
    const taken = word();
    await put(me.agent, me.businessId, taken).expect(200);
    const check = async (subdomain: string, businessId?: string) => {
      const response = await me.agent
        .get('/api/subdomains/availability')
        .query({ subdomain, ...(businessId ? { business_id: businessId } : {}) })
        .expect(200);
      return (response.body as { data: { suggestions: string[] } }).data;
    };

    const free = word();
    expect(await check(`${free.toUpperCase()} Shop`)).toMatchObject({
      subdomain: `${free}-shop`,
      available: true,
      reason: null,
    });
    expect(await check(taken)).toMatchObject({ available: false, reason: 'taken' });
    expect((await check(taken)).suggestions).toEqual([`${taken}-2`, `${taken}-3`, `${taken}-4`]);
    expect(await check('admin')).toMatchObject({ available: false, reason: 'reserved' });
    expect(await check('-x')).toMatchObject({ available: false, reason: 'invalid' });
    expect(harness.dns.calls()).toBe(0);

    const named = await owner({ businessName: `${taken} Cosmetics`, city: 'Kitui' });
    const withBusiness = await named.agent
      .get('/api/subdomains/availability')
      .query({ subdomain: taken, business_id: named.businessId })
      .expect(200);
    expect(withBusiness.body.data.suggestions).toEqual([
      `${taken}-kitui`,
      `${taken}cosmetics`,
      `${taken}-cosmetics`,
    ]);
  });

  it('needs a signed-in user', async () => {
    await harness.agent().get('/api/subdomains/availability').query({ subdomain: 'doreen' }).expect(401);
  });
});

describe('business deletion (ADM-165, ERRATA 1)', () => {
  it('drops the record at once and keeps the name reserved for 12 months', async () => {
    const me = await owner();
    const name = word();
    await put(me.agent, me.businessId, name).expect(200);
    await drain();
    expect(harness.dns.records({ name: `${name}.tafuta.ke` })).toHaveLength(1);

    const queued = await db()
      .transaction()
      .execute((trx) => releaseBusinessSubdomains(trx, me.businessId, null));
    expect(queued).toBe(1);
    await drain();
    expect(harness.dns.records({ name: `${name}.tafuta.ke` })).toEqual([]);
    const [row] = await rowsOf(me.businessId);
    expect(row).toMatchObject({ state: 'reserved', dns_status: 'removed', dns_record_id: null });
    const months = (row!.reserved_until!.getTime() - Date.now()) / (30.44 * 86_400_000);
    expect(months).toBeGreaterThan(11.8);
    expect(months).toBeLessThan(12.2);

    const other = await owner();
    expect((await put(other.agent, other.businessId, name).expect(409)).body.error.code).toBe(
      'SUBDOMAIN_TAKEN',
    );
    const check = await other.agent
      .get('/api/subdomains/availability')
      .query({ subdomain: name })
      .expect(200);
    expect(check.body.data).toMatchObject({ available: false, reason: 'taken' });
  });
});

describe('the documented contract (API-15)', () => {
  /** The reply parses with the schema registered for its status and carries no key the schema drops. */
  function expectDocumented(method: string, path: string, response: { status: number; body: unknown }) {
    const spec = findOperation(method, path)?.responses[response.status];
    expect(spec, `${method} ${path} → ${response.status} is not documented`).toBeDefined();
    const parsed = spec!.schema!.safeParse(response.body);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(response.body);
    if (spec!.codes) expect(spec!.codes).toContain((response.body as { error: { code: string } }).error.code);
  }

  it('replies as the OpenAPI registry describes them', async () => {
    const me = await owner();
    const name = word();
    const path = '/api/businesses/{id}/subdomain';
    expectDocumented('put', path, await put(me.agent, me.businessId, name));
    expectDocumented('put', path, await put(me.agent, me.businessId, word()));
    const other = await owner();
    expectDocumented('put', path, await put(other.agent, other.businessId, name));
    expectDocumented('put', path, await put(other.agent, other.businessId, 'www'));
    const check = await me.agent
      .get('/api/subdomains/availability')
      .query({ subdomain: name, business_id: me.businessId });
    expectDocumented('get', '/api/subdomains/availability', check);
  });
});

describe('logs (INT-030..032)', () => {
  it('log every DNS change and never the Cloudflare token', async () => {
    const me = await owner();
    const name = word();
    await put(me.agent, me.businessId, name).expect(200);
    await drain();
    const calls = memory.lines.filter((line) => line.integration === 'cloudflare');
    expect(calls.some((line) => line.operation === 'create_record' && line.outcome === 'success')).toBe(true);
    expect(
      memory.lines.some((line) => line.message === 'DNS record ensured' && line.subdomain === name),
    ).toBe(true);
    expect(JSON.stringify(memory.lines)).not.toContain(TEST_CLOUDFLARE_TOKEN);
  });
});
