import { describe, expect, it } from 'vitest';
import { expectDocumented } from '../../test/business-kit.js';
import { writeAuthLog } from '../../test/factories.js';
import { useStaffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const admin = useStaffSession(harness, database, 'admin');
const support = useStaffSession(harness, database, 'support_staff');
const db = () => database.current.db;

// A closed range in the past, so rows the harness writes "now" never fall into it.
const DAY = '2025-03-10';
const at = (time: string) => new Date(`${DAY}T${time}+03:00`);

async function seedAudit() {
  const rows = [
    {
      action: 'business_suspended',
      entity_id: 'biz-1',
      entity_label: 'Kamau Hardware',
      reason: 'Fraud report',
      t: '09:00:00',
    },
    {
      action: 'business_suspended',
      entity_id: 'biz-2',
      entity_label: '=cmd|" /C calc"!A0',
      reason: '=HYPERLINK("http://evil","x")',
      t: '10:00:00',
    },
    { action: 'category_created', entity_id: 'cat-1', entity_label: 'Bakeries', reason: null, t: '11:00:00' },
  ];
  await db()
    .insertInto('audit_logs')
    .values(
      rows.map((row) => ({
        actor_id: admin.userId,
        actor_type: 'admin' as const,
        actor_role: 'admin',
        action: row.action,
        entity_type: row.action.startsWith('business') ? 'business' : 'category',
        entity_id: row.entity_id,
        entity_label: row.entity_label,
        reason: row.reason,
        new_value: JSON.stringify({ status: 'suspended' }),
        timestamp: at(row.t),
      })),
    )
    .execute();
}

function parseCsv(text: string): string[][] {
  // Enough for these rows: quoted cells may hold commas and doubled quotes, never line breaks.
  return text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) =>
      [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)]
        .map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'))
        .slice(0, -1),
    );
}

describe('audit log search (ADM-421)', () => {
  it('filters by action, entity type, actor, free text and date range, newest first, paginated', async () => {
    await seedAudit();
    const base = `/api/admin/audit-logs?from=${DAY}&to=${DAY}`;
    const all = await support.agent.get(base).expect(200);
    expectDocumented('GET', '/api/admin/audit-logs', all);
    expect(all.body.pagination.total).toBe(3);
    expect((all.body as { data: { entity_id: string }[] }).data.map((row) => row.entity_id)).toEqual([
      'cat-1',
      'biz-2',
      'biz-1',
    ]);
    expect(all.body.data[2].actor_name).toBeTruthy();

    const suspended = await support.agent
      .get(`${base}&action=business_suspended&entity_type=business`)
      .expect(200);
    expect(suspended.body.pagination.total).toBe(2);
    const text = await support.agent.get(`${base}&q=fraud`).expect(200);
    expect((text.body as { data: { entity_id: string }[] }).data.map((row) => row.entity_id)).toEqual([
      'biz-1',
    ]);
    const byActor = await support.agent.get(`${base}&actor_id=${support.userId}`).expect(200);
    expect(byActor.body.pagination.total).toBe(0);
    const page2 = await support.agent.get(`${base}&limit=2&page=2`).expect(200);
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.pagination).toMatchObject({ page: 2, limit: 2, total: 3, pages: 2 });
    const before = await support.agent.get('/api/admin/audit-logs?from=2025-03-01&to=2025-03-09').expect(200);
    expect(before.body.pagination.total).toBe(0);

    await support.agent.get(`${base}&action=Not-An-Action`).expect(400);
    await support.agent.get('/api/admin/audit-logs?from=2025-03-11&to=2025-03-10').expect(400);
  });

  it('exports exactly the filtered rows as CSV, guards formula cells, and audits the export', async () => {
    const response = await admin.agent
      .get(`/api/admin/audit-logs?format=csv&from=${DAY}&to=${DAY}&action=business_suspended`)
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      })
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(
      /attachment; filename="tafuta-audit-logs-\d{8}-\d{4}\.csv"/,
    );
    const body = response.body as string;
    expect(body.startsWith('\uFEFF')).toBe(true);
    const lines = parseCsv(body);
    expect(lines[0]).toContain('entity_label');
    expect(lines).toHaveLength(3);
    const label = lines[0]!.indexOf('entity_label');
    const reason = lines[0]!.indexOf('reason');
    const risky = lines.find((line) => line.includes('biz-2'))!;
    expect(risky[label]).toBe('\'=cmd|" /C calc"!A0');
    expect(risky[reason]).toBe('\'=HYPERLINK("http://evil","x")');
    expect(lines[1]![0]).toBe('2025-03-10T10:00:00+03:00');

    const exported = await db()
      .selectFrom('audit_logs')
      .selectAll()
      .where('action', '=', 'data_exported')
      .where('actor_id', '=', admin.userId)
      .execute();
    expect(exported).toHaveLength(1);
    expect(exported[0]!.entity_type).toBe('export');
    expect(exported[0]!.new_value).toMatchObject({ dataset: 'audit-logs', row_count: 2, file_type: 'csv' });
  });

  it('refuses the export to support staff (Admin+) and logs the refusal', async () => {
    const refused = await support.agent
      .get(`/api/admin/audit-logs?format=csv&from=${DAY}&to=${DAY}`)
      .expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const denied = await db()
      .selectFrom('audit_logs')
      .select('new_value')
      .where('action', '=', 'access_denied')
      .where('actor_id', '=', support.userId)
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(1);
    await harness.agent().get('/api/admin/audit-logs').expect(401);
  });
});

