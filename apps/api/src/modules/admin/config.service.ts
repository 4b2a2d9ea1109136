import { sql, type Kysely } from 'kysely';
import type { SystemConfigView } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { ConfigValueError, validateConfigValue } from './config.rules.js';

/**
 * System configuration (ADM-450..456). The screen is read-only; values change through the server command
 * `npm run config:set` (ADM-456), which validates per ADM-451 and writes `system_config_changed` with
 * the old and new values. Readers pick the change up within their cache time (ADM-452).
 */

type Db = Kysely<Database>;

export const CONFIG_SET_COMMAND = 'npm run config:set -- <key> <value> --reason "…" --by <staff email>';

export async function systemConfigView(db: Db): Promise<SystemConfigView> {
  const rows = await db
    .selectFrom('system_config as c')
    .leftJoin('users as u', 'u.user_id', 'c.updated_by')
    .select([
      'c.key',
      'c.value',
      'c.description',
      'c.must_set_before_launch',
      'c.is_public',
      'c.updated_at',
      'c.updated_by',
      'u.full_name as updated_by_name',
    ])
    .orderBy('c.key')
    .execute();
  const items = rows.map((row) => ({
    key: row.key,
    value: row.value,
    description: row.description,
    must_set_before_launch: row.must_set_before_launch,
    is_public: row.is_public,
    missing: row.must_set_before_launch && row.value.trim() === '',
    updated_at: isoSeconds(row.updated_at),
    updated_by:
      row.updated_by === null ? null : { user_id: row.updated_by, full_name: row.updated_by_name ?? '' },
  }));
  // Launch-gate keys first: they are what the red banner is about.
  items.sort(
    (a, b) =>
      Number(b.must_set_before_launch) - Number(a.must_set_before_launch) || a.key.localeCompare(b.key),
  );
  const alerts = items
    .filter((item) => item.missing)
    .map((item) => ({
      key: item.key,
      severity: 'red' as const,
      message: `${item.key} is empty: it must be set before launch (${item.description})`,
    }));
  return { items, alerts, launch_ready: alerts.length === 0, change_command: CONFIG_SET_COMMAND };
}

export class ConfigChangeError extends Error {
  override name = 'ConfigChangeError';
}

/** ADM-456: validate, write and audit one key, as the named super admin. */
export async function setConfigValue(
  db: Db,
  input: { key: string; value: string; reason: string; byEmail: string },
): Promise<{ key: string; oldValue: string; newValue: string }> {
  const reason = input.reason.trim();
  if (reason.length < 5 || reason.length > 500)
    throw new ConfigChangeError('--reason must be 5–500 characters');
  return db.transaction().execute(async (trx) => {
    const staff = await trx
      .selectFrom('admin_users as a')
      .innerJoin('users as u', 'u.user_id', 'a.user_id')
      .select(['a.user_id', 'a.role', 'a.is_active', 'u.status'])
      .where(sql`lower(a.login_email)`, '=', input.byEmail.trim().toLowerCase())
      .executeTakeFirst();
    // ADM-003: changing system configuration is the super admin's alone, also on the server.
    if (!staff || !staff.is_active || staff.status !== 'active' || staff.role !== 'super_admin') {
      throw new ConfigChangeError('--by must be the login email of an active super admin');
    }
    const current = await trx
      .selectFrom('system_config')
      .select(['key', 'value'])
      .where('key', '=', input.key)
      .forUpdate()
      .executeTakeFirst();
    if (!current)
      throw new ConfigChangeError(`Unknown key ${input.key}; see the configuration screen for the keys`);
    let newValue: string;
    try {
      newValue = validateConfigValue(input.key, input.value);
    } catch (error) {
      if (error instanceof ConfigValueError) throw new ConfigChangeError(`${input.key} ${error.message}`);
      throw error;
    }
    await trx
      .updateTable('system_config')
      .set({ value: newValue, updated_at: sql<Date>`now()`, updated_by: staff.user_id })
      .where('key', '=', input.key)
      .execute();
    await writeAuditInTransaction(trx, {
      actorId: staff.user_id,
      actorRole: staff.role,
      action: 'system_config_changed',
      entityType: 'system_config',
      entityId: input.key,
      entityLabel: input.key,
      oldValue: { key: input.key, value: current.value },
      newValue: { key: input.key, value: newValue, via: 'config:set' },
      reason,
    });
    return { key: input.key, oldValue: current.value, newValue };
  });
}
