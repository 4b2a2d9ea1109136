import {
  addMemberBody,
  BUSINESS_ROLES,
  BUSINESS_STATUSES,
  BUSINESS_TIERS,
  businessTagChangeBody,
  changeMemberBody,
  CONTENT_CHANGE_TYPES,
  createBusinessBody,
  DEACTIVATION_REASONS,
  deactivateBusinessBody,
  REVIEW_STATES,
  rollbackBody,
  SERVICE_TYPES,
  updateBusinessBody,
  type ErrorCode,
} from '@tafuta/contracts';
import { z } from 'zod';
import { pageQuery, staffReasonOnly, tagCheckQuery } from '../../modules/businesses/businesses.routes.js';
import { defineOperation, list, ok, type Operation, type OperationInput } from '../operation.js';
import { e164, instant } from '../schemas.js';

/** §15.4 (EP-BIZ-01..05, -10..13, -20..23), EP-ME-10 and media.md's tag rows, from businesses.routes.ts. */

const tags = ['businesses'];
const params = z.object({
  id: z.uuid().describe('The business; anything else answers 404'),
});
const memberParams = params.extend({ user_id: z.uuid().describe('The member') });
const versionParams = params.extend({
  version: z.coerce.number().int().min(1).describe('A content version'),
});
const document = z.record(z.string(), z.unknown()).describe('content_json, schema version 1 (ui.md §9)');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const service = z.object({
  service_type: z.enum(SERVICE_TYPES),
  status: z.enum(['active', 'expired', 'cancelled']),
  expiration_date: date.describe('The first Nairobi day without the service (PAY-181)'),
  last_service_date: date.describe('The last day with the service (ERRATA 22)'),
});

const privateView = z.object({
  business_id: z.uuid(),
  business_tag: z.string(),
  business_name: z.string(),
  status: z.enum(BUSINESS_STATUSES),
  review_state: z.enum(REVIEW_STATES).nullable(),
  rejection_reason_code: z.string().nullable(),
  rejection_reason: z.string().nullable(),
  deactivation_reason: z.enum(DEACTIVATION_REASONS).nullable(),
  verification_tier: z.enum(BUSINESS_TIERS),
  categories: z.array(z.string()).describe('First = primary'),
  regions: z.array(z.string()).describe('First = primary'),
  city: z.string(),
  phone: e164,
  content_json: document,
  content_version: z.number().int().min(1),
  content_updated_at: instant,
  submitted_at: instant.nullable(),
  approved_at: instant.nullable(),
  your_role: z.enum(BUSINESS_ROLES).nullable().describe('Null for staff who are not members'),
  subdomain: z.string().nullable().describe('The assigned web address, if any'),
  subscriptions: z.array(service),
  created_at: instant,
});

const created = z.object({
  business_id: z.uuid(),
  business_tag: z.string(),
  status: z.literal('pending'),
  review_state: z.literal('awaiting_review'),
  content_version: z.literal(1),
});

const myBusiness = z.object({
  business_id: z.uuid(),
  business_name: z.string(),
  business_tag: z.string(),
  status: z.enum(BUSINESS_STATUSES),
  review_state: z.enum(REVIEW_STATES).nullable(),
  role: z.enum(BUSINESS_ROLES),
  verification_tier: z.enum(BUSINESS_TIERS),
  logo_url: z.string().nullable().describe('The logo (small), else the first profile photo; null for none'),
  subdomain: z.string().nullable(),
  services: z.array(service),
});

const editor = z.object({
  user_id: z.uuid().nullable().describe('Null for the system, and for staff when a member asks'),
  name: z.string().describe('"Tafuta team" for staff when a member asks (UI-HIST-02); "System"'),
});
const historyFields = {
  content_version: z.number().int().min(1),
  change_type: z.enum(CONTENT_CHANGE_TYPES),
  change_summary: z.string(),
  changed_by: editor,
  restored_from_version: z.number().int().nullable(),
  created_at: instant,
};

const member = z.object({
  user_id: z.uuid(),
  full_name: z.string(),
  nickname: z.string().nullable(),
  phone: e164.nullable(),
  role: z.enum(BUSINESS_ROLES),
  added_at: instant,
});

const staffNote = 'Staff in a staff session act through the "Tafuta staff" column of ROLE-05.';
const WRITE_ERRORS: ErrorCode[] = ['FORBIDDEN', 'BUSINESS_SUSPENDED', 'BUSINESS_NOT_EDITABLE'];

