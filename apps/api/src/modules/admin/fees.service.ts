import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { FeeView } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import type { FeesTable, PaidServiceType } from '../../db/schema-payments.js';
import { isoSeconds, paginate } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { formatKes } from '../../lib/money.js';
import type { AdminActor } from './staff-actor.js';

/**
 * The fee schedule (ADM-460..462, PAY-022..026), super admin only. A price change never edits a row: it
 * deactivates the active one and inserts a new one, so transactions keep the prices they were sold at and
 * a pending payment keeps its amount (ADM-452, ADM-744). The lookup at checkout is payments' (pricing.repo).
 */

type Db = Kysely<Database>;
type Trx = Transaction<Database>;
type FeeRow = Selectable<FeesTable>;

/** "200" or "200.00" → 20000 cents (the contract allows whole shillings only). */
const toCents = (price: string) => Math.round(Number(price) * 100);

function feeView(row: FeeRow & { created_by_name?: string | null }): FeeView {
  const cents = Number(row.price_per_month_cents);
  return {
    fee_id: row.fee_id,
    service_type: row.service_type,
    description: row.description,
    price_per_month: formatKes(cents),
    active: row.active,
    created_at: isoSeconds(row.created_at),
    updated_at: isoSeconds(row.updated_at),
    created_by:
      row.created_by === null ? null : { user_id: row.created_by, full_name: row.created_by_name ?? '' },
    warnings: cents % 2500 === 0 ? [] : ['price_not_multiple_of_25'],
  };
}

function feesQuery(db: Db | Trx) {
  return db
    .selectFrom('fees as f')
    .leftJoin('users as u', 'u.user_id', 'f.created_by')
    .selectAll('f')
    .select('u.full_name as created_by_name');
}

export async function listFees(
  db: Db,
  query: { page: number; limit: number; service_type?: PaidServiceType; active?: 'yes' | 'no' },
) {
  let base = feesQuery(db);
  if (query.service_type) base = base.where('f.service_type', '=', query.service_type);
  if (query.active) base = base.where('f.active', '=', query.active === 'yes');
  const total = await base
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base
    .orderBy('f.service_type')
    .orderBy('f.active', 'desc')
    .orderBy('f.created_at', 'desc')
    .orderBy('f.fee_id')
    .limit(query.limit)
    .offset((query.page - 1) * query.limit)
    .execute();
  return { items: rows.map(feeView), pagination: paginate(query.page, query.limit, Number(total.n)) };
}

