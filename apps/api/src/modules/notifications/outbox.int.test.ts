import crypto from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runIdentityMaintenance, startJobs } from '../../jobs/index.js';
import { createUser, writeAuthLog } from '../../test/factories.js';
import { failingPhone, safePhone, signUp } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import {
  claimDueNotifications,
  MAX_ATTEMPTS,
  recordOutcome,
  sendClaimedNotification,
  type OutboxDeps,
} from './outbox.js';

const { database, harness } = useIdentityHarness();
let outbox: OutboxDeps;

const db = () => database.current.db;
const rowsOf = (userId: string) =>
  db().selectFrom('notification_log').selectAll().where('user_id', '=', userId).orderBy('channel').execute();
const inAppOf = (userId: string) =>
  db().selectFrom('in_app_notifications').select('type').where('user_id', '=', userId).execute();

async function queue(userId: string, templateKey = 'logout_all', variables?: Record<string, string>) {
  return db()
    .transaction()
    .execute((trx) => harness.services.notifier.enqueue(trx, { userId, templateKey, variables }));
}

beforeAll(() => {
  outbox = {
    db: database.current.db,
    logger: harness.logger,
    sms: harness.services.sms,
    email: harness.services.email,
  };
});
beforeEach(async () => {
  harness.sms.setDown(false);
  await harness.deliver();
});

