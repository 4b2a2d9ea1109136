import {
  passwordLoginBody,
  passwordUpdateBody,
  phoneBody,
  registerBody,
  staffLoginBody,
  verifyOtpBody,
  type ErrorCode,
} from '@tafuta/contracts';
import { z } from 'zod';
import { defineOperation, ok } from '../operation.js';
import { e164, otpReply, profileView, sessionTimes, signInReply, staffRole } from '../schemas.js';

/** §15.2, from modules/auth/auth.routes.ts. */

const tags = ['auth'];
const OTP_ERRORS: ErrorCode[] = ['OTP_INVALID', 'OTP_EXPIRED', 'OTP_ATTEMPTS_EXCEEDED'];
const SEND_ERRORS: ErrorCode[] = [
  'INVALID_PHONE',
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_SUSPENDED',
  'ACCOUNT_LOCKED',
  'EXTERNAL_SERVICE_ERROR',
];

export const authOperations = [
  defineOperation({
    method: 'post',
    path: '/api/auth/register',
    operationId: 'register',
    summary: 'Create an account and send a verification code',
    description: 'A failed SMS still creates the account; the reply then says `otp_sent: false` (REG-12).',
    specId: 'EP-AUTH-01',
    tags,
    security: 'public',
    request: registerBody,
    responses: {
      201: ok(
        'Account created (phone not yet verified); a code was sent',
        otpReply.extend({ user_id: z.uuid(), phone: e164 }),
      ),
    },
    errors: ['INVALID_PHONE', 'PHONE_ALREADY_REGISTERED', 'EMAIL_ALREADY_USED', 'TERMS_VERSION_OUTDATED'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/auth/request-otp',
    operationId: 'requestOtp',
    summary: 'Send a sign-in code by SMS',
    specId: 'EP-AUTH-02',
    tags,
    security: 'public',
    request: phoneBody,
    responses: { 200: ok('A code was sent', otpReply) },
    errors: SEND_ERRORS,
  }),
  defineOperation({
    method: 'post',
    path: '/api/auth/verify-otp',
    operationId: 'verifyOtp',
    summary: 'Sign in with the code sent by SMS',
    description: 'Sets the `tafuta_session` cookie. The first correct code verifies the phone (USR-12).',
    specId: 'EP-AUTH-03',
    tags,
    security: 'public',
    request: verifyOtpBody,
    responses: { 200: ok('Signed in', signInReply) },
    errors: ['INVALID_PHONE', ...OTP_ERRORS, 'ACCOUNT_NOT_FOUND', 'ACCOUNT_LOCKED', 'ACCOUNT_SUSPENDED'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/auth/login/password',
    operationId: 'signInWithPassword',
    summary: 'Sign in with phone and password',
    description: 'Sets the `tafuta_session` cookie.',
    specId: 'EP-AUTH-04',
    tags,
    security: 'public',
    request: passwordLoginBody,
    responses: { 200: ok('Signed in', signInReply) },
    errors: ['INVALID_CREDENTIALS', 'PASSWORD_NOT_SET', 'ACCOUNT_LOCKED', 'ACCOUNT_SUSPENDED'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'signOut',
    summary: 'Sign out this device',
    description: 'Harmless without a session; the cookie is cleared either way.',
    specId: 'EP-AUTH-05',
    tags,
    security: 'public',
    responses: { 200: ok('Signed out', z.object({ signed_out: z.literal(true) })) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/auth/logout-all',
    operationId: 'signOutEverywhere',
    summary: 'Sign out every device',
    description: 'Revokes every session of the account, clears the cookie and sends a security SMS.',
    specId: 'EP-AUTH-06',
    tags,
    security: 'session',
    responses: {
      200: ok('Every session was revoked', z.object({ sessions_revoked: z.number().int().min(0) })),
    },
  }),
  defineOperation({
    method: 'post',
    path: '/api/auth/password/reset',
    operationId: 'requestPasswordReset',
    summary: 'Send a code for setting a new password',
    specId: 'EP-AUTH-07',
    tags,
    security: 'public',
    request: phoneBody,
    responses: { 200: ok('A code was sent', otpReply) },
    errors: SEND_ERRORS,
  }),
  defineOperation({
    method: 'post',
    path: '/api/auth/password/update',
    operationId: 'updatePasswordWithCode',
    summary: 'Set a new password with the code sent by SMS',
    description: 'Every session ends; this device gets a new one (PWD-04).',
    specId: 'EP-AUTH-08',
    tags,
    security: 'public',
    request: passwordUpdateBody,
    responses: {
      200: ok('Password set and signed in', z.object({ user: profileView, session: sessionTimes })),
    },
    errors: [
      'INVALID_PHONE',
      'WEAK_PASSWORD',
      ...OTP_ERRORS,
      'ACCOUNT_NOT_FOUND',
      'ACCOUNT_LOCKED',
      'ACCOUNT_SUSPENDED',
    ],
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/auth/login',
    operationId: 'staffSignIn',
    summary: 'Staff sign-in by email and password',
    description:
      'Sets a staff-scope `tafuta_session` cookie (LGN-05). Non-staff accounts get INVALID_CREDENTIALS.',
    specId: 'EP-AUTH-09',
    tags,
    security: 'public',
    request: staffLoginBody,
    responses: {
      200: ok(
        'Signed in to a staff session',
        z.object({ user: profileView, staff_role: staffRole, session: sessionTimes }),
      ),
    },
    // ERRATA 7: a locked staff account answers INVALID_CREDENTIALS too, not ACCOUNT_LOCKED.
    errors: ['INVALID_CREDENTIALS', 'ACCOUNT_SUSPENDED'],
  }),
];
