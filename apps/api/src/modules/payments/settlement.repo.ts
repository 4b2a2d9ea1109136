/**
 * SQL of the settlement path (PAY-151): the locked payment row, its transactions and items, and the
 * append-only payment event log (PAY-144). Rules live in settlement.ts.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type {
  PaidServiceType,
  PaymentEventOutcome,
  PaymentEventSource,
  PaymentStatus,
} from '../../db/schema-payments.js';
import type { PesapalStatus } from '../../integrations/pesapal/status.js';

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;

export interface LockedPayment {
  payment_id: string;
  payer_user_id: string;
  amount_cents: number;
  currency: string;
  status: PaymentStatus;
  pesapal_order_tracking_id: string | null;
  created_at: Date;
  expires_at: Date;
  credit_failures: number;
  needs_attention: boolean;
}

const PAYMENT_COLUMNS = [
  'payment_id',
  'payer_user_id',
  'amount_cents',
  'currency',
  'status',
  'pesapal_order_tracking_id',
  'created_at',
  'expires_at',
  'credit_failures',
  'needs_attention',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string | null | undefined): value is string => !!value && UUID.test(value);

export async function findPayment(db: Db, paymentId: string): Promise<LockedPayment | undefined> {
  if (!isUuid(paymentId)) return undefined;
  return db
    .selectFrom('payments')
    .select(PAYMENT_COLUMNS)
    .where('payment_id', '=', paymentId)
    .executeTakeFirst();
}

/** The payment an IPN names: by tracking id first (unique), else by merchant reference (= payment_id). */
export async function findPaymentForIpn(
  db: Db,
  orderTrackingId: string,
  merchantReference: string | null,
): Promise<LockedPayment | undefined> {
  const byTracking = await db
    .selectFrom('payments')
    .select(PAYMENT_COLUMNS)
    .where('pesapal_order_tracking_id', '=', orderTrackingId)
    .executeTakeFirst();
  if (byTracking) return byTracking;
  return isUuid(merchantReference) ? findPayment(db, merchantReference) : undefined;
}

/** PAY-151 step 2: the first lock of the lock order. */
export async function lockPayment(trx: Trx, paymentId: string): Promise<LockedPayment | undefined> {
  return trx
    .selectFrom('payments')
    .select(PAYMENT_COLUMNS)
    .where('payment_id', '=', paymentId)
    .forUpdate()
    .executeTakeFirst();
}

export interface PaymentTransaction {
  tx_id: string;
  business_id: string;
  business_name: string;
  business_tag: string;
  amount_cents: number;
  status: string;
}

/** Second in the lock order: the payment's purchase transactions, by business. */
export async function lockTransactions(trx: Trx, paymentId: string): Promise<PaymentTransaction[]> {
  const locked = await trx
    .selectFrom('transactions')
    .select(['tx_id'])
    .where('payment_id', '=', paymentId)
    .orderBy('business_id')
    .forUpdate()
    .execute();
  if (locked.length === 0) return [];
  return trx
    .selectFrom('transactions as t')
    .innerJoin('businesses as b', 'b.business_id', 't.business_id')
    .select(['t.tx_id', 't.business_id', 'b.business_name', 'b.business_tag', 't.amount_cents', 't.status'])
    .where('t.payment_id', '=', paymentId)
    .orderBy('t.business_id')
    .execute();
}

export interface PaymentItem {
  item_id: string;
  tx_id: string;
  business_id: string;
  service_type: PaidServiceType;
  months_purchased: number;
  discount_id: string | null;
}

export async function paymentItems(trx: Trx, paymentId: string): Promise<PaymentItem[]> {
  return trx
    .selectFrom('transaction_items as i')
    .innerJoin('transactions as t', 't.tx_id', 'i.tx_id')
    .select([
      'i.item_id',
      'i.tx_id',
      't.business_id',
      'i.service_type',
      'i.months_purchased',
      'i.discount_id',
    ])
    .where('t.payment_id', '=', paymentId)
    .execute();
}

export interface EventInput {
  paymentId: string | null;
  source: PaymentEventSource;
  outcome: PaymentEventOutcome;
  orderTrackingId: string | null;
  merchantReference: string | null;
  notificationType?: string | null;
  remoteIp?: string | null;
  status?: PesapalStatus | null;
  detail?: Record<string, unknown>;
}

/** PAY-144: one row per notification, poll or check, whatever it changed. */
export async function recordEvent(db: Db, input: EventInput): Promise<void> {
  const status = input.status ?? null;
  await db
    .insertInto('payment_events')
    .values({
      payment_id: input.paymentId,
      source: input.source,
      order_tracking_id: input.orderTrackingId?.slice(0, 64) ?? null,
      merchant_reference: input.merchantReference?.slice(0, 50) ?? null,
      notification_type: input.notificationType?.slice(0, 32) ?? null,
      remote_ip: input.remoteIp?.slice(0, 45) ?? null,
      status_code: status?.statusCode ?? null,
      status_description: status?.statusDescription ?? null,
      amount: status?.amount ?? null,
      currency: status?.currency ?? null,
      confirmation_code: status?.confirmationCode ?? null,
      payment_method: status?.paymentMethod ?? null,
      outcome: input.outcome,
      // INT-031: `raw` has had secrets removed by the client.
      detail: JSON.stringify({ ...(status ? { status: status.raw } : {}), ...input.detail }),
    })
    .execute();
}

/** Every status answer, whatever came of it, counts as a check (PAY-155's "last check", PAY-163). */
export async function markChecked(db: Db, paymentId: string, statusCode: number | null): Promise<void> {
  await db
    .updateTable('payments')
    .set((eb) => ({
      last_checked_at: sql<Date>`now()`,
      check_count: eb('check_count', '+', 1),
      ...(statusCode === null ? {} : { pesapal_status_code: statusCode }),
    }))
    .where('payment_id', '=', paymentId)
    .execute();
}

/** ADM-304: the payment and each of its transactions carry the flag staff resolve per transaction. */
export async function flagAttention(trx: Trx, paymentId: string, reason: string): Promise<void> {
  await trx
    .updateTable('payments')
    .set({ needs_attention: true, attention_reason: reason })
    .where('payment_id', '=', paymentId)
    .execute();
  await trx
    .updateTable('transactions')
    .set({ needs_attention: true, attention_reason: reason, resolved_at: null, resolved_by: null })
    .where('payment_id', '=', paymentId)
    .execute();
}
