import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sql } from 'kysely';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCloudflareClient } from '../../integrations/dns/cloudflare.js';
import { createBusiness, grantService, lapseServices } from '../../test/factories.js';
import {
  OTP_TEST_CODE,
  signInWithTestCode,
  staffSession,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { TEST_CLOUDFLARE_TOKEN, TEST_ZONE_ID, useIdentityHarness } from '../../test/identity-harness.js';
import { useListingsNotifications } from '../../test/listings-kit.js';
import { runSubdomainMaintenance } from '../subdomains/dns-maintenance.js';
import { drainDnsJobs } from '../subdomains/dns-worker.js';

/**
 * A website's DNS over its whole life (INT-420, ERRATA 1/26), through the real Cloudflare client talking
 * HTTP to the simulator, next to what the address answers at each step (UI-WEB-02): created on
 * assignment, kept through a lapse, kept for a rename's 90 days then deleted, deleted with the business;
 * outages and timeouts retried on the INT-022 schedule.
 */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });
const db = () => database.current.db;
const { committed } = useListingsNotifications(database, harness);
const word = () => `dl${crypto.randomBytes(4).toString('hex')}`;
const hostname = (name: string) => `${name}.tafuta.ke`;
const visit = (name: string) => request(harness.app).get('/').set('Host', hostname(name));
const drain = (now?: Date, dns = harness.services.dns) =>
  drainDnsJobs({ db: db(), dns, logger: harness.logger, random: () => 0.5, now });

beforeEach(async () => {
  await drain(new Date(Date.now() + 7 * 3_600_000));
  harness.dns.reset();
});

async function hostedOwner() {
  const account = await verifiedAccount(db(), { consent: true });
  const businessName = `Fundi ${word()}`;
  const business = await createBusiness(db(), {
    ownerId: account.userId,
    status: 'active',
    content: { profile: { en: { business_name: businessName } }, location: { city: 'Kisumu' } },
  });
  await grantService(db(), business.business_id, 'website_hosting');
  const agent = await signInWithTestCode(harness, account.phone);
  return { businessId: business.business_id, businessName, agent };
}

const jobsFor = (name: string) =>
  db()
    .selectFrom('dns_jobs as j')
    .innerJoin('subdomains as s', 's.subdomain_id', 'j.subdomain_id')
    .select(['j.action', 'j.status', 'j.attempts', 'j.next_run_at'])
    .where('s.name', '=', name)
    .orderBy('j.created_at')
    .execute();

describe('DNS across a website’s life (INT-420)', () => {
  it('creates, keeps through a lapse, follows a rename and removes with the business', async () => {
    const shop = await hostedOwner();
    const first = word();
    await shop.agent
      .put(`/api/businesses/${shop.businessId}/subdomain`)
      .send({ subdomain: first })
      .expect(200);
    expect(await drain()).toMatchObject({ done: 1, failed: 0 });
    const [record] = harness.dns.records({ name: hostname(first) });
    expect(record).toMatchObject({
      type: 'CNAME',
      content: 'tafuta.ke',
      proxied: true,
      comment: `tafuta:business:${shop.businessId}`,
    });
    await visit(first).expect(200);

    // Hosting lapses: nothing happens in DNS (the name is held 12 months); the site says "not active".
    await committed(() => lapseServices(db(), shop.businessId));
    await runSubdomainMaintenance(db());
    expect(await drain()).toEqual({ done: 0, retried: 0, failed: 0 });
    expect(harness.dns.records({ name: hostname(first) })).toHaveLength(1);
    await visit(first).expect(404);
    await committed(() => grantService(db(), shop.businessId, 'website_hosting'));
    await visit(first).expect(200);

    // A rename a month later: a record for the new name; the old one stays while it redirects.
    await db()
      .updateTable('subdomains')
      .set({ assigned_at: sql<Date>`now() - interval '31 days'` })
      .where('name', '=', first)
      .execute();
    const second = word();
    await committed(() =>
      shop.agent.put(`/api/businesses/${shop.businessId}/subdomain`).send({ subdomain: second }).expect(200),
    );
    expect(await drain()).toMatchObject({ done: 1, failed: 0 });
    expect(harness.dns.records({ name: hostname(second) })).toHaveLength(1);
    expect(harness.dns.records({ name: hostname(first) })).toHaveLength(1);
    expect((await visit(first).expect(301)).headers.location).toBe(`https://${second}.tafuta.ke/`);

    // 90 days on, the nightly maintenance releases the old name and its record goes.
    await committed(() =>
      db()
        .updateTable('subdomains')
        .set({ redirect_until: sql<Date>`now() - interval '1 minute'` })
        .where('name', '=', first)
        .execute(),
    );
    expect(await runSubdomainMaintenance(db())).toMatchObject({ redirects_ended: 1 });
    expect(await drain()).toMatchObject({ done: 1, failed: 0 });
    expect(harness.dns.records({ name: hostname(first) })).toEqual([]);
    expect(harness.dns.records({ name: hostname(second) })).toHaveLength(1);
    await visit(first).expect(404);

    // Deleting the business takes its site out of DNS at once (ERRATA 1).
    const staff = await staffSession(harness, db(), 'super_admin');
    await staff.agent
      .delete(`/api/admin/businesses/${shop.businessId}`)
      .send({ reason_code: 'owner_request', confirm_name: shop.businessName })
      .expect(200);
    expect(await drain()).toMatchObject({ done: 1, failed: 0 });
    expect(harness.dns.records({ name: hostname(second) })).toEqual([]);
    const page = await visit(second).expect(404);
    expect(page.text).not.toContain(shop.businessName);
    expect((await jobsFor(second)).map((job) => [job.action, job.status])).toEqual([
      ['ensure', 'done'],
      ['delete', 'done'],
    ]);
  });

  it('retries a create that times out, with backoff, until Cloudflare answers', async () => {
    const shop = await hostedOwner();
    const name = word();
    await shop.agent
      .put(`/api/businesses/${shop.businessId}/subdomain`)
      .send({ subdomain: name })
      .expect(200);

    // A Cloudflare that accepts connections and never answers.
    const sockets = new Set<Socket>();
    const silent = http.createServer(() => undefined);
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const hanging = createCloudflareClient({
      baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      apiToken: TEST_CLOUDFLARE_TOKEN,
      zoneId: TEST_ZONE_ID,
      apexDomain: 'tafuta.ke',
      version: 'test',
      logger: harness.logger,
      timeoutMs: 200,
      backoffBaseMs: 1,
    });
    try {
      expect(await drain(undefined, hanging)).toEqual({ done: 0, retried: 1, failed: 0 });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
    const [job] = await jobsFor(name);
    expect(job).toMatchObject({ action: 'ensure', status: 'queued', attempts: 1 });
    const wait = job!.next_run_at.getTime() - Date.now();
    // INT-022: the first retry after 30 s ± 20 %.
    expect(wait).toBeGreaterThan(20_000);
    expect(wait).toBeLessThan(40_000);
    await visit(name).expect(200);

    // Nothing is due yet; once it is, the real Cloudflare (simulator) answers and the record exists.
    expect(await drain()).toEqual({ done: 0, retried: 0, failed: 0 });
    expect(await drain(new Date(Date.now() + 60_000))).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(harness.dns.records({ name: hostname(name) })).toHaveLength(1);
    expect(await jobsFor(name)).toMatchObject([{ status: 'done', attempts: 2 }]);
  });
});