async function feeById(trx: Db | Trx, feeId: string) {
  const row = await feesQuery(trx).where('f.fee_id', '=', feeId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such fee');
  return feeView(row);
}

/** Serialises changes per service type, so "exactly one active" holds under concurrent edits too. */
async function lockServiceType(trx: Trx, serviceType: PaidServiceType) {
  await sql`select pg_advisory_xact_lock(hashtext(${`fees:${serviceType}`}))`.execute(trx);
  return trx
    .selectFrom('fees')
    .selectAll()
    .where('service_type', '=', serviceType)
    .where('active', '=', true)
    .executeTakeFirst();
}

const auditFee = (
  trx: Trx,
  actor: AdminActor,
  input: {
    action: string;
    feeId: string;
    serviceType: string;
    reason: string;
    oldValue?: unknown;
    newValue?: unknown;
  },
) =>
  writeAuditInTransaction(trx, {
    ...actor.audit,
    action: input.action,
    entityType: 'fee',
    entityId: input.feeId,
    entityLabel: input.serviceType,
    oldValue: input.oldValue,
    newValue: input.newValue,
    reason: input.reason,
  });

async function insertActiveFee(
  trx: Trx,
  actor: AdminActor,
  input: { serviceType: PaidServiceType; cents: number; description: string },
) {
  return trx
    .insertInto('fees')
    .values({
      service_type: input.serviceType,
      description: input.description,
      price_per_month_cents: input.cents,
      active: true,
      created_by: actor.userId,
    })
    .returning('fee_id')
    .executeTakeFirstOrThrow();
}

const deactivate = (trx: Trx, feeId: string) =>
  trx.updateTable('fees').set({ active: false }).where('fee_id', '=', feeId).execute();

/** ADM-460: a new active price for a service type; the current one (if any) is deactivated. */
export async function createFee(
  db: Db,
  actor: AdminActor,
  input: {
    service_type: PaidServiceType;
    price_per_month: string;
    description?: string | undefined;
    reason: string;
  },
): Promise<FeeView> {
  const feeId = await db.transaction().execute(async (trx) => {
    const current = await lockServiceType(trx, input.service_type);
    if (current) {
      await deactivate(trx, current.fee_id);
      await auditFee(trx, actor, {
        action: 'fee_deactivated',
        feeId: current.fee_id,
        serviceType: current.service_type,
        reason: input.reason,
        oldValue: { active: true },
        newValue: { active: false },
      });
    }
    const cents = toCents(input.price_per_month);
    const description = input.description ?? current?.description ?? input.service_type;
    const created = await insertActiveFee(trx, actor, {
      serviceType: input.service_type,
      cents,
      description,
    });
    await auditFee(trx, actor, {
      action: 'fee_created',
      feeId: created.fee_id,
      serviceType: input.service_type,
      reason: input.reason,
      oldValue: current
        ? { fee_id: current.fee_id, price_per_month: formatKes(Number(current.price_per_month_cents)) }
        : undefined,
      newValue: { price_per_month: formatKes(cents), description },
    });
    return created.fee_id;
  });
  return feeById(db, feeId);
}

/** ADM-461: price change = new row; description edits in place; (de)activation of a row. */
export async function updateFee(
  db: Db,
  actor: AdminActor,
  feeId: string,
  change: {
    price_per_month?: string | undefined;
    description?: string | undefined;
    active?: boolean | undefined;
    reason: string;
  },
): Promise<FeeView> {
  const resultId = await db.transaction().execute(async (trx) => {
    const target = await trx.selectFrom('fees').selectAll().where('fee_id', '=', feeId).executeTakeFirst();
    if (!target) throw new AppError('NOT_FOUND', 'No such fee');
    const current = await lockServiceType(trx, target.service_type);
    const oldPrice = formatKes(Number(target.price_per_month_cents));

    if (
      change.price_per_month !== undefined &&
      toCents(change.price_per_month) !== Number(target.price_per_month_cents)
    ) {
      if (change.active === false)
        throw new AppError('CONFLICT', 'A new price is always active; deactivate separately');
      if (current) await deactivate(trx, current.fee_id);
      const cents = toCents(change.price_per_month);
      const description = change.description ?? target.description;
      const created = await insertActiveFee(trx, actor, {
        serviceType: target.service_type,
        cents,
        description,
      });
      await auditFee(trx, actor, {
        action: 'fee_updated',
        feeId: created.fee_id,
        serviceType: target.service_type,
        reason: change.reason,
        oldValue: { fee_id: target.fee_id, price_per_month: oldPrice, active: target.active },
        newValue: { fee_id: created.fee_id, price_per_month: formatKes(cents), description, active: true },
      });
      return created.fee_id;
    }

    if (change.description !== undefined && change.description !== target.description) {
      await trx
        .updateTable('fees')
        .set({ description: change.description })
        .where('fee_id', '=', feeId)
        .execute();
      await auditFee(trx, actor, {
        action: 'fee_updated',
        feeId,
        serviceType: target.service_type,
        reason: change.reason,
        oldValue: { description: target.description },
        newValue: { description: change.description },
      });
    }
    if (change.active === false && target.active) {
      // PAY-025: the service is not on sale until a fee is active again.
      await deactivate(trx, feeId);
      await auditFee(trx, actor, {
        action: 'fee_deactivated',
        feeId,
        serviceType: target.service_type,
        reason: change.reason,
        oldValue: { active: true },
        newValue: { active: false },
      });
    }
    if (change.active === true && !target.active) {
      if (current) await deactivate(trx, current.fee_id);
      await trx.updateTable('fees').set({ active: true }).where('fee_id', '=', feeId).execute();
      await auditFee(trx, actor, {
        action: 'fee_updated',
        feeId,
        serviceType: target.service_type,
        reason: change.reason,
        oldValue: { active: false, replaced_fee_id: current?.fee_id ?? null },
        newValue: { active: true, price_per_month: oldPrice },
      });
    }
    return feeId;
  });
  return feeById(db, resultId);
}
