import { describe, expect, it } from 'vitest';
import {
  addLine,
  cartBusinessIds,
  cartKey,
  clearCart,
  EMPTY_CART,
  loadCart,
  markPending,
  parseCart,
  removeBusiness,
  removeLine,
  saveCart,
  setBusinessExtras,
  setMonths,
  settlePaid,
  type Cart,
  type CartStorage,
} from './cart';

/** The cart rules of PAY-101 (≤ 10 businesses, one line per service, 1–12 months) and its storage. */

function memoryStorage(): CartStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const business = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function add(
  cart: Cart,
  n: number,
  service: 'website_hosting' | 'ads' | 'image_gallery' = 'website_hosting',
) {
  return addLine(cart, { business_id: business(n), business_name: `Shop ${n}`, service_type: service });
}

describe('cart lines', () => {
  it('adds one line per service per business, defaulting to one month', () => {
    const first = add(EMPTY_CART, 1);
    expect(first.result).toBe('added');
    expect(first.cart.lines).toEqual([
      { business_id: business(1), service_type: 'website_hosting', months: 1 },
    ]);
    expect(first.cart.businesses[business(1)]).toEqual({ business_name: 'Shop 1' });
    const again = add(first.cart, 1);
    expect(again.result).toBe('already_in_cart');
    expect(again.cart).toBe(first.cart);
    expect(add(first.cart, 1, 'ads').cart.lines).toHaveLength(2);
  });

  it('refuses an eleventh business but still takes more services of the ten (PAY-101)', () => {
    let cart = EMPTY_CART;
    for (let n = 1; n <= 10; n += 1) cart = add(cart, n).cart;
    expect(cartBusinessIds(cart)).toHaveLength(10);
    const eleventh = add(cart, 11);
    expect(eleventh.result).toBe('too_many_businesses');
    expect(eleventh.cart).toBe(cart);
    expect(add(cart, 3, 'ads').result).toBe('added');
  });

  it('keeps months within 1–12 whole months (PAY-028)', () => {
    const cart = add(EMPTY_CART, 1).cart;
    const months = (value: number) => setMonths(cart, business(1), 'website_hosting', value).lines[0]!.months;
    expect(months(6)).toBe(6);
    expect(months(13)).toBe(12);
    expect(months(0)).toBe(1);
    expect(months(2.6)).toBe(3);
    expect(months(Number.NaN)).toBe(1);
    expect(
      addLine(EMPTY_CART, { business_id: business(2), business_name: 'B', service_type: 'ads', months: 40 })
        .cart.lines[0]!.months,
    ).toBe(12);
  });

  it('forgets a business’s address and PIN once its last line is removed', () => {
    let cart = add(add(EMPTY_CART, 1).cart, 1, 'ads').cart;
    cart = setBusinessExtras(cart, business(1), { subdomain: 'mama-mboga', kra_pin: 'P051234567X' });
    cart = removeLine(cart, business(1), 'website_hosting');
    expect(cart.businesses[business(1)]).toMatchObject({ subdomain: 'mama-mboga' });
    cart = removeLine(cart, business(1), 'ads');
    expect(cart).toEqual(EMPTY_CART);
    expect(setBusinessExtras(EMPTY_CART, business(9), { subdomain: 'x' })).toBe(EMPTY_CART);
    const two = add(add(EMPTY_CART, 1).cart, 2).cart;
    expect(cartBusinessIds(removeBusiness(two, business(1)))).toEqual([business(2)]);
  });

  it('takes out exactly the paid lines after payment; lines changed since stay', () => {
    let cart = add(add(add(EMPTY_CART, 1).cart, 2).cart, 2, 'ads').cart;
    cart = markPending(cart, 'pay-1', cart.lines.slice(0, 2));
    // While on PesaPal's page the owner changed business 2's hosting months in another tab.
    cart = setMonths(cart, business(2), 'website_hosting', 3);
    const settled = settlePaid(cart, 'pay-1');
    expect(settled.lines).toEqual([
      { business_id: business(2), service_type: 'website_hosting', months: 3 },
      { business_id: business(2), service_type: 'ads', months: 1 },
    ]);
    expect(settled.pending).toEqual([]);
    expect(Object.keys(settled.businesses)).toEqual([business(2)]);
    expect(settlePaid(settled, 'pay-unknown')).toBe(settled);
  });

  it('keeps only the last five unpaid attempts', () => {
    let cart = add(EMPTY_CART, 1).cart;
    for (let n = 1; n <= 7; n += 1) cart = markPending(cart, `pay-${n}`, cart.lines);
    expect(cart.pending.map((entry) => entry.payment_id)).toEqual([
      'pay-3',
      'pay-4',
      'pay-5',
      'pay-6',
      'pay-7',
    ]);
  });
});

describe('cart storage', () => {
  it('is kept per person and cleared on log out (UI-ACC-05)', () => {
    const storage = memoryStorage();
    const cart = add(EMPTY_CART, 1).cart;
    saveCart('user-a', cart, storage);
    expect(loadCart('user-a', storage)).toEqual(cart);
    expect(loadCart('user-b', storage)).toEqual(EMPTY_CART);
    clearCart('user-a', storage);
    expect(storage.data.has(cartKey('user-a'))).toBe(false);
  });

  it('turns anything unreadable into a valid cart', () => {
    expect(parseCart(null)).toEqual(EMPTY_CART);
    expect(parseCart('{not json')).toEqual(EMPTY_CART);
    expect(parseCart('"a string"')).toEqual(EMPTY_CART);
    const parsed = parseCart(
      JSON.stringify({
        lines: [
          { business_id: business(1), service_type: 'website_hosting', months: '4' },
          { business_id: business(1), service_type: 'free_lunch', months: 1 },
          null,
        ],
        businesses: { [business(1)]: { business_name: 7, subdomain: 'shop' }, stray: { business_name: 'x' } },
        pending: [{ payment_id: 'p', lines: 'nope' }, { nothing: true }],
      }),
    );
    expect(parsed).toEqual({
      lines: [{ business_id: business(1), service_type: 'website_hosting', months: 4 }],
      businesses: { [business(1)]: { business_name: '', subdomain: 'shop' } },
      pending: [{ payment_id: 'p', lines: [] }],
    });
  });
});
