import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { expectDocumented } from '../../test/business-kit.js';
import { createBusiness, createUser, grantService } from '../../test/factories.js';
import {
  OTP_TEST_CODE,
  safePhone,
  staffMember,
  useStaffSession,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { setConfigValue } from './config.service.js';

/**
 * Business and user lists and details, the user data export, the configuration view with its
 * `config:set` command, and the fee schedule (admin.md §5.1–5.2, §6, §11).
 */

const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '100000' },
});
const support = useStaffSession(harness, database, 'support_staff');
const admin = useStaffSession(harness, database, 'admin');
const superAdmin = useStaffSession(harness, database, 'super_admin');
const db = () => database.current.db;
const named = (business_name: string) => ({ profile: { en: { business_name, tagline: 'Karibu sana' } } });

/** Reads one field of each item of a reply's `data` list (or of `data[key]`). */
function field(response: Response, name: string, key?: string): unknown[] {
  const body = response.body as { data: Record<string, unknown> | Record<string, unknown>[] };
  const list = (key ? (body.data as Record<string, unknown>)[key] : body.data) as Record<string, unknown>[];
  return list.map((item) => item[name]);
}

function findIn(
  response: Response,
  key: string | null,
  test: (item: Record<string, unknown>) => unknown,
): Record<string, unknown> {
  const body = response.body as { data: Record<string, unknown> | Record<string, unknown>[] };
  const list = (key ? (body.data as Record<string, unknown>)[key] : body.data) as Record<string, unknown>[];
  const found = list.find(test);
  if (!found) throw new Error('No such item in the reply');
  return found;
}

describe('the business list and detail (ADM-150..155)', () => {
  it('searches by owner phone and name, filters by status and paid service, hides deleted ones', async () => {
    const owner = await createUser(db(), { phone: safePhone(), full_name: 'Wanjiru Kamau' });
    const salon = await createBusiness(db(), {
      ownerId: owner.user_id,
      status: 'active',
      content: named('Zawadi Salon'),
    });
    await grantService(db(), salon.business_id, 'website_hosting');
    const gone = await createBusiness(db(), { ownerId: owner.user_id, content: named('Zawadi Old Salon') });
    await db()
      .updateTable('businesses')
      .set({ status: 'deleted', review_state: null, deleted_at: new Date() })
      .where('business_id', '=', gone.business_id)
      .execute();

    const byPhone = await support.agent.get('/api/admin/businesses').query({ q: owner.phone! });
    expect(byPhone.status).toBe(200);
    expectDocumented('get', '/api/admin/businesses', byPhone);
    expect(field(byPhone, 'business_id')).toEqual([salon.business_id]);
    expect(byPhone.body.data[0]).toMatchObject({
      owner: { user_id: owner.user_id, full_name: 'Wanjiru Kamau' },
      active_services: [expect.objectContaining({ service_type: 'website_hosting' })],
    });

    const byOwnerName = await support.agent.get('/api/admin/businesses').query({ q: 'wanjiru kam' });
    expect(field(byOwnerName, 'business_id')).toEqual([salon.business_id]);
    const deleted = await support.agent
      .get('/api/admin/businesses')
      .query({ q: 'Zawadi', status: 'deleted' });
    expect(field(deleted, 'business_id')).toEqual([gone.business_id]);
    const unpaid = await support.agent
      .get('/api/admin/businesses')
      .query({ q: 'Zawadi', has_paid_service: 'no' });
    expect(unpaid.status, JSON.stringify(unpaid.body)).toBe(200);
    expect(unpaid.body.data).toEqual([]);
    expect(unpaid.body.pagination).toMatchObject({ total: 0, page: 1 });

    const detail = await support.agent.get(`/api/admin/businesses/${salon.business_id}`);
    expect(detail.status).toBe(200);
    expectDocumented('get', '/api/admin/businesses/{id}', detail);
    expect(detail.body.data.members).toEqual([
      expect.objectContaining({ user_id: owner.user_id, role: 'owner' }),
    ]);
    // The approval queue's own path is still the queue, not an id.
    expect((await support.agent.get('/api/admin/businesses/pending')).status).toBe(200);
  });

  it('transfers ownership through the shared team endpoints, audited, never leaving no owner (ADM-176)', async () => {
    const owner = await createUser(db(), { phone: safePhone(), phone_verified_at: new Date() });
    const business = await createBusiness(db(), { ownerId: owner.user_id, status: 'active' });
    const buyer = await verifiedAccount(db());
    const lastOwner = await admin.agent
      .delete(`/api/businesses/${business.business_id}/users/${owner.user_id}`)
      .send({ reason: 'Sold the business' });
    expect(lastOwner.status).toBe(409);
    const added = await admin.agent
      .post(`/api/businesses/${business.business_id}/users`)
      .send({ phone: buyer.phone, role: 'owner', reason: 'Bought the business, papers seen' });
    expect(added.status).toBe(201);
    const removed = await admin.agent
      .delete(`/api/businesses/${business.business_id}/users/${owner.user_id}`)
      .send({ reason: 'Sold the business, papers seen' });
    expect(removed.status).toBe(200);
    const detail = await support.agent.get(`/api/admin/businesses/${business.business_id}`);
    expect(detail.body.data.members).toEqual([
      expect.objectContaining({ user_id: buyer.userId, role: 'owner' }),
    ]);
    const audited = await db()
      .selectFrom('audit_logs')
      .select('action')
      .where('entity_id', '=', business.business_id)
      .where('actor_id', '=', admin.userId)
      .orderBy('timestamp')
      .execute();
    expect(audited.map((row) => row.action)).toEqual(['business_user_added', 'business_user_removed']);
  });
});

