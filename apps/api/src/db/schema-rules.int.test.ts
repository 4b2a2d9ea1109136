import { sql, type Updateable } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/database.js';
import type { AuthLogsTable } from './schema.js';
import { createCategory, createRegion, createUser, uniquePhone, writeAuthLog } from '../test/factories.js';

const database = useTestDatabase();

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
  return 'not refused';
}

describe('audit_logs is append-only (ADM-430)', () => {
  it('accepts inserts and refuses UPDATE, DELETE and TRUNCATE', async () => {
    const { db } = database.current;
    const row = await db
      .insertInto('audit_logs')
      .values({ actor_type: 'system', action: 'service_expired', entity_type: 'service_subscription' })
      .returningAll()
      .executeTakeFirstOrThrow();

    expect(
      await refusal(() =>
        db.updateTable('audit_logs').set({ reason: 'rewritten' }).where('log_id', '=', row.log_id).execute(),
      ),
    ).toBe('42501');
    expect(await refusal(() => db.deleteFrom('audit_logs').where('log_id', '=', row.log_id).execute())).toBe(
      '42501',
    );
    expect(await refusal(() => sql`truncate audit_logs`.execute(db))).toBe('42501');
    const kept = await db
      .selectFrom('audit_logs')
      .select('reason')
      .where('log_id', '=', row.log_id)
      .executeTakeFirst();
    expect(kept).toEqual({ reason: null });
  });
});

describe('auth_logs is append-only except for blanking personal data (ALOG-04, ERRATA 20)', () => {
  it('refuses DELETE, TRUNCATE and any change other than nulling phone, email, IP or user agent', async () => {
    const { db } = database.current;
    const row = await writeAuthLog(db, {
      event_type: 'login_failed',
      metadata: JSON.stringify({ reason: 'wrong_password' }),
    });
    const update = (values: Updateable<AuthLogsTable>) =>
      refusal(() => db.updateTable('auth_logs').set(values).where('log_id', '=', row.log_id).execute());

    expect(await update({ event_type: 'login_success' })).toBe('42501');
    expect(await update({ metadata: JSON.stringify({ reason: 'none' }) })).toBe('42501');
    expect(await update({ phone: uniquePhone() })).toBe('42501');
    expect(await refusal(() => db.deleteFrom('auth_logs').where('log_id', '=', row.log_id).execute())).toBe(
      '42501',
    );
    expect(await refusal(() => sql`truncate auth_logs`.execute(db))).toBe('42501');
  });

  it('blanks personal data of old rows and of one user through blank_auth_log_pii, keeping the rows', async () => {
    const { db } = database.current;
    const user = await createUser(db);
    const old = await writeAuthLog(db, { timestamp: new Date(Date.now() - 400 * 86_400_000) });
    const recent = await writeAuthLog(db);
    const mine = await writeAuthLog(db, { user_id: user.user_id });

    const blankedOld = await sql<{
      count: number;
    }>`select blank_auth_log_pii(p_before => now() - interval '12 months') as count`.execute(db);
    expect(blankedOld.rows[0]?.count).toBeGreaterThanOrEqual(1);
    const blankedMine = await sql<{
      count: number;
    }>`select blank_auth_log_pii(p_user_id => ${user.user_id}::uuid) as count`.execute(db);
    expect(blankedMine.rows[0]?.count).toBe(1);

    const rows = await db
      .selectFrom('auth_logs')
      .select(['log_id', 'phone', 'ip_address', 'user_agent', 'event_type'])
      .where('log_id', 'in', [old.log_id, recent.log_id, mine.log_id])
      .execute();
    const byId = new Map(rows.map((row) => [row.log_id, row]));
    expect(byId.get(old.log_id)).toMatchObject({
      phone: null,
      ip_address: null,
      user_agent: null,
      event_type: 'login_success',
    });
    expect(byId.get(mine.log_id)).toMatchObject({ phone: null, ip_address: null });
    expect(byId.get(recent.log_id)?.phone).toBe(recent.phone);
    expect(await refusal(() => sql`select blank_auth_log_pii()`.execute(db))).toBe('22023');
  });
});

describe('users table rules (USR-01, USR-02, USR-03)', () => {
  it('keeps phones unique and emails unique regardless of case', async () => {
    const { db } = database.current;
    const phone = uniquePhone();
    await createUser(db, { phone, email: 'wanjiru@example.co.ke' });
    expect(await refusal(() => createUser(db, { phone }))).toBe('23505');
    expect(await refusal(() => createUser(db, { email: 'WANJIRU@example.co.ke' }))).toBe('23514');
    expect(await refusal(() => createUser(db, { email: 'wanjiru@example.co.ke' }))).toBe('23505');
  });

  it('ties deleted_at and a missing phone to the deleted status', async () => {
    const { db } = database.current;
    expect(await refusal(() => createUser(db, { phone: null }))).toBe('23514');
    expect(await refusal(() => createUser(db, { status: 'deleted' }))).toBe('23514');
    const deleted = await createUser(db, { status: 'deleted', phone: null, deleted_at: new Date() });
    expect(deleted.status).toBe('deleted');
  });

  it('refuses statuses, tiers and languages outside the spec', async () => {
    const { db } = database.current;
    expect(await refusal(() => createUser(db, { status: 'banned' as never }))).toBe('23514');
    expect(await refusal(() => createUser(db, { language_preference: 'kk' as never }))).toBe('23514');
    expect(await refusal(() => createUser(db, { phone: '0712345678' }))).toBe('23514');
  });

  it('refuses to change a region slug once created (ADM-254)', async () => {
    const { db } = database.current;
    expect(
      await refusal(() =>
        db.updateTable('regions').set({ slug: 'machakos-town' }).where('slug', '=', 'machakos').execute(),
      ),
    ).toBe('23514');
  });
});

describe('category and region rules (ADM-251, ADM-252)', () => {
  it('accepts lowercase kebab slugs with an English name and refuses anything else', async () => {
    const { db } = database.current;
    const category = await createCategory(db, {
      slug: 'boda-boda',
      names: JSON.stringify({ en: 'Boda boda', sw: 'Bodaboda' }),
    });
    expect(category.names).toEqual({ en: 'Boda boda', sw: 'Bodaboda' });
    expect(await refusal(() => createCategory(db, { slug: 'Boda Boda' }))).toBe('23514');
    expect(await refusal(() => createCategory(db, { slug: 'boda--boda' }))).toBe('23514');
    expect(await refusal(() => createCategory(db, { names: JSON.stringify({ sw: 'Saluni' }) }))).toBe(
      '23514',
    );
    expect(await refusal(() => createCategory(db, { slug: 'boda-boda' }))).toBe('23505');
    const region = await createRegion(db, { slug: 'kitui' });
    expect(region.is_active).toBe(true);
    expect(await refusal(() => createRegion(db, { slug: 'kitui' }))).toBe('23505');
  });
});
