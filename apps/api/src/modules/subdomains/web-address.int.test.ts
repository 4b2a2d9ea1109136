import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createBusiness, grantService } from '../../test/factories.js';
import { OTP_TEST_CODE, signInWithTestCode, verifiedAccount } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { findOperation } from '../../openapi/registry.js';
import { drainDnsJobs } from './dns-worker.js';

/** GET /api/businesses/:id/subdomain: the website editor's address row (UI-WED-02, UI-SUB-06/08). */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });
const db = () => database.current.db;
const word = () => `wa${crypto.randomBytes(3).toString('hex')}`;
const DAY = 86_400_000;

async function hostedOwner() {
  const account = await verifiedAccount(db(), { consent: true });
  const business = await createBusiness(db(), {
    ownerId: account.userId,
    status: 'active',
    content: { profile: { en: { business_name: `${word()} Salon` } }, location: { city: 'Kisumu' } },
  });
  await grantService(db(), business.business_id, 'website_hosting');
  const agent = await signInWithTestCode(harness, account.phone);
  return { businessId: business.business_id, agent };
}

type Agent = Awaited<ReturnType<typeof hostedOwner>>['agent'];
const read = (agent: Agent, businessId: string) => agent.get(`/api/businesses/${businessId}/subdomain`);
const put = (agent: Agent, businessId: string, subdomain: string) =>
  agent.put(`/api/businesses/${businessId}/subdomain`).send({ subdomain });
const backdate = (businessId: string) =>
  db()
    .updateTable('subdomains')
    .set({ assigned_at: sql<Date>`now() - interval '31 days'` })
    .where('business_id', '=', businessId)
    .where('state', '=', 'assigned')
    .execute();

function expectDocumented(body: unknown, status: number) {
  const spec = findOperation('get', '/api/businesses/{id}/subdomain')?.responses[status];
  expect(spec, `GET → ${status} is not documented`).toBeDefined();
  const parsed = spec!.schema!.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(body);
}

describe('GET /api/businesses/:id/subdomain', () => {
  it('is null before the business has an address', async () => {
    const me = await hostedOwner();
    const reply = await read(me.agent, me.businessId).expect(200);
    expect(reply.body.data).toEqual({ current: null, redirects: [] });
    expectDocumented(reply.body, 200);
  });

  it('says "pending" until the DNS record exists, and when the 30-day limit ends', async () => {
    const me = await hostedOwner();
    const name = word();
    await put(me.agent, me.businessId, name).expect(200);
    const pending = await read(me.agent, me.businessId).expect(200);
    expect(pending.body.data.current).toMatchObject({
      subdomain: name,
      website_url: `https://${name}.tafuta.ke/`,
      dns_status: 'pending',
    });
    const next = Date.parse(pending.body.data.current.next_change_at);
    expect(next - Date.now()).toBeGreaterThan(29.9 * DAY);
    expect(next - Date.now()).toBeLessThan(30.1 * DAY);
    expectDocumented(pending.body, 200);

    await drainDnsJobs({ db: db(), dns: harness.services.dns, logger: harness.logger, random: () => 0.5 });
    const live = await read(me.agent, me.businessId).expect(200);
    expect(live.body.data.current.dns_status).toBe('active');
  });

  it('lists the old name as redirecting for 90 days after a change, and the change as allowed again', async () => {
    const me = await hostedOwner();
    const [first, second] = [word(), word()];
    await put(me.agent, me.businessId, first).expect(200);
    await backdate(me.businessId);
    expect((await read(me.agent, me.businessId).expect(200)).body.data.current.next_change_at).toBeNull();
    await put(me.agent, me.businessId, second).expect(200);

    const reply = await read(me.agent, me.businessId).expect(200);
    expect(reply.body.data.current.subdomain).toBe(second);
    expect(reply.body.data.redirects).toEqual([
      { subdomain: first, website_url: `https://${first}.tafuta.ke/`, redirect_until: expect.any(String) },
    ]);
    const until = Date.parse(reply.body.data.redirects[0].redirect_until);
    expect(until - Date.now()).toBeGreaterThan(89.9 * DAY);
    expectDocumented(reply.body, 200);

    // A redirect whose window has closed is no longer listed.
    await db()
      .updateTable('subdomains')
      .set({ redirect_until: sql<Date>`now() - interval '1 minute'` })
      .where('name', '=', first)
      .execute();
    expect((await read(me.agent, me.businessId).expect(200)).body.data.redirects).toEqual([]);
  });

  it('is for members of the business (any role) and staff; others get 404', async () => {
    const me = await hostedOwner();
    await put(me.agent, me.businessId, word()).expect(200);
    const employee = await verifiedAccount(db(), { consent: true });
    await db()
      .insertInto('user_business_roles')
      .values({ user_id: employee.userId, business_id: me.businessId, role: 'employee' })
      .execute();
    const employeeAgent = await signInWithTestCode(harness, employee.phone);
    expect((await read(employeeAgent, me.businessId).expect(200)).body.data.current).not.toBeNull();

    const stranger = await hostedOwner();
    const refused = await read(stranger.agent, me.businessId).expect(404);
    expect(refused.body.error.code).toBe('NOT_FOUND');
    await harness.agent().get(`/api/businesses/${me.businessId}/subdomain`).expect(401);
  });
});