describe('CSV exports of the business and user lists (ERRATA 9, ADM-152, ADM-700)', () => {
  it('streams the filtered list with the formula guard, audits it, and is Admin+ only', async () => {
    const owner = await createUser(db(), { phone: safePhone(), full_name: 'Formula Owner' });
    const business = await createBusiness(db(), {
      ownerId: owner.user_id,
      status: 'active',
      content: named('=HYPERLINK("http://evil") Kiosk'),
    });
    const response = await admin.agent
      .get('/api/admin/businesses')
      .query({ q: 'HYPERLINK', format: 'csv' })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = (response.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(business.business_id);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"") Kiosk"`);
    const audit = await db()
      .selectFrom('audit_logs')
      .select(['actor_id', 'new_value'])
      .where('action', '=', 'data_exported')
      .where('actor_id', '=', admin.userId)
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({
        new_value: expect.objectContaining({ dataset: 'businesses', row_count: 1 }),
      }),
    ]);

    const refused = await support.agent.get('/api/admin/users').query({ format: 'csv' });
    expect(refused.status).toBe(403);
    const denied = await db()
      .selectFrom('audit_logs')
      .select('actor_id')
      .where('action', '=', 'access_denied')
      .where('request_id', '=', String(refused.headers['x-request-id']))
      .execute();
    expect(denied).toEqual([{ actor_id: support.userId }]);
    expect((await support.agent.get('/api/admin/users').query({ q: 'Formula' })).status).toBe(200);
  });
});

