import {
  approveBusinessBody,
  BUSINESS_STATUSES,
  BUSINESS_TIERS,
  businessVerificationBody,
  deleteBusinessBody,
  pendingQueueQuery,
  rejectBusinessBody,
  REVIEW_STATES,
  SLA_COLOURS,
  staffStatusReasonBody,
  suspendBusinessBody,
  type ErrorCode,
} from '@tafuta/contracts';
import { z } from 'zod';
import { defineOperation, list, ok, type HttpMethod } from '../operation.js';
import { e164, instant } from '../schemas.js';

/** EP-ADM-03..10 and back-in-business (admin.md §4, §5.4–5.5), from modules/approvals/approvals.routes.ts. */

const tags = ['staff'];
const params = z.object({ id: z.uuid().describe('The business; anything else answers 404') });

const queueItem = z.object({
  business_id: z.uuid(),
  business_tag: z.string(),
  business_name: z.string(),
  categories: z.array(z.string()).describe('Category slugs, the primary first'),
  regions: z.array(z.string()).describe('Region slugs, the primary first'),
  city: z.string(),
  phone: e164,
  email: z.string().nullable(),
  description_excerpt: z.string().nullable().describe('200 characters of the English or first description'),
  content_version: z.number().int().describe('Send it back with approve/reject (ADM-112)'),
  review_state: z.enum(REVIEW_STATES),
  submitted_at: instant,
  age_hours: z.number().int().min(0),
  sla: z.enum(SLA_COLOURS).describe('neutral under 12 h, amber 12–24 h, red over 24 h (approval_sla_hours)'),
  submitter: z.object({ user_id: z.uuid(), full_name: z.string(), phone: e164.nullable() }),
  possible_duplicates: z
    .number()
    .int()
    .min(0)
    .describe('Non-deleted businesses with the same phone, or the same name in a shared region'),
  rejection_count: z.number().int().min(0),
  rejection_reason_code: z.string().nullable().describe('Only in the changes_requested list'),
  rejection_reason: z.string().nullable(),
  rejected_at: instant.nullable(),
});

const queueSummary = z.object({
  total_pending: z.number().int().min(0),
  overdue: z.number().int().min(0),
  oldest_age_hours: z.number().int().min(0).nullable(),
  changes_requested: z.number().int().min(0),
});

const statusView = z.object({
  business_id: z.uuid(),
  business_tag: z.string(),
  business_name: z.string(),
  status: z.enum(BUSINESS_STATUSES),
  review_state: z.enum(REVIEW_STATES).nullable(),
  status_before_suspension: z.enum(BUSINESS_STATUSES).nullable(),
  status_reason_code: z.string().nullable(),
  status_reason: z.string().nullable(),
  status_changed_at: instant,
  verification_tier: z.enum(BUSINESS_TIERS),
  content_version: z.number().int(),
  submitted_at: instant.nullable(),
  approved_at: instant.nullable(),
  approved_content_version: z.number().int().nullable(),
  rejection_reason_code: z.string().nullable(),
  rejection_reason: z.string().nullable(),
  rejection_count: z.number().int().min(0),
  deleted_at: instant.nullable(),
});

const business = ok('The business after the change', statusView);

function action(input: {
  method?: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description: string;
  specId: string | null;
  request: z.ZodType;
  errors?: ErrorCode[];
}) {
  return defineOperation({
    method: input.method ?? 'post',
    path: `/api/admin/businesses/{id}${input.path}`,
    operationId: input.operationId,
    summary: input.summary,
    description: input.description,
    specId: input.specId,
    tags,
    security: 'staff',
    params,
    request: input.request,
    responses: { 200: business },
    errors: input.errors ?? ['CONFLICT'],
  });
}

export const approvalsOperations = [
  defineOperation({
    method: 'get',
    path: '/api/admin/businesses/pending',
    operationId: 'staffListPendingBusinesses',
    summary: 'The approval queue',
    description:
      'Staff role Support+. Businesses awaiting review (or, with `state=changes_requested`, those waiting ' +
      'for their owner), with age, SLA colour, submitter and possible duplicates; `summary` is the queue ' +
      'header over the whole queue (ADM-105..107).',
    specId: 'EP-ADM-03',
    tags,
    security: 'staff',
    query: pendingQueueQuery,
    responses: { 200: list('One page of the queue', queueItem, { summary: queueSummary }) },
  }),
  action({
    path: '/approve',
    operationId: 'staffApproveBusiness',
    summary: 'Approve a pending business',
    description:
      'Staff role Support+. Only a business awaiting review at the `content_version` reviewed; owners are ' +
      'told (ADM-110..113). 409 when already reviewed, changed since, or without an owner in good standing.',
    specId: 'EP-ADM-04',
    request: approveBusinessBody,
  }),
  action({
    path: '/reject',
    operationId: 'staffRejectBusiness',
    summary: 'Return a pending business to its owner with a reason',
    description:
      'Staff role Support+. `reason` is required with `other`; preset reasons reach owners in their ' +
      'language (ADM-111).',
    specId: 'EP-ADM-05',
    request: rejectBusinessBody,
  }),
  action({
    path: '/suspend',
    operationId: 'staffSuspendBusiness',
    summary: 'Suspend a business',
    description:
      'Staff role Admin+. Hidden everywhere; the prior status is kept for reinstatement (ADM-160).',
    specId: 'EP-ADM-06',
    request: suspendBusinessBody,
  }),
  action({
    path: '/reinstate',
    operationId: 'staffReinstateBusiness',
    summary: 'Lift a suspension',
    description: 'Staff role Admin+. Back to the status before the suspension (ERRATA 11, ADM-163).',
    specId: 'EP-ADM-07',
    request: staffStatusReasonBody,
  }),
  action({
    method: 'delete',
    path: '',
    operationId: 'staffDeleteBusiness',
    summary: 'Soft-delete a business',
    description:
      'Staff role Admin+. `confirm_name` must be the exact business name; active services are cancelled, ' +
      'web addresses reserved and their DNS records removed; `anonymise_contacts` blanks contact details in ' +
      'the content and its history (ADM-165).',
    specId: 'EP-ADM-08',
    request: deleteBusinessBody,
  }),
  action({
    method: 'patch',
    path: '/verification',
    operationId: 'staffSetBusinessVerification',
    summary: "Set a business's verification tier",
    description: 'Staff role Admin+; `verified` and `premium` show the badge (ADM-170..172).',
    specId: 'EP-ADM-09',
    request: businessVerificationBody,
  }),
  action({
    path: '/out-of-business',
    operationId: 'staffMarkBusinessOutOfBusiness',
    summary: 'Mark a business out of business',
    description: 'Staff role Admin+. Not listed; the record stays (ADM-160).',
    specId: 'EP-ADM-10',
    request: staffStatusReasonBody,
  }),
  action({
    path: '/back-in-business',
    operationId: 'staffMarkBusinessBackInBusiness',
    summary: 'Mark an out-of-business business open again',
    description: 'Staff role Admin+. Back to `active` (ADM-160, ERRATA 11).',
    specId: 'ADM-166',
    request: staffStatusReasonBody,
  }),
];
