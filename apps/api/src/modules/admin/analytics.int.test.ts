import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AnalyticsReport } from '@tafuta/contracts';
import { expectDocumented } from '../../test/business-kit.js';
import { createBusiness, createUser } from '../../test/factories.js';
import { useStaffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const admin = useStaffSession(harness, database, 'admin');
const support = useStaffSession(harness, database, 'support_staff');
const db = () => database.current.db;

// May 2025 (EAT), a closed period nothing else in this file's database touches.
const may = (day: number, time = '12:00:00') =>
  new Date(`2025-05-${String(day).padStart(2, '0')}T${time}+03:00`);

async function seed() {
  for (const [day, verified] of [
    [2, true],
    [3, true],
    [31, false],
  ] as const) {
    await createUser(db(), { created_at: may(day), phone_verified_at: verified ? may(day) : null });
  }
  await createUser(db(), { created_at: new Date('2025-04-30T23:30:00+03:00') }); // the day before: not counted
  const first = await createBusiness(db(), { status: 'active' });
  const second = await createBusiness(db(), {});
  await db()
    .updateTable('businesses')
    .set({ created_at: may(5) })
    .where('business_id', 'in', [first.business_id, second.business_id])
    .execute();
  // Decisions: 2 h, 10 h and 30 h to approve, 5 h to reject.
  const reviews = [
    { hours: 2, decision: 'approved' },
    { hours: 10, decision: 'approved' },
    { hours: 30, decision: 'approved' },
    { hours: 5, decision: 'rejected' },
  ] as const;
  for (const [index, review] of reviews.entries()) {
    const decided = may(10 + index);
    await db()
      .insertInto('business_reviews')
      .values({
        business_id: index === 3 ? second.business_id : first.business_id,
        decision: review.decision,
        reason_code: review.decision === 'rejected' ? 'incomplete_information' : null,
        content_version: 1,
        submitted_at: new Date(decided.getTime() - review.hours * 3_600_000),
        decided_at: decided,
        decided_by: admin.userId,
      })
      .execute();
  }
  const payment = async (net: number) =>
    (
      await db()
        .insertInto('payments')
        .values({
          payer_user_id: first.ownerId,
          amount_cents: Math.round(net * 1.16),
          idempotency_key: crypto.randomUUID(),
          request_hash: crypto.randomUUID(),
          expires_at: may(28),
        })
        .returning('payment_id')
        .executeTakeFirstOrThrow()
    ).payment_id;
  const tx = async (values: {
    type: 'purchase' | 'refund';
    status: 'completed' | 'failed' | 'pending';
    net: number;
    day: number;
  }) => ({
    business_id: first.business_id,
    payment_id: values.type === 'purchase' ? await payment(values.net) : null,
    transaction_type: values.type,
    amount_cents: values.net + Math.round(values.net * 0.16),
    vat_cents: Math.round(values.net * 0.16),
    net_cents: values.net,
    vat_rate: '0.16',
    payment_method: values.type === 'refund' ? ('cash' as const) : ('pesapal' as const),
    status: values.status,
    created_at: may(values.day),
    completed_at: values.status === 'completed' ? may(values.day) : null,
  });
  await db()
    .insertInto('transactions')
    .values([
      await tx({ type: 'purchase', status: 'completed', net: 100_000, day: 6 }),
      await tx({ type: 'purchase', status: 'completed', net: 50_000, day: 20 }),
      await tx({ type: 'purchase', status: 'failed', net: 20_000, day: 21 }),
      await tx({ type: 'purchase', status: 'pending', net: 20_000, day: 22 }),
      await tx({ type: 'refund', status: 'completed', net: 20_000, day: 25 }),
    ])
    .execute();
  const sms = (status: 'delivered' | 'failed') => ({
    template_key: 'business_approved',
    category: 'account' as const,
    channel: 'sms' as const,
    language: 'en',
    recipient: '+254700000001',
    body: 'Tafuta: test',
    status,
    cost_cents: 50,
    created_at: may(15),
  });
  await db()
    .insertInto('notification_log')
    .values([sms('delivered'), sms('delivered'), sms('delivered'), sms('failed')])
    .execute();
}

describe('analytics figures from known data (ADM-603)', () => {
  it('computes signups, registrations, approval rate, decision times, payments, revenue and SMS delivery', async () => {
    await seed();
    const response = await support.agent
      .get('/api/admin/analytics?from=2025-05-01&to=2025-05-31')
      .expect(200);
    expectDocumented('GET', '/api/admin/analytics', response);
    const report = (response.body as { data: AnalyticsReport }).data;
    expect(report.range).toEqual({ from: '2025-05-01', to: '2025-05-31', days: 31 });
    expect(report.previous_range).toEqual({ from: '2025-03-31', to: '2025-04-30' });
    expect(report.granularity).toBe('day');
    expect(report.users).toMatchObject({
      new_signups: 3,
      new_signups_phone_verified: 2,
      new_signups_basic_share: 0.6667,
    });
    expect(report.headline.new_users).toEqual({ value: 3, previous: 1, change_percent: 200 });
    expect(report.businesses.new_registrations).toBe(2);
    expect(report.reviews).toMatchObject({
      approved: 3,
      rejected: 1,
      approval_rate: 0.75,
      first_submission_approval_rate: 0.5,
      decision_hours_median: 7.5,
      decided_within_24h_share: 0.75,
    });
    expect(report.payments).toMatchObject({
      purchases_by_status: { completed: 2, failed: 1, pending: 1 },
      completed_count: 2,
      success_rate: 0.6667,
    });
    // ADM-303: 1,000.00 + 500.00 ex-VAT, less the 200.00 ex-VAT a refund reversed.
    expect(report.revenue.revenue_kes).toBe('1300.00');
    expect(report.revenue.vat_collected_kes).toBe('240.00');
    expect(report.headline.revenue_kes).toMatchObject({ value: 1300, previous: 0, change_percent: null });
    expect(report.revenue.monthly.find((m) => m.month === '2025-05')?.revenue_kes).toBe('1300.00');
    expect(report.revenue.trend).toHaveLength(31);
    expect(report.revenue.trend.find((p) => p.period === '2025-05-06')?.value).toBe(1000);
    expect(report.messaging).toMatchObject({
      sms_delivered: 3,
      sms_failed: 1,
      sms_delivery_rate: 0.75,
      sms_cost_kes: '2.00',
    });
    expect(report.trends.new_users.find((p) => p.period === '2025-05-31')?.value).toBe(1);

    await support.agent.get('/api/admin/analytics?from=2024-01-01&to=2025-05-31').expect(400);
  });

  it('exports the figures as CSV for Admin+ only, audited', async () => {
    await support.agent.get('/api/admin/analytics/export?from=2025-05-01&to=2025-05-31').expect(403);
    const csv = await admin.agent
      .get('/api/admin/analytics/export?from=2025-05-01&to=2025-05-31')
      .buffer(true)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain('revenue,revenue_kes,,1300.00');
    const audit = await db()
      .selectFrom('audit_logs')
      .select('new_value')
      .where('action', '=', 'data_exported')
      .where('entity_label', '=', 'analytics')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('reports latency percentiles and error rate from the app metrics, and uptime from heartbeats', async () => {
    await db()
      .insertInto('platform_heartbeats')
      .values({ minute: new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120_000), ok: true })
      .execute();
    const health = await support.agent.get('/api/admin/health-metrics?window=1h').expect(200);
    expectDocumented('GET', '/api/admin/health-metrics', health);
    const data = health.body.data;
    expect(data.latency_source.requests).toBeGreaterThan(0);
    expect(data.latency_ms.p50).toBeGreaterThan(0);
    expect(data.latency_ms.p99).toBeGreaterThanOrEqual(data.latency_ms.p50);
    expect(data.responses.status_4xx).toBeGreaterThan(0);
    expect(data.uptime).toMatchObject({ heartbeat_minutes: 1, minutes_in_window: 60 });
    expect(data.sessions.admin).toBeGreaterThanOrEqual(2);
  });
});
