import { sql, type Kysely } from 'kysely';

/**
 * Identity: consent, OTP codes, sessions, staff accounts, business roles and the notification outbox
 * (spec/auth-and-api.md §2, §4, §5, §8, §11; spec/admin.md §2 and §12; ERRATA 6, 7 and 26).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- INT-312: a permanently bouncing address gets no further non-security email until it changes.
    alter table users add column email_bouncing_at timestamptz;

    -- Consent evidence is append-only. The one change allowed is ACC-07's blanking of where it came from
    -- (ip_address, user_agent) when the person is deleted, so the kept rows are pseudonymous.
    create function refuse_evidence_change() returns trigger language plpgsql as $$
    declare
      before jsonb := to_jsonb(old);
      after jsonb := to_jsonb(new);
    begin
      if tg_op = 'UPDATE'
        and (after - 'ip_address' - 'user_agent') = (before - 'ip_address' - 'user_agent')
        and (after ->> 'ip_address' is null or after ->> 'ip_address' = before ->> 'ip_address')
        and (after ->> 'user_agent' is null or after ->> 'user_agent' = before ->> 'user_agent')
      then
        return new;
      end if;
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
    end $$;

    create table terms_versions (
      version_id uuid primary key default gen_random_uuid(),
      document_type text not null check (document_type in ('terms_of_service', 'privacy_policy')),
      version_number text not null check (version_number ~ '^[0-9]+(\\.[0-9]+){0,3}$'),
      url text not null check (url ~ '^/'),
      notes text,
      published_at timestamptz not null default now(),
      published_by uuid references users (user_id),
      unique (document_type, version_number)
    );
    create index terms_versions_current_idx on terms_versions (document_type, published_at desc);

    create table user_terms_consent (
      consent_id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (user_id),
      version_id uuid not null references terms_versions (version_id),
      consented_at timestamptz not null default now(),
      ip_address text check (char_length(ip_address) <= 45),
      user_agent text check (char_length(user_agent) <= 512),
      context text not null check (context in ('registration', 're_consent'))
    );
    create index user_terms_consent_user_idx on user_terms_consent (user_id, version_id);
    create trigger user_terms_consent_append_only before update or delete on user_terms_consent
      for each row execute function refuse_evidence_change();

    create table notification_preferences (
      pref_id uuid primary key default gen_random_uuid(),
      user_id uuid not null unique references users (user_id),
      marketing_sms_opt_in boolean not null default false,
      marketing_email_opt_in boolean not null default false,
      updated_at timestamptz not null default now()
    );
    create trigger notification_preferences_set_updated_at before update on notification_preferences
      for each row execute function set_updated_at();

    create table marketing_consent_events (
      event_id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (user_id),
      channel text not null check (channel in ('sms', 'email')),
      opted_in boolean not null,
      source text not null check (source in ('registration', 'profile', 'unsubscribe_link', 'staff', 'sms_reply', 'provider_complaint')),
      ip_address text check (char_length(ip_address) <= 45),
      created_at timestamptz not null default now()
    );
    create index marketing_consent_events_user_idx on marketing_consent_events (user_id, created_at);
    create trigger marketing_consent_events_append_only before update or delete on marketing_consent_events
      for each row execute function refuse_evidence_change();

    -- OTP-05: only a keyed hash of the code is kept; rows are technical data purged after a week.
    create table otp_codes (
      otp_id uuid primary key default gen_random_uuid(),
      phone text not null,
      user_id uuid references users (user_id),
      purpose text not null check (purpose in ('login', 'password_reset', 'phone_change')),
      code_hash text not null,
      expires_at timestamptz not null,
      attempts integer not null default 0 check (attempts >= 0),
      consumed_at timestamptz,
      superseded_at timestamptz,
      -- OTP-10: a failed send starts the cool-down but does not count toward the hourly/daily limits.
      delivery text not null default 'pending' check (delivery in ('pending', 'sent', 'failed')),
      ip_address text check (char_length(ip_address) <= 45),
      created_at timestamptz not null default now()
    );
    create index otp_codes_phone_created_idx on otp_codes (phone, created_at desc);
    create index otp_codes_ip_created_idx on otp_codes (ip_address, created_at desc);
    create index otp_codes_expires_idx on otp_codes (expires_at);

    -- express-session's store (connect-pg-simple's layout): the signed cookie names a row here.
    create table session (
      sid varchar not null primary key,
      sess json not null,
      expire timestamp(6) not null
    );
    create index session_expire_idx on session (expire);

    -- ERRATA 6: SES-10's fields beside the store, indexed by user for log-out-everywhere and the cap.
    -- This row is the authority: a revoked or expired row refuses the session whatever the store holds.
    create table user_sessions (
      session_id text primary key,
      user_id uuid not null references users (user_id),
      scope text not null check (scope in ('user', 'admin')),
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      issued_at timestamptz not null default now(),
      expires_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_reason text,
      ip_address text check (char_length(ip_address) <= 45),
      user_agent text check (char_length(user_agent) <= 512),
      check (expires_at <= absolute_expires_at)
    );
    create index user_sessions_user_live_idx on user_sessions (user_id, last_seen_at) where revoked_at is null;
    create index user_sessions_expires_idx on user_sessions (absolute_expires_at);

    -- ADM-020 with ERRATA 7: staff credentials live here, never on the public account.
    create table admin_users (
      admin_user_id uuid primary key default gen_random_uuid(),
      user_id uuid not null unique references users (user_id),
      login_email text not null check (char_length(login_email) <= 254 and login_email = lower(login_email)),
      password_hash text,
      role text not null check (role in ('super_admin', 'admin', 'support_staff')),
      is_active boolean not null default true,
      password_set_at timestamptz,
      last_login_at timestamptz,
      failed_login_count integer not null default 0 check (failed_login_count >= 0),
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      created_by uuid references users (user_id),
      deactivated_at timestamptz,
      deactivated_by uuid references users (user_id),
      updated_at timestamptz not null default now()
    );
    create unique index admin_users_login_email_key on admin_users (lower(login_email));
    create trigger admin_users_set_updated_at before update on admin_users
      for each row execute function set_updated_at();

    -- ERRATA 7 (ADM-024, ADM-037): single-use links for staff passwords; only a hash of the token is kept.
    create table staff_password_tokens (
      token_id uuid primary key default gen_random_uuid(),
      admin_user_id uuid not null references admin_users (admin_user_id),
      purpose text not null check (purpose in ('reset', 'invite')),
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now(),
      created_by uuid references users (user_id)
    );
    create index staff_password_tokens_admin_idx on staff_password_tokens (admin_user_id, created_at desc);

    -- ROLE-01. The businesses table arrives with the directory; its foreign key is added then.
    create table user_business_roles (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (user_id),
      business_id uuid not null,
      role text not null check (role in ('owner', 'admin', 'employee')),
      is_deleted boolean not null default false,
      created_at timestamptz not null default now(),
      created_by uuid references users (user_id),
      removed_at timestamptz,
      removed_by uuid references users (user_id),
      check (is_deleted = (removed_at is not null))
    );
    -- ROLE-02: one active role per user and business.
    create unique index user_business_roles_active_key on user_business_roles (user_id, business_id)
      where not is_deleted;
    create index user_business_roles_business_idx on user_business_roles (business_id) where not is_deleted;

    create table notification_templates (
      template_id uuid primary key default gen_random_uuid(),
      template_key text not null check (template_key ~ '^[a-z][a-z0-9_]*$'),
      channel text not null check (channel in ('sms', 'email', 'in_app')),
      language text not null check (language in ('en', 'sw', 'kam', 'ki')),
      subject text,
      body text not null,
      variables text[] not null default '{}',
      updated_at timestamptz not null default now(),
      updated_by uuid references users (user_id),
      unique (template_key, channel, language)
    );

    -- ADM-530 and ERRATA 26: the log is also the outbox. A row is written 'queued' in the same
    -- transaction as the event that causes it, and the delivery job moves it on.
    create table notification_log (
      notification_id uuid primary key default gen_random_uuid(),
      user_id uuid references users (user_id),
      broadcast_id uuid,
      template_key text not null,
      category text not null check (category in ('security', 'account', 'transactional', 'service', 'marketing', 'staff')),
      channel text not null check (channel in ('sms', 'email')),
      language text not null,
      recipient text,
      subject text,
      body text,
      html_body text,
      status text not null default 'queued'
        check (status in ('queued', 'sending', 'sent', 'delivered', 'failed', 'skipped')),
      skip_reason text,
      provider text,
      provider_message_id text,
      error text,
      segments integer,
      cost_cents bigint,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      lease_expires_at timestamptz,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      delivered_at timestamptz
    );
    create index notification_log_due_idx on notification_log (next_attempt_at)
      where status in ('queued', 'sending');
    create index notification_log_user_idx on notification_log (user_id, created_at desc);
    create index notification_log_created_idx on notification_log (created_at desc);
    create unique index notification_log_provider_message_key on notification_log (provider, provider_message_id)
      where provider_message_id is not null;

    create table in_app_notifications (
      notification_id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (user_id),
      type text not null,
      title text not null,
      body text not null,
      link text,
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index in_app_notifications_user_idx on in_app_notifications (user_id, created_at desc);
    create index in_app_notifications_unread_idx on in_app_notifications (user_id) where read_at is null;

    -- INT-311/INT-312: webhook tokens seen recently (replay) and events handled (idempotency).
    create table webhook_tokens_seen (
      provider text not null,
      token text not null,
      seen_at timestamptz not null default now(),
      primary key (provider, token)
    );
    create table provider_events (
      provider text not null,
      event_id text not null,
      received_at timestamptz not null default now(),
      primary key (provider, event_id)
    );
  `.execute(db);
}
