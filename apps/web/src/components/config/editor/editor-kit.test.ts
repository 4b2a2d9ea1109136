import { describe, expect, it } from 'vitest';
import { clearAllDrafts, readDraft, removeDraft, writeDraft } from '../../../lib/drafts';
import { contentProblem, problemText, serverFieldErrors } from './content-errors';
import { languageCompletion } from './language-completion';
import { memoryStorage } from '../../../test/memory-storage';

describe('drafts on the phone (UI-SAVE-01)', () => {
  const address = { userId: 'u1', businessId: 'b1', screen: 'profile' };

  it('keeps one draft per user, business and screen, and sign-out clears only drafts', () => {
    const storage = memoryStorage();
    storage.setItem('tafuta_lang', 'sw');
    writeDraft(address, { savedAt: '2026-03-02T09:00:00Z', baseVersion: 4, values: { a: 1 } }, storage);
    writeDraft({ ...address, screen: 'website' }, { savedAt: 'x', baseVersion: 4, values: {} }, storage);
    expect(readDraft(address, storage)).toEqual({
      savedAt: '2026-03-02T09:00:00Z',
      baseVersion: 4,
      values: { a: 1 },
    });
    expect(readDraft({ ...address, userId: 'u2' }, storage)).toBeNull();
    removeDraft(address, storage);
    expect(readDraft(address, storage)).toBeNull();
    clearAllDrafts(storage);
    expect([...storage.items.keys()]).toEqual(['tafuta_lang']);
  });

  it('reads a damaged entry as no draft', () => {
    const storage = memoryStorage();
    storage.setItem('tafuta_draft:u1:b1:profile', '{not json');
    expect(readDraft(address, storage)).toBeNull();
  });
});

describe('language completion dots (UI-LANG-01)', () => {
  it('counts other languages over the fields English has', () => {
    const dots = languageCompletion(
      {
        en: { tagline: 'Hair', description: 'All about us', services: [{ value: 'Braids' }], hours_note: '' },
        sw: { tagline: 'Nywele', services: [{ value: 'Kusuka' }], description: '' },
        kam: { tagline: '', description: '   ' },
      },
      ['tagline', 'description', 'services', 'hours_note'],
    );
    expect(dots).toEqual({ en: 'partial', sw: 'partial', kam: 'empty', ki: 'empty' });
    const full = languageCompletion({ en: { tagline: 'a' }, sw: { tagline: 'b' } }, ['tagline']);
    expect(full.en).toBe('full');
    expect(full.sw).toBe('full');
  });
});

describe('field problems', () => {
  it('names the right sentence for a content path and code', () => {
    expect(contentProblem('contact.whatsapp', 'invalid_format')).toBe('mobile');
    expect(contentProblem('contact.phone_alt', 'invalid_format')).toBe('phone');
    expect(contentProblem('profile.sw.tagline', 'too_long', 100)).toBe('tooLong:100');
    expect(contentProblem('categories', 'out_of_range')).toBe('tooMany:3');
    expect(contentProblem('location.geo.lat', 'out_of_range')).toBe('geo');
    expect(contentProblem('mpesa.paybill_account', 'invalid_format')).toBe('paybillNeeded');
  });

  it('maps a 400 answer onto form fields and drops fields the form does not have', () => {
    const mapped = serverFieldErrors(
      [
        { field: 'content.contact.email', code: 'invalid_format' },
        { field: 'content.website.en.hero.title', code: 'too_long' },
      ],
      (path) => (path.startsWith('contact.') ? path : null),
    );
    expect(mapped).toEqual([{ path: 'contact.email', message: 'email' }]);
  });

  it('turns an encoded problem into a translated sentence with its count', () => {
    const calls: unknown[] = [];
    const t = ((key: string, options?: unknown) => {
      calls.push([key, options]);
      return key;
    }) as unknown as Parameters<typeof problemText>[0];
    expect(problemText(t, 'tooLong:100')).toBe('business.problems.tooLongCount');
    expect(calls[0]).toEqual(['business.problems.tooLongCount', { count: 100 }]);
    expect(problemText(t, 'mobile')).toBe('business.problems.mobile');
    expect(problemText(t, 'nonsense')).toBe('business.problems.invalid');
    expect(problemText(t, undefined)).toBe('');
  });
});
