import { describe, expect, it } from 'vitest';
import { diffContent, flattenContent, mediaTags } from './content-diff';

const base = {
  schema_version: 1,
  default_language: 'en',
  profile: {
    en: { business_name: 'Doreen Beauty', tagline: 'Hair and nails', services: ['Braiding', 'Nails'] },
    sw: { tagline: 'Nywele na kucha' },
  },
  categories: ['salons'],
  regions: ['machakos'],
  contact: { phone: '+254712345678', whatsapp: null },
  location: { city: 'Machakos Town', geo: { lat: -1.5177, lng: 37.2634 } },
  hours: { monday: { open: '08:00', close: '18:00' }, sunday: { closed: true } },
  website: {
    en: {
      hero: { title: 'Welcome' },
      services: { items: [{ name: 'Box braids', price: 'KES 1,500' }] },
      gallery: { captions: { 'braids-1': 'Knotless' } },
    },
  },
  website_settings: { template: 'classic', sections: { gallery: true } },
  media: { logo: ['doreen-logo'], gallery: ['braids-1', 'braids-2'] },
  metadata: { last_updated: '2026-02-22T17:00:00Z', updated_by: 'u1', updated_by_type: 'owner' },
};

const clone = () => structuredClone(base);

describe('flattenContent', () => {
  it('collapses lists, hours, geo and items into printable values and skips bookkeeping', () => {
    const flat = flattenContent(base);
    expect(flat.get('profile.en.services')).toBe('Braiding\nNails');
    expect(flat.get('categories')).toBe('salons');
    expect(flat.get('hours.monday')).toBe('08:00–18:00');
    expect(flat.get('hours.sunday')).toBe(false);
    expect(flat.get('location.geo')).toBe('-1.5177, 37.2634');
    expect(flat.get('website.en.services.items')).toBe('Box braids · KES 1,500');
    expect(flat.get('website.en.gallery.captions.braids-1')).toBe('Knotless');
    expect(flat.get('media.gallery')).toBe('braids-1, braids-2');
    expect(flat.has('contact.whatsapp')).toBe(false);
    expect([...flat.keys()].some((key) => key.startsWith('metadata') || key === 'schema_version')).toBe(
      false,
    );
  });
});

describe('diffContent', () => {
  it('finds nothing between equal documents, whatever the metadata says', () => {
    const later = clone();
    later.metadata.last_updated = '2026-03-01T10:00:00Z';
    expect(diffContent(base, later)).toEqual([]);
  });

  it('lists a changed per-language field with its language, before and after', () => {
    const later = clone();
    later.profile.sw.tagline = 'Nywele, misuko na kucha';
    expect(diffContent(base, later)).toEqual([
      {
        path: 'profile.sw.tagline',
        group: 'profile',
        language: 'sw',
        field: 'tagline',
        before: 'Nywele na kucha',
        after: 'Nywele, misuko na kucha',
      },
    ]);
  });

  it('reports added and removed fields with null on the missing side', () => {
    const later = clone() as typeof base & { website: { sw?: { hero: { title: string } } } };
    later.website.sw = { hero: { title: 'Karibu' } };
    delete (later.profile.en as { tagline?: string }).tagline;
    const diff = diffContent(base, later);
    expect(diff.find((entry) => entry.path === 'website.sw.hero.title')).toMatchObject({
      language: 'sw',
      field: 'hero.title',
      before: null,
      after: 'Karibu',
    });
    expect(diff.find((entry) => entry.path === 'profile.en.tagline')).toMatchObject({
      before: 'Hair and nails',
      after: null,
    });
  });

  it('treats blank text as absent, so clearing a field and never filling it compare equal', () => {
    const later = clone() as typeof base & { contact: { email?: string } };
    later.contact.email = '   ';
    expect(diffContent(base, later)).toEqual([]);
  });

  it('compares lists whole and hours per day, and switches as booleans', () => {
    const later = clone();
    later.profile.en.services = ['Nails', 'Braiding'];
    later.hours.sunday = { open: '10:00', close: '14:00' } as never;
    later.website_settings.sections.gallery = false;
    const diff = diffContent(base, later);
    expect(diff.map((entry) => entry.path)).toEqual([
      'profile.en.services',
      'hours.sunday',
      'website_settings.sections.gallery',
    ]);
    expect(diff[1]).toMatchObject({ before: false, after: '10:00–14:00' });
    expect(diff[2]).toMatchObject({ group: 'website_settings', field: 'sections.gallery', after: false });
  });

  it('orders entries by editor section, then language', () => {
    const later = clone();
    later.website.en.hero.title = 'Karibu sana';
    later.profile.sw.tagline = 'Mpya';
    later.profile.en.tagline = 'New';
    later.contact.phone = '+254700000000';
    expect(diffContent(base, later).map((entry) => entry.path)).toEqual([
      'profile.en.tagline',
      'profile.sw.tagline',
      'contact.phone',
      'website.en.hero.title',
    ]);
  });
});

describe('mediaTags', () => {
  it('lists every photo tag of a version, and none for a document without media', () => {
    expect(mediaTags(base)).toEqual(['doreen-logo', 'braids-1', 'braids-2']);
    expect(mediaTags({})).toEqual([]);
    expect(mediaTags(null)).toEqual([]);
  });
});

describe('server defaults', () => {
  it('never lists the template name the server fills in', () => {
    const later = structuredClone(base);
    const settings: { template?: string } = later.website_settings;
    delete settings.template;
    expect(diffContent(base, later)).toEqual([]);
  });
});
