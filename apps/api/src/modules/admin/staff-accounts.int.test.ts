import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../test/factories.js';
import {
  browser,
  safePhone,
  liveSessions,
  STAFF_PASSWORD,
  staffMember,
  staffSession,
  useStaffSession,
  verifiedAccount,
} from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';
import { updateStaffAccount } from './staff-accounts.service.js';

/** System › Staff Accounts (ADM-024..028, EP-ADM-82..85): invitations, role changes and guards. */

const { database, harness } = useIdentityHarness({ env: { RATE_LIMIT_MAX_REQUESTS: '10000' } });
const superAdmin = useStaffSession(harness, database, 'super_admin');
const db = () => database.current.db;

const NEW_PASSWORD = 'Karibu-Ofisini-2026!';

/** The set-password link the simulator received for an address (the log keeps it masked). */
function inviteToken(email: string): string {
  const message = harness.mail.messages().find((sent) => sent.to.includes(email));
  const token = message?.text.match(/token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`No invitation reached ${email}`);
  return token;
}

const auditOf = (adminUserId: string, action: string) =>
  db()
    .selectFrom('audit_logs')
    .selectAll()
    .where('entity_id', '=', adminUserId)
    .where('action', '=', action)
    .execute();

/** Reads one field of each item of a reply's `data` list (or of `data[key]`). */
function field(response: Response, name: string, key?: string): unknown[] {
  const body = response.body as { data: Record<string, unknown> | Record<string, unknown>[] };
  const list = (key ? (body.data as Record<string, unknown>)[key] : body.data) as Record<string, unknown>[];
  return list.map((item) => item[name]);
}

