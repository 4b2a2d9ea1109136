import { sql } from 'kysely';
import type { CreateDiscountBody, OwnerDiscount, StaffDiscount, UpdateDiscountBody } from '@tafuta/contracts';
import { isoSeconds } from '../../http/envelope.js';
import { AppError, conflict, notFound } from '../../http/errors.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { addMonths, lastServiceDate, nairobiDate } from '../../lib/nairobi-date.js';
import type { StaffActor } from '../approvals/owner-notices.js';
import type { Actor } from '../auth/permissions.js';
import { businessForActor, findBusiness } from '../businesses/access.js';
import {
  findDiscount,
  listStaffDiscounts,
  ownerDiscounts,
  staffDiscountRow,
  type DiscountRow,
  type StaffDiscountRow,
} from './discounts.repo.js';
import type { PaymentsDeps } from './payments-deps.js';

/** PAY-084: a grant lasts 12 months unless staff choose 1–24. */
export const DEFAULT_DISCOUNT_MONTHS = 12;

type Deps = Pick<PaymentsDeps, 'db' | 'logger'>;

/** The first EAT day on which a discount granted (or renewed) today for `months` no longer applies. */
export function discountExpiry(today: string, months: number): string {
  return addMonths(today, months, Number(today.slice(8, 10)));
}

export function toStaffDiscount(row: StaffDiscountRow): StaffDiscount {
  return {
    discount_id: row.discount_id,
    business_id: row.business_id,
    business_name: row.business_name,
    discount_type: row.discount_type,
    discount_percentage: row.discount_percentage,
    criteria: row.criteria,
    evidence_note: row.evidence_note,
    status: row.status,
    granted_by: row.granted_by,
    granted_at: isoSeconds(row.granted_at),
    last_reviewed_at: row.last_reviewed_at ? isoSeconds(row.last_reviewed_at) : null,
    reviewed_by: row.reviewed_by,
    expires_at: row.expires_at,
    last_valid_date: lastServiceDate(row.expires_at),
    revoked_at: row.revoked_at ? isoSeconds(row.revoked_at) : null,
    revoked_by: row.revoked_by,
    revoke_reason: row.revoke_reason,
  };
}

/** The audited picture of a discount (ADM-410 old/new values): the fields staff decide on. */
function auditValue(
  row: Pick<
    DiscountRow,
    'discount_type' | 'discount_percentage' | 'criteria' | 'evidence_note' | 'expires_at' | 'status'
  >,
) {
  return {
    discount_type: row.discount_type,
    discount_percentage: row.discount_percentage,
    criteria: row.criteria,
    evidence_note: row.evidence_note,
    expires_at: row.expires_at,
    status: row.status,
  };
}

function audit(
  actor: StaffActor,
  input: {
    action: string;
    discountId: string;
    label: string;
    oldValue?: unknown;
    newValue?: unknown;
    reason?: string | null;
  },
) {
  return {
    actorId: actor.userId,
    actorRole: actor.role,
    action: input.action,
    entityType: 'discount',
    entityId: input.discountId,
    entityLabel: input.label,
    oldValue: input.oldValue,
    newValue: input.newValue,
    reason: input.reason ?? null,
    ip: actor.ip,
    requestId: actor.requestId,
  };
}

