import crypto from 'node:crypto';
import type { DashboardReply } from '@tafuta/contracts';
import { describe, expect, it } from 'vitest';
import { expectDocumented } from '../../test/business-kit.js';
import { createBusiness, writeAuthLog } from '../../test/factories.js';
import { useStaffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { completedPurchase } from '../../test/purchase-kit.js';
import { addMonths, nairobiDate } from '../../lib/nairobi-date.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const support = useStaffSession(harness, database, 'support_staff');
const db = () => database.current.db;

describe('dashboard home (ADM-053..056)', () => {
  it('counts cards and raises the alerts their conditions call for', async () => {
    const before = (await support.agent.get('/api/admin/dashboard').expect(200)).body.data as DashboardReply;
    expectDocumented('GET', '/api/admin/dashboard', await support.agent.get('/api/admin/dashboard'));
    // The seed leaves the legal identity empty until launch (ADM-451), so receipts cannot be issued.
    expect(before.alerts.map((a) => a.key)).toContain('legal_identity_incomplete');

    const active = await createBusiness(db(), {
      status: 'active',
      content: { profile: { en: { business_name: 'Dash Duka' } } },
    });
    await createBusiness(db(), { status: 'pending' });
    const today = nairobiDate(new Date());
    await completedPurchase(db(), {
      businessId: active.business_id,
      payerId: active.ownerId,
      lines: [{ serviceType: 'ads', months: 2, periodStart: today, periodEnd: addMonths(today, 2, 1) }],
    });
    await db()
      .updateTable('transactions')
      .set({ needs_attention: true })
      .where('business_id', '=', active.business_id)
      .execute();
    await db()
      .insertInto('payments')
      .values({
        payer_user_id: active.ownerId,
        amount_cents: 23_200,
        idempotency_key: crypto.randomUUID(),
        request_hash: 'dashboard-test',
        created_at: new Date(Date.now() - 45 * 60_000),
        expires_at: new Date(Date.now() - 15 * 60_000),
      })
      .execute();
    await writeAuthLog(db(), {
      event_type: 'login_failed',
      metadata: JSON.stringify({ flag: 'ip_failures' }),
    });

    const after = (await support.agent.get('/api/admin/dashboard').expect(200)).body.data as DashboardReply;
    expect(after.cards.pending_approval.count).toBe(before.cards.pending_approval.count + 1);
    expect(after.cards.active_businesses).toBe(before.cards.active_businesses + 1);
    // 2 months of ads: 400.00 net of VAT (ADM-303).
    expect(
      Number(after.cards.revenue_month.revenue_kes) - Number(before.cards.revenue_month.revenue_kes),
    ).toBe(400);
    const alert = (key: string) => after.alerts.find((a) => a.key === key);
    expect(alert('payments_need_attention')).toMatchObject({ severity: 'red', count: 1 });
    expect(alert('pending_payments_stale')).toMatchObject({ severity: 'red', count: 1 });
    expect(alert('suspicious_sign_ins')).toMatchObject({ severity: 'amber', count: 1 });
  });

  it('feeds recent activity newest first', async () => {
    await createBusiness(db(), {
      status: 'pending',
      content: { profile: { en: { business_name: 'Newest Kibanda' } } },
    });
    const res = await support.agent.get('/api/admin/activity?limit=5').expect(200);
    expectDocumented('GET', '/api/admin/activity', res);
    const rows = res.body.data as { at: string; type: string; text: string }[];
    expect(rows.length).toBeLessThanOrEqual(5);
    expect(rows.some((row) => row.type === 'business_submitted' && row.text.includes('Newest Kibanda'))).toBe(
      true,
    );
    expect([...rows].sort((a, b) => b.at.localeCompare(a.at))).toEqual(rows);
  });

  it('refuses a public session', async () => {
    await harness.agent().get('/api/admin/dashboard').expect(401);
  });
});
