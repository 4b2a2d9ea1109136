import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { DiscountsTable } from '../../db/schema-payments.js';

type Db = Kysely<Database> | Transaction<Database>;
export type DiscountRow = Selectable<DiscountsTable>;

export interface AppliedDiscount {
  discount_id: string;
  discount_percentage: number;
}

/**
 * PAY-083/084: per business, the single highest active percentage whose expiry (the first EAT day it no
 * longer applies) is still ahead. Ties go to the one that lasts longest, then to a fixed order, so a
 * quote and the initiation that follows pick the same row.
 */
export async function bestDiscounts(
  db: Db,
  businessIds: readonly string[],
): Promise<Map<string, AppliedDiscount>> {
  if (businessIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('discounts')
    .select(['discount_id', 'business_id', 'discount_percentage'])
    .distinctOn('business_id')
    .where('business_id', 'in', [...businessIds])
    .where('status', '=', 'active')
    .where(sql<boolean>`expires_at > nairobi_today()`)
    .orderBy('business_id')
    .orderBy('discount_percentage', 'desc')
    .orderBy('expires_at', 'desc')
    .orderBy('discount_id')
    .execute();
  return new Map(
    rows.map((row) => [
      row.business_id,
      { discount_id: row.discount_id, discount_percentage: row.discount_percentage },
    ]),
  );
}

export async function findDiscount(db: Db, discountId: string, options: { forUpdate?: boolean } = {}) {
  let query = db.selectFrom('discounts').selectAll().where('discount_id', '=', discountId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

const staffColumns = [
  'd.discount_id',
  'd.business_id',
  'b.business_name',
  'd.discount_type',
  'd.discount_percentage',
  'd.criteria',
  'd.evidence_note',
  'd.status',
  'd.granted_by',
  'd.granted_at',
  'd.last_reviewed_at',
  'd.reviewed_by',
  'd.expires_at',
  'd.revoked_at',
  'd.revoked_by',
  'd.revoke_reason',
] as const;

export async function staffDiscountRow(db: Db, discountId: string) {
  return db
    .selectFrom('discounts as d')
    .innerJoin('businesses as b', 'b.business_id', 'd.business_id')
    .select(staffColumns)
    .where('d.discount_id', '=', discountId)
    .executeTakeFirstOrThrow();
}
export type StaffDiscountRow = Awaited<ReturnType<typeof staffDiscountRow>>;

/** ADM-320 list, newest first; served by discounts_business_status_idx / discounts_status_expiry_idx. */
export async function listStaffDiscounts(
  db: Db,
  filter: {
    businessId?: string | undefined;
    status?: DiscountRow['status'] | undefined;
    page: number;
    limit: number;
  },
): Promise<{ rows: StaffDiscountRow[]; total: number }> {
  let base = db.selectFrom('discounts as d').innerJoin('businesses as b', 'b.business_id', 'd.business_id');
  if (filter.businessId) base = base.where('d.business_id', '=', filter.businessId);
  if (filter.status) base = base.where('d.status', '=', filter.status);
  const [rows, count] = await Promise.all([
    base
      .select(staffColumns)
      .orderBy('d.granted_at', 'desc')
      .orderBy('d.discount_id')
      .limit(filter.limit)
      .offset((filter.page - 1) * filter.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** PAY-088: the business's discounts that still apply today, highest first. */
export async function ownerDiscounts(db: Db, businessId: string, page: { page: number; limit: number }) {
  const base = db
    .selectFrom('discounts')
    .where('business_id', '=', businessId)
    .where('status', '=', 'active')
    .where(sql<boolean>`expires_at > nairobi_today()`);
  const [rows, count] = await Promise.all([
    base
      .select(['discount_id', 'discount_type', 'discount_percentage', 'expires_at'])
      .orderBy('discount_percentage', 'desc')
      .orderBy('expires_at', 'desc')
      .orderBy('discount_id')
      .limit(page.limit)
      .offset((page.page - 1) * page.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** PAY-084: claims the discounts whose expiry date has come, locking them for the job's transaction. */
export async function claimExpiredDiscounts(trx: Transaction<Database>, today: string) {
  return trx
    .selectFrom('discounts as d')
    .innerJoin('businesses as b', 'b.business_id', 'd.business_id')
    .select(['d.discount_id', 'd.business_id', 'b.business_name', 'd.discount_percentage', 'd.expires_at'])
    .where('d.status', '=', 'active')
    .where('d.expires_at', '<=', today)
    .orderBy('d.discount_id')
    .forUpdate('d')
    .skipLocked()
    .execute();
}

/**
 * PAY-086 / ADM-512: active discounts ending within 7 days that have had no reminder for this expiry
 * date. A renewal moves expires_at, so the renewed discount is reminded again before its new end.
 */
export async function discountsToRemind(db: Db, today: string) {
  return db
    .selectFrom('discounts as d')
    .innerJoin('businesses as b', 'b.business_id', 'd.business_id')
    .select(['d.discount_id', 'd.business_id', 'b.business_name', 'd.discount_percentage', 'd.expires_at'])
    .where('d.status', '=', 'active')
    .where('d.expires_at', '>', today)
    .where(sql<boolean>`d.expires_at <= ${today}::date + 7`)
    .where('b.status', 'not in', ['deleted'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('discount_reminders as r')
            .select('r.discount_id')
            .whereRef('r.discount_id', '=', 'd.discount_id')
            .whereRef('r.expires_at', '=', 'd.expires_at'),
        ),
      ),
    )
    .orderBy('d.expires_at')
    .execute();
}