describe('the user list, detail and data export (ADM-200, 201, 208)', () => {
  it('finds people by phone in any spelling and filters locked accounts and staff', async () => {
    const person = await verifiedAccount(db(), { email: 'akinyi@example.com' });
    const local = `0${person.phone.slice(4)}`;
    const found = await support.agent.get('/api/admin/users').query({ q: local });
    expect(found.status).toBe(200);
    expectDocumented('get', '/api/admin/users', found);
    expect(field(found, 'user_id')).toEqual([person.userId]);

    await db()
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + 3_600_000), failed_password_streak: 50 })
      .where('user_id', '=', person.userId)
      .execute();
    const locked = await support.agent.get('/api/admin/users').query({ locked: 'yes', q: 'akinyi@' });
    expect(field(locked, 'user_id')).toEqual([person.userId]);
    const staffOnly = await support.agent
      .get('/api/admin/users')
      .query({ has_staff_account: 'yes', q: 'akinyi@' });
    expect(staffOnly.body.data).toEqual([]);

    const detail = await support.agent.get(`/api/admin/users/${person.userId}`);
    expect(detail.status).toBe(200);
    expectDocumented('get', '/api/admin/users/{id}', detail);
    expect(detail.body.data).toMatchObject({ failed_password_streak: 50, staff_account: null });
  });

  it('exports one person’s data as a JSON attachment and audits the export', async () => {
    const person = await verifiedAccount(db());
    const business = await createBusiness(db(), { ownerId: person.userId, status: 'active' });
    const response = await admin.agent.get(`/api/admin/users/${person.userId}/data-export`);
    expect(response.status).toBe(200);
    expectDocumented('get', '/api/admin/users/{id}/data-export', response);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="tafuta-user-.+\.json"$/);
    expect(response.body.data.profile.user_id).toBe(person.userId);
    expect(field(response, 'business_id', 'businesses_owned')).toEqual([business.business_id]);
    const audit = await db()
      .selectFrom('audit_logs')
      .select(['actor_id', 'actor_role'])
      .where('action', '=', 'user_data_exported')
      .where('entity_id', '=', person.userId)
      .execute();
    expect(audit).toEqual([{ actor_id: admin.userId, actor_role: 'admin' }]);
  });
});

describe('system configuration (ADM-455, ADM-456)', () => {
  it('shows every key with red launch-gate alerts for the empty legal identity', async () => {
    const response = await superAdmin.agent.get('/api/admin/system/config');
    expect(response.status).toBe(200);
    expectDocumented('get', '/api/admin/system/config', response);
    const alerts = field(response, 'key', 'alerts');
    expect(alerts).toEqual(expect.arrayContaining(['tafuta_kra_pin', 'tafuta_vat_registration_number']));
    expect(response.body.data.launch_ready).toBe(false);
    const pin = findIn(response, 'items', (item: Record<string, unknown>) => item.key === 'tafuta_kra_pin');
    expect(pin).toMatchObject({ value: '', missing: true, must_set_before_launch: true });
  });

  it('config:set validates, writes, audits old and new, and clears the alert', async () => {
    const boss = await staffMember(db(), 'super_admin');
    const helper = await staffMember(db(), 'admin');
    const change = { key: 'tafuta_kra_pin', reason: 'From the KRA certificate', byEmail: boss.email };
    await expect(setConfigValue(db(), { ...change, value: 'A123' })).rejects.toThrow(/KRA PIN/);
    await expect(
      setConfigValue(db(), { ...change, value: 'P051234567X', byEmail: helper.email }),
    ).rejects.toThrow(/super admin/);
    await expect(setConfigValue(db(), { ...change, key: 'no_such_key', value: '1' })).rejects.toThrow(
      /Unknown key/,
    );
    await expect(setConfigValue(db(), { ...change, value: 'P051234567X', reason: 'x' })).rejects.toThrow(
      /reason/,
    );

    const done = await setConfigValue(db(), { ...change, value: ' P051234567X ' });
    expect(done).toEqual({ key: 'tafuta_kra_pin', oldValue: '', newValue: 'P051234567X' });
    const audit = await db()
      .selectFrom('audit_logs')
      .select(['actor_id', 'old_value', 'new_value', 'reason'])
      .where('action', '=', 'system_config_changed')
      .where('entity_id', '=', 'tafuta_kra_pin')
      .execute();
    expect(audit).toEqual([
      {
        actor_id: boss.userId,
        old_value: { key: 'tafuta_kra_pin', value: '' },
        new_value: { key: 'tafuta_kra_pin', value: 'P051234567X', via: 'config:set' },
        reason: 'From the KRA certificate',
      },
    ]);
    const view = await superAdmin.agent.get('/api/admin/system/config');
    expect(field(view, 'key', 'alerts')).not.toContain('tafuta_kra_pin');
    const item = findIn(view, 'items', (entry: Record<string, unknown>) => entry.key === 'tafuta_kra_pin');
    expect(item.updated_by).toEqual({ user_id: boss.userId, full_name: expect.any(String) });
  });
});

