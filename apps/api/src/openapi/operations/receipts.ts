import { z } from 'zod';
import {
  receiptItem,
  receiptsQuery,
  transactionDetailReply,
  transactionItem,
  transactionsQuery,
} from '../../modules/receipts/receipts.schema.js';
import { defineOperation, list, ok, type Operation } from '../operation.js';

/** Receipts and transactions (payments.md §7 and §11, PAY-226; ERRATA 23 withdrew the tx receipt path). */

const tags = ['payments'];
const business = z.object({ id: z.uuid().describe('The business') });
const who = 'Owners and business Admins of the business, and staff (Support+); anyone else gets 404.';

export const receiptsOperations: Operation[] = [
  defineOperation({
    method: 'get',
    path: '/api/receipts/{id}/download',
    operationId: 'downloadReceipt',
    summary: 'Download a receipt as PDF',
    description:
      `${who} Drawn on demand from the receipt data (PAY-224). Headers: ` +
      '`Content-Disposition: attachment; filename="TFT-2026-00001.pdf"`, `Cache-Control: private, no-store`.',
    specId: 'PAY-226',
    tags,
    security: 'user',
    params: z.object({ id: z.uuid().describe('The receipt') }),
    responses: { 200: { description: 'The receipt PDF', contentType: 'application/pdf' } },
  }),
  defineOperation({
    method: 'get',
    path: '/api/businesses/{id}/receipts',
    operationId: 'listBusinessReceipts',
    summary: "A business's receipts, newest first",
    description: who,
    specId: 'PAY-226',
    tags,
    security: 'user',
    params: business,
    query: receiptsQuery,
    responses: { 200: list('Receipts, purchase and refund', receiptItem) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/businesses/{id}/transactions',
    operationId: 'listBusinessTransactions',
    summary: "A business's transactions, newest first",
    description: `${who} Filters: EAT dates \`from\`/\`to\` (inclusive) and \`status\` (UI-TX-01/02).`,
    specId: 'PAY-141',
    tags,
    security: 'user',
    params: business,
    query: transactionsQuery,
    responses: { 200: list('Transactions with their items (service × months)', transactionItem) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/transactions/{tx_id}',
    operationId: 'getTransaction',
    summary: 'One transaction with its line items, receipt and linked refunds',
    description: who,
    specId: 'PAY-141',
    tags,
    security: 'user',
    params: z.object({ tx_id: z.uuid() }),
    responses: { 200: ok('The transaction', transactionDetailReply) },
  }),
];
