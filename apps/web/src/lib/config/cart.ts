import { useCallback, useSyncExternalStore } from 'react';
import { SERVICE_TYPES, type ServiceTypeName } from '@tafuta/contracts/constants';
import { CART_KEY_PREFIX, cartKey } from './cart-key';

export { cartKey };

/**
 * The owner's checkout cart across businesses (ERRATA 3; payments.md PAY-101/102): lines of
 * (business, service, months), kept on the phone per signed-in person so it survives a reload, a trip
 * to another business's screens and the PesaPal page. Prices are never kept here: every amount shown
 * comes from `POST /api/payments/quote` (UI-SVC-03).
 *
 * The functions on `Cart` are pure (tests drive them with a plain map as storage); `useCart` binds one
 * person's cart to React and to other tabs through the `storage` event.
 */

/** PAY-101: one payment covers at most 10 businesses. */
export const CART_MAX_BUSINESSES = 10;
/** PAY-028: whole months 1–12 per line. */
export const MONTHS_MIN = 1;
export const MONTHS_MAX = 12;

export interface CartLine {
  business_id: string;
  service_type: ServiceTypeName;
  months: number;
}

/** What the checkout asks per business besides its lines. */
export interface CartBusiness {
  /** Shown while no quote has named it yet (offline, or a quote refused). */
  business_name: string;
  /** The web address picked for a business buying website hosting without one (PAY-103). */
  subdomain?: string;
  /** PAY-109: printed on that business's receipt; empty asks for none. */
  kra_pin?: string;
}

/** The lines sent to PesaPal: removed from the cart once the return page sees them paid. */
export interface PendingPayment {
  payment_id: string;
  lines: CartLine[];
}

export interface Cart {
  lines: CartLine[];
  businesses: Record<string, CartBusiness>;
  pending: PendingPayment[];
}

export const EMPTY_CART: Cart = { lines: [], businesses: {}, pending: [] };

export type AddResult = 'added' | 'already_in_cart' | 'too_many_businesses';

const clampMonths = (months: number) =>
  Math.min(MONTHS_MAX, Math.max(MONTHS_MIN, Math.round(Number.isFinite(months) ? months : MONTHS_MIN)));

const sameLine = (a: Pick<CartLine, 'business_id' | 'service_type'>, b: CartLine) =>
  a.business_id === b.business_id && a.service_type === b.service_type;

export function cartBusinessIds(cart: Cart): string[] {
  return [...new Set(cart.lines.map((line) => line.business_id))];
}

export function linesOf(cart: Cart, businessId: string): CartLine[] {
  return cart.lines.filter((line) => line.business_id === businessId);
}

export function hasLine(cart: Cart, businessId: string, serviceType: ServiceTypeName): boolean {
  return cart.lines.some((line) => sameLine({ business_id: businessId, service_type: serviceType }, line));
}

/** Drops the extras of businesses that no longer have a line. */
function tidy(cart: Cart): Cart {
  const ids = new Set(cartBusinessIds(cart));
  const businesses = Object.fromEntries(Object.entries(cart.businesses).filter(([id]) => ids.has(id)));
  return { ...cart, businesses };
}

/** PAY-101: one line per service per business, ≤ 10 businesses; a second add of a line keeps the first. */
export function addLine(
  cart: Cart,
  line: { business_id: string; business_name: string; service_type: ServiceTypeName; months?: number },
): { cart: Cart; result: AddResult } {
  if (hasLine(cart, line.business_id, line.service_type)) return { cart, result: 'already_in_cart' };
  const ids = cartBusinessIds(cart);
  if (!ids.includes(line.business_id) && ids.length >= CART_MAX_BUSINESSES) {
    return { cart, result: 'too_many_businesses' };
  }
  const next: Cart = {
    ...cart,
    lines: [
      ...cart.lines,
      {
        business_id: line.business_id,
        service_type: line.service_type,
        months: clampMonths(line.months ?? 1),
      },
    ],
    businesses: {
      ...cart.businesses,
      [line.business_id]: { ...cart.businesses[line.business_id], business_name: line.business_name },
    },
  };
  return { cart: next, result: 'added' };
}

export function removeLine(cart: Cart, businessId: string, serviceType: ServiceTypeName): Cart {
  const key = { business_id: businessId, service_type: serviceType };
  return tidy({ ...cart, lines: cart.lines.filter((line) => !sameLine(key, line)) });
}

export function removeBusiness(cart: Cart, businessId: string): Cart {
  return tidy({ ...cart, lines: cart.lines.filter((line) => line.business_id !== businessId) });
}

export function setMonths(
  cart: Cart,
  businessId: string,
  serviceType: ServiceTypeName,
  months: number,
): Cart {
  const key = { business_id: businessId, service_type: serviceType };
  return {
    ...cart,
    lines: cart.lines.map((line) => (sameLine(key, line) ? { ...line, months: clampMonths(months) } : line)),
  };
}

export function setBusinessExtras(cart: Cart, businessId: string, extras: Partial<CartBusiness>): Cart {
  const current = cart.businesses[businessId];
  if (!current) return cart;
  return { ...cart, businesses: { ...cart.businesses, [businessId]: { ...current, ...extras } } };
}