describe('the notification outbox (ERRATA 26, INT-205, INT-022)', () => {
  it('queues SMS, email and in-app in the event’s transaction and sends each message once', async () => {
    const email = `wanjiru-${crypto.randomBytes(4).toString('hex')}@example.com`;
    const { agent, phone: number, userId } = await signUp(harness, { body: { email } });
    await agent.post('/api/auth/logout-all').expect(200);

    const queued = (await rowsOf(userId)).filter((row) => row.template_key === 'logout_all');
    expect(queued.map((row) => [row.channel, row.status, row.recipient])).toEqual([
      ['email', 'queued', email],
      ['sms', 'queued', number],
    ]);
    expect(await inAppOf(userId)).toEqual([{ type: 'logout_all' }]);

    expect(await harness.deliver()).toEqual({ sent: 2, failed: 0 });
    const sent = (await rowsOf(userId)).filter((row) => row.template_key === 'logout_all');
    expect(sent.map((row) => row.status)).toEqual(['sent', 'sent']);
    const smsRow = sent.find((row) => row.channel === 'sms')!;
    const texts = harness.sms
      .messages({ to: number })
      .filter((sms) => sms.reference === smsRow.notification_id);
    expect(texts).toHaveLength(1);
    expect(smsRow.provider_message_id).toBe(texts[0]!.messageId);
    const mail = harness.mail.messages({ to: email });
    expect(mail).toHaveLength(1);
    expect(sent.find((row) => row.channel === 'email')!.provider_message_id).toBe(mail[0]!.id);

    expect(await harness.deliver()).toEqual({ sent: 0, failed: 0 });
    expect(
      harness.sms.messages({ to: number }).filter((sms) => sms.reference === smsRow.notification_id),
    ).toHaveLength(1);
  });

  it('leaves nothing behind when the event’s transaction rolls back', async () => {
    const user = await createUser(db(), {
      phone: safePhone(),
      email: `rollback-${crypto.randomUUID()}@example.com`,
    });
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          expect(
            await harness.services.notifier.enqueue(trx, { userId: user.user_id, templateKey: 'logout_all' }),
          ).toBe(2);
          throw new Error('the event failed');
        }),
    ).rejects.toThrow('the event failed');
    expect(await rowsOf(user.user_id)).toEqual([]);
    expect(await inAppOf(user.user_id)).toEqual([]);
  });

  it('sends an SMS once when a worker dies between the send and marking it sent', async () => {
    const user = await createUser(db(), { phone: safePhone() });
    await queue(user.user_id);
    const claimed = (await claimDueNotifications(db(), 10)).filter((row) => row.user_id === user.user_id);
    expect(claimed).toHaveLength(1);
    const first = await sendClaimedNotification(outbox, claimed[0]!);
    expect(first.accepted).toBe(true);
    // The crash: recordOutcome never runs. The row stays `sending` until its lease lapses.
    expect(await harness.deliver()).toEqual({ sent: 0, failed: 0 });
    await db()
      .updateTable('notification_log')
      .set({ lease_expires_at: sql<Date>`now() - interval '1 second'` })
      .where('notification_id', '=', claimed[0]!.notification_id)
      .execute();

    expect(await harness.deliver()).toEqual({ sent: 1, failed: 0 });
    const [row] = await rowsOf(user.user_id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, provider_message_id: first.providerMessageId });
    const texts = harness.sms.messages({ to: user.phone! });
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ reference: row!.notification_id, messageId: first.providerMessageId });
  });

  it('ignores a stale worker whose lease lapsed and whose row another worker has since sent', async () => {
    const user = await createUser(db(), { phone: safePhone() });
    await queue(user.user_id);
    const [slow] = (await claimDueNotifications(db(), 10)).filter((row) => row.user_id === user.user_id);
    await db()
      .updateTable('notification_log')
      .set({ lease_expires_at: sql<Date>`now() - interval '1 second'` })
      .where('notification_id', '=', slow!.notification_id)
      .execute();
    // Another worker reclaims and sends it; then the slow one reports its (failed) attempt late.
    expect(await harness.deliver()).toEqual({ sent: 1, failed: 0 });
    await recordOutcome(outbox, slow!, {
      accepted: false,
      retryable: true,
      providerMessageId: null,
      error: 'provider_error',
    });
    const [row] = await rowsOf(user.user_id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, error: null });
  });

  it('retries after a provider outage on the INT-022 schedule, then sends once', async () => {
    const user = await createUser(db(), { phone: safePhone() });
    await queue(user.user_id);
    harness.sms.setDown(true);
    const before = Date.now();
    expect(await harness.deliver()).toEqual({ sent: 0, failed: 1 });
    const after = Date.now();
    let [row] = await rowsOf(user.user_id);
    expect(row).toMatchObject({
      status: 'queued',
      attempts: 1,
      error: 'provider_error',
      lease_expires_at: null,
    });
    expect(row!.next_attempt_at.getTime()).toBeGreaterThanOrEqual(before + 24_000);
    expect(row!.next_attempt_at.getTime()).toBeLessThanOrEqual(after + 36_000);

    harness.sms.setDown(false);
    const sends = harness.sms.sendCount();
    expect(await harness.deliver()).toEqual({ sent: 0, failed: 0 });
    expect(harness.sms.sendCount()).toBe(sends);

    await db()
      .updateTable('notification_log')
      .set({ next_attempt_at: sql<Date>`now() - interval '1 second'` })
      .where('notification_id', '=', row!.notification_id)
      .execute();
    expect(await harness.deliver()).toEqual({ sent: 1, failed: 0 });
    [row] = await rowsOf(user.user_id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(harness.sms.messages({ to: user.phone! })).toHaveLength(1);
  });

  it('fails a permanently refused number at once and never retries it', async () => {
    const user = await createUser(db(), { phone: failingPhone('0000') });
    await queue(user.user_id);
    expect(await harness.deliver()).toEqual({ sent: 0, failed: 1 });
    const [row] = await rowsOf(user.user_id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, error: 'invalid_number' });

    const sends = harness.sms.sendCount();
    await db()
      .updateTable('notification_log')
      .set({ next_attempt_at: sql<Date>`now() - interval '1 hour'` })
      .where('notification_id', '=', row!.notification_id)
      .execute();
    expect(await harness.deliver()).toEqual({ sent: 0, failed: 0 });
    expect(harness.sms.sendCount()).toBe(sends);
    expect((await rowsOf(user.user_id))[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('marks a message failed once MAX_ATTEMPTS are used up', async () => {
    const user = await createUser(db(), { phone: failingPhone('0500') });
    await queue(user.user_id);
    await db()
      .updateTable('notification_log')
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where('user_id', '=', user.user_id)
      .execute();
    expect(await harness.deliver()).toEqual({ sent: 0, failed: 1 });
    expect((await rowsOf(user.user_id))[0]).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      error: 'provider_error',
    });
  });

  it('skips non-security email to a bouncing address but still sends security email', async () => {
    const email = `bouncing-${crypto.randomUUID()}@example.com`;
    const user = await createUser(db(), { phone: safePhone(), email, email_bouncing_at: new Date() });
    await queue(user.user_id, 'member_added', { business_name: 'Kioko Hardware', role: 'employee' });
    expect((await rowsOf(user.user_id)).map((row) => row.channel)).toEqual(['sms']);

    await queue(user.user_id, 'logout_all');
    const security = (await rowsOf(user.user_id)).filter((row) => row.template_key === 'logout_all');
    expect(security.map((row) => [row.channel, row.recipient])).toEqual([
      ['email', email],
      ['sms', user.phone],
    ]);
  });

  it('queues only the channels asked for, to the number given (the old number of a phone change)', async () => {
    const user = await createUser(db(), {
      phone: safePhone(),
      email: `old-${crypto.randomUUID()}@example.com`,
    });
    const oldPhone = safePhone();
    await db()
      .transaction()
      .execute((trx) =>
        harness.services.notifier.enqueue(trx, {
          userId: user.user_id,
          templateKey: 'phone_changed',
          toPhone: oldPhone,
          channels: ['sms'],
        }),
      );
    expect((await rowsOf(user.user_id)).map((row) => [row.channel, row.recipient])).toEqual([
      ['sms', oldPhone],
    ]);
    expect(await inAppOf(user.user_id)).toEqual([]);
  });

  it('sends nothing to a deleted user', async () => {
    const user = await createUser(db(), { phone: null, status: 'deleted', deleted_at: new Date() });
    expect(await queue(user.user_id)).toBe(0);
    expect(await rowsOf(user.user_id)).toEqual([]);
    expect(await inAppOf(user.user_id)).toEqual([]);
  });

  it('renders email in the user’s language and escapes their nickname in HTML', async () => {
    const email = `juma-${crypto.randomUUID()}@example.com`;
    const user = await createUser(db(), {
      phone: safePhone(),
      email,
      nickname: '<b>Juma</b>',
      language_preference: 'sw',
    });
    await queue(user.user_id);
    const row = (await rowsOf(user.user_id)).find((candidate) => candidate.channel === 'email')!;
    expect(row.language).toBe('sw');
    expect(row.subject).toBe('Umetolewa kwenye Tafuta katika vifaa vyote');
    expect(row.body).toContain('Habari <b>Juma</b>,');
    expect(row.html_body).toContain('Habari &lt;b&gt;Juma&lt;/b&gt;,');
    expect(row.html_body).not.toContain('<b>Juma');
    await harness.deliver();
    const [mail] = harness.mail.messages({ to: email });
    expect(mail!.subject).toBe('Umetolewa kwenye Tafuta katika vifaa vyote');
    expect(mail!.html).toContain('&lt;b&gt;Juma&lt;/b&gt;');
    expect(mail!.html).not.toContain('<b>Juma');
  });
});

