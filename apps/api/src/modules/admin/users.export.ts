import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { writeAuditInTransaction } from '../../lib/audit.js';
import { formatKes } from '../../lib/money.js';
import type { AdminActor } from './staff-actor.js';
import { userDetail } from './users.repo.js';

/**
 * ADM-208: one person's data as JSON, for a data-access request or before deletion: profile, consents,
 * preferences, business links, the content of businesses they own, their payments with transactions and
 * receipts, refunds they asked for and the messages sent to them. The export is itself audited.
 */

type Db = Kysely<Database>;
const iso = (date: Date | null) => (date ? isoSeconds(date) : null);

export async function exportUserData(db: Db, actor: AdminActor, userId: string) {
  const profile = await userDetail(db, userId);
  const ownedIds = profile.businesses.filter((b) => b.role === 'owner').map((b) => b.business_id);
  const [consentEvents, owned, payments, refunds, messages] = await Promise.all([
    db
      .selectFrom('marketing_consent_events')
      .select(['channel', 'opted_in', 'source', 'created_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute(),
    ownedIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('businesses')
          .select(['business_id', 'business_name', 'business_tag', 'status', 'content_json', 'created_at'])
          .where('business_id', 'in', ownedIds)
          .execute(),
    db
      .selectFrom('payments')
      .select(['payment_id', 'amount_cents', 'status', 'created_at'])
      .where('payer_user_id', '=', userId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('refund_requests')
      .select(['request_id', 'request_number', 'business_id', 'status', 'net_refund_cents', 'requested_at'])
      .where('requested_by', '=', userId)
      .orderBy('requested_at')
      .execute(),
    db
      .selectFrom('notification_log')
      .select(['template_key', 'channel', 'recipient', 'subject', 'body', 'status', 'created_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute(),
  ]);
  const paymentIds = payments.map((payment) => payment.payment_id);
  const transactions =
    paymentIds.length === 0
      ? []
      : await db
          .selectFrom('transactions as t')
          .leftJoin('receipts as r', 'r.receipt_id', 't.receipt_id')
          .select([
            't.tx_id',
            't.payment_id',
            't.business_id',
            't.transaction_type',
            't.status',
            't.amount_cents',
            't.vat_cents',
            't.created_at',
            'r.receipt_number',
            'r.issued_at',
          ])
          .where('t.payment_id', 'in', paymentIds)
          .orderBy('t.created_at')
          .execute();

  const generatedAt = new Date();
  await db.transaction().execute((trx) =>
    writeAuditInTransaction(trx, {
      ...actor.audit,
      action: 'user_data_exported',
      entityType: 'user',
      entityId: userId,
      entityLabel: profile.full_name,
      newValue: { sections: ['profile', 'consents', 'businesses', 'payments', 'refunds', 'messages'] },
    }),
  );
  return {
    generated_at: isoSeconds(generatedAt),
    profile,
    marketing_consent_history: consentEvents.map((event) => ({
      channel: event.channel,
      opted_in: event.opted_in,
      source: event.source,
      at: isoSeconds(event.created_at),
    })),
    businesses_owned: owned.map((business) => ({
      business_id: business.business_id,
      business_name: business.business_name,
      business_tag: business.business_tag,
      status: business.status,
      created_at: isoSeconds(business.created_at),
      content: business.content_json,
    })),
    payments: payments.map((payment) => ({
      payment_id: payment.payment_id,
      amount: formatKes(Number(payment.amount_cents)),
      status: payment.status,
      created_at: isoSeconds(payment.created_at),
    })),
    transactions: transactions.map((tx) => ({
      tx_id: tx.tx_id,
      payment_id: tx.payment_id,
      business_id: tx.business_id,
      transaction_type: tx.transaction_type,
      status: tx.status,
      amount: formatKes(Number(tx.amount_cents)),
      vat: formatKes(Number(tx.vat_cents)),
      created_at: isoSeconds(tx.created_at),
      receipt_number: tx.receipt_number,
      receipt_issued_at: iso(tx.issued_at),
    })),
    refunds: refunds.map((refund) => ({
      request_id: refund.request_id,
      request_number: refund.request_number,
      business_id: refund.business_id,
      status: refund.status,
      net_refund: formatKes(Number(refund.net_refund_cents)),
      requested_at: isoSeconds(refund.requested_at),
    })),
    messages: messages.map((message) => ({
      template_key: message.template_key,
      channel: message.channel,
      recipient: message.recipient,
      subject: message.subject,
      body: message.body,
      status: message.status,
      created_at: isoSeconds(message.created_at),
    })),
  };
}

export type UserDataExport = Awaited<ReturnType<typeof exportUserData>>;

/** The file name of ADM-700's pattern, in EAT. */
export function exportFileName(userId: string, at: Date): string {
  const eat = new Date(at.getTime() + 3 * 3600_000).toISOString();
  const stamp = `${eat.slice(0, 10).replace(/-/g, '')}-${eat.slice(11, 16).replace(':', '')}`;
  return `tafuta-user-${userId}-${stamp}.json`;
}
