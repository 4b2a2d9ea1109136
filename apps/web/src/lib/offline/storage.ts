/**
 * localStorage, guarded: it throws in some private-browsing modes, when disabled, and when full. Losing
 * the offline copy is always better than breaking the page, so every failure reads as "nothing saved".
 */

export function readJson(key: string): unknown {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

/**
 * Writes `value`; when the phone's storage quota is hit, asks `shrink` for a smaller value (dropping the
 * oldest entries) and tries again, so saving the newest page never fails because of old ones.
 */
export function writeJson<T>(key: string, value: T, shrink?: (value: T) => T | null): boolean {
  let candidate: T | null = value;
  while (candidate !== null) {
    try {
      window.localStorage.setItem(key, JSON.stringify(candidate));
      return true;
    } catch {
      candidate = shrink ? shrink(candidate) : null;
    }
  }
  return false;
}

export function removeKey(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing was readable either.
  }
}
