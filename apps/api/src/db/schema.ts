import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Language, UserStatus, VerificationTier } from '@tafuta/contracts';

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

export interface Database {
  users: UsersTable;
  system_config: SystemConfigTable;
  categories: CategoriesTable;
  regions: RegionsTable;
  auth_logs: AuthLogsTable;
  audit_logs: AuditLogsTable;
  rate_limit_counters: RateLimitCountersTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
