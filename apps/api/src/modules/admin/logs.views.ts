import type { AuditLogRow, AuthLogRow } from '@tafuta/contracts';
import { isoSeconds } from '../../http/envelope.js';
import type { AuditLogRecord, AuthLogRecord } from './logs.repo.js';

/** ADM-402: a readable device from the raw user agent ("Android Chrome"); null when nothing is known. */
export function deviceOf(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const os = /Android/i.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iOS/i.test(userAgent)
      ? 'iOS'
      : /Windows/i.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/i.test(userAgent)
          ? 'macOS'
          : /Linux/i.test(userAgent)
            ? 'Linux'
            : null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\/|Opera/.test(userAgent)
      ? 'Opera'
      : /SamsungBrowser/.test(userAgent)
        ? 'Samsung Internet'
        : /Firefox\//.test(userAgent)
          ? 'Firefox'
          : /Chrome\/|CriOS/.test(userAgent)
            ? 'Chrome'
            : /Safari\//.test(userAgent)
              ? 'Safari'
              : null;
  const parts = [os, browser].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' ') : 'Other';
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function authLogView(row: AuthLogRecord): AuthLogRow {
  const metadata = row.metadata ?? {};
  return {
    log_id: row.log_id,
    timestamp: isoSeconds(row.timestamp),
    channel: row.channel,
    event_type: row.event_type,
    user_id: row.user_id,
    user_name: row.user_name,
    user_phone: row.user_phone,
    phone: row.phone,
    email: row.email,
    ip_address: row.ip_address,
    user_agent: row.user_agent,
    device: deviceOf(row.user_agent),
    reason: text(metadata.reason) ?? text(metadata.failure_reason),
    flag: text(metadata.flag),
    metadata,
  };
}

export function auditLogView(row: AuditLogRecord): AuditLogRow {
  return {
    log_id: row.log_id,
    timestamp: isoSeconds(row.timestamp),
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    actor_type: row.actor_type,
    actor_role: row.actor_role,
    action: row.action,
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    entity_label: row.entity_label,
    old_value: row.old_value ?? null,
    new_value: row.new_value ?? null,
    reason: row.reason,
    ip_address: row.ip_address,
    request_id: row.request_id,
  };
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

export const AUTH_LOG_CSV_HEADER = [
  'timestamp',
  'channel',
  'event_type',
  'user_id',
  'user_name',
  'user_phone',
  'phone',
  'email',
  'ip_address',
  'device',
  'reason',
  'flag',
  'user_agent',
  'metadata',
] as const;

export function authLogCells(row: AuthLogRecord) {
  const view = authLogView(row);
  return [
    row.timestamp,
    view.channel,
    view.event_type,
    view.user_id,
    view.user_name,
    view.user_phone,
    view.phone,
    view.email,
    view.ip_address,
    view.device,
    view.reason,
    view.flag,
    view.user_agent,
    json(view.metadata),
  ];
}

export const AUDIT_LOG_CSV_HEADER = [
  'timestamp',
  'actor_id',
  'actor_name',
  'actor_type',
  'actor_role',
  'action',
  'entity_type',
  'entity_id',
  'entity_label',
  'reason',
  'old_value',
  'new_value',
  'ip_address',
  'request_id',
] as const;

export function auditLogCells(row: AuditLogRecord) {
  return [
    row.timestamp,
    row.actor_id,
    row.actor_name,
    row.actor_type,
    row.actor_role,
    row.action,
    row.entity_type,
    row.entity_id,
    row.entity_label,
    row.reason,
    json(row.old_value),
    json(row.new_value),
    row.ip_address,
    row.request_id,
  ];
}