describe('the fee schedule (ADM-460..462, ADM-744)', () => {
  it('a price change inserts a new active row, keeps history and warns off multiples of 25', async () => {
    const list = await superAdmin.agent.get('/api/admin/fees').query({ service_type: 'website_hosting' });
    expect(list.status).toBe(200);
    expectDocumented('get', '/api/admin/fees', list);
    const current = findIn(list, null, (fee: Record<string, unknown>) => fee.active);
    expect(current.price_per_month).toBe('200.00');

    const changed = await superAdmin.agent
      .patch(`/api/admin/fees/${String(current.fee_id)}`)
      .send({ price_per_month: '210', reason: 'New price list 2027' });
    expect(changed.status).toBe(200);
    expectDocumented('patch', '/api/admin/fees/{id}', changed);
    expect(changed.body.data).toMatchObject({
      price_per_month: '210.00',
      active: true,
      warnings: ['price_not_multiple_of_25'],
    });
    expect(changed.body.data.fee_id).not.toBe(current.fee_id);
    const rows = await db()
      .selectFrom('fees')
      .select(['fee_id', 'active', 'price_per_month_cents'])
      .where('service_type', '=', 'website_hosting')
      .execute();
    expect(rows.filter((row) => row.active).map((row) => Number(row.price_per_month_cents))).toEqual([21000]);
    expect(rows.find((row) => row.fee_id === current.fee_id)?.active).toBe(false);

    // The public price list (what new payments use) follows at once.
    const pricing = await harness.agent().get('/api/services/pricing');
    const hosting = findIn(
      pricing,
      'services',
      (service: Record<string, unknown>) => service.service_type === 'website_hosting',
    );
    expect(hosting.price_per_month).toBe('210.00');
    const audit = await db()
      .selectFrom('audit_logs')
      .select(['old_value', 'new_value', 'reason'])
      .where('action', '=', 'fee_updated')
      .where('entity_id', '=', changed.body.data.fee_id)
      .executeTakeFirstOrThrow();
    expect(audit.old_value).toMatchObject({ fee_id: current.fee_id, price_per_month: '200.00' });
  });

  it('activates premium listing with a new price and deactivates a fee; bad prices are refused', async () => {
    const created = await superAdmin.agent.post('/api/admin/fees').send({
      service_type: 'premium_listing',
      price_per_month: '500.00',
      reason: 'Premium listing goes on sale',
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ service_type: 'premium_listing', active: true, warnings: [] });
    const off = await superAdmin.agent
      .patch(`/api/admin/fees/${created.body.data.fee_id}`)
      .send({ active: false, reason: 'Paused while we review' });
    expect(off.body.data.active).toBe(false);
    const active = await db()
      .selectFrom('fees')
      .select('fee_id')
      .where('service_type', '=', 'premium_listing')
      .where('active', '=', true)
      .execute();
    expect(active).toEqual([]);
    for (const price of ['0', '199.50', '-5', 'abc']) {
      const bad = await superAdmin.agent
        .post('/api/admin/fees')
        .send({ service_type: 'ads', price_per_month: price, reason: 'Trying a bad price' });
      expect(bad.status, price).toBe(400);
    }
    const noReason = await superAdmin.agent
      .post('/api/admin/fees')
      .send({ service_type: 'ads', price_per_month: '250' });
    expect(noReason.status).toBe(400);
  });
});
