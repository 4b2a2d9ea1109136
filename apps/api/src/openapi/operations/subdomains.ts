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

const webAddressReply = z.object({
  current: z
    .object({
      subdomain: z.string(),
      website_url: z.string(),
      dns_status: dnsStatus.describe('`pending` until the DNS record exists (UI-SUB-08)'),
      assigned_at: z.string().nullable(),
      next_change_at: z
        .string()
        .nullable()
        .describe('When the 30-day limit lets the address change again; null when it may change now'),
    })
    .nullable()
    .describe('null while the business has no web address'),
  redirects: z
    .array(
      z.object({
        subdomain: z.string(),
        website_url: z.string(),
        redirect_until: z.string().describe('The old name redirects to the current one until then'),
      }),
    )
    .describe('Old names inside their 90-day redirect window (UI-SUB-06), latest first'),
});

export const subdomainsOperations: Operation[] = [
  defineOperation({
    method: 'get',
    path: '/api/businesses/{id}/subdomain',
    operationId: 'getBusinessWebAddress',
    summary: "A business's web address, its DNS state and old names still redirecting",
    description:
      'Any member of the business, or staff. Feeds the website editor (UI-WED-02): "Live" or "Setting ' +
      'up…", when the address may change next, and the redirecting old names.',
    specId: 'UI-WED-02',
    tags,
    security: 'user',
    params: z.object({ id: z.uuid().describe('The business') }),
    responses: { 200: ok('The address in use (or null) and the redirects', webAddressReply) },
    errors: ['NOT_FOUND'],
  }),
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
