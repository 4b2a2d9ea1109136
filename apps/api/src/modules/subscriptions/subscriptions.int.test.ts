import { describe, expect, it } from 'vitest';
import { addDays, addMonths, nairobiDate, nairobiMidnight } from '../../lib/nairobi-date.js';
import { auditRows, castFor, expectDocumented, queuedNotices, type Cast } from '../../test/business-kit.js';
import { OTP_TEST_CODE } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { setSubscription } from '../../test/purchase-kit.js';
import { expireSubscriptions, sendExpiryReminders } from './subscription-jobs.js';

/** ADM-350..353 adjustments through the API, and the PAY-186/187 daily jobs run at chosen moments. */

const { database, harness } = useIdentityHarness({
  env: { OTP_TEST_CODE, RATE_LIMIT_MAX_REQUESTS: '10000' },
});
const db = () => database.current.db;
const today = () => nairobiDate(new Date());

async function subscriptionOf(cast: Cast, options: { months?: number; complimentary?: number } = {}) {
  const start = addDays(today(), -3);
  const anchorDay = Number(start.slice(8, 10)) > 28 ? 28 : Number(start.slice(8, 10));
  const months = options.months ?? 6;
  return setSubscription(db(), {
    businessId: cast.businessId,
    serviceType: 'ads',
    startDate: start,
    anchorDay,
    expirationDate: addMonths(start, months, anchorDay),
    monthsPaid: months - (options.complimentary ?? 0),
    complimentaryMonths: options.complimentary ?? 0,
  });
}

const adjust = (cast: Cast, id: string, body: Record<string, unknown>) =>
  cast.staffAdmin.agent.patch(`/api/subscriptions/${id}/adjust`).send(body);

describe('manual adjustments (ADM-350..353)', () => {
  it('each adjustment type changes the row, audits old/new and tells the owners', async () => {
    const cast = await castFor(harness, db());
    const sub = await subscriptionOf(cast);
    const id = sub.subscription_id;
    const reason = 'Site was down for a week';

    await cast.support.agent
      .patch(`/api/subscriptions/${id}/adjust`)
      .send({ adjustment_type: 'deactivate', reason })
      .expect(403);

    const added = await adjust(cast, id, { adjustment_type: 'add_months', months: 2, reason }).expect(200);
    expectDocumented('patch', '/api/subscriptions/{id}/adjust', added);
    expect(added.body.data).toMatchObject({
      complimentary_months: 2,
      months_paid: 6,
      expiration_date: addMonths(sub.expiration_date, 2, sub.anchor_day),
    });
    const [audit] = await auditRows(db(), 'added_months', id);
    expect(audit).toMatchObject({
      reason,
      old_value: { complimentary_months: 0 },
      new_value: { complimentary_months: 2 },
    });
    expect(await queuedNotices(db(), 'promo_granted', [cast.owner.userId])).toHaveLength(1);

    const removed = await adjust(cast, id, { adjustment_type: 'remove_months', months: 3, reason }).expect(
      200,
    );
    // Complimentary months go first, then paid ones.
    expect(removed.body.data).toMatchObject({ complimentary_months: 0, months_paid: 5 });
    expect(await auditRows(db(), 'removed_months', id)).toHaveLength(1);
    await adjust(cast, id, { adjustment_type: 'remove_months', months: 12, reason }).expect(409);

    const newDate = addDays(today(), 40);
    const set = await adjust(cast, id, {
      adjustment_type: 'set_expiration',
      expiration_date: newDate,
      reason,
    }).expect(200);
    expect(set.body.data).toMatchObject({
      expiration_date: newDate,
      last_service_date: addDays(newDate, -1),
    });
    expect(await auditRows(db(), 'adjusted_expiration', id)).toHaveLength(1);
    await adjust(cast, id, {
      adjustment_type: 'set_expiration',
      expiration_date: addDays(today(), -1),
      reason,
    }).expect(400);

    await adjust(cast, id, { adjustment_type: 'void_promo', reason }).expect(409);
    await adjust(cast, id, { adjustment_type: 'add_months', months: 1, reason }).expect(200);
    const voided = await adjust(cast, id, { adjustment_type: 'void_promo', reason }).expect(200);
    expect(voided.body.data).toMatchObject({ complimentary_months: 0, expiration_date: newDate });
    expect(await auditRows(db(), 'promo_voided', id)).toHaveLength(1);
    expect(await queuedNotices(db(), 'promo_voided', [cast.owner.userId])).toHaveLength(1);

    const off = await adjust(cast, id, { adjustment_type: 'deactivate', reason: 'Ad rules broken' }).expect(
      200,
    );
    expect(off.body.data.status).toBe('cancelled');
    expect(await auditRows(db(), 'service_deactivated', id)).toHaveLength(1);
    await adjust(cast, id, { adjustment_type: 'deactivate', reason }).expect(409);

    const until = addDays(today(), 20);
    const on = await adjust(cast, id, { adjustment_type: 'activate', until_date: until, reason }).expect(200);
    expect(on.body.data).toMatchObject({ status: 'active', expiration_date: until });
    expect(await auditRows(db(), 'service_activated', id)).toHaveLength(1);
    expect(await queuedNotices(db(), 'subscription_adjusted', [cast.owner.userId])).toHaveLength(4);

    await adjust(cast, id, { adjustment_type: 'add_months', months: 13, reason }).expect(400);
    await adjust(cast, id, { adjustment_type: 'add_months', months: 1 }).expect(400);
    // No adjustment ever creates money records (ADM-352).
    const money = await db()
      .selectFrom('transactions')
      .select('tx_id')
      .where('business_id', '=', cast.businessId)
      .execute();
    expect(money).toEqual([]);
  });

  it('grants complimentary months of a service the business does not have (ADM-351)', async () => {
    const cast = await castFor(harness, db());
    const url = `/api/admin/businesses/${cast.businessId}/subscriptions`;
    const body = { service_type: 'search_promotion', months: 2, reason: 'Launch promotion' };
    await cast.support.agent.post(url).send(body).expect(403);
    const granted = await cast.staffAdmin.agent.post(url).send(body).expect(201);
    expectDocumented('post', '/api/admin/businesses/{id}/subscriptions', granted);
    expect(granted.body.data).toMatchObject({ status: 'active', months_paid: 0, complimentary_months: 2 });
    expect(await auditRows(db(), 'promo_granted', granted.body.data.subscription_id as string)).toHaveLength(
      1,
    );
    await cast.staffAdmin.agent.post(url).send(body).expect(409);
    // Search promotion reaches the listing at once (triggers keep business_listings in step).
    const listing = await db()
      .selectFrom('business_listings')
      .select('promoted_until')
      .where('business_id', '=', cast.businessId)
      .executeTakeFirstOrThrow();
    expect(listing.promoted_until).not.toBeNull();
  });
});

