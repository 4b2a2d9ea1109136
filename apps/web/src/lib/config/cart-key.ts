/**
 * Where a person's cart is kept on the phone: one localStorage key per signed-in person. Apart from
 * cart.ts so that sign-out (lib/sign-out.ts) clears every cart without loading the cart code (UI-ACC-05).
 */
export const CART_KEY_PREFIX = 'tafuta_cart:';

export const cartKey = (userId: string): string => `${CART_KEY_PREFIX}${userId}`;
