import { z } from 'zod';
import {
  completeRefundBody,
  createRefundBody,
  refundListQuery,
  refundReply,
  rejectRefundBody,
} from '../../modules/refunds/refunds.schema.js';
import { defineOperation, list, ok, type Operation } from '../operation.js';

/** Staff refunds (admin.md ADM-310..316, payments.md §8, ERRATA 10). */

const tags = ['staff'];
const request = z.object({ request_id: z.uuid() });

export const refundsOperations: Operation[] = [
  defineOperation({
    method: 'post',
    path: '/api/refunds/request',
    operationId: 'createRefundRequest',
    summary: 'Record a refund request (Admin+)',
    description:
      'Header `Idempotency-Key` (UUID) required: the same key from the same staff member returns the same ' +
      'request (200); with a different body, 409 IDEMPOTENCY_CONFLICT. Amounts follow PAY-255/256; months ' +
      'beyond the refundable ones (PAY-253) are refused with 409 CONFLICT.',
    specId: 'ADM-313',
    tags,
    security: 'staff',
    request: createRefundBody,
    responses: {
      201: ok('The new request', refundReply),
      200: ok('The request this key made before', refundReply),
    },
    errors: ['CONFLICT', 'IDEMPOTENCY_CONFLICT', 'NOT_FOUND'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/refunds',
    operationId: 'listRefundRequests',
    summary: 'Refund requests (Support+), default status pending',
    specId: 'ADM-312',
    tags,
    security: 'staff',
    query: refundListQuery,
    responses: { 200: list('Refund requests, newest first', refundReply) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/refunds/{request_id}',
    operationId: 'getRefundRequest',
    summary: 'One refund request (Support+)',
    specId: 'ADM-312',
    tags,
    security: 'staff',
    params: request,
    responses: { 200: ok('The request', refundReply) },
  }),
  defineOperation({
    method: 'patch',
    path: '/api/refunds/{request_id}/approve',
    operationId: 'approveRefundRequest',
    summary: 'Approve: re-validate the months and freeze the amounts (Admin+)',
    description: 'The audit row carries `self_approved` when the creator approves (ADM-315).',
    specId: 'ADM-314',
    tags,
    security: 'staff',
    params: request,
    responses: { 200: ok('The approved request', refundReply) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'patch',
    path: '/api/refunds/{request_id}/reject',
    operationId: 'rejectRefundRequest',
    summary: 'Reject a pending or approved request (Admin+)',
    specId: 'ADM-314',
    tags,
    security: 'staff',
    params: request,
    request: rejectRefundBody,
    responses: { 200: ok('The rejected request', refundReply) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'patch',
    path: '/api/refunds/{request_id}/complete',
    operationId: 'completeRefundRequest',
    summary: 'Cash paid: deduct the months, book the refund transaction and receipt (Admin+)',
    description:
      '`cash_paid_kes` must equal the net refund (400 otherwise). Months used up since approval → 409 ' +
      'CONFLICT; a new request is needed (PAY-259).',
    specId: 'PAY-259',
    tags,
    security: 'staff',
    params: request,
    request: completeRefundBody,
    responses: { 200: ok('The completed request', refundReply) },
    errors: ['CONFLICT'],
  }),
];
