import type { Selectable } from 'kysely';
import type { ServiceSubscriptionsTable } from '../../db/schema.js';
import { lastServiceDate } from '../../lib/nairobi-date.js';

type TermRow = Pick<
  Selectable<ServiceSubscriptionsTable>,
  'service_type' | 'status' | 'start_date' | 'expiration_date' | 'months_paid' | 'complimentary_months'
>;

/**
 * What every staff view says about one subscription's term: the stored dates plus the last day with
 * service (ERRATA 22: `expiration_date` is the first day without it).
 */
export function subscriptionTerms(row: TermRow) {
  return {
    service_type: row.service_type,
    status: row.status,
    start_date: row.start_date,
    expiration_date: row.expiration_date,
    last_service_date: lastServiceDate(row.expiration_date),
    months_paid: row.months_paid,
    complimentary_months: row.complimentary_months,
  };
}
