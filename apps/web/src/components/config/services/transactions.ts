import type { ServiceTypeName } from '@tafuta/contracts/constants';
import { addMonthsToDay } from './format';

/** One row of `GET /api/businesses/:id/transactions` (receipts.schema.ts `transactionItem`). */
export interface TransactionRow {
  tx_id: string;
  payment_id: string | null;
  business_id: string;
  transaction_type: 'purchase' | 'refund';
  status: TransactionStatus;
  amount_kes: string;
  vat_kes: string;
  net_kes: string;
  reference_number: string | null;
  refunded_amount_kes: string;
  receipt_id: string | null;
  receipt_number: string | null;
  receipt_url: string | null;
  created_at: string;
  completed_at: string | null;
  items: { service_type: ServiceTypeName; months: number }[];
}

/** PAY-143 with ERRATA 23's `reversed`. */
export const TRANSACTION_STATUSES = ['completed', 'pending', 'failed', 'refunded', 'reversed'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

export const PERIODS = ['all', 'thisMonth', 'last3Months', 'thisYear', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

export interface TransactionFilters {
  status: TransactionStatus | '';
  period: Period;
  /** Custom period, EAT calendar days inclusive. */
  from: string;
  to: string;
  q: string;
}

export const NO_FILTERS: TransactionFilters = { status: '', period: 'all', from: '', to: '', q: '' };

/** UI-TX-02's periods as the API's inclusive EAT days (`from`, `to`), counted from `today` (EAT). */
export function periodRange(filters: TransactionFilters, today: string): { from?: string; to?: string } {
  switch (filters.period) {
    case 'thisMonth':
      return { from: `${today.slice(0, 7)}-01` };
    case 'last3Months':
      return { from: addMonthsToDay(today, -3) };
    case 'thisYear':
      return { from: `${today.slice(0, 4)}-01-01` };
    case 'custom':
      return {
        ...(filters.from ? { from: filters.from } : {}),
        ...(filters.to ? { to: filters.to } : {}),
      };
    default:
      return {};
  }
}

/** The request's query parameters; blanks are left out. */
export function transactionQuery(filters: TransactionFilters, today: string) {
  const q = filters.q.trim();
  return {
    ...periodRange(filters, today),
    ...(filters.status ? { status: filters.status } : {}),
    ...(q ? { q } : {}),
  };
}
