import {
  staffDeleteUserBody,
  staffReason,
  staffReasonBody,
  staffVerificationBody,
  text,
  type ErrorCode,
} from '@tafuta/contracts';
import { z } from 'zod';
import { defineOperation, ok } from '../operation.js';
import { otpReply, profileView } from '../schemas.js';

/** §15.7 rows built so far, from modules/users/staff-users.routes.ts and phone-change.routes.ts. */

const tags = ['staff'];
const params = z.object({ id: z.uuid().describe('The user; anything else answers 404') });
const person = ok('The person after the change', profileView);

function reasonAction(input: {
  action: 'suspend' | 'reinstate' | 'unlock';
  operationId: string;
  summary: string;
  specId: string;
  role: string;
  errors: ErrorCode[];
}) {
  return defineOperation({
    method: 'post',
    path: `/api/admin/users/{id}/${input.action}`,
    operationId: input.operationId,
    summary: input.summary,
    description: `Staff role ${input.role}; audited with the reason.`,
    specId: input.specId,
    tags,
    security: 'staff',
    params,
    request: staffReasonBody,
    responses: { 200: person },
    errors: input.errors,
  });
}

// Local to phone-change.routes.ts (not exported), so described again here.
const phoneChangeStartBody = z.strictObject({ new_phone: text({ min: 1, max: 32 }) });
const phoneChangeConfirmBody = z.strictObject({
  new_phone: text({ min: 1, max: 32 }),
  code: z.string().regex(/^\d{6}$/),
  reason: staffReason,
});

export const staffUsersOperations = [
  reasonAction({
    action: 'suspend',
    operationId: 'staffSuspendUser',
    summary: 'Suspend a user account',
    specId: 'EP-ADM-22',
    role: 'Admin+',
    errors: ['CONFLICT'],
  }),
  reasonAction({
    action: 'reinstate',
    operationId: 'staffReinstateUser',
    summary: 'Reinstate a suspended user account',
    specId: 'EP-ADM-23',
    role: 'Admin+',
    errors: ['CONFLICT'],
  }),
  reasonAction({
    action: 'unlock',
    operationId: 'staffUnlockUser',
    summary: 'Lift a sign-in lock',
    specId: 'EP-ADM-26',
    role: 'Support+',
    errors: [],
  }),
  defineOperation({
    method: 'patch',
    path: '/api/admin/users/{id}/verification',
    operationId: 'staffSetUserVerification',
    summary: "Set a user's verification tier",
    description: 'Staff role Admin+; never back to `unverified` (USR-13).',
    specId: 'EP-ADM-25',
    tags,
    security: 'staff',
    params,
    request: staffVerificationBody,
    responses: { 200: person },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'delete',
    path: '/api/admin/users/{id}',
    operationId: 'staffDeleteUser',
    summary: 'Delete and anonymise a user account',
    description: "Staff role Admin+. `confirm` is the user's phone number (ERRATA 19).",
    specId: 'EP-ADM-24',
    tags,
    security: 'staff',
    params,
    request: staffDeleteUserBody,
    responses: {
      200: ok('Account deleted', z.object({ user_id: z.uuid(), status: z.literal('deleted') })),
    },
    errors: ['SOLE_OWNER', 'CONFLICT'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/users/{id}/phone-change/start',
    operationId: 'staffStartPhoneChange',
    summary: 'Send a code to the new phone of a user',
    description: 'Staff role Admin+, after checking identity in person (ACC-11).',
    specId: 'EP-ADM-27',
    tags,
    security: 'staff',
    params,
    request: phoneChangeStartBody,
    responses: { 200: ok('A code was sent to the new phone', otpReply) },
    errors: ['INVALID_PHONE', 'PHONE_ALREADY_REGISTERED', 'CONFLICT', 'EXTERNAL_SERVICE_ERROR'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/users/{id}/phone-change/confirm',
    operationId: 'staffConfirmPhoneChange',
    summary: "Change a user's phone with the code the new phone received",
    description: 'Staff role Admin+.',
    specId: 'EP-ADM-28',
    tags,
    security: 'staff',
    params,
    request: phoneChangeConfirmBody,
    responses: { 200: person },
    errors: [
      'INVALID_PHONE',
      'OTP_INVALID',
      'OTP_EXPIRED',
      'OTP_ATTEMPTS_EXCEEDED',
      'PHONE_ALREADY_REGISTERED',
    ],
  }),
];