function businessOperation(input: Omit<OperationInput, 'tags' | 'security'>): Operation {
  return defineOperation({ ...input, tags, security: 'user' });
}

export const businessesOperations: Operation[] = [
  businessOperation({
    method: 'post',
    path: '/api/businesses',
    operationId: 'createBusiness',
    summary: 'Add a business; it waits for approval',
    description:
      'The caller becomes its owner (ROLE-04). `content` is any further part of the document (ui.md §9), ' +
      'merged before validation. Without `business_tag` the server picks one from the name (MEDIA-022).',
    specId: 'EP-BIZ-01',
    request: createBusinessBody,
    responses: { 201: ok('Created, pending approval', created) },
    errors: ['INVALID_PHONE', 'BUSINESS_TAG_INVALID', 'BUSINESS_TAG_TAKEN'],
  }),
  businessOperation({
    method: 'get',
    path: '/api/business-tags/check',
    operationId: 'checkBusinessTag',
    summary: 'Is a business tag valid and free? With a suggestion',
    description:
      '`valid`/`available` are null without `tag`; `suggestion` comes from `name` (or a taken tag).',
    specId: 'MEDIA-023',
    query: tagCheckQuery,
    responses: {
      200: ok(
        'The answer',
        z.object({
          valid: z.boolean().nullable(),
          available: z.boolean().nullable(),
          suggestion: z.string().nullable(),
        }),
      ),
    },
  }),
  businessOperation({
    method: 'get',
    path: '/api/users/me/businesses',
    operationId: 'listMyBusinesses',
    summary: "The caller's businesses with role, status and services",
    specId: 'EP-ME-10',
    query: pageQuery,
    responses: { 200: list('Businesses the caller belongs to, deleted ones left out', myBusiness) },
  }),
  businessOperation({
    method: 'get',
    path: '/api/businesses/{id}',
    operationId: 'getBusiness',
    summary: 'The private view of a business',
    description: `Members and Support+ only (ERRATA 14); \`id\` may also be the business tag. ${staffNote}`,
    specId: 'EP-BIZ-02',
    params: z.object({ id: z.string().describe('The business UUID or its business_tag') }),
    responses: { 200: ok('The business', privateView) },
  }),
  businessOperation({
    method: 'patch',
    path: '/api/businesses/{id}',
    operationId: 'updateBusinessContent',
    summary: 'Save content: a partial document merged into the current one',
    description:
      'UI-CJ-09: objects merge, arrays replace, null removes a key. A stale `base_version` answers 409 ' +
      'CONFLICT with `current_version`, `updated_at`, `updated_by` unless `force`. Staff must give ' +
      '`change_note` (ADM-156). An owner save of a business sent back for changes resubmits it (ADM-101).',
    specId: 'EP-BIZ-03',
    params,
    request: updateBusinessBody,
    responses: {
      200: ok(
        'Saved as a new version',
        z.object({ business: privateView, content_version: z.number().int() }),
      ),
    },
    errors: [...WRITE_ERRORS, 'CONFLICT'],
  }),
  businessOperation({
    method: 'get',
    path: '/api/businesses/{id}/content',
    operationId: 'getBusinessContent',
    summary: 'The current content document',
    specId: 'EP-BIZ-20',
    params,
    responses: {
      200: ok(
        'The document',
        z.object({ content_json: document, content_version: z.number().int(), updated_at: instant }),
      ),
    },
  }),
  businessOperation({
    method: 'get',
    path: '/api/businesses/{id}/content/history',
    operationId: 'listBusinessContentHistory',
    summary: 'Content versions, newest first',
    specId: 'EP-BIZ-21',
    params,
    query: pageQuery,
    responses: {
      200: list('Versions', z.object({ ...historyFields, is_current: z.boolean() })),
    },
  }),
  businessOperation({
    method: 'get',
    path: '/api/businesses/{id}/content/history/{version}',
    operationId: 'getBusinessContentVersion',
    summary: 'One content version as it was saved',
    specId: 'EP-BIZ-22',
    params: versionParams,
    responses: { 200: ok('The version', z.object({ ...historyFields, content_json: document })) },
  }),
  businessOperation({
    method: 'post',
    path: '/api/businesses/{id}/content/rollback',
    operationId: 'rollbackBusinessContent',
    summary: 'Restore an earlier version as a new version',
    description:
      'Manager or Support+; staff must give `reason`, are audited and the owners are told (ADM-159). ' +
      "Today's photos stay (UI-HIST-06). A stale `base_version` answers 409 CONFLICT.",
    specId: 'EP-BIZ-23',
    params,
    request: rollbackBody,
    responses: {
      200: ok(
        'The new version',
        z.object({ content_version: z.number().int(), restored_from_version: z.number().int() }),
      ),
    },
    errors: [...WRITE_ERRORS, 'CONFLICT'],
  }),
  businessOperation({
    method: 'post',
    path: '/api/businesses/{id}/deactivate',
    operationId: 'deactivateBusiness',
    summary: 'Hide the business: closed for now, or out of business',
    description: 'Owner only. From active or pending (out of business also from deactivated).',
    specId: 'EP-BIZ-04',
    params,
    request: deactivateBusinessBody,
    responses: { 200: ok('The business', privateView) },
    errors: ['FORBIDDEN', 'CONFLICT'],
  }),
  businessOperation({
    method: 'post',
    path: '/api/businesses/{id}/reactivate',
    operationId: 'reactivateBusiness',
    summary: 'Show the business again',
    description:
      'Owner only (ERRATA 11): deactivated → active if it was ever approved, otherwise back to review; ' +
      'out of business → back to review.',
    specId: 'EP-BIZ-05',
    params,
    request: z.strictObject({}),
    requestOptional: true,
    responses: { 200: ok('The business', privateView) },
    errors: ['FORBIDDEN', 'CONFLICT'],
  }),
  businessOperation({
    method: 'patch',
    path: '/api/businesses/{id}/business-tag',
    operationId: 'changeBusinessTag',
    summary: 'Change the business tag (renames the media folder)',
    description:
      'Owner or staff Admin+ (MEDIA-024). Needs `confirm: true`, otherwise CONFIRMATION_REQUIRED with ' +
      'the warning text (MEDIA-025).',
    specId: 'MEDIA-025',
    params,
    request: businessTagChangeBody,
    responses: { 200: ok('The business', privateView) },
    errors: [...WRITE_ERRORS, 'BUSINESS_TAG_INVALID', 'BUSINESS_TAG_TAKEN', 'CONFIRMATION_REQUIRED'],
  }),
  businessOperation({
    method: 'get',
    path: '/api/businesses/{id}/users',
    operationId: 'listBusinessMembers',
    summary: 'The team of a business',
    specId: 'EP-BIZ-10',
    params,
    query: pageQuery,
    responses: { 200: list('Members', member) },
  }),
  businessOperation({
    method: 'post',
    path: '/api/businesses/{id}/users',
    operationId: 'addBusinessMember',
    summary: 'Add a registered person to the team',
    description: `Managers add admins and employees, owners also owners; staff Admin+ give \`reason\`. ${staffNote}`,
    specId: 'EP-BIZ-11',
    params,
    request: addMemberBody,
    responses: {
      201: ok('Added', z.object({ user_id: z.uuid(), full_name: z.string(), role: z.enum(BUSINESS_ROLES) })),
    },
    errors: [...WRITE_ERRORS, 'INVALID_PHONE', 'ACCOUNT_NOT_FOUND', 'ALREADY_MEMBER'],
  }),
  businessOperation({
    method: 'patch',
    path: '/api/businesses/{id}/users/{user_id}',
    operationId: 'changeBusinessMemberRole',
    summary: "Change a member's role",
    description: 'ROLE-07; staff Admin+ give `reason`.',
    specId: 'EP-BIZ-12',
    params: memberParams,
    request: changeMemberBody,
    responses: { 200: ok('The member', member) },
    errors: [...WRITE_ERRORS, 'LAST_OWNER'],
  }),
  businessOperation({
    method: 'delete',
    path: '/api/businesses/{id}/users/{user_id}',
    operationId: 'removeBusinessMember',
    summary: 'Remove a member, or leave',
    description: 'ROLE-08; staff Admin+ give `reason`.',
    specId: 'EP-BIZ-13',
    params: memberParams,
    request: staffReasonOnly,
    requestOptional: true,
    responses: {
      200: ok('Removed', z.object({ user_id: z.uuid(), removed: z.literal(true) })),
    },
    errors: [...WRITE_ERRORS, 'LAST_OWNER'],
  }),
];
