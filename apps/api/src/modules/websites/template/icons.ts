/**
 * Inline SVG icons (lucide shapes, ISC licence), defined once per page as symbols and drawn with
 * `<use>`: no icon font or image request. Decorative only; every button also carries its word.
 */

const SYMBOLS = {
  call: '<path d="M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72c.13.96.36 1.9.7 2.81a2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 6 6l1.27-1.27a2 2 0 0 1 2.11-.45c.91.34 1.85.57 2.81.7A2 2 0 0 1 22 16.92z"/>',
  chat: '<path d="M7.9 20A9 9 0 1 0 4 16.1L2 22Z"/>',
  pin: '<path d="M20 10c0 6-8 12-8 12s-8-6-8-12a8 8 0 0 1 16 0Z"/><circle cx="12" cy="10" r="3"/>',
  check: '<path d="M20 6 9 17l-5-5"/>',
  star: '<path d="m12 2 3.09 6.26L22 9.27l-5 4.87 1.18 6.88L12 17.77l-6.18 3.25L7 14.14 2 9.27l6.91-1.01z"/>',
  globe:
    '<circle cx="12" cy="12" r="10"/><path d="M2 12h20M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z"/>',
} as const;

export type IconName = keyof typeof SYMBOLS;

/** The symbols a page uses, in one hidden SVG at the top of the body. */
export function iconSprite(names: Iterable<IconName>): string {
  const unique = [...new Set(names)];
  if (unique.length === 0) return '';
  const symbols = unique.map(
    (name) => `<symbol id="i-${name}" viewBox="0 0 24 24">${SYMBOLS[name]}</symbol>`,
  );
  return `<svg class="spr" aria-hidden="true">${symbols.join('')}</svg>`;
}

export function icon(name: IconName): string {
  return `<svg class="i" aria-hidden="true" focusable="false"><use href="#i-${name}"/></svg>`;
}
