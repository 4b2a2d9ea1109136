import type { Operation } from './operation.js';
import { adminInsightsOperations } from './operations/admin-insights.js';
import { adminManagementOperations } from './operations/admin-management.js';
import { adminMoneyOperations } from './operations/admin-money.js';
import { approvalsOperations } from './operations/approvals.js';
import { authOperations } from './operations/auth.js';
import { businessesOperations } from './operations/businesses.js';
import { catalogueOperations } from './operations/catalogue.js';
import { mediaOperations } from './operations/media.js';
import { paymentsOperations } from './operations/payments.js';
import { receiptsOperations } from './operations/receipts.js';
import { refundsOperations } from './operations/refunds.js';
import { searchOperations } from './operations/search.js';
import { settlementOperations } from './operations/settlement.js';
import { subdomainsOperations } from './operations/subdomains.js';
import { subscriptionsOperations } from './operations/subscriptions.js';
import { staffUsersOperations } from './operations/staff-users.js';
import { systemOperations } from './operations/system.js';
import { usersOperations } from './operations/users.js';
import { webhookOperations } from './operations/webhooks.js';

export type { Access, HttpMethod, Operation, ResponseSpec } from './operation.js';

/**
 * API-15: every endpoint the app serves, as data. docs/openapi.json is generated from this list
 * (`npm run openapi`), and the contract tests hold it against the running app: the same routes, and
 * replies that parse with the schemas given here. A new endpoint is added to its module's file.
 */
export const operations: readonly Operation[] = [
  ...systemOperations,
  ...authOperations,
  ...usersOperations,
  ...staffUsersOperations,
  ...webhookOperations,
  ...catalogueOperations,
  ...searchOperations,
  ...businessesOperations,
  ...approvalsOperations,
  ...adminManagementOperations,
  ...adminInsightsOperations,
  ...adminMoneyOperations,
  ...subdomainsOperations,
  ...mediaOperations,
  ...paymentsOperations,
  ...settlementOperations,
  ...receiptsOperations,
  ...refundsOperations,
  ...subscriptionsOperations,
];

/** The tags in the order the document lists them. */
export const TAGS = [
  { name: 'system', description: 'Health and reference data (spec §15.1)' },
  { name: 'auth', description: 'Registration, sign-in and sign-out (spec §15.2)' },
  { name: 'me', description: 'The signed-in person (spec §15.3)' },
  {
    name: 'directory',
    description: 'Public directory: categories, regions, search, tracking (spec §15.1, §15.5)',
  },
  { name: 'businesses', description: 'Businesses, content, team and web address (spec §15.4)' },
  { name: 'payments', description: 'Prices, checkout, payment status, receipts (payments.md §11)' },
  { name: 'staff', description: 'Back office, staff session required (spec §15.7)' },
  { name: 'webhooks', description: 'Provider callbacks (integrations.md, ERRATA 4)' },
  { name: 'dev', description: 'Outside production only: the simulators’ outbox' },
] as const;

/** The operation for a method and an OpenAPI path, if documented. */
export function findOperation(method: string, path: string): Operation | undefined {
  return operations.find((op) => op.method === method.toLowerCase() && op.path === path);
}
