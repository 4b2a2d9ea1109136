import { subdomainBody } from '@tafuta/contracts';
import { z } from 'zod';
import { availabilityQuery } from '../../modules/subdomains/subdomains.routes.js';
import { defineOperation, ok, type Operation } from '../operation.js';

/** EP-BIZ-06/07 as amended by ERRATA 1, from modules/subdomains/subdomains.routes.ts. */

const tags = ['businesses'];
const dnsStatus = z.enum(['none', 'pending', 'active', 'failed', 'removing', 'removed']);

const availability = z.object({
  subdomain: z.string().describe('The name as normalised: lower-cased, spaces turned into hyphens'),
  available: z.boolean(),
  reason: z.enum(['taken', 'reserved', 'invalid']).nullable(),
  suggestions: z.array(z.string()).max(3).describe('Up to three free names (UI-SUB-04)'),
});

const subdomainReply = z.object({
  subdomain: z.string(),
  website_url: z.string().describe('https://{subdomain}.{apex}/'),
  dns_status: dnsStatus.describe('`pending` until the DNS record exists (UI-SUB-08)'),
});

export const subdomainsOperations: Operation[] = [
  defineOperation({
    method: 'get',
    path: '/api/subdomains/availability',
    operationId: 'checkSubdomainAvailability',
    summary: 'Is a web address free? With suggestions',
    description:
      'Answers from the database only (INT-421). With `business_id` of a business the caller may view, ' +
      'suggestions come from its name and town; otherwise from the requested name.',
    specId: 'EP-BIZ-06',
    tags,
    security: 'user',
    query: availabilityQuery,
    responses: { 200: ok('Availability of the normalised name', availability) },
  }),
  defineOperation({
    method: 'put',
    path: '/api/businesses/{id}/subdomain',
    operationId: 'setBusinessSubdomain',
    summary: "Set or change a business's web address",
    description:
      'Owner or staff Admin+; needs active website hosting. At most one change per 30 days; the old name ' +
      'redirects for 90 days. The DNS record is created in the background (`dns_status`).',
    specId: 'EP-BIZ-07',
    tags,
    security: 'user',
    params: z.object({ id: z.uuid().describe('The business') }),
    request: subdomainBody,
    responses: { 200: ok('The address; DNS may still be pending', subdomainReply) },
    errors: [
      'FORBIDDEN',
      'BUSINESS_SUSPENDED',
      'BUSINESS_NOT_EDITABLE',
      'SERVICE_NOT_ACTIVE',
      'SUBDOMAIN_TAKEN',
      'CONFLICT',
    ],
  }),
];
