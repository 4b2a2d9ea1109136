import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Language, UserStatus, VerificationTier } from '@tafuta/contracts';
import type { AdminInsightsDatabase } from './schema-admin-insights.js';
import type { PaymentsDatabase } from './schema-payments.js';

/** Kysely's view of the tables; kept beside the migrations that create them. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in by default (insert may omit it). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as a value, written as the value or its JSON text. */
type Json<T> = ColumnType<T, T | string, T | string>;
type DefaultJson<T> = ColumnType<T, T | string | undefined, T | string>;
export type LanguageMap = Partial<Record<Language, string>> & { en: string };

export interface UsersTable {
  user_id: Generated<string>;
  full_name: string;
  nickname: string | null;
  phone: string | null;
  phone_verified_at: Date | null;
  email: string | null;
  email_verified_at: Date | null;
  password_hash: string | null;
  password_changed_at: Date | null;
  verification_tier: Generated<VerificationTier>;
  language_preference: Generated<Language>;
  profile_photo_url: string | null;
  physical_address: string | null;
  status: Generated<UserStatus>;
  status_changed_at: DefaultTimestamp;
  status_reason: string | null;
  failed_otp_streak: Generated<number>;
  failed_password_streak: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  last_active_at: Date | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  deleted_at: Date | null;
  email_bouncing_at: Date | null;
}