describe('auth log search and streamed export (ADM-402, ADM-432)', () => {
  it('filters by event type (multi), channel, phone and flag', async () => {
    const phone = '+254711000111';
    await writeAuthLog(db(), {
      phone,
      event_type: 'login_failed',
      timestamp: at('08:00:00'),
      metadata: JSON.stringify({ reason: 'invalid_otp', flag: 'repeated_failures' }),
    });
    await writeAuthLog(db(), { phone, event_type: 'otp_requested', timestamp: at('08:01:00') });
    await writeAuthLog(db(), {
      email: 'x@tafuta.ke',
      channel: 'admin',
      event_type: 'login_success',
      timestamp: at('08:02:00'),
    });
    const base = `/api/admin/auth-logs?from=${DAY}&to=${DAY}`;
    const byPhone = await support.agent.get(`${base}&phone=${encodeURIComponent(phone)}`).expect(200);
    expectDocumented('GET', '/api/admin/auth-logs', byPhone);
    expect(byPhone.body.pagination.total).toBe(2);
    const multi = await support.agent.get(`${base}&event_type=login_failed,login_success`).expect(200);
    expect(multi.body.pagination.total).toBe(2);
    const admins = await support.agent.get(`${base}&channel=admin`).expect(200);
    expect(admins.body.data[0].email).toBe('x@tafuta.ke');
    const flagged = await support.agent.get(`${base}&flagged=true`).expect(200);
    expect(flagged.body.data).toHaveLength(1);
    expect(flagged.body.data[0]).toMatchObject({
      flag: 'repeated_failures',
      reason: 'invalid_otp',
      device: 'Android',
    });
  });

  it('streams every row across keyset batches, ties in time included', async () => {
    const day = '2025-04-02';
    const when = new Date(`${day}T12:00:00+03:00`);
    await db()
      .insertInto('auth_logs')
      .values(
        Array.from({ length: 1_203 }, (_, i) => ({
          event_type: 'otp_requested',
          phone: `+2547000${String(i).padStart(5, '0')}`,
          timestamp: when,
        })),
      )
      .execute();
    const response = await admin.agent
      .get(`/api/admin/auth-logs?format=csv&from=${day}&to=${day}`)
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      })
      .expect(200);
    const lines = parseCsv(response.body as string);
    expect(lines).toHaveLength(1_204);
    const phones = new Set(lines.slice(1).map((line) => line[6]));
    expect(phones.size).toBe(1_203);
  });
});
