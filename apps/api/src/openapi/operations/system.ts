import { healthSchema } from '@tafuta/contracts';
import { z } from 'zod';
import { defineOperation, list, ok } from '../operation.js';
import { outboxEntry, termsVersion } from '../schemas.js';

/** §15.1 (what is built so far) and the dev outbox. */
export const systemOperations = [
  defineOperation({
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    summary: 'Health check for monitoring',
    description: 'Flat JSON, not the envelope (API-13). Never cached.',
    specId: 'EP-SYS-01',
    tags: ['system'],
    security: 'public',
    responses: {
      200: {
        description: 'The service and its database are up',
        schema: healthSchema.extend({ status: z.literal('healthy'), database: z.literal('connected') }),
      },
      503: {
        description: 'The database cannot be reached',
        schema: healthSchema.extend({ status: z.literal('unhealthy'), database: z.literal('disconnected') }),
      },
    },
  }),
  defineOperation({
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    description: 'The same document as docs/openapi.json; not wrapped in the envelope.',
    specId: 'API-15',
    tags: ['system'],
    security: 'public',
    responses: {
      200: {
        description: 'The OpenAPI document',
        schema: z
          .object({ openapi: z.string().regex(/^3\.1\./), paths: z.record(z.string(), z.unknown()) })
          .loose(),
      },
    },
  }),
  defineOperation({
    method: 'get',
    path: '/api/terms/current',
    operationId: 'getCurrentTerms',
    summary: 'The terms of service and privacy policy versions in force',
    specId: 'EP-SYS-02',
    tags: ['system'],
    security: 'public',
    responses: {
      200: ok(
        'The current version of each document (null while none is published)',
        z.object({ terms_of_service: termsVersion.nullable(), privacy_policy: termsVersion.nullable() }),
      ),
    },
  }),
  defineOperation({
    method: 'get',
    path: '/api/dev/outbox',
    operationId: 'listDevOutbox',
    summary: 'Messages the built-in SMS and email simulators received, newest first',
    description: 'Mounted only outside production, next to the simulators (README "Trying it out").',
    specId: null,
    tags: ['dev'],
    security: 'public',
    nonProduction: true,
    // Local to dev-outbox.routes.ts (not exported), so described again here.
    query: z.strictObject({
      page: z.coerce.number().int().min(1).default(1),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
    responses: { 200: list('One page of simulated messages', outboxEntry) },
  }),
];
