import { businessContentSchema, type BusinessContent } from '@tafuta/contracts';
import { describe, expect, it } from 'vitest';
import { fromContent, mergePatch, toDocument, toFormPath, toPatch } from './website-form';

const content = (): BusinessContent => ({
  schema_version: 1,
  default_language: 'en',
  profile: { en: { business_name: 'Doreen Beauty' } },
  categories: ['salons'],
  regions: ['machakos'],
  contact: { phone: '+254712345678' },
  location: { city: 'Machakos Town' },
  website: {
    en: {
      hero: { title: 'Welcome', subtitle: 'Look good' },
      services: { title: 'What we do', items: [{ name: 'Box braids', price: 'KES 1,500' }] },
      gallery: { captions: { 'braids-1': 'Knotless', '2024': 'Old' } },
    },
  },
  website_settings: { template: 'classic', sections: { gallery: false } },
  media: { profile: ['front', 'inside'], gallery: ['braids-1', '2024', 'nails'] },
});

describe('fromContent', () => {
  it('reads texts per language, captions in gallery order, switches and the About image', () => {
    const form = fromContent(content());
    expect(form.texts.en).toMatchObject({
      hero_title: 'Welcome',
      hero_subtitle: 'Look good',
      about_title: '',
      services_title: 'What we do',
      items: [{ name: 'Box braids', description: '', price: 'KES 1,500' }],
      captions: ['Knotless', 'Old', ''],
    });
    expect(form.texts.sw).toMatchObject({ hero_title: '', items: [], captions: ['', '', ''] });
    expect(form.sections).toEqual({
      about: true,
      services: true,
      gallery: false,
      hours: true,
      location: true,
      contact: true,
    });
    expect(form.about_image).toBe('front');
  });
});

describe('toPatch', () => {
  it('sends nothing but what the form holds, with null for emptied fields and languages', () => {
    const form = fromContent(content());
    form.texts.en.hero_subtitle = '';
    form.texts.sw.hero_title = 'Karibu';
    const patch = toPatch(form, content());
    expect(patch.website).toEqual({
      en: {
        hero: { title: 'Welcome', subtitle: null },
        about: null,
        services: { title: 'What we do', items: [{ name: 'Box braids', price: 'KES 1,500' }] },
        gallery: { title: null, captions: { 'braids-1': 'Knotless', '2024': 'Old', nails: null } },
        contact: null,
      },
      sw: {
        hero: { title: 'Karibu', subtitle: null },
        about: null,
        services: null,
        gallery: null,
        contact: null,
      },
      kam: null,
      ki: null,
    });
    expect(patch).not.toHaveProperty('website_settings');
    expect(patch).not.toHaveProperty('media');
  });

  it('sends every section switch once one of them changed', () => {
    const form = fromContent(content());
    form.sections.hours = false;
    expect(toPatch(form, content()).website_settings).toEqual({
      template: 'classic',
      sections: { about: true, services: true, gallery: false, hours: false, location: true, contact: true },
    });
  });

  it('moves a newly chosen About image to the front of media.profile', () => {
    const form = fromContent(content());
    form.about_image = 'inside';
    expect(toPatch(form, content()).media).toEqual({ profile: ['inside', 'front'] });
  });

  it('merges like the server: an emptied field disappears, untouched keys stay', () => {
    const form = fromContent(content());
    form.texts.en.hero_subtitle = '';
    form.texts.en.items = [];
    const document = toDocument(form, content()) as BusinessContent;
    expect(document.website?.en?.hero).toEqual({ title: 'Welcome' });
    expect(document.website?.en?.services).toEqual({ title: 'What we do' });
    expect(document.profile).toEqual(content().profile);
    expect(businessContentSchema.safeParse(document).success).toBe(true);
  });

  it('keeps an empty service row so its missing name is reported at the row the form shows', () => {
    const form = fromContent(content());
    form.texts.en.items.push({ name: '', description: '', price: '' });
    const document = toDocument(form, content());
    const result = businessContentSchema.safeParse(document);
    expect(result.success).toBe(false);
    const path = result.error!.issues[0]!.path.join('.');
    expect(path).toBe('website.en.services.items.1.name');
    expect(toFormPath(['braids-1'])(path)).toBe('texts.en.items.1.name');
  });
});

describe('mergePatch', () => {
  it('merges objects, replaces arrays and removes keys set to null', () => {
    expect(mergePatch({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: null, e: { f: 1 } })).toEqual({
      a: { b: 1, c: [3] },
      e: { f: 1 },
    });
  });
});

describe('toFormPath', () => {
  const map = toFormPath(['braids-1', '2024']);
  it('maps website paths to their form fields and anything else to null', () => {
    expect(map('website.sw.hero.title')).toBe('texts.sw.hero_title');
    expect(map('website.en.about.content')).toBe('texts.en.about_content');
    expect(map('website.en.services.items')).toBe('texts.en.items');
    expect(map('website.en.services.items.3.price')).toBe('texts.en.items.3.price');
    expect(map('website.ki.gallery.captions.2024')).toBe('texts.ki.captions.1');
    expect(map('website.ki.gallery.captions.gone')).toBeNull();
    expect(map('profile.en.tagline')).toBeNull();
  });
});