export interface SystemConfigTable {
  key: string;
  value: Generated<string>;
  description: string;
  must_set_before_launch: Generated<boolean>;
  is_public: Generated<boolean>;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export interface CategoriesTable {
  category_id: Generated<string>;
  slug: string;
  names: Json<LanguageMap>;
  keywords: DefaultJson<Partial<Record<Language, string[]>>>;
  icon: string | null;
  sort_order: Generated<number>;
  is_active: Generated<boolean>;
  created_at: DefaultTimestamp;
  created_by: string | null;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export interface RegionsTable {
  region_id: Generated<string>;
  slug: string;
  names: Json<LanguageMap>;
  coverage_note: string | null;
  sort_order: Generated<number>;
  is_active: Generated<boolean>;
  created_at: DefaultTimestamp;
  created_by: string | null;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export interface AuthLogsTable {
  log_id: Generated<string>;
  timestamp: DefaultTimestamp;
  channel: Generated<'public' | 'admin'>;
  event_type: string;
  user_id: string | null;
  phone: string | null;
  email: string | null;
  ip_address: string | null;
  user_agent: string | null;
  metadata: DefaultJson<Record<string, unknown>>;
}

export interface AuditLogsTable {
  log_id: Generated<string>;
  timestamp: DefaultTimestamp;
  actor_id: string | null;
  actor_type: 'admin' | 'system';
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  entity_label: string | null;
  old_value: Json<unknown> | null;
  new_value: Json<unknown> | null;
  reason: string | null;
  ip_address: string | null;
  request_id: string | null;
}

export interface RateLimitCountersTable {
  key: string;
  hits: number;
  reset_at: Timestamp;
}

export interface TermsVersionsTable {
  version_id: Generated<string>;
  document_type: 'terms_of_service' | 'privacy_policy';
  version_number: string;
  url: string;
  notes: string | null;
  published_at: DefaultTimestamp;
  published_by: string | null;
}

export interface UserTermsConsentTable {
  consent_id: Generated<string>;
  user_id: string;
  version_id: string;
  consented_at: DefaultTimestamp;
  ip_address: string | null;
  user_agent: string | null;
  context: 'registration' | 're_consent';
}

export interface NotificationPreferencesTable {
  pref_id: Generated<string>;
  user_id: string;
  marketing_sms_opt_in: Generated<boolean>;
  marketing_email_opt_in: Generated<boolean>;
  updated_at: DefaultTimestamp;
}

export type ConsentSource =
  'registration' | 'profile' | 'unsubscribe_link' | 'staff' | 'sms_reply' | 'provider_complaint';

export interface MarketingConsentEventsTable {
  event_id: Generated<string>;
  user_id: string;
  channel: 'sms' | 'email';
  opted_in: boolean;
  source: ConsentSource;
  ip_address: string | null;
  created_at: DefaultTimestamp;
}

export type OtpPurpose = 'login' | 'password_reset' | 'phone_change';

export interface OtpCodesTable {
  otp_id: string;
  phone: string;
  user_id: string | null;
  purpose: OtpPurpose;
  code_hash: string;
  expires_at: Timestamp;
  attempts: Generated<number>;
  consumed_at: Date | null;
  superseded_at: Date | null;
  delivery: Generated<'pending' | 'sent' | 'failed'>;
  ip_address: string | null;
  created_at: DefaultTimestamp;
}

export interface SessionStoreTable {
  sid: string;
  sess: Json<Record<string, unknown>>;
  expire: Timestamp;
}

export type SessionScope = 'user' | 'admin';

export interface UserSessionsTable {
  session_id: string;
  user_id: string;
  scope: SessionScope;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  issued_at: DefaultTimestamp;
  expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  revoked_at: Date | null;
  revoked_reason: string | null;
  ip_address: string | null;
  user_agent: string | null;
}

export type StaffRoleName = 'super_admin' | 'admin' | 'support_staff';

export interface AdminUsersTable {
  admin_user_id: Generated<string>;
  user_id: string;
  login_email: string;
  password_hash: string | null;
  role: StaffRoleName;
  is_active: Generated<boolean>;
  password_set_at: Date | null;
  last_login_at: Date | null;
  failed_login_count: Generated<number>;
  locked_until: Date | null;
  created_at: DefaultTimestamp;
  created_by: string | null;
  deactivated_at: Date | null;
  deactivated_by: string | null;
  updated_at: DefaultTimestamp;
}

export interface StaffPasswordTokensTable {
  token_id: Generated<string>;
  admin_user_id: string;
  purpose: 'reset' | 'invite';
  token_hash: string;
  expires_at: Timestamp;
  used_at: Date | null;
  created_at: DefaultTimestamp;
  created_by: string | null;
}

export type BusinessRoleName = 'owner' | 'admin' | 'employee';

export interface UserBusinessRolesTable {
  id: Generated<string>;
  user_id: string;
  business_id: string;
  role: BusinessRoleName;
  is_deleted: Generated<boolean>;
  created_at: DefaultTimestamp;
  created_by: string | null;
  removed_at: Date | null;
  removed_by: string | null;
}

export type NotificationChannel = 'sms' | 'email' | 'in_app';
export type NotificationCategory =
  'security' | 'account' | 'transactional' | 'service' | 'marketing' | 'staff';

export interface NotificationTemplatesTable {
  template_id: Generated<string>;
  template_key: string;
  channel: NotificationChannel;
  language: Language;
  subject: string | null;
  body: string;
  variables: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export type NotificationStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped';

export interface NotificationLogTable {
  notification_id: Generated<string>;
  user_id: string | null;
  broadcast_id: string | null;
  template_key: string;
  category: NotificationCategory;
  channel: 'sms' | 'email';
  language: string;
  recipient: string | null;
  subject: string | null;
  body: string | null;
  html_body: string | null;
  status: Generated<NotificationStatus>;
  skip_reason: string | null;
  provider: string | null;
  provider_message_id: string | null;
  error: string | null;
  segments: number | null;
  cost_cents: number | null;
  attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp;
  lease_expires_at: Date | null;
  created_at: DefaultTimestamp;
  sent_at: Date | null;
  delivered_at: Date | null;
  /** PAY-300: receipts the delivery worker attaches as PDFs (`{ receipt_ids: [...] }`). */
  attachments: ColumnType<{ receipt_ids: string[] } | null, string | null | undefined, string | null>;
}

export interface InAppNotificationsTable {
  notification_id: Generated<string>;
  user_id: string;
  type: string;
  title: string;
  body: string;
  link: string | null;
  created_at: DefaultTimestamp;
  read_at: Date | null;
}

export interface WebhookTokensSeenTable {
  provider: string;
  token: string;
  seen_at: DefaultTimestamp;
}

export interface ProviderEventsTable {
  provider: string;
  event_id: string;
  received_at: DefaultTimestamp;
}

export type BusinessStatus =
  'pending' | 'active' | 'deactivated' | 'out_of_business' | 'suspended' | 'deleted';
export type ReviewState = 'awaiting_review' | 'changes_requested';
export type BusinessTier = 'basic' | 'verified' | 'premium';
export type ContentChangeType = 'owner_edit' | 'admin_edit' | 'ai_edit' | 'approval' | 'system' | 'rollback';
export type ServiceType =
  'website_hosting' | 'image_gallery' | 'search_promotion' | 'premium_listing' | 'ads';
export type SubdomainState = 'held' | 'assigned' | 'redirect' | 'reserved' | 'released';
export type DnsStatus = 'none' | 'pending' | 'active' | 'failed' | 'removing' | 'removed';
export type TrackingEventType =
  | 'detail_view'
  | 'website_view'
  | 'call_click'
  | 'whatsapp_click'
  | 'directions_click'
  | 'website_click'
  | 'email_click'
  | 'ad_impression'
  | 'ad_click';

export interface BusinessesTable {
  business_id: Generated<string>;
  business_tag: string;
  business_name: string;
  category: string;
  region: string;
  category_slugs: string[];
  region_slugs: string[];
  status: Generated<BusinessStatus>;
  review_state: ReviewState | null;
  status_before_suspension: Exclude<BusinessStatus, 'suspended' | 'deleted'> | null;
  status_changed_at: DefaultTimestamp;
  status_reason_code: string | null;
  status_reason: string | null;
  deactivation_reason: 'out_of_business' | 'temporary_closure' | 'other' | null;
  verification_tier: Generated<BusinessTier>;
  content_json: Json<Record<string, unknown>>;
  content_version: Generated<number>;
  content_updated_at: DefaultTimestamp;
  phone: string;
  whatsapp: string | null;
  email: string | null;
  city: string;
  latitude: number | null;
  longitude: number | null;
  name_key: string;
  search_names: Generated<string>;
  /** tsvector: written with SQL expressions, read as its text form. */
  search_document: ColumnType<string, unknown, unknown>;
  name_document: ColumnType<string, unknown, unknown>;
  /** Generated: first 32 bits of SHA-256 of the UUID bytes (UI-RANK-03 as implemented). */
  rank_salt: ColumnType<number, never, never>;
  submitted_at: Date | null;
  approved_at: Date | null;
  approved_by: string | null;
  approved_content_version: number | null;
  rejection_reason_code: string | null;
  rejection_reason: string | null;
  rejection_count: Generated<number>;
  overdue_alerted_for: Date | null;
  created_by: string;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  deleted_at: Date | null;
}

/** Derived: the search columns of `active` businesses only, kept by a trigger (0003_directory). */
export interface BusinessListingsTable {
  business_id: string;
  rank_salt: number;
  category_slugs: string[];
  region_slugs: string[];
  name_key: string;
  search_names: string;
  search_document: ColumnType<string, unknown, unknown>;
  name_document: ColumnType<string, unknown, unknown>;
  promoted_until: string | null;
}

export interface BusinessCategoriesTable {
  business_id: string;
  category_id: string;
  position: number;
}

export interface BusinessRegionsTable {
  business_id: string;
  region_id: string;
  position: number;
}

export interface BusinessContentHistoryTable {
  history_id: Generated<string>;
  business_id: string;
  content_version: number;
  content_json: Json<Record<string, unknown>>;
  changed_by: string | null;
  change_type: ContentChangeType;
  change_summary: Generated<string>;
  restored_from_version: number | null;
  created_at: DefaultTimestamp;
}

export interface BusinessReviewsTable {
  review_id: Generated<string>;
  business_id: string;
  decision: 'approved' | 'rejected';
  reason_code: string | null;
  reason: string | null;
  note: string | null;
  content_version: number;
  submitted_at: Timestamp;
  decided_at: DefaultTimestamp;
  decided_by: string;
}

/** A calendar date column (YYYY-MM-DD text both ways; the pool parses `date` as text). */
type CalendarDate = ColumnType<string, string, string>;

export interface ServiceSubscriptionsTable {
  subscription_id: Generated<string>;
  business_id: string;
  service_type: ServiceType;
  status: Generated<'active' | 'expired' | 'cancelled'>;
  start_date: CalendarDate;
  anchor_day: number;
  expiration_date: CalendarDate;
  months_paid: Generated<number>;
  complimentary_months: Generated<number>;
  discount_id: string | null;
  last_transaction_id: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface SubdomainsTable {
  subdomain_id: Generated<string>;
  name: string;
  business_id: string;
  state: SubdomainState;
  held_until: Date | null;
  redirect_until: Date | null;
  reserved_until: Date | null;
  dns_record_id: string | null;
  dns_status: Generated<DnsStatus>;
  dns_error: string | null;
  assigned_at: Date | null;
  released_at: Date | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** PAY-103: set while the name is held for a pending payment. */
  held_for_payment_id: Generated<string | null>;
}

export interface DnsJobsTable {
  dns_job_id: Generated<string>;
  subdomain_id: string;
  action: 'ensure' | 'delete';
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  next_run_at: DefaultTimestamp;
  lease_expires_at: Date | null;
  last_error: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  finished_at: Date | null;
}

export interface BusinessEventCountsTable {
  business_id: string;
  ad_id: string | null;
  event_type: TrackingEventType;
  day: CalendarDate;
  count: Generated<number>;
}

export interface TrackingDedupeTable {
  key: string;
  expires_at: Timestamp;
}

export interface Database extends PaymentsDatabase, AdminInsightsDatabase {
  users: UsersTable;
  terms_versions: TermsVersionsTable;
  user_terms_consent: UserTermsConsentTable;
  notification_preferences: NotificationPreferencesTable;
  marketing_consent_events: MarketingConsentEventsTable;
  otp_codes: OtpCodesTable;
  session: SessionStoreTable;
  user_sessions: UserSessionsTable;
  admin_users: AdminUsersTable;
  staff_password_tokens: StaffPasswordTokensTable;
  user_business_roles: UserBusinessRolesTable;
  notification_templates: NotificationTemplatesTable;
  notification_log: NotificationLogTable;
  in_app_notifications: InAppNotificationsTable;
  webhook_tokens_seen: WebhookTokensSeenTable;
  provider_events: ProviderEventsTable;
  system_config: SystemConfigTable;
  categories: CategoriesTable;
  regions: RegionsTable;
  auth_logs: AuthLogsTable;
  audit_logs: AuditLogsTable;
  rate_limit_counters: RateLimitCountersTable;
  businesses: BusinessesTable;
  business_listings: BusinessListingsTable;
  business_categories: BusinessCategoriesTable;
  business_regions: BusinessRegionsTable;
  business_content_history: BusinessContentHistoryTable;
  business_reviews: BusinessReviewsTable;
  service_subscriptions: ServiceSubscriptionsTable;
  subdomains: SubdomainsTable;
  dns_jobs: DnsJobsTable;
  business_event_counts: BusinessEventCountsTable;
  tracking_dedupe: TrackingDedupeTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
