import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BroadcastPreview, TemplateRow } from '@tafuta/contracts';
import { expectDocumented } from '../../test/business-kit.js';
import { createBusiness } from '../../test/factories.js';
import { useStaffSession, verifiedAccount } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const superAdmin = useStaffSession(harness, database, 'super_admin');
const admin = useStaffSession(harness, database, 'admin');
const support = useStaffSession(harness, database, 'support_staff');
const db = () => database.current.db;

/** A business whose Owner opted in to marketing SMS (Swahili) and whose business Admin did not. */
async function audience() {
  const owner = await verifiedAccount(db());
  const helper = await verifiedAccount(db());
  await db()
    .updateTable('users')
    .set({ language_preference: 'sw', nickname: 'Njeri' })
    .where('user_id', '=', owner.userId)
    .execute();
  await db()
    .insertInto('notification_preferences')
    .values({ user_id: owner.userId, marketing_sms_opt_in: true })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ marketing_sms_opt_in: true }))
    .execute();
  const business = await createBusiness(db(), { ownerId: owner.userId, status: 'active' });
  await db()
    .insertInto('user_business_roles')
    .values({ user_id: helper.userId, business_id: business.business_id, role: 'admin' })
    .execute();
  return { owner, helper, business };
}

const draft = (businessId: string, en: string) => ({
  audience: { type: 'business', id: businessId },
  category: 'marketing',
  channels: ['sms', 'in_app'],
  bodies: { en, sw: 'Habari {nickname}! Ofa maalum kwa {business_name}.' },
});

