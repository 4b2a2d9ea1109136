import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createBusiness, grantService } from '../../test/factories.js';
import { castFor, expectDocumented, signedInPerson, type SignedIn } from '../../test/business-kit.js';
import { OTP_TEST_CODE, staffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/**
 * Checkout through the HTTP API with the real PesaPal client against the simulator: prices (PAY-054),
 * discounts in checkout (PAY-083/085), cart rules (PAY-101/103, PAY-321), initiation (PAY-105..107) and
 * cancellation (PAY-108).
 */

const { database, harness } = useIdentityHarness({ env: { OTP_TEST_CODE } });
const db = () => database.current.db;

type Line = { business_id: string; service_type: string; months: unknown };

async function ownerWith(count: number): Promise<SignedIn & { businesses: string[] }> {
  const person = await signedInPerson(harness, db());
  const businesses: string[] = [];
  for (let i = 0; i < count; i += 1) {
    businesses.push((await createBusiness(db(), { ownerId: person.userId, status: 'active' })).business_id);
  }
  return { ...person, businesses };
}

async function quote(person: SignedIn, items: Line[], extra: Record<string, unknown> = {}) {
  return person.agent.post('/api/payments/quote').send({ items, ...extra });
}

async function initiate(person: SignedIn, body: Record<string, unknown>, key: string = crypto.randomUUID()) {
  return person.agent.post('/api/payments/initiate').set('Idempotency-Key', key).send(body);
}

async function grantDiscount(
  businessId: string,
  percentage: number,
  expiresAt = sql<string>`nairobi_today() + 30`,
) {
  const staff = await db().selectFrom('users').select('user_id').limit(1).executeTakeFirstOrThrow();
  return db()
    .insertInto('discounts')
    .values({
      business_id: businessId,
      discount_type: 'test',
      discount_percentage: percentage,
      criteria: 'test',
      granted_by: staff.user_id,
      expires_at: expiresAt,
    })
    .returning('discount_id')
    .executeTakeFirstOrThrow();
}

describe('GET /api/services/pricing', () => {
  it('answers every service at the launch fees with VAT, cacheable, premium listing not for sale', async () => {
    const res = await harness.agent().get('/api/services/pricing').expect(200);
    expectDocumented('get', '/api/services/pricing', res);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.body.data.vat_rate).toBe('0.16');
    const byType = Object.fromEntries(
      (res.body.data.services as { service_type: string }[]).map((row) => [row.service_type, row]),
    );
    expect(byType.website_hosting).toMatchObject({
      name: 'Website hosting',
      price_per_month: '200.00',
      vat_per_month: '32.00',
      gross_per_month: '232.00',
      purchasable: true,
    });
    expect(byType.search_promotion).toMatchObject({ gross_per_month: '174.00' });
    expect(byType.image_gallery).toMatchObject({ gross_per_month: '116.00' });
    expect(byType.premium_listing).toMatchObject({ purchasable: false, price_per_month: null });
  });
});