describe('staff invitations (ADM-024, EP-ADM-83)', () => {
  it('invites a verified person, emails a 48-hour link that sets the password once, and audits it', async () => {
    const person = await verifiedAccount(db());
    const email = `invitee-${person.userId.slice(0, 8)}@tafuta.ke`;
    const created = await superAdmin.agent
      .post('/api/admin/system/admins')
      .send({ email, phone: person.phone, role: 'support_staff' });
    expect(created.status).toBe(201);
    const account = created.body.data;
    expect(account).toMatchObject({
      user_id: person.userId,
      login_email: email,
      role: 'support_staff',
      is_active: true,
      password_set: false,
      created_by: { user_id: superAdmin.userId },
    });
    const hours = (Date.parse(account.invite.expires_at) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThanOrEqual(48);
    expect(await auditOf(account.admin_user_id, 'admin_user_created')).toHaveLength(1);

    // The stored copy of the email never holds the link.
    const logged = await db()
      .selectFrom('notification_log')
      .select('body')
      .where('template_key', '=', 'staff_invite')
      .where('user_id', '=', person.userId)
      .executeTakeFirstOrThrow();
    const token = inviteToken(email);
    expect(logged.body).not.toContain(token);

    const signInBefore = await browser(harness)
      .post('/api/admin/auth/login')
      .send({ email, password: NEW_PASSWORD });
    expect(signInBefore.status).toBe(401);
    const set = await browser(harness)
      .post('/api/admin/auth/password/reset')
      .send({ token, new_password: NEW_PASSWORD });
    expect(set.status).toBe(200);
    const again = await browser(harness)
      .post('/api/admin/auth/password/reset')
      .send({ token, new_password: NEW_PASSWORD });
    expect(again.status).toBe(400);
    const signIn = await browser(harness)
      .post('/api/admin/auth/login')
      .send({ email, password: NEW_PASSWORD });
    expect(signIn.status).toBe(200);
    expect(signIn.body.data.staff_role).toBe('support_staff');
  });

  it('refuses an unverified phone, a taken login email and a second staff account for one person', async () => {
    const unverified = await createUser(db(), { phone: safePhone() });
    const noAccount = await superAdmin.agent
      .post('/api/admin/system/admins')
      .send({ email: 'nobody@tafuta.ke', phone: unverified.phone, role: 'admin' });
    expect(noAccount.status).toBe(404);
    expect(noAccount.body.error.code).toBe('ACCOUNT_NOT_FOUND');

    const existing = await staffMember(db(), 'admin');
    const person = await verifiedAccount(db());
    const taken = await superAdmin.agent
      .post('/api/admin/system/admins')
      .send({ email: existing.email.toUpperCase(), phone: person.phone, role: 'admin' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('EMAIL_ALREADY_USED');

    const twice = await superAdmin.agent
      .post('/api/admin/system/admins')
      .send({ email: 'second@tafuta.ke', phone: existing.phone, role: 'admin' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('CONFLICT');
  });

  it('resends an invitation (the old link stops working) only while no password is set', async () => {
    const person = await verifiedAccount(db());
    const email = `resend-${person.userId.slice(0, 8)}@tafuta.ke`;
    const created = await superAdmin.agent
      .post('/api/admin/system/admins')
      .send({ email, phone: person.phone, role: 'admin' });
    const id = created.body.data.admin_user_id as string;
    const first = inviteToken(email);
    const resent = await superAdmin.agent
      .patch(`/api/admin/system/admins/${id}`)
      .send({ resend_invite: true });
    expect(resent.status).toBe(200);
    const second = harness.mail
      .messages()
      .filter((sent) => sent.to.includes(email))
      .map((sent) => sent.text.match(/token=([A-Za-z0-9_-]+)/)?.[1])
      .find((token) => token !== first);
    expect(second).toBeDefined();
    const stale = await browser(harness)
      .post('/api/admin/auth/password/reset')
      .send({ token: first, new_password: NEW_PASSWORD });
    expect(stale.status).toBe(400);
    expect(
      (
        await browser(harness)
          .post('/api/admin/auth/password/reset')
          .send({ token: second, new_password: NEW_PASSWORD })
      ).status,
    ).toBe(200);
    const late = await superAdmin.agent.patch(`/api/admin/system/admins/${id}`).send({ resend_invite: true });
    expect(late.status).toBe(409);
    expect(await auditOf(id, 'admin_invite_resent')).toHaveLength(1);
  });
});

describe('role changes and deactivation (ADM-025..027, EP-ADM-84/85)', () => {
  it('changes a role with a reason; the new role applies on the next request', async () => {
    const member = await staffSession(harness, db(), 'support_staff');
    const row = await db()
      .selectFrom('admin_users')
      .select('admin_user_id')
      .where('user_id', '=', member.userId)
      .executeTakeFirstOrThrow();
    expect((await member.agent.get('/api/admin/fees')).status).toBe(403);
    const noReason = await superAdmin.agent
      .patch(`/api/admin/system/admins/${row.admin_user_id}`)
      .send({ role: 'super_admin' });
    expect(noReason.status).toBe(400);
    const changed = await superAdmin.agent
      .patch(`/api/admin/system/admins/${row.admin_user_id}`)
      .send({ role: 'super_admin', reason: 'Takes over the fee schedule' });
    expect(changed.status).toBe(200);
    expect(changed.body.data.role).toBe('super_admin');
    expect((await member.agent.get('/api/admin/fees')).status).toBe(200);
    expect(await auditOf(row.admin_user_id, 'admin_role_changed')).toEqual([
      expect.objectContaining({
        actor_id: superAdmin.userId,
        old_value: { role: 'support_staff' },
        new_value: { role: 'super_admin' },
        reason: 'Takes over the fee schedule',
      }),
    ]);
  });

  it('deactivation ends the person’s staff sessions at once and keeps the row', async () => {
    const member = await staffSession(harness, db(), 'admin');
    const row = await db()
      .selectFrom('admin_users')
      .select('admin_user_id')
      .where('user_id', '=', member.userId)
      .executeTakeFirstOrThrow();
    expect((await member.agent.get('/api/admin/users')).status).toBe(200);
    const removed = await superAdmin.agent
      .delete(`/api/admin/system/admins/${row.admin_user_id}`)
      .send({ reason: 'Left the company' });
    expect(removed.status).toBe(200);
    expect(removed.body.data).toMatchObject({ is_active: false });
    expect(await liveSessions(db(), member.userId)).toEqual([]);
    expect((await member.agent.get('/api/admin/users')).status).toBe(401);
    const signIn = await browser(harness)
      .post('/api/admin/auth/login')
      .send({ email: member.email, password: STAFF_PASSWORD });
    expect(signIn.status).toBe(401);
    expect(await auditOf(row.admin_user_id, 'admin_deactivated')).toHaveLength(1);

    const back = await superAdmin.agent
      .patch(`/api/admin/system/admins/${row.admin_user_id}`)
      .send({ is_active: true, reason: 'Came back' });
    expect(back.body.data.is_active).toBe(true);
  });

  it('refuses self-demotion and leaving no active super admin', async () => {
    const own = await db()
      .selectFrom('admin_users')
      .select('admin_user_id')
      .where('user_id', '=', superAdmin.userId)
      .executeTakeFirstOrThrow();
    const self = await superAdmin.agent
      .patch(`/api/admin/system/admins/${own.admin_user_id}`)
      .send({ role: 'admin', reason: 'Stepping down myself' });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('CONFLICT');
    const selfOff = await superAdmin.agent
      .delete(`/api/admin/system/admins/${own.admin_user_id}`)
      .send({ reason: 'Switching myself off' });
    expect(selfOff.status).toBe(409);

    // Two super admins demoting each other at once: the second, already demoted when its change runs,
    // would leave none. The service re-counts under lock and refuses (ADM-027).
    const target = await staffMember(db(), 'super_admin');
    await db()
      .updateTable('admin_users')
      .set({ is_active: false })
      .where('role', '=', 'super_admin')
      .where('admin_user_id', '!=', target.adminUserId)
      .execute();
    const deps = {
      db: db(),
      logger: harness.logger,
      notifier: harness.services.notifier,
      sessions: { db: db(), store: { destroy: () => undefined } as never, logger: harness.logger },
      appUrl: 'https://tafuta.ke',
      phoneTestPrefixes: [],
    };
    const actor = {
      userId: superAdmin.userId,
      role: 'super_admin' as const,
      audit: { actorId: superAdmin.userId, actorRole: 'super_admin' as const, ip: null, requestId: 'test' },
    };
    await expect(
      updateStaffAccount(
        deps,
        actor,
        target.adminUserId,
        { role: 'admin', reason: 'Demoting the last one' },
        {
          ip: null,
          userAgent: null,
        },
      ),
    ).rejects.toMatchObject({ code: 'LAST_SUPER_ADMIN' });
    expect(
      (
        await db()
          .selectFrom('admin_users')
          .select('role')
          .where('admin_user_id', '=', target.adminUserId)
          .executeTakeFirstOrThrow()
      ).role,
    ).toBe('super_admin');
    // Put the file's own super admin back for the tests after this one.
    await db()
      .updateTable('admin_users')
      .set({ is_active: true })
      .where('admin_user_id', '=', own.admin_user_id)
      .execute();
  });

  it('unlocks a locked staff account', async () => {
    const locked = await staffMember(db(), 'support_staff');
    await db()
      .updateTable('admin_users')
      .set({ failed_login_count: 5, locked_until: new Date(Date.now() + 900_000) })
      .where('admin_user_id', '=', locked.adminUserId)
      .execute();
    const before = await superAdmin.agent.get(`/api/admin/system/admins/${locked.adminUserId}`);
    expect(before.body.data.locked).toBe(true);
    const unlocked = await superAdmin.agent
      .patch(`/api/admin/system/admins/${locked.adminUserId}`)
      .send({ unlock: true, reason: 'Called from the office phone' });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.data).toMatchObject({ locked: false, locked_until: null });
    const list = await superAdmin.agent.get('/api/admin/system/admins').query({ q: locked.email });
    expect(field(list, 'login_email')).toEqual([locked.email]);
  });
});
