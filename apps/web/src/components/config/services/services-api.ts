import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  InitiateReply,
  OwnerDiscount,
  PricingReply,
  QuoteReply,
  SubscriptionView,
} from '@tafuta/contracts';
import { apiGet, apiGetPage, apiSend, shouldRetry } from '../../../lib/api';
import type { CartLine } from '../../../lib/config/cart';

/**
 * The payments endpoints the services, cart and transactions screens read (payments.md §11). Types come
 * from the shared contracts (type-only imports: no zod in the browser).
 */

const FIVE_MINUTES = 5 * 60_000;

export const subscriptionsKey = (businessId: string) => ['config', 'subscriptions', businessId] as const;

export function usePricing(enabled = true) {
  return useQuery({
    queryKey: ['config', 'pricing'],
    queryFn: ({ signal }) => apiGet<PricingReply>('/services/pricing', { signal }),
    enabled,
    staleTime: FIVE_MINUTES,
    retry: shouldRetry,
  });
}

export function useSubscriptions(businessId: string) {
  return useQuery({
    queryKey: subscriptionsKey(businessId),
    queryFn: async ({ signal }) =>
      (
        await apiGetPage<SubscriptionView>(`/businesses/${businessId}/subscriptions`, {
          signal,
          query: { limit: 20 },
        })
      ).items,
    retry: shouldRetry,
  });
}

/** PAY-088 / ERRATA 23: Owners and business Admins only. */
export function useDiscounts(businessId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['config', 'discounts', businessId],
    queryFn: async ({ signal }) =>
      (
        await apiGetPage<OwnerDiscount>(`/businesses/${businessId}/discounts`, {
          signal,
          query: { limit: 20 },
        })
      ).items,
    enabled,
    retry: shouldRetry,
  });
}

export const cartItems = (lines: readonly CartLine[]) =>
  lines.map(({ business_id, service_type, months }) => ({ business_id, service_type, months }));

/**
 * PAY-104: the server's prices for the cart as it stands. A change of the cart is a new key, so
 * TanStack Query aborts the request still running for the old one (its signal) and shows the last
 * answer until the new one lands. Addresses and PINs are checked at initiation, so a half-typed
 * address never blanks the totals.
 */
export const quoteKey = (lines: readonly CartLine[]) => ['config', 'quote', cartItems(lines)] as const;

export function useQuote(lines: readonly CartLine[]) {
  const items = cartItems(lines);
  return useQuery({
    queryKey: quoteKey(lines),
    queryFn: ({ signal }) => apiSend<QuoteReply>('POST', '/payments/quote', { items }, { signal }),
    enabled: items.length > 0,
    placeholderData: keepPreviousData,
    retry: shouldRetry,
    staleTime: 30_000,
  });
}

export interface InitiateInput {
  items: ReturnType<typeof cartItems>;
  subdomains: { business_id: string; subdomain: string }[];
  buyer_kra_pins: { business_id: string; buyer_kra_pin: string | null }[];
  expected_total_kes: string;
}

/** PAY-105: `Idempotency-Key` is made once per attempt by the caller (useCheckout). */
export function initiatePayment(body: InitiateInput, idempotencyKey: string) {
  return apiSend<InitiateReply>('POST', '/payments/initiate', body, {
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}
