import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/database.js';
import { createBusiness, createUser } from '../test/factories.js';

const database = useTestDatabase();

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  }
  return 'not refused';
}

async function consentRows() {
  const { db } = database.current;
  const user = await createUser(db);
  const version = await db.selectFrom('terms_versions').select('version_id').executeTakeFirstOrThrow();
  const consent = await db
    .insertInto('user_terms_consent')
    .values({
      user_id: user.user_id,
      version_id: version.version_id,
      ip_address: '197.232.1.10',
      user_agent: 'Android',
      context: 'registration',
    })
    .returning('consent_id')
    .executeTakeFirstOrThrow();
  const marketing = await db
    .insertInto('marketing_consent_events')
    .values({
      user_id: user.user_id,
      channel: 'sms',
      opted_in: true,
      source: 'registration',
      ip_address: '197.232.1.10',
    })
    .returning('event_id')
    .executeTakeFirstOrThrow();
  return { user, consent, marketing };
}

describe('consent evidence (USR-05, REG-09, ACC-07)', () => {
  it('refuses rewriting or deleting consent rows', async () => {
    const { db } = database.current;
    const { consent, marketing } = await consentRows();
    expect(
      await refusal(() =>
        db
          .updateTable('marketing_consent_events')
          .set({ opted_in: false })
          .where('event_id', '=', marketing.event_id)
          .execute(),
      ),
    ).toBe('42501');
    expect(
      await refusal(() =>
        db
          .updateTable('user_terms_consent')
          .set({ context: 're_consent' })
          .where('consent_id', '=', consent.consent_id)
          .execute(),
      ),
    ).toBe('42501');
    expect(
      await refusal(() =>
        db
          .updateTable('user_terms_consent')
          .set({ ip_address: '10.0.0.1' })
          .where('consent_id', '=', consent.consent_id)
          .execute(),
      ),
    ).toBe('42501');
    expect(
      await refusal(() =>
        db.deleteFrom('user_terms_consent').where('consent_id', '=', consent.consent_id).execute(),
      ),
    ).toBe('42501');
    expect(
      await refusal(() =>
        db.deleteFrom('marketing_consent_events').where('event_id', '=', marketing.event_id).execute(),
      ),
    ).toBe('42501');
  });

  it('allows only the blanking of where consent came from', async () => {
    const { db } = database.current;
    const { consent, marketing } = await consentRows();
    await db
      .updateTable('user_terms_consent')
      .set({ ip_address: null, user_agent: null })
      .where('consent_id', '=', consent.consent_id)
      .execute();
    await db
      .updateTable('marketing_consent_events')
      .set({ ip_address: null })
      .where('event_id', '=', marketing.event_id)
      .execute();
    const kept = await db
      .selectFrom('user_terms_consent')
      .select(['ip_address', 'user_agent', 'context'])
      .where('consent_id', '=', consent.consent_id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ ip_address: null, user_agent: null, context: 'registration' });
  });
});

describe('identity constraints', () => {
  it('allows one active role per person and business (ROLE-02), and a new row after removal', async () => {
    const { db } = database.current;
    const user = await createUser(db);
    const { business_id: businessId } = await createBusiness(db);
    const role = { user_id: user.user_id, business_id: businessId, role: 'employee' as const };
    const first = await db
      .insertInto('user_business_roles')
      .values(role)
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(
      await refusal(() =>
        db
          .insertInto('user_business_roles')
          .values({ ...role, role: 'admin' })
          .execute(),
      ),
    ).toBe('23505');
    await db
      .updateTable('user_business_roles')
      .set({ is_deleted: true, removed_at: sql<Date>`now()` })
      .where('id', '=', first.id)
      .execute();
    await db.insertInto('user_business_roles').values(role).execute();
  });

  it('keeps staff login emails unique whatever their case, and one staff account per person (ADM-022)', async () => {
    const { db } = database.current;
    const [first, second] = [await createUser(db), await createUser(db)];
    await db
      .insertInto('admin_users')
      .values({ user_id: first.user_id, login_email: 'njeri@tafuta.ke', role: 'admin' })
      .execute();
    expect(
      await refusal(() =>
        db
          .insertInto('admin_users')
          .values({ user_id: second.user_id, login_email: 'NJERI@tafuta.ke', role: 'admin' })
          .execute(),
      ),
    ).toBe('23514');
    expect(
      await refusal(() =>
        db
          .insertInto('admin_users')
          .values({ user_id: first.user_id, login_email: 'other@tafuta.ke', role: 'admin' })
          .execute(),
      ),
    ).toBe('23505');
  });

  it('never lets a session idle past its absolute end', async () => {
    const { db } = database.current;
    const user = await createUser(db);
    const now = Date.now();
    expect(
      await refusal(() =>
        db
          .insertInto('user_sessions')
          .values({
            session_id: 'sid-1',
            user_id: user.user_id,
            scope: 'user',
            expires_at: new Date(now + 2 * 3_600_000),
            absolute_expires_at: new Date(now + 3_600_000),
          })
          .execute(),
      ),
    ).toBe('23514');
  });
});
