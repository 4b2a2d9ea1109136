import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Logger } from '../http/logger.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditEntry {
  /** The staff member's user_id; null for the system (ADM-410). */
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  entityLabel?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

function toRow(entry: AuditEntry) {
  return {
    actor_id: entry.actorId,
    actor_type: entry.actorId === null ? ('system' as const) : ('admin' as const),
    actor_role: entry.actorRole,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    entity_label: entry.entityLabel ?? null,
    old_value: entry.oldValue === undefined ? null : JSON.stringify(entry.oldValue),
    new_value: entry.newValue === undefined ? null : JSON.stringify(entry.newValue),
    reason: entry.reason ?? null,
    ip_address: entry.ip ?? null,
    request_id: entry.requestId ?? null,
  };
}

/** Inside a business transaction: the audit row commits or rolls back with the change it records. */
export async function writeAuditInTransaction(trx: Db, entry: AuditEntry): Promise<void> {
  await trx.insertInto('audit_logs').values(toRow(entry)).execute();
}

/** Outside a transaction (refusals, reads): a failed write is logged at error level, never thrown. */
export async function writeAudit(db: Db, logger: Logger, entry: AuditEntry): Promise<void> {
  try {
    await writeAuditInTransaction(db, entry);
  } catch (error) {
    logger.error('Could not write an audit-log row', { err: error, action: entry.action });
  }
}
