import {
  cancelReply,
  createDiscountBody,
  initiateBody,
  initiateReply,
  ownerDiscount,
  pricingReply,
  quoteBody,
  quoteReply,
  revokeDiscountBody,
  staffDiscount,
  subscriptionView,
  updateDiscountBody,
} from '@tafuta/contracts';
import { z } from 'zod';
import { pageQuery, staffDiscountsQuery } from '../../modules/payments/discounts.routes.js';
import { subscriptionsQuery } from '../../modules/payments/subscriptions-view.routes.js';
import { defineOperation, list, ok, type Operation } from '../operation.js';

/**
 * Prices, discounts, checkout and the subscriptions view (modules/payments: pricing, discounts, checkout,
 * subscriptions-view routes). Payment status and the IPN are in settlement.ts.
 */

const tags = ['payments'];
const businessParams = z.object({ id: z.uuid().describe('The business') });
const discountParams = z.object({ id: z.uuid().describe('The discount') });
const paymentParams = z.object({ payment_id: z.uuid().describe('The payment (PesaPal merchant reference)') });
const cartErrors = ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSINESS_SUSPENDED', 'SUBDOMAIN_TAKEN'] as const;

export const paymentsOperations: Operation[] = [
  defineOperation({
    method: 'get',
    path: '/api/services/pricing',
    operationId: 'getServicePricing',
    summary: 'Prices of the paid services per month, with VAT',
    description:
      'Net list price, VAT and gross per month at the active fee and the current `vat_rate` (PAY-027, ' +
      'ERRATA 23). A service without an active fee is `purchasable: false` with null prices. ' +
      'Cacheable: `Cache-Control: public, max-age=300` (API-12).',
    specId: 'EP-SYS-04',
    tags,
    security: 'public',
    responses: { 200: ok('One row per service type and the VAT rate', pricingReply) },
  }),
  defineOperation({
    method: 'post',
    path: '/api/payments/quote',
    operationId: 'quotePayment',
    summary: 'Price a cart (no side effects)',
    description:
      'Up to 10 businesses the caller owns, one line per service per business, 1–12 whole months each ' +
      '(PAY-101). Every PAY-103 rule is checked; the reply gives per line list price, discount, net, VAT, ' +
      'total and the expiry if paid today (PAY-104). `subdomain_required` marks hosting bought without a ' +
      'web address: initiation then needs a `subdomains` entry.',
    specId: 'EP-PAY-01',
    tags,
    security: 'user',
    request: quoteBody,
    responses: { 200: ok('The priced cart', quoteReply) },
    errors: [...cartErrors],
  }),
  defineOperation({
    method: 'post',
    path: '/api/payments/initiate',
    operationId: 'initiatePayment',
    summary: 'Start a payment: one PesaPal order for the whole cart',
    description:
      'Header `Idempotency-Key` (UUID) required: the same key and cart within 24 h replays the first ' +
      'reply (same payment, no second order); the same key with another cart answers 409 ' +
      '`IDEMPOTENCY_CONFLICT`. A total that no longer matches `expected_total_kes` answers 409 `CONFLICT` ' +
      'with the new quote in `error.quote`, creating nothing. PesaPal unreachable: 502 and the payment is ' +
      '`failed`; PesaPal refusing the order: 402. 10 per user per hour (PAY-105..107, PAY-320).',
    specId: 'EP-PAY-02',
    tags,
    security: 'user',
    request: initiateBody,
    responses: { 201: ok('The pending payment and where to pay it', initiateReply) },
    errors: [...cartErrors, 'IDEMPOTENCY_CONFLICT', 'PAYMENT_FAILED', 'EXTERNAL_SERVICE_ERROR'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/payments/{payment_id}/cancel',
    operationId: 'cancelPayment',
    summary: 'Cancel my pending payment',
    description:
      'The payer only (anyone else: 404). Only a `pending` payment (409 otherwise); its transactions ' +
      'fail with reason `cancelled` and held web addresses are released (PAY-108). A late PesaPal ' +
      'completion is still credited (PAY-156).',
    specId: 'PAY-108',
    tags,
    security: 'user',
    params: paymentParams,
    requestOptional: true,
    responses: { 200: ok('The cancelled payment', cancelReply) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/businesses/{id}/subscriptions',
    operationId: 'listBusinessSubscriptions',
    summary: "A business's services: status, expiry, time left",
    description:
      'Every team member and Support+ staff (PAY-191). One row per service type, `none` when never bought; ' +
      '`last_service_date` is the day before `expiration_date` (ERRATA 22).',
    specId: 'EP-PAY-04',
    tags,
    security: 'user',
    params: businessParams,
    query: subscriptionsQuery,
    responses: { 200: list('One row per service type', subscriptionView) },
    errors: ['FORBIDDEN'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/businesses/{id}/discounts',
    operationId: 'listBusinessDiscounts',
    summary: "A business's active discounts",
    description:
      'Owners and business Admins (ERRATA 23) and Support+ staff. Highest first; `applies_at_checkout` ' +
      'marks the one checkout uses (PAY-083: never stacked).',
    specId: 'EP-PAY-07',
    tags,
    security: 'user',
    params: businessParams,
    query: pageQuery,
    responses: { 200: list('Active discounts', ownerDiscount) },
    errors: ['FORBIDDEN'],
  }),
  defineOperation({
    method: 'post',
    path: '/api/discounts',
    operationId: 'createDiscount',
    summary: 'Grant a discount (staff Admin+)',
    description:
      '1–90 %, valid `valid_months` (1–24, default 12) from today; applies to payments initiated from now ' +
      'on (PAY-080..085, ADM-320). Audited `applied_discount`.',
    specId: 'ADM-320',
    tags: ['staff'],
    security: 'staff',
    request: createDiscountBody,
    responses: { 201: ok('The discount', staffDiscount) },
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  defineOperation({
    method: 'patch',
    path: '/api/discounts/{id}',
    operationId: 'updateDiscount',
    summary: 'Renew or correct a discount (staff Admin+)',
    description:
      '`valid_months` renews from today; the review date and reviewer are recorded (PAY-086). Reason ' +
      'required; audited `discount_updated`. Only an active discount (409 otherwise).',
    specId: 'ADM-320',
    tags: ['staff'],
    security: 'staff',
    params: discountParams,
    request: updateDiscountBody,
    responses: { 200: ok('The discount', staffDiscount) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'delete',
    path: '/api/discounts/{id}',
    operationId: 'revokeDiscount',
    summary: 'Revoke a discount (staff Admin+)',
    description:
      'Nothing is deleted: the discount becomes `revoked` and applies to no payment initiated afterwards; ' +
      'pending payments keep their amounts (PAY-087). Reason required; audited `revoked_discount`.',
    specId: 'ADM-320',
    tags: ['staff'],
    security: 'staff',
    params: discountParams,
    request: revokeDiscountBody,
    responses: { 200: ok('The revoked discount', staffDiscount) },
    errors: ['CONFLICT'],
  }),
  defineOperation({
    method: 'get',
    path: '/api/admin/discounts',
    operationId: 'listDiscounts',
    summary: 'Discounts by business and status (staff)',
    description: 'Support+ (ADM-003 "view discounts"); newest grant first (ADM-320).',
    specId: 'ADM-320',
    tags: ['staff'],
    security: 'staff',
    query: staffDiscountsQuery,
    responses: { 200: list('Discounts', staffDiscount) },
  }),
];
