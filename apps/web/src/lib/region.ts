/** UI-NAV-04: the chosen region is remembered on the device; first visit means "All regions". */

const KEY = 'tafuta_region';
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function storedRegion(): string | null {
  try {
    const value = window.localStorage.getItem(KEY);
    return value && SLUG.test(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeRegion(region: string | null): void {
  try {
    if (region) window.localStorage.setItem(KEY, region);
    else window.localStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the choice holds for this visit only.
  }
}

/** UI-RANK-02 / ERRATA 13: one seed 0–15 per tab, so order stays stable while paging and going back. */
export function tabSeed(): number {
  try {
    const saved = Number(window.sessionStorage.getItem('tafuta_seed'));
    if (
      Number.isInteger(saved) &&
      saved >= 0 &&
      saved <= 15 &&
      window.sessionStorage.getItem('tafuta_seed')
    ) {
      return saved;
    }
    const seed = Math.floor(Math.random() * 16);
    window.sessionStorage.setItem('tafuta_seed', String(seed));
    return seed;
  } catch {
    return 0;
  }
}
