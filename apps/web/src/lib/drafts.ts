/**
 * UI-SAVE-01: unsaved editor input kept on the phone, one entry per (user, business, screen). Kept
 * apart from the editor kit and free of imports because sign-out (lib/sign-out.ts) clears every draft,
 * and must not pull the editors in to do so.
 */

const PREFIX = 'tafuta_draft:';

export interface DraftAddress {
  userId: string;
  /** `new` for the create-a-business wizard. */
  businessId: string;
  screen: string;
}

export interface StoredDraft<T> {
  /** ISO time of the last write. */
  savedAt: string;
  /** The content version the input was typed against, so a later save can still detect a conflict. */
  baseVersion: number | null;
  values: T;
}

/** The subset of `Storage` used here, so tests can pass a plain map. */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

function defaultStorage(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function draftKey(address: DraftAddress): string {
  return `${PREFIX}${address.userId}:${address.businessId}:${address.screen}`;
}

export function readDraft<T>(address: DraftAddress, storage = defaultStorage()): StoredDraft<T> | null {
  try {
    const raw = storage?.getItem(draftKey(address));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredDraft<T>>;
    if (typeof parsed.savedAt !== 'string' || parsed.values === undefined) return null;
    return { savedAt: parsed.savedAt, baseVersion: parsed.baseVersion ?? null, values: parsed.values };
  } catch {
    return null;
  }
}

/** False when the phone refused to store it (quota, private mode); the editor keeps working. */
export function writeDraft<T>(address: DraftAddress, draft: StoredDraft<T>, storage = defaultStorage()) {
  try {
    storage?.setItem(draftKey(address), JSON.stringify(draft));
    return storage !== null;
  } catch {
    return false;
  }
}

export function removeDraft(address: DraftAddress, storage = defaultStorage()): void {
  try {
    storage?.removeItem(draftKey(address));
  } catch {
    // Unreadable storage holds nothing to remove.
  }
}

/** Every key that starts with `prefix` (sign-out also clears the carts with it). */
export function removeKeysStartingWith(prefix: string, storage = defaultStorage()): void {
  if (!storage) return;
  try {
    const keys: string[] = [];
    for (let index = 0; index < storage.length; index += 1) {
      const key = storage.key(index);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    for (const key of keys) storage.removeItem(key);
  } catch {
    // As above.
  }
}

/** On sign-out: a shared phone must not show the next person what the last one typed. */
export function clearAllDrafts(storage = defaultStorage()): void {
  removeKeysStartingWith(PREFIX, storage);
}
