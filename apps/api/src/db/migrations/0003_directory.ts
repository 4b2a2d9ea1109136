import { sql, type Kysely } from 'kysely';

/**
 * The directory: businesses and their content history, approval reviews, the category and region links
 * (ERRATA 12), service subscriptions (payments.md PAY-180; the Payments module adds the money tables
 * around them), subdomains with their DNS outbox (ERRATA 1 and 26) and daily click counts (UI-TRK-04).
 * Landed migrations are never edited: add a new file instead.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists unaccent;
    create extension if not exists pg_trgm;

    -- unaccent() is only STABLE (it looks its dictionary up through search_path), so an index cannot use
    -- it. Naming the dictionary makes the result depend on the argument alone: "Gĩkũyũ" folds to "gikuyu".
    create function tafuta_fold(value text) returns text
      language sql immutable parallel safe strict
      as $$ select lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;

    -- Calendar days (expiry, digests, click counts) are Nairobi days.
    create function nairobi_today() returns date
      language sql stable parallel safe
      as $$ select (now() at time zone 'Africa/Nairobi')::date $$;

    create table businesses (
      business_id uuid primary key default gen_random_uuid(),
      business_tag text not null check (business_tag ~ '^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$'),
      business_name text not null check (char_length(business_name) between 2 and 80),
      -- UI-CJ-05: the primary category and region, kept in step with content_json on every save.
      category text not null,
      region text not null,
      category_slugs text[] not null check (cardinality(category_slugs) between 1 and 3),
      region_slugs text[] not null check (cardinality(region_slugs) between 1 and 2),
      status text not null default 'pending' check (status in
        ('pending', 'active', 'deactivated', 'out_of_business', 'suspended', 'deleted')),
      review_state text check (review_state in ('awaiting_review', 'changes_requested')),
      status_before_suspension text check (status_before_suspension in
        ('pending', 'active', 'deactivated', 'out_of_business')),
      status_changed_at timestamptz not null default now(),
      status_reason_code text,
      status_reason text check (char_length(status_reason) <= 500),
      deactivation_reason text check (deactivation_reason in ('out_of_business', 'temporary_closure', 'other')),
      verification_tier text not null default 'basic' check (verification_tier in ('basic', 'verified', 'premium')),
      content_json jsonb not null check (jsonb_typeof(content_json) = 'object'),
      content_version integer not null default 1 check (content_version >= 1),
      content_updated_at timestamptz not null default now(),
      -- Columns derived from content_json for lists, filters and duplicate checks (ADM-108).
      phone text not null check (phone ~ '^\\+[1-9][0-9]{7,14}$'),
      whatsapp text check (whatsapp ~ '^\\+[1-9][0-9]{7,14}$'),
      email text check (char_length(email) <= 254),
      city text not null check (char_length(city) <= 60),
      latitude double precision check (latitude between -5 and 5),
      longitude double precision check (longitude between 33 and 42),
      name_key text not null,
      search_names text not null default '',
      search_document tsvector not null default ''::tsvector,
      -- UI-LIST-05 tier 2: names, category names and keywords, services (weights A and B alone), small
      -- enough to test on every candidate of a broad word without reading the whole document.
      name_document tsvector not null default ''::tsvector,
      -- UI-RANK-03: SHA-256 of the business once, so a request only mixes it with its seed (search.repo.ts).
      rank_salt bigint generated always as
        (('x' || encode(substring(sha256(uuid_send(business_id)) from 1 for 4), 'hex'))::bit(32)::bigint) stored,
      submitted_at timestamptz,
      approved_at timestamptz,
      approved_by uuid references users (user_id),
      approved_content_version integer,
      rejection_reason_code text,
      rejection_reason text check (char_length(rejection_reason) <= 500),
      rejection_count integer not null default 0 check (rejection_count >= 0),
      -- ADM-122: the submission (its submitted_at) for which the overdue alert went out, so it goes once.
      overdue_alerted_for timestamptz,
      created_by uuid not null references users (user_id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      constraint businesses_review_state_only_while_pending check ((status = 'pending') = (review_state is not null)),
      constraint businesses_deleted_at_matches_status check ((status = 'deleted') = (deleted_at is not null)),
      constraint businesses_suspension_keeps_prior check ((status = 'suspended') = (status_before_suspension is not null)),
      constraint businesses_primary_category check (category = category_slugs[1]),
      constraint businesses_primary_region check (region = region_slugs[1])
    );
    -- MEDIA-020: the tag names the media folder, so it is unique across every business, deleted ones too.
    create unique index businesses_business_tag_key on businesses (business_tag);
    create index businesses_status_idx on businesses (status);
    create index businesses_created_by_idx on businesses (created_by);
    create index businesses_queue_idx on businesses (submitted_at) where review_state = 'awaiting_review';
    create index businesses_changes_requested_idx on businesses (status_changed_at)
      where review_state = 'changes_requested';
    create index businesses_phone_idx on businesses (phone) where status <> 'deleted';
    create index businesses_name_key_idx on businesses (name_key) where status <> 'deleted';
    -- Public lists read only active businesses (UI-VIS-01), and only their search columns. A business row
    -- is wide (content_json inline), so a search that filtered businesses itself would read ~1.3 KB per
    -- candidate; business_listings holds the narrow copy of the listed ones, kept by the trigger below in
    -- the transaction of every change. It is an index, not a record: its rows come and go with status.
    create table business_listings (
      business_id uuid primary key references businesses (business_id),
      rank_salt bigint not null,
      category_slugs text[] not null,
      region_slugs text[] not null,
      name_key text not null,
      search_names text not null,
      search_document tsvector not null,
      name_document tsvector not null,
      -- The last day before which search_promotion runs (PAY-181), kept by the subscriptions trigger.
      promoted_until date
    );
    -- fastupdate off: a directory is read far more than written, and a pending list would be scanned by
    -- every search until the next vacuum (measured: 3 ms added to a 0.05 ms lookup).
    create index business_listings_categories_idx on business_listings using gin (category_slugs)
      with (fastupdate = off);
    create index business_listings_regions_idx on business_listings using gin (region_slugs)
      with (fastupdate = off);
    create index business_listings_document_idx on business_listings using gin (search_document)
      with (fastupdate = off);
    create index business_listings_names_trgm_idx on business_listings using gin (search_names gin_trgm_ops)
      with (fastupdate = off);

    create function businesses_sync_listing() returns trigger language plpgsql as $$
    begin
      if new.status = 'active' then
        insert into business_listings as l (business_id, rank_salt, category_slugs, region_slugs, name_key,
          search_names, search_document, name_document, promoted_until)
        values (new.business_id, new.rank_salt, new.category_slugs, new.region_slugs, new.name_key,
          new.search_names, new.search_document, new.name_document, promoted_until(new.business_id))
        on conflict (business_id) do update set
          category_slugs = excluded.category_slugs, region_slugs = excluded.region_slugs,
          name_key = excluded.name_key, search_names = excluded.search_names,
          search_document = excluded.search_document, name_document = excluded.name_document;
      elsif tg_op = 'UPDATE' and old.status = 'active' then
        delete from business_listings where business_id = new.business_id;
      end if;
      return null;
    end $$;
    create trigger businesses_sync_listing after insert or update of status, category_slugs, region_slugs,
      name_key, search_names, search_document, name_document on businesses
      for each row execute function businesses_sync_listing();

    create trigger businesses_set_updated_at before update on businesses
      for each row execute function set_updated_at();

    -- ERRATA 12: link tables for filters and counts; position 0 is the primary.
    create table business_categories (
      business_id uuid not null references businesses (business_id),
      category_id uuid not null references categories (category_id),
      position smallint not null check (position between 0 and 2),
      primary key (business_id, category_id),
      unique (business_id, position)
    );
    create index business_categories_category_idx on business_categories (category_id);

    create table business_regions (
      business_id uuid not null references businesses (business_id),
      region_id uuid not null references regions (region_id),
      position smallint not null check (position between 0 and 1),
      primary key (business_id, region_id),
      unique (business_id, position)
    );
    create index business_regions_region_idx on business_regions (region_id);

    -- The Identity migration could not point at a table that did not exist yet.
    alter table user_business_roles
      add constraint user_business_roles_business_fk foreign key (business_id) references businesses (business_id);

    -- UI-HIST-01: each row holds the document as saved in that version; version 1 is the creation.
    create table business_content_history (
      history_id uuid primary key default gen_random_uuid(),
      business_id uuid not null references businesses (business_id),
      content_version integer not null check (content_version >= 1),
      content_json jsonb not null check (jsonb_typeof(content_json) = 'object'),
      changed_by uuid references users (user_id),
      change_type text not null check (change_type in
        ('owner_edit', 'admin_edit', 'ai_edit', 'approval', 'system', 'rollback')),
      change_summary text not null default '' check (char_length(change_summary) <= 300),
      restored_from_version integer,
      created_at timestamptz not null default now(),
      unique (business_id, content_version)
    );

    -- UI-HIST-07: history is never deleted or rewritten. The one change allowed is ADM-165's blanking of
    -- contact details inside the stored document, which leaves every other column as it was.
    create function business_content_history_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
        and new.history_id = old.history_id
        and new.business_id = old.business_id
        and new.content_version = old.content_version
        and new.changed_by is not distinct from old.changed_by
        and new.change_type = old.change_type
        and new.change_summary = old.change_summary
        and new.restored_from_version is not distinct from old.restored_from_version
        and new.created_at = old.created_at
      then
        return new;
      end if;
      raise exception 'business_content_history is append-only: % refused', tg_op
        using errcode = 'insufficient_privilege';
    end $$;
    create trigger business_content_history_append_only before update or delete on business_content_history
      for each row execute function business_content_history_guard();
    create trigger business_content_history_no_truncate before truncate on business_content_history
      for each statement execute function refuse_log_change();

    -- ADM-103: one row per staff decision; they feed the SLA and approval-rate figures.
    create table business_reviews (
      review_id uuid primary key default gen_random_uuid(),
      business_id uuid not null references businesses (business_id),
      decision text not null check (decision in ('approved', 'rejected')),
      reason_code text check (reason_code in
        ('incomplete_information', 'invalid_phone', 'duplicate_listing', 'inappropriate_content', 'other')),
      reason text check (char_length(reason) <= 500),
      note text check (char_length(note) <= 500),
      content_version integer not null,
      submitted_at timestamptz not null,
      decided_at timestamptz not null default now(),
      decided_by uuid not null references users (user_id),
      constraint business_reviews_rejection_has_code check ((decision = 'rejected') = (reason_code is not null))
    );
    create index business_reviews_business_idx on business_reviews (business_id, decided_at);
    create index business_reviews_decided_at_idx on business_reviews (decided_at);
    create trigger business_reviews_append_only before update or delete on business_reviews
      for each row execute function refuse_log_change();

    -- PAY-180. Active while status = 'active' and the Nairobi day is before expiration_date (PAY-181).
    create table service_subscriptions (
      subscription_id uuid primary key default gen_random_uuid(),
      business_id uuid not null references businesses (business_id),
      service_type text not null check (service_type in
        ('website_hosting', 'image_gallery', 'search_promotion', 'premium_listing', 'ads')),
      status text not null default 'active' check (status in ('active', 'expired', 'cancelled')),
      start_date date not null,
      anchor_day smallint not null check (anchor_day between 1 and 31),
      expiration_date date not null,
      months_paid integer not null default 0 check (months_paid >= 0),
      complimentary_months integer not null default 0 check (complimentary_months >= 0),
      discount_id uuid,
      last_transaction_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (business_id, service_type),
      check (expiration_date > start_date)
    );
    create index service_subscriptions_status_expiry_idx on service_subscriptions (status, expiration_date);
    create trigger service_subscriptions_set_updated_at before update on service_subscriptions
      for each row execute function set_updated_at();
    create function promoted_until(p_business_id uuid) returns date language sql stable as $$
      select max(expiration_date) from service_subscriptions
       where business_id = p_business_id and service_type = 'search_promotion' and status = 'active'
    $$;

    create function subscriptions_sync_promotion() returns trigger language plpgsql as $$
    begin
      if coalesce(new.service_type, old.service_type) = 'search_promotion' then
        update business_listings set promoted_until = promoted_until(coalesce(new.business_id, old.business_id))
         where business_id = coalesce(new.business_id, old.business_id);
      end if;
      return null;
    end $$;
    create trigger service_subscriptions_sync_promotion after insert or update or delete on service_subscriptions
      for each row execute function subscriptions_sync_promotion();

    -- ERRATA 1: names, payment holds, 90-day redirects and post-deletion reservations in one table. A
    -- released row stays for history; only names not released are unique.
    create table subdomains (
      subdomain_id uuid primary key default gen_random_uuid(),
      name text not null check (name ~ '^[a-z0-9][a-z0-9-]{1,28}[a-z0-9]$' and position('--' in name) = 0),
      business_id uuid not null references businesses (business_id),
      state text not null check (state in ('held', 'assigned', 'redirect', 'reserved', 'released')),
      held_until timestamptz,
      redirect_until timestamptz,
      reserved_until timestamptz,
      dns_record_id text,
      dns_status text not null default 'none' check (dns_status in
        ('none', 'pending', 'active', 'failed', 'removing', 'removed')),
      dns_error text,
      assigned_at timestamptz,
      released_at timestamptz,
      created_by uuid references users (user_id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((state = 'held') = (held_until is not null)),
      check ((state = 'redirect') = (redirect_until is not null)),
      check ((state = 'reserved') = (reserved_until is not null)),
      check ((state = 'released') = (released_at is not null))
    );
    create unique index subdomains_name_key on subdomains (name) where state <> 'released';
    create unique index subdomains_one_assigned_key on subdomains (business_id) where state = 'assigned';
    create index subdomains_business_idx on subdomains (business_id);
    create trigger subdomains_set_updated_at before update on subdomains
      for each row execute function set_updated_at();

    -- ERRATA 26: DNS changes are written here in the transaction of the change; pg-boss only drains them.
    create table dns_jobs (
      dns_job_id uuid primary key default gen_random_uuid(),
      subdomain_id uuid not null references subdomains (subdomain_id),
      action text not null check (action in ('ensure', 'delete')),
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      attempts integer not null default 0 check (attempts >= 0),
      next_run_at timestamptz not null default now(),
      lease_expires_at timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index dns_jobs_due_idx on dns_jobs (next_run_at) where status in ('queued', 'running');
    create index dns_jobs_subdomain_idx on dns_jobs (subdomain_id);
    create trigger dns_jobs_set_updated_at before update on dns_jobs
      for each row execute function set_updated_at();

    -- Search replies are cached in every app process (modules/search). Any commit that changes what a
    -- listing shows — the listing itself, promotion or hosting, a web address, a category or region name —
    -- tells every process through NOTIFY, which PostgreSQL delivers only once the change has committed.
    create function notify_listings_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('tafuta_listings_changed', '');
      return null;
    end $$;
    create trigger business_listings_notify after insert or update or delete on business_listings
      for each statement execute function notify_listings_changed();
    create trigger service_subscriptions_notify after insert or update or delete on service_subscriptions
      for each statement execute function notify_listings_changed();
    create trigger subdomains_notify after insert or update or delete on subdomains
      for each statement execute function notify_listings_changed();
    create trigger categories_notify after insert or update on categories
      for each statement execute function notify_listings_changed();
    create trigger regions_notify after insert or update on regions
      for each statement execute function notify_listings_changed();

    -- UI-TRK-04: only daily counts per business, ad, event and Nairobi day; raw events are never stored.
    create table business_event_counts (
      business_id uuid not null references businesses (business_id),
      ad_id uuid,
      event_type text not null check (event_type in ('detail_view', 'website_view', 'call_click',
        'whatsapp_click', 'directions_click', 'website_click', 'email_click', 'ad_impression', 'ad_click')),
      day date not null,
      count integer not null default 0 check (count >= 0)
    );
    create unique index business_event_counts_key on business_event_counts
      (business_id, event_type, day, coalesce(ad_id, '00000000-0000-0000-0000-000000000000'::uuid));
    create index business_event_counts_day_idx on business_event_counts (day);

    -- UI-TRK-04 duplicates within 10 minutes. UNLOGGED: a crash forgets a few minutes of keys, nothing more.
    create unlogged table tracking_dedupe (
      key text primary key,
      expires_at timestamptz not null
    );
    create index tracking_dedupe_expires_idx on tracking_dedupe (expires_at);
  `.execute(db);
}
