import {
  consentBody,
  deactivateBody,
  notificationsReadBody,
  passwordChangeBody,
  preferencesBody,
  profileUpdateBody,
  unsubscribeBody,
} from '@tafuta/contracts';
import { z } from 'zod';
import { defineOperation, list, ok } from '../operation.js';
import { inAppNotification, instant, marketingPreferences, profileView } from '../schemas.js';

/** §15.3, from modules/users/users.routes.ts and profile-photo.routes.ts. */

const tags = ['me'];
const sessionsRevoked = z.object({ sessions_revoked: z.number().int().min(0) });

export const usersOperations = [
  defineOperation({
    method: 'get',
    path: '/api/users/me',
    operationId: 'getMe',
    summary: 'The signed-in person',
    description: 'Also answers in a restricted session (deactivated, or new terms not yet accepted; SES-13).',
    specId: 'EP-ME-01',
    tags,
    security: 'session',
    responses: { 200: ok('The profile view', profileView) },
  }),
  defineOperation({
    method: 'patch',
    path: '/api/users/me',
    operationId: 'updateMe',
    summary: 'Change profile fields',
    description: '`phone`, `status`, `verification_tier` and `password` are refused by name (API-08).',
    specId: 'EP-ME-02',
    tags,
    security: 'user',
    request: profileUpdateBody,
    responses: { 200: ok('The updated profile view', profileView) },
    errors: ['EMAIL_ALREADY_USED'],
  }),
  defineOperation({
    method: 'patch',
    path: '/api/users/me/password',
    operationId: 'changeMyPassword',
    summary: 'Change the password',
    description: 'Every other session of the account is revoked.',
    specId: 'EP-ME-03',
    tags,
    security: 'user',
    request: passwordChangeBody,
    responses: { 200: ok('Password changed', sessionsRevoked) },
    errors: ['PASSWORD_NOT_SET', 'INVALID_CREDENTIALS', 'WEAK_PASSWORD'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/users/me/photo',
    operationId: 'uploadMyPhoto',
    summary: 'Upload a profile photo',
    description:
      'JPEG or PNG by signature, at most 2 MB, 32 px to 50 megapixels (MEDIA-300); EXIF orientation applied, ' +
      'the largest centred square kept, metadata stripped, stored as a 256×256 WebP (MEDIA-301/302). The reply ' +
      'is the new `profile_photo_url`, `/api/users/{user_id}/photo?v={Unix seconds of upload}` (MEDIA-303).',
    specId: 'EP-ME-04',
    tags,
    security: 'user',
    request: z.object({ file: z.file().describe('JPEG or PNG, at most 2 MB') }),
    requestContentTypes: ['multipart/form-data'],
    responses: { 200: ok('Photo saved', z.object({ profile_photo_url: z.string() })) },
    errors: [
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'INVALID_IMAGE',
      'IMAGE_DIMENSIONS_INVALID',
      'RATE_LIMIT_EXCEEDED',
      'STORAGE_FULL',
    ],
  }),
  defineOperation({
    method: 'delete',
    path: '/api/users/me/photo',
    operationId: 'deleteMyPhoto',
    summary: 'Remove the profile photo',
    specId: 'EP-ME-05',
    tags,
    security: 'user',
    responses: { 200: ok('Photo removed', z.object({ profile_photo_url: z.null() })) },
  }),
  defineOperation({
    method: 'get',
    path: '/api/users/{id}/photo',
    operationId: 'getUserPhoto',
    summary: 'A profile photo',
    description:
      'MEDIA-305: profile photos are personal data. The bytes go only to the user themself, people linked ' +
      'to a business the user is linked to, and staff in a staff session; anyone else — without a session ' +
      'too — and a user without a photo get 404 (API-09). Not in the envelope: the WebP itself, with ' +
      '`Cache-Control: private, max-age=86400`.',
    specId: 'MEDIA-305',
    tags,
    security: 'public',
    params: z.object({ id: z.uuid().describe('The user; anything else answers 404') }),
    responses: {
      200: {
        description: 'The photo, a 256×256 WebP',
        schema: z.file().describe('WebP bytes'),
        contentType: 'image/webp',
      },
    },
  }),
  defineOperation({
    method: 'patch',
    path: '/api/users/me/preferences',
    operationId: 'updateMyPreferences',
    summary: 'Change marketing choices',
    description: 'Writes consent events with `source = profile`.',
    specId: 'EP-ME-06',
    tags,
    security: 'user',
    request: preferencesBody,
    responses: { 200: ok('The preferences now', marketingPreferences) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/users/me/consent',
    operationId: 'acceptCurrentTerms',
    summary: 'Accept the current terms and privacy policy',
    specId: 'EP-ME-07',
    tags,
    security: 'session',
    request: consentBody,
    responses: {
      200: ok(
        'Consent recorded',
        z.object({ terms_version: z.string(), privacy_version: z.string(), consented_at: instant }),
      ),
    },
    errors: ['TERMS_VERSION_OUTDATED'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/users/me/deactivate',
    operationId: 'deactivateMe',
    summary: 'Deactivate the account',
    description: 'Every session is revoked and the cookie cleared. The body may be left out.',
    specId: 'EP-ME-08',
    tags,
    security: 'session',
    request: deactivateBody,
    requestOptional: true,
    responses: { 200: ok('Account deactivated', z.object({ status: z.literal('deactivated') })) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/users/me/reactivate',
    operationId: 'reactivateMe',
    summary: 'Reactivate a deactivated account',
    specId: 'EP-ME-09',
    tags,
    security: 'session',
    responses: { 200: ok('Account active again', z.object({ status: z.literal('active') })) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/users/me/notifications',
    operationId: 'listMyNotifications',
    summary: 'In-app notifications, newest first',
    specId: 'EP-ME-11',
    tags,
    security: 'user',
    // Local to users.routes.ts (not exported), so described again here.
    query: z.strictObject({
      page: z.coerce.number().int().min(1).max(10_000).default(1),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      unread_only: z.enum(['true', 'false']).optional(),
    }),
    responses: {
      200: list('One page of notifications, with the unread count', inAppNotification, {
        unread_count: z.number().int().min(0),
      }),
    },
  }),
  defineOperation({
    method: 'post',
    path: '/api/users/me/notifications/read',
    operationId: 'markMyNotificationsRead',
    summary: 'Mark notifications read',
    specId: 'EP-ME-12',
    tags,
    security: 'user',
    request: notificationsReadBody,
    responses: { 200: ok('What is left unread', z.object({ unread_count: z.number().int().min(0) })) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/preferences/unsubscribe',
    operationId: 'unsubscribe',
    summary: 'Stop marketing on one channel with the token from a message',
    description:
      'The token comes in the JSON body, or in the query for List-Unsubscribe one-click posts ' +
      '(ERRATA 24), whose form body is accepted and ignored.',
    specId: 'EP-ME-13',
    tags,
    security: 'public',
    query: z.object({ token: z.string().optional().describe('Takes precedence over the body') }),
    request: unsubscribeBody,
    requestOptional: true,
    responses: {
      200: ok(
        'Marketing turned off on that channel',
        z.object({ channel: z.enum(['sms', 'email']), opted_in: z.literal(false) }),
      ),
    },
    errors: ['NOT_FOUND'],
  }),
];
