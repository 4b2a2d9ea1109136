import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the payments tables (migration 0004_payments). Amounts are integer cents. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;
type DefaultJson<T> = ColumnType<T, T | string | undefined, T | string>;
/** A calendar date column (YYYY-MM-DD text both ways; the pool parses `date` as text). */
type CalendarDate = ColumnType<string, string, string>;
/** numeric columns arrive as exact decimal strings (never binary floating point). */
type Decimal = ColumnType<string, string | number, string | number>;

export type PaidServiceType =
  'website_hosting' | 'image_gallery' | 'search_promotion' | 'premium_listing' | 'ads';
export type PaymentStatus = 'pending' | 'completed' | 'failed' | 'cancelled' | 'reversed';
export type PaymentFailureReason = 'gateway_unavailable' | 'declined' | 'timeout' | 'cancelled' | 'reversed';
export type TransactionStatus = 'pending' | 'completed' | 'failed' | 'reversed' | 'refunded';
export type PaymentEventSource =
  'ipn_get' | 'ipn_post' | 'callback' | 'status_poll' | 'owner_status_check' | 'staff';
export type PaymentEventOutcome =
  | 'credited'
  | 'duplicate'
  | 'still_pending'
  | 'failed'
  | 'amount_mismatch'
  | 'currency_mismatch'
  | 'reference_mismatch'
  | 'unknown_order'
  | 'late_completion'
  | 'reversed'
  | 'gateway_error';
export type RefundStatus = 'pending' | 'approved' | 'completed' | 'rejected';

export interface FeesTable {
  fee_id: Generated<string>;
  service_type: PaidServiceType;
  description: string;
  price_per_month_cents: number;
  active: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  created_by: string | null;
}