describe('POST /api/payments/quote', () => {
  it('prices PAY-054 lines A, B and C across two businesses to 2,262.00', async () => {
    const owner = await ownerWith(2);
    const [b1, b2] = owner.businesses as [string, string];
    const res = await quote(owner, [
      { business_id: b1, service_type: 'website_hosting', months: 6 },
      { business_id: b1, service_type: 'ads', months: 3 },
      { business_id: b2, service_type: 'search_promotion', months: 1 },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectDocumented('post', '/api/payments/quote', res);
    const data = res.body.data;
    expect(data).toMatchObject({ net_amount: '1950.00', vat_amount: '312.00', amount_kes: '2262.00' });
    expect(data.businesses[0]).toMatchObject({ amount_kes: '2088.00', subdomain_required: true });
    expect(data.businesses[0].lines[0]).toMatchObject({
      list_net_amount: '1200.00',
      list_gross_amount: '1392.00',
      discount_percentage: 0,
      amount_kes: '1392.00',
      vat_amount: '192.00',
      net_amount: '1200.00',
      discount_amount: '0.00',
    });
    expect(data.businesses[1].lines[0]).toMatchObject({ amount_kes: '174.00', vat_amount: '24.00' });
  });

  it('applies PAY-054 discounts D (50 %) and E (33 %), the highest active one only', async () => {
    const owner = await ownerWith(2);
    const [b1, b2] = owner.businesses as [string, string];
    await grantDiscount(b1, 20);
    await grantDiscount(b1, 50);
    // Expired (expires_at today: no longer applies) and revoked discounts are ignored.
    await grantDiscount(b1, 80, sql<string>`nairobi_today()`);
    const revoked = await grantDiscount(b2, 70);
    await db()
      .updateTable('discounts')
      .set({ status: 'revoked', revoked_at: new Date(), revoke_reason: 'test' })
      .where('discount_id', '=', revoked.discount_id)
      .execute();
    await grantDiscount(b2, 33);
    await grantService(db(), b2, 'website_hosting', { months: 2 });
    const res = await quote(owner, [
      { business_id: b1, service_type: 'website_hosting', months: 6 },
      { business_id: b2, service_type: 'image_gallery', months: 1 },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [d, e] = [res.body.data.businesses[0].lines[0], res.body.data.businesses[1].lines[0]];
    expect(d).toMatchObject({
      discount_percentage: 50,
      amount_kes: '696.00',
      vat_amount: '96.00',
      net_amount: '600.00',
      discount_amount: '600.00',
    });
    expect(e).toMatchObject({
      discount_percentage: 33,
      amount_kes: '77.00',
      vat_amount: '10.62',
      net_amount: '66.38',
      discount_amount: '33.62',
    });
    expect(res.body.data.amount_kes).toBe('773.00');
  });

  it('refuses carts that break the PAY-101/103 rules with the PAY-321 codes', async () => {
    const owner = await ownerWith(11);
    const [b1] = owner.businesses as [string];
    const eleven = owner.businesses.map((id) => ({ business_id: id, service_type: 'ads', months: 1 }));
    const tooMany = await quote(owner, eleven);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('INVALID_INPUT');
    expect((await quote(owner, eleven.slice(0, 10))).status).toBe(200);

    for (const months of [0, 13, 1.5, -1, 'abc', '1.5', '3']) {
      const res = await quote(owner, [{ business_id: b1, service_type: 'ads', months }]);
      expect(res.status, `months ${String(months)}`).toBe(400);
      expect(res.body.error.code).toBe('INVALID_INPUT');
    }
    const duplicate = await quote(owner, [
      { business_id: b1, service_type: 'ads', months: 1 },
      { business_id: b1, service_type: 'ads', months: 2 },
    ]);
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.details).toEqual([{ field: 'items.1', code: 'not_unique' }]);

    const gallery = await quote(owner, [{ business_id: b1, service_type: 'image_gallery', months: 1 }]);
    expect(gallery.status).toBe(409);
    expect(gallery.body.error.code).toBe('CONFLICT');
    const withHosting = await quote(owner, [
      { business_id: b1, service_type: 'image_gallery', months: 1 },
      { business_id: b1, service_type: 'website_hosting', months: 1 },
    ]);
    expect(withHosting.status).toBe(200);

    const premium = await quote(owner, [{ business_id: b1, service_type: 'premium_listing', months: 1 }]);
    expect(premium.status).toBe(409);
    expect(premium.body.error.message).toBe('This service is not on sale');

    await grantService(db(), b1, 'ads', { months: 20 });
    const horizon = await quote(owner, [{ business_id: b1, service_type: 'ads', months: 5 }]);
    expect(horizon.status).toBe(409);
    expect(horizon.body.error.message).toBe('You can prepay up to 24 months ahead');
    const within = await quote(owner, [{ business_id: b1, service_type: 'ads', months: 4 }]);
    expect(within.status).toBe(200);
    expect(within.body.data.businesses[0].lines[0].current_expiration_date).not.toBeNull();
  });

  it('lets only an Owner of every business pay: a stranger and a business admin are refused', async () => {
    const cast = await castFor(harness, db());
    const line = [{ business_id: cast.businessId, service_type: 'ads', months: 1 }];
    for (const who of ['stranger', 'admin', 'employee'] as const) {
      const res = await quote(cast[who], line);
      expect(res.status, who).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await quote(cast.owner, line)).status).toBe(200);
    const missing = await quote(cast.owner, [
      { business_id: crypto.randomUUID(), service_type: 'ads', months: 1 },
    ]);
    expect(missing.status).toBe(404);
    const pending = await createBusiness(db(), { ownerId: cast.owner.userId, status: 'pending' });
    const notActive = await quote(cast.owner, [
      { business_id: pending.business_id, service_type: 'ads', months: 1 },
    ]);
    expect(notActive.status).toBe(409);
  });
});

describe('POST /api/payments/initiate', () => {
  it('creates one pending payment, a transaction per business and one PesaPal order', async () => {
    const owner = await ownerWith(2);
    const [b1, b2] = owner.businesses as [string, string];
    const items = [
      { business_id: b1, service_type: 'website_hosting', months: 6 },
      { business_id: b1, service_type: 'ads', months: 3 },
      { business_id: b2, service_type: 'search_promotion', months: 1 },
    ];
    const body = {
      items,
      subdomains: [{ business_id: b1, subdomain: `doreen-${crypto.randomBytes(3).toString('hex')}` }],
      buyer_kra_pins: [{ business_id: b2, buyer_kra_pin: 'P051234567X' }],
      expected_total_kes: '2262.00',
    };
    const missingName = await initiate(owner, { ...body, subdomains: [] });
    expect(missingName.status).toBe(400);
    expect(missingName.body.error.details).toEqual([{ field: 'subdomains', code: 'required' }]);

    const key = crypto.randomUUID();
    const res = await initiate(owner, body, key);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expectDocumented('post', '/api/payments/initiate', res);
    const paymentId = res.body.data.payment_id as string;
    expect(res.body.data).toMatchObject({ status: 'pending', amount_kes: '2262.00' });
    expect(res.body.data.redirect_url).toMatch(/^https?:\/\//);

    const payment = await db()
      .selectFrom('payments')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(Number(payment.amount_cents)).toBe(226_200);
    expect(payment.pesapal_order_tracking_id).not.toBeNull();
    expect(payment.expires_at.getTime() - payment.created_at.getTime()).toBe(30 * 60_000);
    expect(payment.next_check_at!.getTime() - payment.created_at.getTime()).toBe(60_000);
    const transactions = await db()
      .selectFrom('transactions')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .orderBy('amount_cents', 'desc')
      .execute();
    expect(
      transactions.map((tx) => [tx.business_id, Number(tx.amount_cents), tx.status, tx.vat_rate]),
    ).toEqual([
      [b1, 208_800, 'pending', '0.1600'],
      [b2, 17_400, 'pending', '0.1600'],
    ]);
    expect(transactions[1]!.buyer_kra_pin).toBe('P051234567X');
    const hold = await db()
      .selectFrom('subdomains')
      .selectAll()
      .where('held_for_payment_id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(hold).toMatchObject({ business_id: b1, state: 'held', name: body.subdomains[0]!.subdomain });

    const orders = harness.pesapal.orders().filter((order) => order.merchantReference === paymentId);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.amount).toBe(2262);

    // PAY-106: the same key and cart replays the reply; no second order is raised.
    const replay = await initiate(owner, body, key);
    expect(replay.status).toBe(201);
    expect(replay.body.data).toMatchObject({
      payment_id: paymentId,
      redirect_url: res.body.data.redirect_url,
    });
    expect(harness.pesapal.orders().filter((order) => order.merchantReference === paymentId)).toHaveLength(1);
    // The same key with another cart is a client mistake, never a second payment.
    const changed = [items[0]!, { ...items[1]!, months: 4 }, items[2]!];
    const other = await initiate(owner, { ...body, items: changed, expected_total_kes: '2494.00' }, key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    // PAY-109: the next payment for b2 prints the same PIN unless told otherwise.
    const next = await initiate(owner, { items: [items[2]!], expected_total_kes: '174.00' });
    expect(next.status).toBe(201);
    const nextTx = await db()
      .selectFrom('transactions')
      .select('buyer_kra_pin')
      .where('payment_id', '=', next.body.data.payment_id)
      .executeTakeFirstOrThrow();
    expect(nextTx.buyer_kra_pin).toBe('P051234567X');
  });

  it('needs an Idempotency-Key and answers a changed total with 409 and the new quote', async () => {
    const owner = await ownerWith(1);
    const items = [{ business_id: owner.businesses[0]!, service_type: 'ads', months: 1 }];
    const noKey = await owner.agent
      .post('/api/payments/initiate')
      .send({ items, expected_total_kes: '232.00' });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.field).toBe('Idempotency-Key');
    const stale = await initiate(owner, { items, expected_total_kes: '200.00' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(stale.body.error.quote.amount_kes).toBe('232.00');
    expect(
      await db()
        .selectFrom('payments')
        .select('payment_id')
        .where('payer_user_id', '=', owner.userId)
        .execute(),
    ).toHaveLength(0);
  });

  it('keeps the discount fixed at initiation when it is revoked afterwards (PAY-085/087)', async () => {
    const owner = await ownerWith(1);
    const businessId = owner.businesses[0]!;
    const staff = await staffSession(harness, db(), 'admin');
    const granted = await staff.agent
      .post('/api/discounts')
      .send({
        business_id: businessId,
        discount_type: '5+ employees',
        discount_percentage: 50,
        criteria: 'Payroll seen',
      })
      .expect(201);
    const items = [{ business_id: businessId, service_type: 'ads', months: 6 }];
    const res = await initiate(owner, { items, expected_total_kes: '696.00' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await staff.agent
      .delete(`/api/discounts/${granted.body.data.discount_id}`)
      .send({ reason: 'No longer eligible' })
      .expect(200);
    const item = await db()
      .selectFrom('transaction_items as i')
      .innerJoin('transactions as t', 't.tx_id', 'i.tx_id')
      .select(['i.discount_id', 'i.discount_percentage', 'i.total_cents', 'i.unit_price_cents'])
      .where('t.payment_id', '=', res.body.data.payment_id)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ discount_id: granted.body.data.discount_id, discount_percentage: 50 });
    expect(Number(item.total_cents)).toBe(69_600);
    // The next quote pays full price.
    expect((await quote(owner, items)).body.data.amount_kes).toBe('1392.00');
  });

  it('fails the payment, releases the held name and answers 502 when PesaPal is down', async () => {
    const owner = await ownerWith(1);
    const businessId = owner.businesses[0]!;
    const name = `down-${crypto.randomBytes(3).toString('hex')}`;
    harness.pesapal.failNext('submit', { kind: '503' });
    const res = await initiate(owner, {
      items: [{ business_id: businessId, service_type: 'website_hosting', months: 1 }],
      subdomains: [{ business_id: businessId, subdomain: name }],
      expected_total_kes: '232.00',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(502);
    expect(res.body.error.code).toBe('EXTERNAL_SERVICE_ERROR');
    const payment = await db()
      .selectFrom('payments')
      .selectAll()
      .where('payer_user_id', '=', owner.userId)
      .executeTakeFirstOrThrow();
    expect(payment).toMatchObject({
      status: 'failed',
      failure_reason: 'gateway_unavailable',
      redirect_url: null,
    });
    const tx = await db()
      .selectFrom('transactions')
      .select(['status', 'failure_reason'])
      .where('payment_id', '=', payment.payment_id)
      .executeTakeFirstOrThrow();
    expect(tx).toEqual({ status: 'failed', failure_reason: 'gateway_unavailable' });
    const hold = await db()
      .selectFrom('subdomains')
      .select('state')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    expect(hold.state).toBe('released');
    // PAY-107: the order is not sent again under the same merchant reference.
    expect(harness.pesapal.orderByReference(payment.payment_id)).toBeUndefined();
  });
});

describe('POST /api/payments/:payment_id/cancel', () => {
  it('lets the payer cancel a pending payment once, releasing its holds', async () => {
    const owner = await ownerWith(1);
    const businessId = owner.businesses[0]!;
    const name = `gone-${crypto.randomBytes(3).toString('hex')}`;
    const res = await initiate(owner, {
      items: [{ business_id: businessId, service_type: 'website_hosting', months: 2 }],
      subdomains: [{ business_id: businessId, subdomain: name }],
      expected_total_kes: '464.00',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const paymentId = res.body.data.payment_id as string;
    const stranger = await signedInPerson(harness, db());
    expect((await stranger.agent.post(`/api/payments/${paymentId}/cancel`)).status).toBe(404);

    const cancelled = await owner.agent.post(`/api/payments/${paymentId}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expectDocumented('post', '/api/payments/{payment_id}/cancel', cancelled);
    expect(cancelled.body.data).toMatchObject({ status: 'cancelled', amount_kes: '464.00' });
    const payment = await db()
      .selectFrom('payments')
      .select(['status', 'failure_reason'])
      .where('payment_id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({ status: 'cancelled', failure_reason: 'cancelled' });
    const tx = await db()
      .selectFrom('transactions')
      .select(['status', 'failure_reason'])
      .where('payment_id', '=', paymentId)
      .executeTakeFirstOrThrow();
    expect(tx).toEqual({ status: 'failed', failure_reason: 'cancelled' });
    const hold = await db()
      .selectFrom('subdomains')
      .select(['state', 'held_for_payment_id'])
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    expect(hold).toEqual({ state: 'released', held_for_payment_id: paymentId });
    const events = await db()
      .selectFrom('payment_events')
      .select(['source', 'outcome', 'detail'])
      .where('payment_id', '=', paymentId)
      .execute();
    expect(events).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        detail: expect.objectContaining({ action: 'cancelled_by_payer' }),
      }),
    ]);
    const again = await owner.agent.post(`/api/payments/${paymentId}/cancel`);
    expect(again.status).toBe(409);
  });
});

describe('initiation rate limit', () => {
  it('allows 10 payments per user per hour (PAY-321), refused carts not counted', async () => {
    const owner = await ownerWith(1);
    const body = {
      items: [{ business_id: owner.businesses[0]!, service_type: 'ads', months: 1 }],
      expected_total_kes: '232.00',
    };
    expect((await initiate(owner, { ...body, expected_total_kes: '1.00' })).status).toBe(409);
    for (let i = 0; i < 10; i += 1) expect((await initiate(owner, body)).status).toBe(201);
    const limited = await initiate(owner, body);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
  });
});