describe('broadcast preview and send (ADM-520..526)', () => {
  it('previews counts after opt-in filters, segments, cost and per-language samples', async () => {
    const { owner, business } = await audience();
    const preview = await admin.agent
      .post('/api/admin/notifications/preview')
      .send(draft(business.business_id, 'Hello {nickname}! An offer for {business_name}.'))
      .expect(200);
    expectDocumented('POST', '/api/admin/notifications/preview', preview);
    expect(preview.body.data.recipients).toEqual({ total: 2, sms: 1, email: 0, in_app: 2 });
    expect(preview.body.data.sms_unit_cost_kes).toBe('0.50');
    expect(preview.body.data.estimated_sms_cost_kes).toBe('0.50');
    const sw = (preview.body as { data: BroadcastPreview }).data.samples.find(
      (sample) => sample.language === 'sw',
    )!;
    expect(sw.recipient_user_id).toBe(owner.userId);
    expect(sw.sms).toBe(
      `Tafuta: Habari Njeri! Ofa maalum kwa ${business.business_name}.\nOpt out: tafuta.ke/config/profile`,
    );
    await admin.agent
      .post('/api/admin/notifications/preview')
      .send({ ...draft(business.business_id, 'Hi {amount}'), bodies: { en: 'Hi {amount}' } })
      .expect(400);
  });

  it('sends once per Idempotency-Key, skips the opted-out SMS, refuses duplicates', async () => {
    const { owner, helper, business } = await audience();
    const body = draft(business.business_id, 'Hello {nickname}! Big offer.');
    const key = crypto.randomUUID();
    await admin.agent.post('/api/admin/notifications/send').send(body).expect(400);
    const sent = await admin.agent
      .post('/api/admin/notifications/send')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    expectDocumented('POST', '/api/admin/notifications/send', sent);
    const broadcastId = sent.body.data.broadcast_id as string;
    const logRows = await db()
      .selectFrom('notification_log')
      .selectAll()
      .where('broadcast_id', '=', broadcastId)
      .execute();
    expect(logRows).toHaveLength(2);
    const ownerSms = logRows.find((row) => row.user_id === owner.userId)!;
    expect(ownerSms).toMatchObject({ channel: 'sms', language: 'sw', segments: 1 });
    expect(['queued', 'sending', 'sent']).toContain(ownerSms.status);
    expect(logRows.find((row) => row.user_id === helper.userId)).toMatchObject({
      status: 'skipped',
      skip_reason: 'opted_out',
    });
    const inApp = await db()
      .selectFrom('in_app_notifications')
      .select('user_id')
      .where('type', '=', 'broadcast_marketing')
      .where('user_id', 'in', [owner.userId, helper.userId])
      .execute();
    expect(inApp).toHaveLength(2);
    const audit = await db()
      .selectFrom('audit_logs')
      .selectAll()
      .where('action', '=', 'notification_sent')
      .where('entity_id', '=', broadcastId)
      .execute();
    expect(audit).toHaveLength(1);

    const replay = await admin.agent
      .post('/api/admin/notifications/send')
      .set('Idempotency-Key', key)
      .send(body)
      .expect(200);
    expect(replay.body.data.broadcast_id).toBe(broadcastId);
    const again = await db()
      .selectFrom('notification_log')
      .select('notification_id')
      .where('broadcast_id', '=', broadcastId)
      .execute();
    expect(again).toHaveLength(2);
    const misuse = await admin.agent
      .post('/api/admin/notifications/send')
      .set('Idempotency-Key', key)
      .send(draft(business.business_id, 'Other words'))
      .expect(409);
    expect(misuse.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    const duplicate = await admin.agent
      .post('/api/admin/notifications/send')
      .set('Idempotency-Key', crypto.randomUUID())
      .send(body)
      .expect(409);
    expect(duplicate.body.error.code).toBe('CONFLICT');

    const history = await support.agent.get(`/api/admin/notifications/broadcasts/${broadcastId}`).expect(200);
    expectDocumented('GET', '/api/admin/notifications/broadcasts/{id}', history);
    expect(history.body.data.counts.sms.skipped).toBe(1);
    expect(history.body.data.recipients.total).toBe(2);
    const log = await support.agent
      .get(`/api/admin/notifications/log?broadcast_id=${broadcastId}`)
      .expect(200);
    expectDocumented('GET', '/api/admin/notifications/log', log);
    expect(log.body.pagination.total).toBe(2);
  });

  it('holds marketing SMS until the quiet hours end (ADM-524)', async () => {
    const { owner, business } = await audience();
    await db()
      .updateTable('system_config')
      .set({ value: '00:00-23:59' })
      .where('key', '=', 'marketing_quiet_hours')
      .execute();
    try {
      const sent = await admin.agent
        .post('/api/admin/notifications/send')
        .set('Idempotency-Key', crypto.randomUUID())
        .send(draft(business.business_id, 'Quiet please'))
        .expect(201);
      const release = sent.body.data.sms_release_at as string;
      expect(new Date(release).getTime()).toBeGreaterThan(Date.now());
      const sms = await db()
        .selectFrom('notification_log')
        .selectAll()
        .where('broadcast_id', '=', sent.body.data.broadcast_id)
        .where('user_id', '=', owner.userId)
        .executeTakeFirstOrThrow();
      expect(sms.status).toBe('queued');
      expect(sms.next_attempt_at.getTime()).toBe(new Date(release).getTime());
    } finally {
      await db()
        .updateTable('system_config')
        .set({ value: '20:00-08:00' })
        .where('key', '=', 'marketing_quiet_hours')
        .execute();
    }
  });

  it('applies ADM-003: support cannot send; service announcements to everyone are Super Admin only', async () => {
    const { business } = await audience();
    await support.agent
      .post('/api/admin/notifications/preview')
      .send(draft(business.business_id, 'x'))
      .expect(403);
    const everyone = {
      audience: { type: 'all_users' },
      category: 'service',
      channels: ['in_app'],
      bodies: { en: 'Maintenance tonight' },
    };
    await admin.agent.post('/api/admin/notifications/preview').send(everyone).expect(403);
    const preview = await superAdmin.agent
      .post('/api/admin/notifications/preview')
      .send(everyone)
      .expect(200);
    expect(preview.body.data.recipients.total).toBeGreaterThan(2);
    expect(preview.body.data.confirmation_required).toBe(false);
  });
});

describe('notification templates (ADM-505/506)', () => {
  it('lists the grid and lets only a Super Admin save a valid cell, audited', async () => {
    const grid = await support.agent.get('/api/admin/notifications/templates').expect(200);
    expectDocumented('GET', '/api/admin/notifications/templates', grid);
    const approved = (grid.body as { data: TemplateRow[] }).data.find(
      (row) => row.template_key === 'business_approved',
    )!;
    expect(approved.cells.find((cell) => cell.channel === 'sms' && cell.language === 'ki')?.present).toBe(
      false,
    );

    const path = '/api/admin/notifications/templates/business_approved/sms/ki';
    const body = { body: 'Tafuta: {business_name} niyetikiriwo.', reason: 'Kikuyu text added' };
    await admin.agent.put(path).send(body).expect(403);
    const saved = await superAdmin.agent.put(path).send(body).expect(200);
    expectDocumented('PUT', '/api/admin/notifications/templates/{key}/{channel}/{language}', saved);
    const stored = await db()
      .selectFrom('notification_templates')
      .selectAll()
      .where('template_key', '=', 'business_approved')
      .where('channel', '=', 'sms')
      .where('language', '=', 'ki')
      .executeTakeFirstOrThrow();
    expect(stored.body).toBe(body.body);
    const audit = await db()
      .selectFrom('audit_logs')
      .selectAll()
      .where('action', '=', 'notification_template_updated')
      .where('entity_id', '=', 'business_approved/sms/ki')
      .execute();
    expect(audit).toHaveLength(1);

    const bad = await superAdmin.agent.put(path).send({ body: 'Tafuta: {amount}' }).expect(400);
    expect(bad.body.error.field).toBe('body');
    await superAdmin.agent
      .put(path)
      .send({ body: `Tafuta: ${'a'.repeat(470)}` })
      .expect(400);
    await superAdmin.agent
      .put('/api/admin/notifications/templates/business_approved/email/en')
      .send({ body: 'No subject' })
      .expect(400);
    await superAdmin.agent
      .put('/api/admin/notifications/templates/no_such_key/sms/en')
      .send({ body: 'x' })
      .expect(404);
  });
});
