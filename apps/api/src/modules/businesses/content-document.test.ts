import { describe, expect, it } from 'vitest';
import { deepMerge, describeChanges, restoreKeepingMedia, withNote } from './content-document.js';
import { slugify } from './tags.js';

describe('merging a partial save (UI-CJ-09)', () => {
  it('merges objects, replaces arrays and removes keys sent as null', () => {
    const current = {
      profile: { en: { business_name: 'Duka', services: ['a', 'b'] }, sw: { tagline: 'Karibu' } },
      contact: { phone: '+254712345678', whatsapp: '+254712345678' },
    };
    const merged = deepMerge(current, {
      profile: { en: { services: ['c'] }, sw: null },
      contact: { whatsapp: null, email: 'duka@example.com' },
      hours: { monday: { closed: true } },
    });
    expect(merged).toEqual({
      profile: { en: { business_name: 'Duka', services: ['c'] } },
      contact: { phone: '+254712345678', email: 'duka@example.com' },
      hours: { monday: { closed: true } },
    });
    // The current document is left as it was.
    expect(current.profile.sw).toEqual({ tagline: 'Karibu' });
  });
});

describe('history summaries (UI-HIST-03)', () => {
  it('names changes in editor order, counts list growth and appends the note', () => {
    const before = {
      profile: { en: { business_name: 'Duka', services: ['Chapati'] } },
      hours: {},
      metadata: { last_updated: 'then' },
    };
    const after = {
      profile: {
        en: { business_name: 'Duka', services: ['Chapati', 'Pilau'] },
        sw: { description: 'Chakula' },
      },
      hours: { monday: { open: '08:00', close: '18:00' } },
      metadata: { last_updated: 'now' },
    };
    const summary = describeChanges(before, after);
    expect(summary).toBe('Changed description (sw) and opening hours; added 1 service');
    expect(withNote(summary, 'Owner called')).toBe(`${summary} — Owner called`);
    expect(describeChanges(before, { ...before, metadata: { last_updated: 'later' } })).toBe('No changes');
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field_number_${i}`, i]));
    const long = describeChanges({}, many);
    expect(long.length).toBeLessThanOrEqual(140);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('restoring a version (UI-HIST-06)', () => {
  it("keeps today's photos and drops captions of photos that are gone", () => {
    const old = {
      profile: { en: { business_name: 'Old name' } },
      media: { gallery: ['braids-1', 'braids-2'] },
      website: { en: { gallery: { captions: { 'braids-1': 'One', 'braids-2': 'Two' } } } },
    };
    const current = {
      profile: { en: { business_name: 'New name' } },
      media: { gallery: ['braids-2', 'nails-1'] },
    };
    expect(restoreKeepingMedia(old, current)).toEqual({
      profile: { en: { business_name: 'Old name' } },
      media: { gallery: ['braids-2', 'nails-1'] },
      website: { en: { gallery: { captions: { 'braids-2': 'Two' } } } },
    });
    expect(old.website.en.gallery.captions).toHaveProperty('braids-1');
    expect(restoreKeepingMedia(old, { profile: {} })).not.toHaveProperty('media');
  });
});

describe('tag slugs (MEDIA-100 with the limit of MEDIA-022)', () => {
  it.each([
    ["Daniel's Salon Front", 'daniels-salon-front'],
    ['Café Njeri — Menu 2026!', 'cafe-njeri-menu-2026'],
    ['  Promo   Banner ', 'promo-banner'],
    ['Picha ya duka', 'picha-ya-duka'],
    ['★★★', ''],
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('cuts at 64 characters without a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(63)} b`);
    expect(slug).toBe('a'.repeat(63));
  });
});