/** Remembers what a payment was for, so the return page can take exactly those lines out (ERRATA 2). */
export function markPending(cart: Cart, paymentId: string, lines: CartLine[]): Cart {
  const others = cart.pending.filter((entry) => entry.payment_id !== paymentId);
  // Only the last few matter; an abandoned PesaPal page must not grow the record for ever.
  return { ...cart, pending: [...others, { payment_id: paymentId, lines }].slice(-5) };
}

/**
 * After a completed payment: the paid lines leave the cart (a line whose months were changed since is
 * kept — the owner changed their mind about it), along with the record of the payment.
 */
export function settlePaid(cart: Cart, paymentId: string): Cart {
  const paid = cart.pending.find((entry) => entry.payment_id === paymentId);
  if (!paid) return cart;
  const lines = cart.lines.filter(
    (line) => !paid.lines.some((sold) => sameLine(sold, line) && sold.months === line.months),
  );
  return tidy({ ...cart, lines, pending: cart.pending.filter((entry) => entry !== paid) });
}

// ---------------------------------------------------------------------------------------------------
// Storage

export type CartStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const isService = (value: unknown): value is ServiceTypeName =>
  typeof value === 'string' && (SERVICE_TYPES as readonly string[]).includes(value);

function readLines(value: unknown): CartLine[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: Partial<CartLine>) =>
    entry && typeof entry.business_id === 'string' && isService(entry.service_type)
      ? [
          {
            business_id: entry.business_id,
            service_type: entry.service_type,
            months: clampMonths(Number(entry.months)),
          },
        ]
      : [],
  );
}

/** Whatever is stored (an older build's shape, a hand-edited value) becomes a valid cart or an empty one. */
export function parseCart(raw: string | null): Cart {
  if (!raw) return EMPTY_CART;
  try {
    const value = JSON.parse(raw) as Partial<Record<keyof Cart, unknown>>;
    const lines = readLines(value.lines);
    const stored = (value.businesses ?? {}) as Record<string, Partial<CartBusiness>>;
    const businesses: Record<string, CartBusiness> = {};
    for (const id of new Set(lines.map((line) => line.business_id))) {
      const entry = stored[id] ?? {};
      businesses[id] = {
        business_name: typeof entry.business_name === 'string' ? entry.business_name : '',
        ...(typeof entry.subdomain === 'string' ? { subdomain: entry.subdomain } : {}),
        ...(typeof entry.kra_pin === 'string' ? { kra_pin: entry.kra_pin } : {}),
      };
    }
    const pending = Array.isArray(value.pending)
      ? (value.pending as Partial<PendingPayment>[]).flatMap((entry) =>
          typeof entry?.payment_id === 'string'
            ? [{ payment_id: entry.payment_id, lines: readLines(entry.lines) }]
            : [],
        )
      : [];
    return { lines, businesses, pending };
  } catch {
    return EMPTY_CART;
  }
}

function defaultStorage(): CartStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function loadCart(userId: string, storage = defaultStorage()): Cart {
  try {
    return parseCart(storage?.getItem(cartKey(userId)) ?? null);
  } catch {
    return EMPTY_CART;
  }
}

const listeners = new Set<() => void>();

export function saveCart(userId: string, cart: Cart, storage = defaultStorage()): void {
  try {
    const empty = cart.lines.length === 0 && cart.pending.length === 0;
    if (empty) storage?.removeItem(cartKey(userId));
    else storage?.setItem(cartKey(userId), JSON.stringify(cart));
  } catch {
    // A full or disabled storage: the cart lives until the page closes.
  }
  for (const listener of listeners) listener();
}

/** UI-ACC-05: logging out leaves nothing of this person's checkout on a shared phone. */
export function clearCart(userId: string, storage = defaultStorage()): void {
  saveCart(userId, EMPTY_CART, storage);
}

// ---------------------------------------------------------------------------------------------------
// React

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key.startsWith(CART_KEY_PREFIX)) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

// useSyncExternalStore needs the same object while nothing changed: cache the parse by its source text.
let cached: { raw: string | null; cart: Cart } = { raw: null, cart: EMPTY_CART };

function readRaw(userId: string): string | null {
  try {
    return defaultStorage()?.getItem(cartKey(userId)) ?? null;
  } catch {
    return null;
  }
}

function snapshot(userId: string | undefined): Cart {
  if (!userId) return EMPTY_CART;
  const raw = readRaw(userId);
  if (raw !== cached.raw) cached = { raw, cart: parseCart(raw) };
  return cached.cart;
}

/** The signed-in person's cart and a way to change it; empty (and inert) while nobody is signed in. */
export function useCart(userId: string | undefined) {
  const cart = useSyncExternalStore(
    subscribe,
    () => snapshot(userId),
    () => EMPTY_CART,
  );
  const update = useCallback(
    (change: (current: Cart) => Cart) => {
      if (!userId) return;
      saveCart(userId, change(loadCart(userId)));
    },
    [userId],
  );
  const add = useCallback(
    (line: Parameters<typeof addLine>[1]): AddResult => {
      if (!userId) return 'already_in_cart';
      const { cart: next, result } = addLine(loadCart(userId), line);
      if (result === 'added') saveCart(userId, next);
      return result;
    },
    [userId],
  );
  return { cart, update, add };
}
