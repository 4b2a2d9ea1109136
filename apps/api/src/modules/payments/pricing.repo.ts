import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PaidServiceType } from '../../db/schema-payments.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ActiveFee {
  fee_id: string;
  service_type: PaidServiceType;
  price_per_month_cents: number;
}

/** PAY-022/024: the one active fee row per service type (a partial unique index guarantees "one"). */
export async function activeFees(db: Db): Promise<Map<PaidServiceType, ActiveFee>> {
  const rows = await db
    .selectFrom('fees')
    .select(['fee_id', 'service_type', 'price_per_month_cents'])
    .where('active', '=', true)
    .execute();
  return new Map(
    rows.map((row) => [
      row.service_type,
      { ...row, price_per_month_cents: Number(row.price_per_month_cents) },
    ]),
  );
}
