import {
  adminBusinessDetail,
  adminBusinessesQuery,
  adminBusinessRow,
  adminUserDetail,
  adminUserRow,
  adminUsersQuery,
  feeCreateBody,
  feesQuery,
  feeUpdateBody,
  feeView,
  staffAccountCreateBody,
  staffAccountDeactivateBody,
  staffAccountsQuery,
  staffAccountUpdateBody,
  staffAccountView,
  systemConfigView,
  transferOwnershipBody,
  transferOwnershipView,
} from '@tafuta/contracts';
import { z } from 'zod';
import { defineOperation, list, ok } from '../operation.js';

/** admin.md §2.2, §5.1–5.2, §6, §11 from modules/admin (staff accounts, lists, config view, fees). */

const tags = ['staff'];
const idParams = (what: string) =>
  z.object({ id: z.uuid().describe(`The ${what}; anything else answers 404`) });

const money = z.string().regex(/^-?\d+\.\d{2}$/);
const userDataExport = z.object({
  generated_at: z.iso.datetime(),
  profile: adminUserDetail,
  marketing_consent_history: z.array(
    z.object({ channel: z.string(), opted_in: z.boolean(), source: z.string(), at: z.iso.datetime() }),
  ),
  businesses_owned: z.array(
    z.object({
      business_id: z.uuid(),
      business_name: z.string(),
      business_tag: z.string(),
      status: z.string(),
      created_at: z.iso.datetime(),
      content: z.record(z.string(), z.unknown()),
    }),
  ),
  payments: z.array(
    z.object({ payment_id: z.uuid(), amount: money, status: z.string(), created_at: z.iso.datetime() }),
  ),
  transactions: z.array(
    z.object({
      tx_id: z.uuid(),
      payment_id: z.uuid().nullable(),
      business_id: z.uuid(),
      transaction_type: z.string(),
      status: z.string(),
      amount: money,
      vat: money,
      created_at: z.iso.datetime(),
      receipt_number: z.string().nullable(),
      receipt_issued_at: z.iso.datetime().nullable(),
    }),
  ),
  refunds: z.array(
    z.object({
      request_id: z.uuid(),
      request_number: z.string(),
      business_id: z.uuid(),
      status: z.string(),
      net_refund: money,
      requested_at: z.iso.datetime(),
    }),
  ),
  messages: z.array(
    z.object({
      template_key: z.string(),
      channel: z.string(),
      recipient: z.string().nullable(),
      subject: z.string().nullable(),
      body: z.string().nullable(),
      status: z.string(),
      created_at: z.iso.datetime(),
    }),
  ),
});

