import { sql, type Kysely } from 'kysely';

/**
 * Payments (payments.md): fees, discounts, payments with their PesaPal state, one transaction per
 * business per payment, line items, the append-only payment event log, gap-free receipts, refunds and
 * the bookkeeping the daily subscription jobs need. Money is bigint cents in columns suffixed `_cents`
 * (ERRATA 5). Landed migrations are never edited: add a new file instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- PAY-022: exactly one active row per service type; a price change deactivates and inserts.
    create table fees (
      fee_id uuid primary key default gen_random_uuid(),
      service_type text not null check (service_type in
        ('website_hosting', 'image_gallery', 'search_promotion', 'premium_listing', 'ads')),
      description text not null,
      -- Whole shillings, VAT-exclusive (PAY-022), held in cents like every amount.
      price_per_month_cents bigint not null check (price_per_month_cents > 0 and price_per_month_cents % 100 = 0),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      created_by uuid references users (user_id)
    );
    create unique index fees_one_active_per_service on fees (service_type) where active;
    create trigger fees_set_updated_at before update on fees for each row execute function set_updated_at();

    -- PAY-023 launch prices; premium_listing is seeded inactive (not for sale, ADM-462).
    insert into fees (service_type, description, price_per_month_cents, active) values
      ('website_hosting', 'Website hosting', 20000, true),
      ('ads', 'Ads', 20000, true),
      ('search_promotion', 'Search promotion', 15000, true),
      ('image_gallery', 'Image gallery', 10000, true),
      ('premium_listing', 'Premium listing', 50000, false);

    -- PAY-080..087.
    create table discounts (
      discount_id uuid primary key default gen_random_uuid(),
      business_id uuid not null references businesses (business_id),
      discount_type text not null check (char_length(discount_type) between 1 and 100),
      discount_percentage integer not null check (discount_percentage between 1 and 90),
      criteria text not null check (char_length(criteria) between 1 and 1000),
      evidence_note text check (char_length(evidence_note) <= 2000),
      granted_by uuid not null references users (user_id),
      granted_at timestamptz not null default now(),
      last_reviewed_at timestamptz,
      reviewed_by uuid references users (user_id),
      -- The first EAT date on which the discount no longer applies.
      expires_at date not null,
      status text not null default 'active' check (status in ('active', 'expired', 'revoked')),
      revoked_at timestamptz,
      revoked_by uuid references users (user_id),
      revoke_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status = 'revoked') = (revoked_at is not null))
    );
    create index discounts_business_status_idx on discounts (business_id, status);
    create index discounts_status_expiry_idx on discounts (status, expires_at);
    create trigger discounts_set_updated_at before update on discounts for each row execute function set_updated_at();

    -- PAY-140: payment_id doubles as PesaPal's merchant reference.
    create table payments (
      payment_id uuid primary key default gen_random_uuid(),
      payer_user_id uuid not null references users (user_id),
      amount_cents bigint not null check (amount_cents > 0 and amount_cents % 100 = 0),
      currency text not null default 'KES' check (currency = 'KES'),
      status text not null default 'pending' check (status in
        ('pending', 'completed', 'failed', 'cancelled', 'reversed')),
      failure_reason text check (failure_reason in
        ('gateway_unavailable', 'declined', 'timeout', 'cancelled', 'reversed')),
      pesapal_order_tracking_id text unique,
      pesapal_ipn_id text,
      redirect_url text,
      pesapal_status_code integer,
      pesapal_payment_method text,
      pesapal_confirmation_code text,
      pesapal_payment_account text,
      idempotency_key uuid not null,
      -- The cart as initiated, so a repeated Idempotency-Key with a different body is refused, not replayed.
      request_hash text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      completed_at timestamptz,
      next_check_at timestamptz,
      check_count integer not null default 0,
      last_checked_at timestamptz,
      -- PAY-152: crediting attempts that failed inside the database; the third flags the payment.
      credit_failures integer not null default 0,
      needs_attention boolean not null default false,
      attention_reason text,
      updated_at timestamptz not null default now(),
      unique (payer_user_id, idempotency_key),
      check ((status = 'completed') <= (completed_at is not null))
    );
    create index payments_status_next_check_idx on payments (status, next_check_at);
    create index payments_payer_idx on payments (payer_user_id, created_at desc);
    create index payments_attention_idx on payments (needs_attention) where needs_attention;
    create trigger payments_set_updated_at before update on payments for each row execute function set_updated_at();

    -- PAY-141: one per business per payment, and one per completed refund.
    create table transactions (
      tx_id uuid primary key default gen_random_uuid(),
      payment_id uuid references payments (payment_id),
      business_id uuid not null references businesses (business_id),
      transaction_type text not null check (transaction_type in ('purchase', 'refund')),
      amount_cents bigint not null check (amount_cents >= 0),
      vat_cents bigint not null check (vat_cents >= 0),
      net_cents bigint not null check (net_cents >= 0),
      vat_rate numeric(6, 4) not null check (vat_rate >= 0 and vat_rate < 1),
      payment_method text not null check (payment_method in ('pesapal', 'cash')),
      reference_number text,
      buyer_kra_pin text check (buyer_kra_pin ~ '^[AP][0-9]{9}[A-Z]$'),
      status text not null check (status in ('pending', 'completed', 'failed', 'reversed', 'refunded')),
      failure_reason text,
      refunded_amount_cents bigint not null default 0 check (refunded_amount_cents >= 0),
      receipt_id uuid,
      needs_attention boolean not null default false,
      attention_reason text,
      resolved_at timestamptz,
      resolved_by uuid references users (user_id),
      resolution_note text,
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      notes text,
      check (amount_cents = vat_cents + net_cents),
      check (refunded_amount_cents <= amount_cents),
      check ((transaction_type = 'purchase') = (payment_id is not null))
    );
    create index transactions_business_created_idx on transactions (business_id, created_at);
    create index transactions_status_idx on transactions (status);
    create index transactions_payment_idx on transactions (payment_id);
    create index transactions_attention_idx on transactions (needs_attention) where needs_attention;

    -- PAY-142.
    create table transaction_items (
      item_id uuid primary key default gen_random_uuid(),
      tx_id uuid not null references transactions (tx_id),
      service_type text not null check (service_type in
        ('website_hosting', 'image_gallery', 'search_promotion', 'premium_listing', 'ads')),
      months_purchased integer not null check (months_purchased between 1 and 12),
      unit_price_cents bigint not null check (unit_price_cents > 0),
      discount_id uuid references discounts (discount_id),
      discount_percentage integer check (discount_percentage between 1 and 90),
      discount_cents bigint not null default 0 check (discount_cents >= 0),
      subtotal_cents bigint not null check (subtotal_cents >= 0),
      vat_cents bigint not null check (vat_cents >= 0),
      total_cents bigint not null check (total_cents > 0 and total_cents % 100 = 0),
      months_refunded integer not null default 0 check (months_refunded >= 0),
      gross_refunded_cents bigint not null default 0 check (gross_refunded_cents >= 0),
      vat_refunded_cents bigint not null default 0 check (vat_refunded_cents >= 0),
      period_start date,
      period_end date,
      created_at timestamptz not null default now(),
      check (months_refunded <= months_purchased),
      check (gross_refunded_cents <= total_cents),
      check (vat_refunded_cents <= vat_cents),
      check (total_cents = subtotal_cents + vat_cents),
      check ((discount_id is null) = (discount_percentage is null)),
      unique (tx_id, service_type)
    );
    create index transaction_items_tx_idx on transaction_items (tx_id);

    -- PAY-144: append-only; secrets never stored in detail.
    create table payment_events (
      event_id uuid primary key default gen_random_uuid(),
      payment_id uuid references payments (payment_id),
      source text not null check (source in
        ('ipn_get', 'ipn_post', 'callback', 'status_poll', 'owner_status_check', 'staff')),
      order_tracking_id text,
      merchant_reference text,
      notification_type text,
      received_at timestamptz not null default now(),
      remote_ip text check (char_length(remote_ip) <= 45),
      status_code integer,
      status_description text,
      amount numeric(14, 2),
      currency text,
      confirmation_code text,
      payment_method text,
      outcome text not null check (outcome in
        ('credited', 'duplicate', 'still_pending', 'failed', 'amount_mismatch', 'currency_mismatch',
         'reference_mismatch', 'unknown_order', 'late_completion', 'reversed', 'gateway_error')),
      detail jsonb not null default '{}'
    );
    create index payment_events_payment_received_idx on payment_events (payment_id, received_at);
    create index payment_events_received_idx on payment_events (received_at);
    create trigger payment_events_append_only before update or delete on payment_events
      for each row execute function refuse_log_change();
    create trigger payment_events_no_truncate before truncate on payment_events
      for each statement execute function refuse_log_change();

    -- PAY-220..228: receipts are data; PDFs are drawn on demand.
    create table receipts (
      receipt_id uuid primary key default gen_random_uuid(),
      receipt_number text not null unique check (receipt_number ~ '^[A-Z]{2,10}-[0-9]{4}-[0-9]{5,}$'),
      receipt_type text not null check (receipt_type in ('purchase', 'refund')),
      tx_id uuid not null unique references transactions (tx_id),
      business_id uuid not null references businesses (business_id),
      amount_cents bigint not null check (amount_cents >= 0),
      vat_cents bigint not null check (vat_cents >= 0),
      net_cents bigint not null check (net_cents >= 0),
      issued_at timestamptz not null default now(),
      issued_by uuid references users (user_id),
      seller_snapshot jsonb not null,
      buyer_snapshot jsonb not null,
      related_receipt_numbers text[] not null default '{}',
      kra_cu_serial_number text,
      kra_cu_invoice_number text,
      kra_verification_url text,
      kra_signed_at timestamptz
    );
    create index receipts_business_issued_idx on receipts (business_id, issued_at desc);
    -- PAY-222: a receipt is never deleted or renumbered.
    create function receipts_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' or new.receipt_number <> old.receipt_number or new.tx_id <> old.tx_id
         or new.amount_cents <> old.amount_cents or new.vat_cents <> old.vat_cents
         or new.net_cents <> old.net_cents or new.issued_at <> old.issued_at then
        raise exception 'receipts are final: % refused', tg_op using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$;
    create trigger receipts_final before update or delete on receipts
      for each row execute function receipts_guard();
    alter table transactions add constraint transactions_receipt_fk
      foreign key (receipt_id) references receipts (receipt_id);

    -- PAY-222: one counter row per EAT year, locked and incremented in the crediting transaction.
    create table receipt_counters (
      year integer primary key check (year between 2000 and 9999),
      last_number integer not null default 0 check (last_number >= 0)
    );

    -- PAY-251/252, ADM-310..316.
    create sequence refund_request_number_seq;
    create table refund_requests (
      request_id uuid primary key default gen_random_uuid(),
      request_number text not null unique,
      business_id uuid not null references businesses (business_id),
      requested_by uuid not null references users (user_id),
      created_by uuid not null references users (user_id),
      idempotency_key uuid not null,
      refund_amount_cents bigint not null check (refund_amount_cents > 0),
      vat_reversed_cents bigint not null check (vat_reversed_cents >= 0),
      processing_fee_cents bigint not null check (processing_fee_cents >= 0),
      processing_fee_vat_cents bigint not null check (processing_fee_vat_cents >= 0),
      net_refund_cents bigint not null check (net_refund_cents >= 0 and net_refund_cents % 100 = 0),
      status text not null default 'pending' check (status in ('pending', 'approved', 'completed', 'rejected')),
      tx_id uuid references transactions (tx_id),
      requested_at timestamptz not null default now(),
      approved_by uuid references users (user_id),
      approved_at timestamptz,
      self_approved boolean not null default false,
      processed_by uuid references users (user_id),
      processed_at timestamptz,
      cash_paid_cents bigint,
      paid_at timestamptz,
      rejected_by uuid references users (user_id),
      rejected_at timestamptz,
      reject_reason text,
      notes text,
      updated_at timestamptz not null default now(),
      unique (created_by, idempotency_key),
      check (net_refund_cents = refund_amount_cents - processing_fee_cents),
      check ((status = 'completed') = (tx_id is not null)),
      check (status <> 'completed' or cash_paid_cents = net_refund_cents)
    );
    create index refund_requests_status_idx on refund_requests (status, requested_at desc);
    create index refund_requests_business_idx on refund_requests (business_id, requested_at desc);
    create trigger refund_requests_set_updated_at before update on refund_requests
      for each row execute function set_updated_at();

    create table refund_items (
      item_id uuid primary key default gen_random_uuid(),
      request_id uuid not null references refund_requests (request_id),
      service_type text not null check (service_type in
        ('website_hosting', 'image_gallery', 'search_promotion', 'premium_listing', 'ads')),
      source_item_id uuid not null references transaction_items (item_id),
      months_to_refund integer not null check (months_to_refund between 1 and 24),
      amount_per_month_cents bigint not null check (amount_per_month_cents >= 0),
      subtotal_cents bigint not null check (subtotal_cents >= 0),
      vat_cents bigint not null check (vat_cents >= 0),
      net_cents bigint not null check (net_cents >= 0),
      created_at timestamptz not null default now(),
      check (subtotal_cents = vat_cents + net_cents)
    );
    create index refund_items_request_idx on refund_items (request_id);

    -- PAY-187 / ADM-514: a reminder is sent once per (subscription, kind, expiry date); a renewal moves the
    -- expiry and so makes the next reminder a different key.
    create table subscription_reminders (
      subscription_id uuid not null references service_subscriptions (subscription_id),
      reminder_kind text not null check (reminder_kind in
        ('expiring_7', 'expiring_3', 'expiring_1', 'expired', 'discount_expiring_7')),
      expiration_date date not null,
      sent_at timestamptz not null default now(),
      primary key (subscription_id, reminder_kind, expiration_date)
    );
    create table discount_reminders (
      discount_id uuid not null references discounts (discount_id),
      expires_at date not null,
      sent_at timestamptz not null default now(),
      primary key (discount_id, expires_at)
    );

    -- PAY-103 / UI-SUB-02..05: a name held for a pending payment belongs to that payment.
    alter table subdomains add column held_for_payment_id uuid references payments (payment_id);
    create index subdomains_held_for_payment_idx on subdomains (held_for_payment_id)
      where held_for_payment_id is not null;

    alter table service_subscriptions
      add constraint service_subscriptions_discount_fk foreign key (discount_id) references discounts (discount_id),
      add constraint service_subscriptions_last_tx_fk foreign key (last_transaction_id) references transactions (tx_id);

    -- PAY-300: the payment confirmation email carries the receipts; the outbox names them and the
    -- delivery worker draws the PDFs when it sends.
    alter table notification_log add column attachments jsonb;
  `.execute(db);
}