export interface DiscountsTable {
  discount_id: Generated<string>;
  business_id: string;
  discount_type: string;
  discount_percentage: number;
  criteria: string;
  evidence_note: string | null;
  granted_by: string;
  granted_at: DefaultTimestamp;
  last_reviewed_at: Date | null;
  reviewed_by: string | null;
  expires_at: CalendarDate;
  status: Generated<'active' | 'expired' | 'revoked'>;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface PaymentsTable {
  payment_id: Generated<string>;
  payer_user_id: string;
  amount_cents: number;
  currency: Generated<'KES'>;
  status: Generated<PaymentStatus>;
  failure_reason: PaymentFailureReason | null;
  pesapal_order_tracking_id: string | null;
  pesapal_ipn_id: string | null;
  redirect_url: string | null;
  pesapal_status_code: number | null;
  pesapal_payment_method: string | null;
  pesapal_confirmation_code: string | null;
  pesapal_payment_account: string | null;
  idempotency_key: string;
  request_hash: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  completed_at: Date | null;
  next_check_at: Date | null;
  check_count: Generated<number>;
  last_checked_at: Date | null;
  credit_failures: Generated<number>;
  needs_attention: Generated<boolean>;
  attention_reason: string | null;
  updated_at: DefaultTimestamp;
}

export interface TransactionsTable {
  tx_id: Generated<string>;
  payment_id: string | null;
  business_id: string;
  transaction_type: 'purchase' | 'refund';
  amount_cents: number;
  vat_cents: number;
  net_cents: number;
  vat_rate: Decimal;
  payment_method: 'pesapal' | 'cash';
  reference_number: string | null;
  buyer_kra_pin: string | null;
  status: TransactionStatus;
  failure_reason: string | null;
  refunded_amount_cents: Generated<number>;
  receipt_id: string | null;
  needs_attention: Generated<boolean>;
  attention_reason: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_note: string | null;
  created_at: DefaultTimestamp;
  completed_at: Date | null;
  notes: string | null;
}

export interface TransactionItemsTable {
  item_id: Generated<string>;
  tx_id: string;
  service_type: PaidServiceType;
  months_purchased: number;
  unit_price_cents: number;
  discount_id: string | null;
  discount_percentage: number | null;
  discount_cents: Generated<number>;
  subtotal_cents: number;
  vat_cents: number;
  total_cents: number;
  months_refunded: Generated<number>;
  gross_refunded_cents: Generated<number>;
  vat_refunded_cents: Generated<number>;
  period_start: CalendarDate | null;
  period_end: CalendarDate | null;
  created_at: DefaultTimestamp;
}

export interface PaymentEventsTable {
  event_id: Generated<string>;
  payment_id: string | null;
  source: PaymentEventSource;
  order_tracking_id: string | null;
  merchant_reference: string | null;
  notification_type: string | null;
  received_at: DefaultTimestamp;
  remote_ip: string | null;
  status_code: number | null;
  status_description: string | null;
  amount: Decimal | null;
  currency: string | null;
  confirmation_code: string | null;
  payment_method: string | null;
  outcome: PaymentEventOutcome;
  detail: DefaultJson<Record<string, unknown>>;
}

export interface SellerSnapshot {
  legal_name: string;
  kra_pin: string;
  vat_number: string;
  address: string;
  registration_number: string;
  support_phone?: string;
}

export interface BuyerSnapshot {
  business_name: string;
  business_tag: string;
  payer_name: string | null;
  payer_phone_masked: string | null;
  buyer_kra_pin: string | null;
}

export interface ReceiptsTable {
  receipt_id: Generated<string>;
  receipt_number: string;
  receipt_type: 'purchase' | 'refund';
  tx_id: string;
  business_id: string;
  amount_cents: number;
  vat_cents: number;
  net_cents: number;
  issued_at: DefaultTimestamp;
  issued_by: string | null;
  seller_snapshot: Json<SellerSnapshot>;
  buyer_snapshot: Json<BuyerSnapshot>;
  related_receipt_numbers: ColumnType<string[], string[] | undefined, string[]>;
  kra_cu_serial_number: string | null;
  kra_cu_invoice_number: string | null;
  kra_verification_url: string | null;
  kra_signed_at: Date | null;
}

export interface ReceiptCountersTable {
  year: number;
  last_number: Generated<number>;
}

export interface RefundRequestsTable {
  request_id: Generated<string>;
  request_number: string;
  business_id: string;
  requested_by: string;
  created_by: string;
  idempotency_key: string;
  refund_amount_cents: number;
  vat_reversed_cents: number;
  processing_fee_cents: number;
  processing_fee_vat_cents: number;
  net_refund_cents: number;
  status: Generated<RefundStatus>;
  tx_id: string | null;
  requested_at: DefaultTimestamp;
  approved_by: string | null;
  approved_at: Date | null;
  self_approved: Generated<boolean>;
  processed_by: string | null;
  processed_at: Date | null;
  cash_paid_cents: number | null;
  paid_at: Date | null;
  rejected_by: string | null;
  rejected_at: Date | null;
  reject_reason: string | null;
  notes: string | null;
  updated_at: DefaultTimestamp;
}

export interface RefundItemsTable {
  item_id: Generated<string>;
  request_id: string;
  service_type: PaidServiceType;
  source_item_id: string;
  months_to_refund: number;
  amount_per_month_cents: number;
  subtotal_cents: number;
  vat_cents: number;
  net_cents: number;
  created_at: DefaultTimestamp;
  /** 0005: the dates this line's months covered, removed from the subscription at completion (PAY-262). */
  period_start: ColumnType<string | null, string | null | undefined, string | null>;
  period_end: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SubscriptionRemindersTable {
  subscription_id: string;
  reminder_kind: 'expiring_7' | 'expiring_3' | 'expiring_1' | 'expired' | 'discount_expiring_7';
  expiration_date: CalendarDate;
  sent_at: DefaultTimestamp;
}

export interface DiscountRemindersTable {
  discount_id: string;
  expires_at: CalendarDate;
  sent_at: DefaultTimestamp;
}

export interface PaymentsDatabase {
  fees: FeesTable;
  discounts: DiscountsTable;
  payments: PaymentsTable;
  transactions: TransactionsTable;
  transaction_items: TransactionItemsTable;
  payment_events: PaymentEventsTable;
  receipts: ReceiptsTable;
  receipt_counters: ReceiptCountersTable;
  refund_requests: RefundRequestsTable;
  refund_items: RefundItemsTable;
  subscription_reminders: SubscriptionRemindersTable;
  discount_reminders: DiscountRemindersTable;
}
