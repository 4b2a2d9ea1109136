import { describe, expect, it } from 'vitest';
import { EMPTY_CART, addLine, loadCart, saveCart } from './config/cart';
import { readDraft, writeDraft } from './drafts';
import { forgetThisPhone } from './sign-out';
import { memoryStorage } from '../test/memory-storage';

describe('log out on a shared phone (UI-SAVE-01, UI-ACC-05)', () => {
  it('removes every draft and cart, of anyone, and keeps the rest', () => {
    const storage = memoryStorage();
    storage.setItem('tafuta_lang', 'sw');
    storage.setItem('tafuta_saved_search', '{}');
    const address = { userId: 'u1', businessId: 'b1', screen: 'profile' };
    writeDraft(address, { savedAt: '2026-03-02T09:00:00Z', baseVersion: 1, values: { a: 1 } }, storage);
    writeDraft({ ...address, userId: 'u2' }, { savedAt: 'x', baseVersion: null, values: {} }, storage);
    const { cart } = addLine(EMPTY_CART, {
      business_id: 'b1',
      business_name: 'Duka',
      service_type: 'website_hosting',
    });
    saveCart('u1', cart, storage);
    saveCart('u2', cart, storage);
    expect(loadCart('u1', storage).lines).toHaveLength(1);

    forgetThisPhone(storage);

    expect(readDraft(address, storage)).toBeNull();
    expect(loadCart('u1', storage)).toEqual(EMPTY_CART);
    expect(loadCart('u2', storage)).toEqual(EMPTY_CART);
    expect([...storage.items.keys()].sort()).toEqual(['tafuta_lang', 'tafuta_saved_search']);
  });
});