describe('background jobs', () => {
  it('delivers a nudged message through pg-boss', async () => {
    const user = await createUser(db(), { phone: safePhone() });
    const jobs = await startJobs({
      ...outbox,
      connectionString: database.current.url,
      notifier: harness.services.notifier,
      directoryEvents: harness.services.directoryEvents,
      appUrl: 'https://tafuta.ke',
      dns: harness.services.dns,
      apexDomain: 'tafuta.ke',
    });
    try {
      await queue(user.user_id);
      jobs.nudgeOutbox();
      const deadline = Date.now() + 10_000;
      let status = 'queued';
      while (Date.now() < deadline && status !== 'sent') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await rowsOf(user.user_id))[0]!.status;
      }
      expect(status).toBe('sent');
      expect(harness.sms.messages({ to: user.phone! })).toHaveLength(1);
    } finally {
      await jobs.stop();
    }
  });

  it('blanks auth-log personal data after 12 months and purges old OTP codes (ALOG-06, OTP-05)', async () => {
    const user = await createUser(db(), { phone: safePhone() });
    const old = await writeAuthLog(db(), {
      user_id: user.user_id,
      phone: user.phone,
      email: 'old@example.com',
      timestamp: new Date(Date.now() - 395 * 24 * 3_600_000),
    });
    const recent = await writeAuthLog(db(), { user_id: user.user_id, phone: user.phone });
    const otp = (expires: Date) => ({
      otp_id: crypto.randomUUID(),
      phone: user.phone!,
      user_id: user.user_id,
      purpose: 'login' as const,
      code_hash: 'x'.repeat(64),
      expires_at: expires,
    });
    const stale = otp(new Date(Date.now() - 8 * 24 * 3_600_000));
    const fresh = otp(new Date(Date.now() + 600_000));
    await db().insertInto('otp_codes').values([stale, fresh]).execute();

    const result = await runIdentityMaintenance(db());
    expect(result.auth_logs_blanked).toBeGreaterThanOrEqual(1);
    expect(result.otps_purged).toBeGreaterThanOrEqual(1);

    const logs = await db()
      .selectFrom('auth_logs')
      .selectAll()
      .where('log_id', 'in', [old.log_id, recent.log_id])
      .execute();
    expect(logs.find((row) => row.log_id === old.log_id)).toMatchObject({
      user_id: user.user_id,
      event_type: 'login_success',
      phone: null,
      email: null,
      ip_address: null,
      user_agent: null,
    });
    expect(logs.find((row) => row.log_id === recent.log_id)).toMatchObject({
      phone: user.phone,
      ip_address: recent.ip_address,
    });
    const codes = await db()
      .selectFrom('otp_codes')
      .select('otp_id')
      .where('user_id', '=', user.user_id)
      .execute();
    expect(codes).toEqual([{ otp_id: fresh.otp_id }]);
  });
});
