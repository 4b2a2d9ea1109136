import type { QuoteReply } from '@tafuta/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api';
import { markPending, type Cart } from '../../../lib/config/cart';
import { cartItems, initiatePayment, type InitiateInput } from './services-api';

/** PAY-109: "P051234567X" — A (person) or P (company), nine digits, a letter. */
export const KRA_PIN = /^[AP]\d{9}[A-Z]$/;

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type CheckoutOutcome =
  { kind: 'redirecting' } | { kind: 'total_changed'; total: string } | { kind: 'failed'; error: unknown };

/**
 * UI-SVC-08 / PAY-105..106: one tap starts one payment. The `Idempotency-Key` belongs to the attempt —
 * the same cart retried after a lost answer reuses it, so the server replays the first payment instead
 * of raising a second PesaPal order; a changed cart or a changed total is a new attempt with a new key.
 * A 409 carrying a new quote replaces the shown figures and asks the owner to confirm again.
 */
export function useCheckout(input: {
  cart: Cart;
  quoteKey: readonly unknown[];
  update: (change: (cart: Cart) => Cart) => void;
}) {
  const queryClient = useQueryClient();
  const attempt = useRef<{ signature: string; key: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<CheckoutOutcome | null>(null);

  // Back from PesaPal's page through the browser's back button, the page may come from the back-forward
  // cache still "opening PesaPal": wake the button. The attempt's key is kept, so paying the same cart
  // again replays that payment instead of raising a second order (PAY-106).
  useEffect(() => {
    const onShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      setBusy(false);
      setOutcome(null);
    };
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, []);

  const pay = async (extras: Pick<InitiateInput, 'subdomains' | 'buyer_kra_pins'>, total: string) => {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    const body: InitiateInput = { items: cartItems(input.cart.lines), ...extras, expected_total_kes: total };
    const signature = JSON.stringify(body);
    if (attempt.current?.signature !== signature) attempt.current = { signature, key: newKey() };
    try {
      const reply = await initiatePayment(body, attempt.current.key);
      const paidLines = input.cart.lines;
      input.update((cart) => markPending(cart, reply.payment_id, paidLines));
      setOutcome({ kind: 'redirecting' });
      // The same tab goes to PesaPal's page (UI-SVC-08); the button stays disabled while it loads.
      window.location.assign(reply.redirect_url);
    } catch (error) {
      const fresh = error instanceof ApiError ? (error.extra.quote as QuoteReply | undefined) : undefined;
      if (error instanceof ApiError && error.code === 'CONFLICT' && fresh) {
        queryClient.setQueryData(input.quoteKey, fresh);
        attempt.current = null;
        setOutcome({ kind: 'total_changed', total: fresh.amount_kes });
      } else {
        setOutcome({ kind: 'failed', error });
      }
      setBusy(false);
    }
  };

  return { pay, busy, outcome };
}
