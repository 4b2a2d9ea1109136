import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { isoSeconds } from '../../http/envelope.js';
import { findBusiness, type BusinessRow } from '../businesses/access.js';

/** What a staff decision or status action answers with: the business's state after the change. */
export function businessStatusView(business: BusinessRow) {
  const time = (value: Date | null) => (value === null ? null : isoSeconds(value));
  return {
    business_id: business.business_id,
    business_tag: business.business_tag,
    business_name: business.business_name,
    status: business.status,
    review_state: business.review_state,
    status_before_suspension: business.status_before_suspension,
    status_reason_code: business.status_reason_code,
    status_reason: business.status_reason,
    status_changed_at: isoSeconds(business.status_changed_at),
    verification_tier: business.verification_tier,
    content_version: business.content_version,
    submitted_at: time(business.submitted_at),
    approved_at: time(business.approved_at),
    approved_content_version: business.approved_content_version,
    rejection_reason_code: business.rejection_reason_code,
    rejection_reason: business.rejection_reason,
    rejection_count: business.rejection_count,
    deleted_at: time(business.deleted_at),
  };
}

export type BusinessStatusView = ReturnType<typeof businessStatusView>;

/** Locks the business for the change that follows; only a business that never existed is "not found". */
export async function lockBusiness(trx: Transaction<Database>, businessId: string): Promise<BusinessRow> {
  const business = await findBusiness(trx, businessId, { forUpdate: true });
  if (!business) throw new AppError('NOT_FOUND', 'No such business');
  return business;
}
