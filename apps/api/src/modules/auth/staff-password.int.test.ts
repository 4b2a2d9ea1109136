import { describe, expect, it } from 'vitest';
import { browser, STAFF_PASSWORD, staffMember, staffSession } from '../../test/identity-flows.js';
import { useIdentityHarness } from '../../test/identity-harness.js';

/** ADM-037 and ADM-033 under ERRATA 7: staff passwords come back by an emailed single-use link. */
const { database, harness } = useIdentityHarness();
const NEW_PASSWORD = 'Mpya-kabisa-2026!';

/** The reset link the Mailgun simulator received for an address, as the staff member would click it. */
function resetToken(email: string): string {
  const mail = harness.mail.messages({ to: email })[0];
  const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`No reset link was sent to ${email}`);
  return token;
}

describe('staff password reset by email (ADM-037)', () => {
  it('emails a single-use link that sets a new password and ends every staff session', async () => {
    const staff = await staffSession(harness, database.current.db, 'support_staff');
    await browser(harness)
      .post('/api/admin/auth/password/forgot')
      .send({ email: staff.email.toUpperCase() })
      .expect(200);
    await harness.deliver();
    const token = resetToken(staff.email);
    expect(harness.mail.messages({ to: staff.email })[0]?.subject).toBe('Reset your Tafuta staff password');
    // The kept copy of the email never holds the link's secret (ERRATA 7: stored hashes only).
    const kept = await database.current.db
      .selectFrom('notification_log')
      .select(['body', 'html_body', 'status'])
      .where('template_key', '=', 'staff_password_reset')
      .where('recipient', '=', staff.email)
      .executeTakeFirstOrThrow();
    expect(kept.status).toBe('sent');
    expect(kept.body).toContain('reset-password?token=******');
    expect(`${kept.body}${kept.html_body}`).not.toContain(token);

    const weak = await browser(harness)
      .post('/api/admin/auth/password/reset')
      .send({ token, new_password: 'Short-1!' })
      .expect(400);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');

    await browser(harness)
      .post('/api/admin/auth/password/reset')
      .send({ token, new_password: NEW_PASSWORD })
      .expect(200);
    // The staff session opened with the old password has ended (ADM-036).
    await staff.agent.get('/api/users/me').expect(401);
    await browser(harness)
      .post('/api/admin/auth/login')
      .send({ email: staff.email, password: STAFF_PASSWORD })
      .expect(401);
    await browser(harness)
      .post('/api/admin/auth/login')
      .send({ email: staff.email, password: NEW_PASSWORD })
      .expect(200);

    const reused = await browser(harness)
      .post('/api/admin/auth/password/reset')
      .send({ token, new_password: 'Tena-Mpya-2026!!' })
      .expect(400);
    expect(reused.body.error).toMatchObject({ code: 'INVALID_INPUT', field: 'token' });
    const audit = await database.current.db
      .selectFrom('audit_logs')
      .select('action')
      .where('action', '=', 'admin_password_reset_sent')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const reply = await browser(harness)
      .post('/api/admin/auth/password/forgot')
      .send({ email: 'nobody@tafuta.ke' })
      .expect(200);
    expect(reply.body.data).toEqual({ email_sent_if_staff: true });
    await harness.deliver();
    expect(harness.mail.messages({ to: 'nobody@tafuta.ke' })).toEqual([]);
  });

  it('refuses an expired link, and only the newest link works', async () => {
    const staff = await staffMember(database.current.db, 'admin');
    const ask = () =>
      browser(harness).post('/api/admin/auth/password/forgot').send({ email: staff.email }).expect(200);
    await ask();
    await harness.deliver();
    const first = resetToken(staff.email);
    await ask();
    await harness.deliver();
    const second = resetToken(staff.email);
    expect(second).not.toBe(first);
    await browser(harness)
      .post('/api/admin/auth/password/reset')
      .send({ token: first, new_password: NEW_PASSWORD })
      .expect(400);

    await database.current.db
      .updateTable('staff_password_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('admin_user_id', '=', staff.adminUserId)
      .execute();
    await browser(harness)
      .post('/api/admin/auth/password/reset')
      .send({ token: second, new_password: NEW_PASSWORD })
      .expect(400);
    const stored = await database.current.db
      .selectFrom('staff_password_tokens')
      .select('token_hash')
      .where('admin_user_id', '=', staff.adminUserId)
      .execute();
    // Only hashes are kept, never the tokens that were emailed.
    expect(stored.map((row) => row.token_hash)).not.toContain(second);
  });
});

describe('staff lock notice (ADM-033)', () => {
  it('emails every active super admin when a staff account locks', async () => {
    const [boss, otherBoss, retired] = [
      await staffMember(database.current.db, 'super_admin'),
      await staffMember(database.current.db, 'super_admin'),
      await staffMember(database.current.db, 'super_admin', { isActive: false }),
    ];
    const staff = await staffMember(database.current.db, 'support_staff');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await browser(harness)
        .post('/api/admin/auth/login')
        .send({ email: staff.email, password: 'Wrong-Password-1!' })
        .expect(401);
    }
    await harness.deliver();
    for (const admin of [boss, otherBoss]) {
      const mail = harness.mail.messages({ to: admin.email })[0];
      expect(mail?.subject).toBe('A Tafuta staff account was locked');
      expect(mail?.text).toContain(staff.email);
    }
    expect(harness.mail.messages({ to: retired.email })).toEqual([]);
  });
});
