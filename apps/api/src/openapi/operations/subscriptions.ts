import { z } from 'zod';
import {
  adjustBody,
  grantBody,
  subscriptionReply,
} from '../../modules/subscriptions/subscriptions.schema.js';
import { defineOperation, ok, type Operation } from '../operation.js';

/** Manual adjustments and complimentary grants (admin.md ADM-350..353, ERRATA 10). */

const tags = ['staff'];

export const subscriptionsOperations: Operation[] = [
  defineOperation({
    method: 'patch',
    path: '/api/subscriptions/{id}/adjust',
    operationId: 'adjustSubscription',
    summary: 'Adjust a subscription (Admin+)',
    description:
      'One ADM-350 `adjustment_type` per call, reason required. Audited with old and new values; Owners ' +
      'notified; never a transaction or receipt.',
    specId: 'ADM-350',
    tags,
    security: 'staff',
    params: z.object({ id: z.uuid().describe('The subscription') }),
    request: adjustBody,
    responses: { 200: ok('The subscription after the change', subscriptionReply) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/admin/businesses/{id}/subscriptions',
    operationId: 'grantComplimentarySubscription',
    summary: 'Grant complimentary months of a service the business does not have (Admin+)',
    specId: 'ADM-351',
    tags,
    security: 'staff',
    params: z.object({ id: z.uuid().describe('The business') }),
    request: grantBody,
    responses: { 201: ok('The new complimentary subscription', subscriptionReply) },
    errors: ['CONFLICT'],
  }),
];
