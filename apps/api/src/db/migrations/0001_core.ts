import { sql, type Kysely } from 'kysely';

/**
 * Core tables for identity and directory reference data (spec/auth-and-api.md §2 and §12,
 * spec/admin.md §7, §10 and §11). Landed migrations are never edited: add a new file instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function set_updated_at() returns trigger language plpgsql as $$
    begin
      new.updated_at := now();
      return new;
    end $$;

    create table users (
      user_id uuid primary key default gen_random_uuid(),
      full_name text not null check (char_length(full_name) between 2 and 100),
      nickname text check (char_length(nickname) between 1 and 50),
      phone text check (phone ~ '^\\+[1-9][0-9]{7,14}$'),
      phone_verified_at timestamptz,
      email text check (char_length(email) <= 254 and email = lower(email)),
      email_verified_at timestamptz,
      password_hash text,
      password_changed_at timestamptz,
      verification_tier text not null default 'unverified'
        check (verification_tier in ('unverified', 'basic', 'verified', 'premium')),
      language_preference text not null default 'en'
        check (language_preference in ('en', 'sw', 'kam', 'ki')),
      profile_photo_url text,
      physical_address text check (char_length(physical_address) <= 200),
      status text not null default 'active'
        check (status in ('active', 'deactivated', 'suspended', 'deleted')),
      status_changed_at timestamptz not null default now(),
      status_reason text,
      failed_otp_streak integer not null default 0 check (failed_otp_streak >= 0),
      failed_password_streak integer not null default 0 check (failed_password_streak >= 0),
      locked_until timestamptz,
      last_login_at timestamptz,
      last_active_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      -- USR-02: status is the only deletion flag; deleted_at and a null phone go with it (ACC-07).
      constraint users_deleted_at_matches_status check ((status = 'deleted') = (deleted_at is not null)),
      constraint users_phone_required_unless_deleted check (phone is not null or status = 'deleted')
    );
    create unique index users_phone_key on users (phone) where phone is not null;
    create unique index users_email_key on users (lower(email)) where email is not null;
    create index users_status_idx on users (status);
    create index users_verification_tier_idx on users (verification_tier);
    create index users_created_at_idx on users (created_at);
    create trigger users_set_updated_at before update on users
      for each row execute function set_updated_at();

    create table system_config (
      key text primary key check (key ~ '^[a-z][a-z0-9_]*([.][a-z][a-z0-9_]*)?$'),
      value text not null default '',
      description text not null,
      must_set_before_launch boolean not null default false,
      is_public boolean not null default false,
      updated_at timestamptz not null default now(),
      updated_by uuid references users (user_id)
    );

    create table categories (
      category_id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 64),
      names jsonb not null check (jsonb_typeof(names) = 'object' and names ? 'en'),
      keywords jsonb not null default '{}' check (jsonb_typeof(keywords) = 'object'),
      icon text,
      sort_order integer not null default 0,
      is_active boolean not null default true,
      created_at timestamptz not null default now(),
      created_by uuid references users (user_id),
      updated_at timestamptz not null default now(),
      updated_by uuid references users (user_id)
    );
    create index categories_active_order_idx on categories (is_active, sort_order);
    create trigger categories_set_updated_at before update on categories
      for each row execute function set_updated_at();

    create table regions (
      region_id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 63),
      names jsonb not null check (jsonb_typeof(names) = 'object' and names ? 'en'),
      coverage_note text,
      sort_order integer not null default 0,
      is_active boolean not null default true,
      created_at timestamptz not null default now(),
      created_by uuid references users (user_id),
      updated_at timestamptz not null default now(),
      updated_by uuid references users (user_id)
    );
    create index regions_active_order_idx on regions (is_active, sort_order);
    create trigger regions_set_updated_at before update on regions
      for each row execute function set_updated_at();
    -- ADM-254: a region slug names subdomains and URLs, so it never changes once created.
    create function regions_slug_immutable() returns trigger language plpgsql as $$
    begin
      if new.slug <> old.slug then
        raise exception 'region slug is immutable' using errcode = 'check_violation';
      end if;
      return new;
    end $$;
    create trigger regions_slug_immutable before update of slug on regions
      for each row execute function regions_slug_immutable();

    create table auth_logs (
      log_id uuid primary key default gen_random_uuid(),
      "timestamp" timestamptz not null default now(),
      channel text not null default 'public' check (channel in ('public', 'admin')),
      event_type text not null check (event_type in (
        'account_created', 'otp_requested', 'otp_verified', 'otp_failed', 'login_success', 'login_failed',
        'logout', 'logout_all', 'password_set', 'password_changed', 'password_reset', 'phone_changed',
        'email_changed', 'account_state_changed', 'account_locked', 'account_unlocked', 'consent_recorded')),
      user_id uuid references users (user_id),
      phone text,
      email text,
      ip_address text check (char_length(ip_address) <= 45),
      user_agent text check (char_length(user_agent) <= 512),
      metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object')
    );
    create index auth_logs_user_id_idx on auth_logs (user_id);
    create index auth_logs_phone_idx on auth_logs (phone);
    create index auth_logs_email_idx on auth_logs (email);
    create index auth_logs_event_type_idx on auth_logs (event_type);
    create index auth_logs_ip_address_idx on auth_logs (ip_address);
    create index auth_logs_timestamp_idx on auth_logs ("timestamp");

    create table audit_logs (
      log_id uuid primary key default gen_random_uuid(),
      "timestamp" timestamptz not null default now(),
      actor_id uuid references users (user_id),
      actor_type text not null check (actor_type in ('admin', 'system')),
      actor_role text,
      action text not null check (action ~ '^[a-z][a-z_]*$'),
      entity_type text not null,
      entity_id text,
      entity_label text,
      old_value jsonb,
      new_value jsonb,
      reason text,
      ip_address text check (char_length(ip_address) <= 45),
      request_id text,
      constraint audit_logs_actor_matches_type check ((actor_type = 'system') = (actor_id is null))
    );
    create index audit_logs_actor_id_idx on audit_logs (actor_id);
    create index audit_logs_action_idx on audit_logs (action);
    create index audit_logs_entity_idx on audit_logs (entity_type, entity_id);
    create index audit_logs_timestamp_idx on audit_logs ("timestamp");

    -- ADM-430: the logs are append-only, enforced here so that no code path (or person with psql) can
    -- rewrite history. TRUNCATE is refused too.
    create function refuse_log_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_logs_append_only before update or delete on audit_logs
      for each row execute function refuse_log_change();
    create trigger audit_logs_no_truncate before truncate on audit_logs
      for each statement execute function refuse_log_change();

    -- ERRATA 20: the only change an auth-log row may ever see is the blanking of its personal data
    -- (phone, email, ip_address, user_agent set to NULL), done through blank_auth_log_pii().
    create function auth_logs_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
        and new.log_id = old.log_id
        and new."timestamp" = old."timestamp"
        and new.channel = old.channel
        and new.event_type = old.event_type
        and new.user_id is not distinct from old.user_id
        and new.metadata = old.metadata
        and (new.phone is null or new.phone = old.phone)
        and (new.email is null or new.email = old.email)
        and (new.ip_address is null or new.ip_address = old.ip_address)
        and (new.user_agent is null or new.user_agent = old.user_agent)
      then
        return new;
      end if;
      raise exception 'auth_logs is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$;
    create trigger auth_logs_append_only before update or delete on auth_logs
      for each row execute function auth_logs_guard();
    create trigger auth_logs_no_truncate before truncate on auth_logs
      for each statement execute function refuse_log_change();

    -- ALOG-06 (rows older than a cut-off) and ACC-07 (one deleted user's rows) share this function.
    create function blank_auth_log_pii(p_before timestamptz default null, p_user_id uuid default null)
    returns integer language plpgsql as $$
    declare
      blanked integer;
    begin
      if p_before is null and p_user_id is null then
        raise exception 'blank_auth_log_pii needs a cut-off time or a user id' using errcode = 'invalid_parameter_value';
      end if;
      update auth_logs
         set phone = null, email = null, ip_address = null, user_agent = null
       where (p_before is null or "timestamp" < p_before)
         and (p_user_id is null or user_id = p_user_id)
         and (phone is not null or email is not null or ip_address is not null or user_agent is not null);
      get diagnostics blanked = row_count;
      return blanked;
    end $$;

    -- RL-04: counters shared by every app process. UNLOGGED: a crash may lose a minute of counts, never data.
    create unlogged table rate_limit_counters (
      key text primary key,
      hits integer not null,
      reset_at timestamptz not null
    );
    create index rate_limit_counters_reset_at_idx on rate_limit_counters (reset_at);
  `.execute(db);
}