describe('daily subscription jobs (PAY-186/187)', () => {
  it('reminders go out once per threshold, the expiry job ends the service, renewal brings it back', async () => {
    const cast = await castFor(harness, db());
    const sub = await subscriptionOf(cast);
    const at = (date: string, hour: number) => new Date(nairobiMidnight(date).getTime() + hour * 3_600_000);
    const expiry = sub.expiration_date;
    const reminders = async () =>
      (
        await db()
          .selectFrom('notification_log')
          .select(['template_key', 'body'])
          .where('user_id', 'in', [cast.owner.userId, cast.admin.userId])
          .where('channel', '=', 'sms')
          .where('template_key', 'in', ['service_expiring', 'service_expired'])
          .orderBy('created_at')
          .execute()
      ).map((row) => row.template_key);

    for (const daysBefore of [10, 7, 7, 6, 3, 3, 1, 1]) {
      await sendExpiryReminders(
        {
          db: db(),
          logger: harness.logger,
          notifier: harness.services.notifier,
          appUrl: 'https://tafuta.ke',
        },
        at(addDays(expiry, -daysBefore), 8),
      );
    }
    // Owner and business Admin each get 7, 3 and 1 days; the employee nothing.
    expect(await reminders()).toEqual(Array(6).fill('service_expiring'));
    const employee = await db()
      .selectFrom('notification_log')
      .select('notification_id')
      .where('user_id', '=', cast.employee.userId)
      .where('template_key', '=', 'service_expiring')
      .execute();
    expect(employee).toEqual([]);

    // 00:05 EAT on the expiry day: expired, audited; twice is harmless.
    const status = async () =>
      (
        await db()
          .selectFrom('service_subscriptions')
          .select('status')
          .where('subscription_id', '=', sub.subscription_id)
          .executeTakeFirstOrThrow()
      ).status;
    await expireSubscriptions({ db: db() }, at(addDays(expiry, -1), 23));
    expect(await status()).toBe('active');
    expect(await expireSubscriptions({ db: db() }, at(expiry, 0.1))).toBeGreaterThanOrEqual(1);
    await expireSubscriptions({ db: db() }, at(expiry, 0.2));
    expect(await status()).toBe('expired');
    expect(await auditRows(db(), 'service_expired', sub.subscription_id)).toHaveLength(1);

    const deps = {
      db: db(),
      logger: harness.logger,
      notifier: harness.services.notifier,
      appUrl: 'https://tafuta.ke',
    };
    await sendExpiryReminders(deps, at(expiry, 8));
    await sendExpiryReminders(deps, at(expiry, 9));
    expect((await reminders()).filter((key) => key === 'service_expired')).toHaveLength(2);
    const sms = await db()
      .selectFrom('notification_log')
      .select('body')
      .where('user_id', '=', cast.owner.userId)
      .where('template_key', '=', 'service_expired')
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    expect(sms.body).toContain('Your free listing is still visible');

    // Renewal (a new term, PAY-183/188) makes it active again at once, with a new reminder key.
    const renewed = await setSubscription(db(), {
      businessId: cast.businessId,
      serviceType: 'ads',
      startDate: today(),
      anchorDay: Math.min(Number(today().slice(8, 10)), 28),
      expirationDate: addMonths(today(), 1, Math.min(Number(today().slice(8, 10)), 28)),
      monthsPaid: 1,
    });
    expect(renewed.status).toBe('active');
    expect(await expireSubscriptions({ db: db() }, new Date())).toBe(0);
  });
});
