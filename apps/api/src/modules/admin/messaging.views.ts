import type { MessageLogRow } from '@tafuta/contracts';
import { isoSeconds } from '../../http/envelope.js';
import { formatKes } from '../../lib/money.js';
import type { messageLogPage } from './messaging.repo.js';

type LogRecord = Awaited<ReturnType<typeof messageLogPage>>['rows'][number];

/** ADM-530: one message as sent (OTP codes were masked before they were stored). */
export function messageLogView(row: LogRecord): MessageLogRow {
  return {
    notification_id: row.notification_id,
    user_id: row.user_id,
    broadcast_id: row.broadcast_id,
    template_key: row.template_key,
    category: row.category,
    channel: row.channel,
    language: row.language,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    status: row.status,
    skip_reason: row.skip_reason,
    provider_message_id: row.provider_message_id,
    error: row.error,
    segments: row.segments,
    cost_kes: row.cost_cents === null ? null : formatKes(Number(row.cost_cents)),
    created_at: isoSeconds(row.created_at),
    sent_at: row.sent_at ? isoSeconds(row.sent_at) : null,
    delivered_at: row.delivered_at ? isoSeconds(row.delivered_at) : null,
  };
}