export const adminManagementOperations = [
  defineOperation({
    method: 'get',
    path: '/api/admin/system/admins',
    operationId: 'staffListStaffAccounts',
    summary: 'List staff accounts',
    description: 'Super admin. Filters `q` (name or login email), `role`, `active` (yes|no).',
    specId: 'EP-ADM-82',
    tags,
    security: 'staff',
    query: staffAccountsQuery,
    responses: { 200: list('One page of staff accounts', staffAccountView) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/system/admins/{id}',
    operationId: 'staffGetStaffAccount',
    summary: 'One staff account',
    description: 'Super admin.',
    specId: 'ADM-028',
    tags,
    security: 'staff',
    params: idParams('admin_user_id'),
    responses: { 200: ok('The staff account', staffAccountView) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/system/admins',
    operationId: 'staffInviteStaff',
    summary: 'Invite a staff member',
    description:
      'Super admin. The person must already have a verified account with this phone (ERRATA 7); an email ' +
      'with a single-use set-password link (48 h) goes to the login email; the link is used with ' +
      '`POST /api/admin/auth/password/reset`.',
    specId: 'EP-ADM-83',
    tags,
    security: 'staff',
    request: staffAccountCreateBody,
    responses: { 201: ok('The new staff account, password not yet set', staffAccountView) },
    errors: ['INVALID_PHONE', 'ACCOUNT_NOT_FOUND', 'EMAIL_ALREADY_USED', 'CONFLICT'],
  }),
  defineOperation({
    method: 'patch',
    path: '/api/admin/system/admins/{id}',
    operationId: 'staffUpdateStaffAccount',
    summary: 'Change role, (re)activate, resend the invitation, send a password reset or unlock',
    description:
      'Super admin. `reason` is required for a role change and a deactivation. Nobody demotes or deactivates ' +
      'themself (CONFLICT); the last active super admin stays (LAST_SUPER_ADMIN). Deactivation ends the ' +
      "person's staff sessions.",
    specId: 'EP-ADM-84',
    tags,
    security: 'staff',
    params: idParams('admin_user_id'),
    request: staffAccountUpdateBody,
    responses: { 200: ok('The staff account after the change', staffAccountView) },
    errors: ['CONFLICT', 'LAST_SUPER_ADMIN'],
  }),
  defineOperation({
    method: 'delete',
    path: '/api/admin/system/admins/{id}',
    operationId: 'staffDeactivateStaffAccount',
    summary: 'Deactivate a staff account',
    description: 'Super admin; the row is kept and the person’s staff sessions end (ADM-026).',
    specId: 'EP-ADM-85',
    tags,
    security: 'staff',
    params: idParams('admin_user_id'),
    request: staffAccountDeactivateBody,
    responses: { 200: ok('The deactivated staff account', staffAccountView) },
    errors: ['CONFLICT', 'LAST_SUPER_ADMIN'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/businesses',
    operationId: 'staffListBusinesses',
    summary: 'Search and filter all businesses',
    description:
      'Support+. `q` searches name, owner name, business phone, owner phone, email and subdomain; deleted ' +
      'businesses only with `status=deleted`. `format=csv` (Admin+) streams the whole filtered list as ' +
      'text/csv instead (ADM-700: formula guard, at most 50,000 rows, audited as `data_exported`).',
    specId: 'EP-ADM-02',
    tags,
    security: 'staff',
    query: adminBusinessesQuery,
    responses: { 200: list('One page of businesses', adminBusinessRow) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/businesses/{id}',
    operationId: 'staffGetBusiness',
    summary: 'Everything staff see on one business',
    description:
      'Support+. Status history, reviews, members, subscriptions, discounts, payments and refunds.',
    specId: 'ADM-155',
    tags,
    security: 'staff',
    params: idParams('business'),
    responses: { 200: ok('The business', adminBusinessDetail) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/businesses/{id}/transfer-ownership',
    operationId: 'staffTransferBusinessOwnership',
    summary: 'Transfer ownership of a business in one step',
    description:
      'Admin+. In one transaction `to_user_id` (an active user with a verified phone) becomes an owner and ' +
      'every other owner becomes `admin` or `employee`, or is removed (`old_owner_role`). CONFLICT when the ' +
      'person is already the only owner, is not an active verified user, or the business is deleted. ' +
      'Audited as `business_ownership_transferred`; people whose role changes are notified (ADM-175).',
    specId: 'ADM-176',
    tags,
    security: 'staff',
    params: idParams('business'),
    request: transferOwnershipBody,
    responses: { 200: ok('The new owner and what became of the previous owners', transferOwnershipView) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/users',
    operationId: 'staffListUsers',
    summary: 'Search and filter users',
    description:
      'Support+. `q` searches name, nickname, email and phone; deleted users only with `status=deleted`. ' +
      '`format=csv` (Admin+) streams the whole filtered list as text/csv instead (ADM-700, audited).',
    specId: 'EP-ADM-20',
    tags,
    security: 'staff',
    query: adminUsersQuery,
    responses: { 200: list('One page of users', adminUserRow) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/users/{id}',
    operationId: 'staffGetUser',
    summary: 'Everything staff see on one user',
    description: 'Support+.',
    specId: 'EP-ADM-21',
    tags,
    security: 'staff',
    params: idParams('user'),
    responses: { 200: ok('The user', adminUserDetail) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/users/{id}/data-export',
    operationId: 'staffExportUserData',
    summary: "Export one user's data (JSON)",
    description: 'Admin+. Served as an attachment; audited as `user_data_exported`.',
    specId: 'ADM-208',
    tags,
    security: 'staff',
    params: idParams('user'),
    responses: { 200: ok("The user's data", userDataExport) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/system/config',
    operationId: 'staffViewSystemConfig',
    summary: 'System configuration with launch-gate alerts',
    description: 'Super admin; read-only. Values change with `npm run config:set` on the server (ADM-456).',
    specId: 'EP-ADM-80',
    tags,
    security: 'staff',
    responses: { 200: ok('Every key, and a red alert per empty launch key', systemConfigView) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/fees',
    operationId: 'staffListFees',
    summary: 'The fee schedule, with history',
    description: 'Super admin.',
    specId: 'EP-ADM-53',
    tags,
    security: 'staff',
    query: feesQuery,
    responses: { 200: list('One page of fee rows', feeView) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/fees',
    operationId: 'staffCreateFee',
    summary: 'Set a new active price for a service type',
    description:
      'Super admin. The current active row is deactivated; payments already started keep their amount.',
    specId: 'ADM-460',
    tags,
    security: 'staff',
    request: feeCreateBody,
    responses: { 201: ok('The new active fee', feeView) },
  }),
  defineOperation({
    method: 'patch',
    path: '/api/admin/fees/{id}',
    operationId: 'staffUpdateFee',
    summary: 'Change a price (new row), a description, or (de)activate a fee',
    description: 'Super admin. A new price answers the new row.',
    specId: 'ADM-461',
    tags,
    security: 'staff',
    params: idParams('fee'),
    request: feeUpdateBody,
    responses: { 200: ok('The fee after the change', feeView) },
    errors: ['CONFLICT'],
  }),
];
