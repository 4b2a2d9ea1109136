import type { Kysely } from 'kysely';
import type { AdminBusinessDetail } from '@tafuta/contracts';
import type { Database } from '../../db/schema.js';
import { isoSeconds } from '../../http/envelope.js';
import { AppError } from '../../http/errors.js';
import { formatKes } from '../../lib/money.js';
import { subscriptionTerms } from '../subscriptions/subscription-terms.js';
import { rowExtras } from './businesses.repo.js';

/** ADM-155: everything staff need on one business, deleted ones included (ADM-701: asked for by id). */

type Db = Kysely<Database>;
const iso = (date: Date | null) => (date ? isoSeconds(date) : null);

async function names(db: Db, userIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['user_id', 'full_name'])
    .where('user_id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.user_id, row.full_name]));
}

export async function businessDetail(
  db: Db,
  businessId: string,
  apexDomain: string,
): Promise<AdminBusinessDetail> {
  const business = await db
    .selectFrom('businesses')
    .selectAll()
    .where('business_id', '=', businessId)
    .executeTakeFirst();
  if (!business) throw new AppError('NOT_FOUND', 'No such business');
  const [extras, reviews, members, subscriptions, discounts, transactions, refunds, lastChange] =
    await Promise.all([
      rowExtras(db, [businessId]),
      db
        .selectFrom('business_reviews')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('decided_at', 'desc')
        .execute(),
      db
        .selectFrom('user_business_roles as r')
        .innerJoin('users as u', 'u.user_id', 'r.user_id')
        .select(['u.user_id', 'u.full_name', 'u.phone', 'r.role', 'r.created_at'])
        .where('r.business_id', '=', businessId)
        .where('r.is_deleted', '=', false)
        .orderBy('r.created_at')
        .execute(),
      db
        .selectFrom('service_subscriptions')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('service_type')
        .orderBy('created_at', 'desc')
        .execute(),
      db
        .selectFrom('discounts')
        .selectAll()
        .where('business_id', '=', businessId)
        .orderBy('created_at', 'desc')
        .execute(),
      // ADM-155: the latest 10; the full list is the transactions screen filtered to this business.
      db
        .selectFrom('transactions')
        .select(['tx_id', 'transaction_type', 'status', 'amount_cents', 'needs_attention', 'created_at'])
        .where('business_id', '=', businessId)
        .orderBy('created_at', 'desc')
        .limit(10)
        .execute(),
      db
        .selectFrom('refund_requests')
        .select(['request_id', 'request_number', 'status', 'net_refund_cents', 'requested_at'])
        .where('business_id', '=', businessId)
        .orderBy('requested_at', 'desc')
        .execute(),
      db
        .selectFrom('business_content_history')
        .select(['change_type', 'changed_by', 'created_at'])
        .where('business_id', '=', businessId)
        .orderBy('content_version', 'desc')
        .limit(1)
        .executeTakeFirst(),
    ]);
  const people = await names(db, [
    business.approved_by,
    lastChange?.changed_by ?? null,
    ...reviews.map((review) => review.decided_by),
  ]);
  const ref = (userId: string | null) =>
    userId === null ? null : { user_id: userId, full_name: people.get(userId) ?? '' };
  const subdomain = extras.subdomains.get(businessId) ?? null;
  return {
    business_id: business.business_id,
    business_name: business.business_name,
    business_tag: business.business_tag,
    status: business.status,
    verification_tier: business.verification_tier,
    categories: business.category_slugs,
    regions: business.region_slugs,
    phone: business.phone,
    email: business.email,
    subdomain,
    owner: extras.owners.get(businessId) ?? null,
    active_services: extras.services.get(businessId) ?? [],
    created_at: isoSeconds(business.created_at),
    city: business.city,
    whatsapp: business.whatsapp,
    website_url: subdomain === null ? null : `https://${subdomain}.${apexDomain}`,
    review_state: business.review_state,
    status_changed_at: isoSeconds(business.status_changed_at),
    status_reason_code: business.status_reason_code,
    status_reason: business.status_reason,
    status_before_suspension: business.status_before_suspension,
    submitted_at: iso(business.submitted_at),
    approved_at: iso(business.approved_at),
    approved_by: ref(business.approved_by),
    rejection_count: business.rejection_count,
    content: {
      version: business.content_version,
      updated_at: isoSeconds(business.content_updated_at),
      last_change: lastChange
        ? {
            change_type: lastChange.change_type,
            changed_by: ref(lastChange.changed_by),
            created_at: isoSeconds(lastChange.created_at),
          }
        : null,
    },
    reviews: reviews.map((review) => ({
      decision: review.decision,
      reason_code: review.reason_code,
      reason: review.reason,
      content_version: review.content_version,
      submitted_at: isoSeconds(review.submitted_at),
      decided_at: isoSeconds(review.decided_at),
      decided_by: ref(review.decided_by),
    })),
    members: members.map((member) => ({
      user_id: member.user_id,
      full_name: member.full_name,
      phone: member.phone,
      role: member.role,
      since: isoSeconds(member.created_at),
    })),
    subscriptions: subscriptions.map((row) => ({
      subscription_id: row.subscription_id,
      ...subscriptionTerms(row),
    })),
    discounts: discounts.map((row) => ({
      discount_id: row.discount_id,
      discount_type: row.discount_type,
      discount_percentage: row.discount_percentage,
      status: row.status,
      expires_at: row.expires_at,
    })),
    transactions: transactions.map((row) => ({
      tx_id: row.tx_id,
      transaction_type: row.transaction_type,
      status: row.status,
      amount: formatKes(Number(row.amount_cents)),
      needs_attention: row.needs_attention,
      created_at: isoSeconds(row.created_at),
    })),
    refunds: refunds.map((row) => ({
      request_id: row.request_id,
      request_number: row.request_number,
      status: row.status,
      net_refund: formatKes(Number(row.net_refund_cents)),
      requested_at: isoSeconds(row.requested_at),
    })),
  };
}
