import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the back-office tables of migration 0006_admin_insights. */

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;
type DefaultJson<T> = ColumnType<T, T | string | undefined, T | string>;

export type BroadcastAudience = 'all_users' | 'all_owners' | 'business' | 'user';

export interface BroadcastsTable {
  broadcast_id: Generated<string>;
  created_by: string;
  idempotency_key: string;
  request_hash: string;
  audience_type: BroadcastAudience;
  audience_id: string | null;
  category: 'marketing' | 'service';
  channels: ColumnType<string[], string[], string[]>;
  subject: string | null;
  bodies: Json<Record<string, string>>;
  recipient_counts: DefaultJson<Record<string, number>>;
  estimated_sms_cost_cents: Generated<number>;
  release_at: Date | null;
  created_at: DefaultTimestamp;
}

export interface PlatformHeartbeatsTable {
  minute: ColumnType<Date, Date | string, Date | string>;
  ok: boolean;
  database_ms: number | null;
  recorded_at: DefaultTimestamp;
}

export interface AdminInsightsDatabase {
  broadcasts: BroadcastsTable;
  platform_heartbeats: PlatformHeartbeatsTable;
}
