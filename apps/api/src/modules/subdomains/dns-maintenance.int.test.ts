import crypto from 'node:crypto';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBusiness, grantService } from '../../test/factories.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { checkDnsDrift, runSubdomainMaintenance } from './dns-maintenance.js';
import { drainDnsJobs } from './dns-worker.js';
import { assignSubdomain, holdSubdomain } from './subdomains.service.js';

/** INT-422 drift check, UI-SUB-05..07 housekeeping and the payment-side helpers, against the simulator. */

const { database, harness } = useIdentityHarness();
const db = () => database.current.db;
const word = () => `kx${crypto.randomBytes(3).toString('hex')}`;
const drain = () => drainDnsJobs({ db: db(), dns: harness.services.dns, logger: harness.logger });
const drift = () =>
  checkDnsDrift({ db: db(), dns: harness.services.dns, logger: harness.logger, pauseMs: 0 });
const hostname = (name: string) => `${name}.tafuta.ke`;

beforeEach(async () => {
  await drain();
  harness.dns.reset();
});

async function business(name = `${word()} Hardware`) {
  return createBusiness(db(), {
    status: 'active',
    content: { profile: { en: { business_name: name } }, location: { city: 'Kitui' } },
  });
}

async function assigned(businessId: string, name = word()) {
  const result = await db()
    .transaction()
    .execute((trx) => assignSubdomain(trx, { businessId, name, actorId: null }));
  await drain();
  return result;
}

const rowOf = (subdomainId: string) =>
  db().selectFrom('subdomains').selectAll().where('subdomain_id', '=', subdomainId).executeTakeFirstOrThrow();

describe('drift check (INT-422)', () => {
  it('recreates a record deleted by hand, repairs a wrong one and deletes only old orphans', async () => {
    const first = await business();
    const second = await business();
    const lost = await assigned(first.business_id);
    const bent = await assigned(second.business_id);
    expect(harness.dns.deleteByHand(hostname(lost.name))).toBe(true);
    harness.dns.deleteByHand(hostname(bent.name));
    const wrong = harness.dns.addRecord({
      name: hostname(bent.name),
      content: 'elsewhere.example.com',
      proxied: false,
      comment: `tafuta:business:${second.business_id}`,
    });
    const stranger = crypto.randomUUID();
    const old = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const orphan = harness.dns.addRecord({
      name: hostname(word()),
      content: 'tafuta.ke',
      comment: `tafuta:business:${stranger}`,
      created_on: old,
    });
    const young = harness.dns.addRecord({
      name: hostname(word()),
      content: 'tafuta.ke',
      comment: `tafuta:business:${stranger}`,
    });
    const manual = harness.dns.addRecord({ name: 'www.tafuta.ke', content: 'tafuta.ke', created_on: old });

    const result = await drift();
    expect(result).toMatchObject({ patched: 1, deleted: 1, failed: 0 });
    expect(result.created).toBeGreaterThanOrEqual(1);

    const [recreated] = harness.dns.records({ name: hostname(lost.name) });
    expect(recreated).toMatchObject({
      content: 'tafuta.ke',
      proxied: true,
      comment: `tafuta:business:${first.business_id}`,
    });
    expect(await rowOf(lost.subdomainId)).toMatchObject({
      dns_record_id: recreated!.id,
      dns_status: 'active',
    });
    expect(harness.dns.records({ name: hostname(bent.name) })).toEqual([
      expect.objectContaining({ id: wrong.id, content: 'tafuta.ke', proxied: true }),
    ]);
    const left = harness.dns.records().map((record) => record.id);
    expect(left).not.toContain(orphan.id);
    expect(left).toContain(young.id);
    expect(left).toContain(manual.id);

    // A second pass finds nothing to do.
    expect(await drift()).toMatchObject({ created: 0, patched: 0, deleted: 0, failed: 0 });
  });
});

