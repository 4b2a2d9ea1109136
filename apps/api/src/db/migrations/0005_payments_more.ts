import { sql, type Kysely } from 'kysely';

/**
 * Payments, second step (landed migrations are never edited). Each helper appends its own statements
 * with a comment naming what needs them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- PAY-262: a refund receipt prints the period each refunded line removes; it is fixed at completion
    -- (the subscription's expiry moves back), so it is stored with the line rather than recomputed.
    alter table refund_items
      add column period_start date,
      add column period_end date;
  `.execute(db);
}