/** POST /api/discounts (ADM-320, Admin+): audited `applied_discount`; takes effect for the next initiation. */
export async function createDiscount(
  deps: Deps,
  actor: StaffActor,
  body: CreateDiscountBody,
): Promise<StaffDiscount> {
  const today = nairobiDate(new Date());
  const id = await deps.db.transaction().execute(async (trx) => {
    const business = await findBusiness(trx, body.business_id);
    if (!business) throw new AppError('NOT_FOUND', 'No such business', { field: 'business_id' });
    if (business.status === 'deleted') throw conflict('This business is deleted');
    const inserted = await trx
      .insertInto('discounts')
      .values({
        business_id: body.business_id,
        discount_type: body.discount_type,
        discount_percentage: body.discount_percentage,
        criteria: body.criteria,
        evidence_note: body.evidence_note ?? null,
        granted_by: actor.userId,
        expires_at: discountExpiry(today, body.valid_months ?? DEFAULT_DISCOUNT_MONTHS),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAuditInTransaction(
      trx,
      audit(actor, {
        action: 'applied_discount',
        discountId: inserted.discount_id,
        label: business.business_name,
        newValue: { business_id: business.business_id, ...auditValue(inserted) },
        reason: body.criteria,
      }),
    );
    return inserted.discount_id;
  });
  return toStaffDiscount(await staffDiscountRow(deps.db, id));
}

async function lockActive(trx: Parameters<typeof findDiscount>[0], discountId: string, verb: string) {
  const row = await findDiscount(trx, discountId, { forUpdate: true });
  if (!row) throw notFound('No such discount');
  if (row.status !== 'active') throw conflict(`This discount is ${row.status} and cannot be ${verb}`);
  return row;
}

/** PATCH /api/discounts/:id (PAY-086): renewal or correction, marks the review; audited `discount_updated`. */
export async function updateDiscount(
  deps: Deps,
  actor: StaffActor,
  discountId: string,
  body: UpdateDiscountBody,
): Promise<StaffDiscount> {
  const today = nairobiDate(new Date());
  await deps.db.transaction().execute(async (trx) => {
    const before = await lockActive(trx, discountId, 'changed');
    const after = await trx
      .updateTable('discounts')
      .set({
        ...(body.discount_type === undefined ? {} : { discount_type: body.discount_type }),
        ...(body.discount_percentage === undefined ? {} : { discount_percentage: body.discount_percentage }),
        ...(body.criteria === undefined ? {} : { criteria: body.criteria }),
        ...(body.evidence_note === undefined ? {} : { evidence_note: body.evidence_note }),
        ...(body.valid_months === undefined ? {} : { expires_at: discountExpiry(today, body.valid_months) }),
        last_reviewed_at: sql<Date>`now()`,
        reviewed_by: actor.userId,
      })
      .where('discount_id', '=', discountId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const business = await findBusiness(trx, before.business_id);
    await writeAuditInTransaction(
      trx,
      audit(actor, {
        action: 'discount_updated',
        discountId,
        label: business?.business_name ?? before.business_id,
        oldValue: auditValue(before),
        newValue: auditValue(after),
        reason: body.reason,
      }),
    );
  });
  return toStaffDiscount(await staffDiscountRow(deps.db, discountId));
}

/**
 * DELETE /api/discounts/:id (PAY-087): nothing is deleted; the row becomes `revoked` and applies to no
 * payment initiated afterwards. Pending payments keep the amounts fixed at initiation (PAY-085).
 */
export async function revokeDiscount(
  deps: Deps,
  actor: StaffActor,
  discountId: string,
  reason: string,
): Promise<StaffDiscount> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await lockActive(trx, discountId, 'revoked');
    const after = await trx
      .updateTable('discounts')
      .set({
        status: 'revoked',
        revoked_at: sql<Date>`now()`,
        revoked_by: actor.userId,
        revoke_reason: reason,
      })
      .where('discount_id', '=', discountId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const business = await findBusiness(trx, before.business_id);
    await writeAuditInTransaction(
      trx,
      audit(actor, {
        action: 'revoked_discount',
        discountId,
        label: business?.business_name ?? before.business_id,
        oldValue: auditValue(before),
        newValue: auditValue(after),
        reason,
      }),
    );
  });
  return toStaffDiscount(await staffDiscountRow(deps.db, discountId));
}

export async function staffDiscounts(
  deps: Deps,
  filter: {
    businessId?: string | undefined;
    status?: DiscountRow['status'] | undefined;
    page: number;
    limit: number;
  },
) {
  const { rows, total } = await listStaffDiscounts(deps.db, filter);
  return { items: rows.map(toStaffDiscount), total };
}

/** GET /api/businesses/:id/discounts: Managers of the business (ERRATA 23) and Support+ staff. */
export async function businessDiscounts(
  deps: Deps,
  actor: Actor,
  businessId: string,
  page: { page: number; limit: number },
): Promise<{ items: OwnerDiscount[]; total: number }> {
  await businessForActor(deps.db, {
    actor,
    businessId,
    action: 'business.view_transactions',
    logger: deps.logger,
  });
  const { rows, total } = await ownerDiscounts(deps.db, businessId, page);
  // Rows come highest first, so the applied one is the first row of the first page.
  return {
    items: rows.map((row, index) => ({
      discount_id: row.discount_id,
      discount_type: row.discount_type,
      discount_percentage: row.discount_percentage,
      expires_at: row.expires_at,
      last_valid_date: lastServiceDate(row.expires_at),
      applies_at_checkout: page.page === 1 && index === 0,
    })),
    total,
  };
}