describe('holds and assignment (UI-SUB-05)', () => {
  it('holds a name for one business and turns the hold into the assignment', async () => {
    const mine = await business();
    const theirs = await business();
    const name = word();
    const until = new Date(Date.now() + 30 * 60_000);
    await db()
      .transaction()
      .execute((trx) => holdSubdomain(trx, { businessId: mine.business_id, name, until }));
    await expect(
      db()
        .transaction()
        .execute((trx) => holdSubdomain(trx, { businessId: theirs.business_id, name, until })),
    ).rejects.toMatchObject({ code: 'SUBDOMAIN_TAKEN' });

    const result = await db()
      .transaction()
      .execute((trx) => assignSubdomain(trx, { businessId: mine.business_id, name, actorId: null }));
    expect(result).toMatchObject({ name, substituted: false, previousName: null, dnsStatus: 'pending' });
    expect(await rowOf(result.subdomainId)).toMatchObject({ state: 'assigned', held_until: null });
    await drain();
    expect(harness.dns.records({ name: hostname(name) })).toHaveLength(1);
  });

  it('gives the first free suggestion when the name was taken meanwhile, free of the 30-day limit', async () => {
    const first = await business();
    const base = word();
    await assigned(first.business_id, base);
    const late = await business(`${base} Traders`);
    const result = await db()
      .transaction()
      .execute((trx) => assignSubdomain(trx, { businessId: late.business_id, name: base, actorId: null }));
    expect(result).toMatchObject({ name: `${base}-kitui`, substituted: true });
    const row = await rowOf(result.subdomainId);
    expect(Date.now() - row.assigned_at!.getTime()).toBeGreaterThanOrEqual(30 * 86_400_000 - 1000);
  });
});

describe('nightly maintenance (UI-SUB-06/07, ERRATA 1)', () => {
  it('releases lapsed holds, ends redirects and reservations, and frees names of long-lapsed hosting', async () => {
    const one = await business();
    const lapsedHold = word();
    const liveHold = word();
    await db()
      .transaction()
      .execute(async (trx) => {
        await holdSubdomain(trx, {
          businessId: one.business_id,
          name: lapsedHold,
          until: new Date(Date.now() - 60_000),
        });
        await holdSubdomain(trx, {
          businessId: one.business_id,
          name: liveHold,
          until: new Date(Date.now() + 600_000),
        });
      });

    const two = await business();
    const redirect = await assigned(two.business_id);
    await db()
      .updateTable('subdomains')
      .set({ state: 'redirect', redirect_until: sql<Date>`now() - interval '1 minute'` })
      .where('subdomain_id', '=', redirect.subdomainId)
      .execute();

    const three = await business();
    const reserved = await db()
      .insertInto('subdomains')
      .values({
        name: word(),
        business_id: three.business_id,
        state: 'reserved',
        reserved_until: sql<Date>`now() - interval '1 day'`,
      })
      .returning('subdomain_id')
      .executeTakeFirstOrThrow();

    const lapsed = await business();
    await grantService(db(), lapsed.business_id, 'website_hosting');
    await db()
      .updateTable('service_subscriptions')
      .set({
        status: 'expired',
        start_date: sql<string>`nairobi_today() - interval '14 months'`,
        expiration_date: sql<string>`nairobi_today() - interval '13 months'`,
      })
      .where('business_id', '=', lapsed.business_id)
      .execute();
    const lapsedName = await assigned(lapsed.business_id);

    const recent = await business();
    await grantService(db(), recent.business_id, 'website_hosting');
    await db()
      .updateTable('service_subscriptions')
      .set({
        status: 'expired',
        start_date: sql<string>`nairobi_today() - interval '12 months'`,
        expiration_date: sql<string>`nairobi_today() - interval '11 months'`,
      })
      .where('business_id', '=', recent.business_id)
      .execute();
    const kept = await assigned(recent.business_id);

    const result = await runSubdomainMaintenance(db());
    expect(result).toEqual({
      holds_released: 1,
      redirects_ended: 1,
      reservations_ended: 1,
      lapsed_released: 1,
    });

    const states = await db()
      .selectFrom('subdomains')
      .select(['name', 'state'])
      .where('business_id', 'in', [
        one.business_id,
        two.business_id,
        three.business_id,
        lapsed.business_id,
        recent.business_id,
      ])
      .execute();
    const stateOf = (name: string) => states.find((row) => row.name === name)?.state;
    expect(stateOf(lapsedHold)).toBe('released');
    expect(stateOf(liveHold)).toBe('held');
    expect(stateOf(redirect.name)).toBe('released');
    expect((await rowOf(reserved.subdomain_id)).state).toBe('released');
    expect(stateOf(lapsedName.name)).toBe('released');
    expect(stateOf(kept.name)).toBe('assigned');

    expect(await drain()).toMatchObject({ done: 2, failed: 0 });
    expect(harness.dns.records({ name: hostname(redirect.name) })).toEqual([]);
    expect(harness.dns.records({ name: hostname(lapsedName.name) })).toEqual([]);
    expect(harness.dns.records({ name: hostname(kept.name) })).toHaveLength(1);
    expect(await rowOf(redirect.subdomainId)).toMatchObject({ dns_status: 'removed', dns_record_id: null });
  });
});
