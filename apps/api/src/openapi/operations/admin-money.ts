import {
  activeServiceRow,
  activeServicesQuery,
  activityQuery,
  activityRow,
  adminTransactionDetail,
  adminTransactionRow,
  adminTransactionsQuery,
  dashboardReply,
  premiumReviewBody,
  premiumReviewReply,
  reminderReply,
  resolveTransactionBody,
  transactionsRange,
  transactionTotals,
} from '@tafuta/contracts';
import { z } from 'zod';
import { defineOperation, list, ok } from '../operation.js';

/** Back-office money, services and dashboard (admin.md §3, §8, §9), from modules/admin/{money,services,dashboard}.routes.ts. */

const tags = ['staff'];
const txParams = z.object({ tx_id: z.uuid() });
const subscriptionParams = z.object({ subscription_id: z.uuid() });

export const adminMoneyOperations = [
  defineOperation({
    method: 'get',
    path: '/api/admin/dashboard',
    operationId: 'staffDashboard',
    summary: 'Dashboard home: cards and alerts',
    description:
      'Support+. Pending approval (amber above `pending_alert_threshold`), active businesses, total users, ' +
      "this EAT month's revenue (ADM-303), and the ADM-056 alerts: queue over threshold, overdue reviews, " +
      'payments needing attention, payments pending for more than 30 minutes, legal identity incomplete, ' +
      'suspicious sign-ins (24 h), platform health, services expiring within 7 days.',
    specId: 'ADM-053',
    tags,
    security: 'staff',
    responses: { 200: ok('Cards and alerts', dashboardReply) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/activity',
    operationId: 'staffRecentActivity',
    summary: 'Recent activity feed',
    description: 'Support+. The newest events of ADM-055 (default 10), newest first, each with a link.',
    specId: 'ADM-055',
    tags,
    security: 'staff',
    query: activityQuery,
    responses: { 200: ok('Newest events', activityRow.array()) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/transactions',
    operationId: 'staffListTransactions',
    summary: 'All transactions with footer totals',
    description:
      'Support+. Filters: `range` preset (today, last_7_days, last_30_days (default), this_month, last_month, ' +
      'custom with from/to EAT days), status (reversed included, ERRATA 23), type, service type, needs ' +
      'attention; `q` searches business name, receipt number, PesaPal tracking id or confirmation code, ' +
      'payment id and reference. Dates filter on when the transaction was recorded. `totals` covers the ' +
      'whole filtered set (ADM-301). With `format=csv` (Admin+) the set is streamed as `text/csv`, one row ' +
      'per line item (ADM-305; a refund gives its months back as negative lines plus the processing fee ' +
      "kept), UTF-8 with BOM, formula-like cells prefixed with `'`, at most 50,000 transactions, audited " +
      '(`data_exported`).',
    specId: 'ADM-300',
    tags,
    security: 'staff',
    query: adminTransactionsQuery,
    responses: {
      200: list('One page of transactions', adminTransactionRow, {
        totals: transactionTotals,
        range: transactionsRange,
      }),
    },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/transactions/{tx_id}',
    operationId: 'staffGetTransaction',
    summary: 'Transaction detail for staff',
    description:
      'Support+. Line items, VAT, payer, PesaPal tracking and merchant references, every payment event ' +
      'received, receipt, linked refunds, attention flag and its resolution (ADM-302).',
    specId: 'ADM-302',
    tags,
    security: 'staff',
    params: txParams,
    responses: { 200: ok('The transaction', adminTransactionDetail) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/transactions/{tx_id}/resolve',
    operationId: 'staffResolveTransaction',
    summary: 'Resolve a payment that needs attention',
    description:
      'Admin+. Clears `needs_attention` after staff fixed the cause (ADM-304); the payment flag clears ' +
      'when none of its transactions is flagged. CONFLICT when the transaction is not flagged. Audited ' +
      '(`payment_issue_resolved`).',
    specId: 'ADM-304',
    tags,
    security: 'staff',
    params: txParams,
    request: resolveTransactionBody,
    responses: {
      200: ok(
        'Resolved',
        z.object({
          tx_id: z.uuid(),
          needs_attention: z.boolean(),
          resolved_at: z.string(),
          note: z.string(),
        }),
      ),
    },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/services/active',
    operationId: 'staffListActiveServices',
    summary: 'Active subscriptions',
    description:
      'Support+. Active subscriptions, soonest expiry first; filters service type, expiring window, business, ' +
      'region, premium review due. Premium listings carry their last review and the date the next is due ' +
      '(6 months after the later of service start and last review, ADM-178).',
    specId: 'ADM-341',
    tags,
    security: 'staff',
    query: activeServicesQuery,
    responses: { 200: list('One page of subscriptions', activeServiceRow) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/services/{subscription_id}/premium-review',
    operationId: 'staffRecordPremiumReview',
    summary: 'Record a premium-listing review',
    description:
      'Admin+. `{outcome: pass|fail, note}`; a fail changes nothing by itself (staff adjust or refund). ' +
      'CONFLICT for a subscription that is not a premium listing. Audited (`premium_review_recorded`).',
    specId: 'ADM-178',
    tags,
    security: 'staff',
    params: subscriptionParams,
    request: premiumReviewBody,
    responses: { 201: ok('Recorded', premiumReviewReply) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/services/{subscription_id}/remind',
    operationId: 'staffSendRenewalReminder',
    summary: 'Send a renewal reminder',
    description:
      'Support+. Queues `service_expiring` (`service_expired` once the date has passed) to the Owners and ' +
      'business Admins. At most one manual reminder per subscription per 24 h (CONFLICT); a cancelled ' +
      'service or deleted business is CONFLICT too. Audited (`reminder_sent`).',
    specId: 'ADM-342',
    tags,
    security: 'staff',
    params: subscriptionParams,
    responses: { 200: ok('Queued', reminderReply) },
    errors: ['CONFLICT'],
  }),
];
