import type { BusinessContent } from '@tafuta/contracts';
import type { WebsiteModel } from './model.js';

/**
 * A website with every field of content_json filled (ui.md §9.1), for the template's tests and the
 * render benchmark. Not used by the server.
 */

const MEDIA = 'https://tafuta.ke/media/doreen-beauty_3f6d2a8e-4b1c-4e8a-9d2f-0a1b2c3d4e5f';

export function fullContent(): BusinessContent {
  const gallery = Array.from({ length: 12 }, (_, index) => `work-${index + 1}`);
  return {
    schema_version: 1,
    default_language: 'en',
    profile: {
      en: {
        business_name: 'Doreen Beauty Parlour',
        tagline: 'Hair, braids and nails for every occasion',
        description: 'Styling, braiding, make-up and nails in Machakos Town since 2020.\nWalk-ins welcome.',
        services: ['Hair styling', 'Braiding', 'Make-up', 'Nails'],
        directions_note: 'First floor, above the chemist',
        hours_note: 'Open on public holidays',
      },
      sw: {
        tagline: 'Nywele, misuko na kucha kwa kila tukio',
        services: ['Kutengeneza nywele', 'Kusuka', 'Kupaka vipodozi', 'Kucha'],
      },
    },
    categories: ['salons'],
    regions: ['machakos'],
    contact: {
      phone: '+254712345678',
      phone_alt: '+254733123456',
      whatsapp: '+254712345678',
      email: 'doreen@example.com',
      website_url: 'https://doreen.example.com/book',
    },
    location: {
      street_address1: 'Kenyatta Avenue',
      street_address2: 'Next to the bus station',
      city: 'Machakos Town',
      postal_code: '90100',
      geo: { lat: -1.5177, lng: 37.2634 },
    },
    hours: {
      monday: { open: '08:00', close: '18:00' },
      tuesday: { open: '08:00', close: '18:00' },
      wednesday: { open: '08:00', close: '18:00' },
      thursday: { open: '08:00', close: '18:00' },
      friday: { open: '08:00', close: '22:00' },
      saturday: { open: '09:00', close: '02:00' },
      sunday: { closed: true },
    },
    mpesa: { till_number: '512345', paybill_number: '247247', paybill_account: 'DOREEN' },
    website: {
      en: {
        hero: { title: 'Welcome to Doreen Beauty', subtitle: 'Look good, feel good' },
        about: {
          title: 'About us',
          content: 'We are a family salon on Kenyatta Avenue.\n\nFive stylists, one chair for the kids.',
        },
        services: {
          title: 'What we do',
          items: [
            { name: 'Box braids', description: 'All lengths', price: 'From KES 1,500' },
            { name: 'Knotless braids', description: 'Light on the scalp', price: 'From KES 2,000' },
            { name: 'Manicure', price: 'KES 500' },
          ],
        },
        gallery: { title: 'Our work', captions: { 'work-1': 'Knotless braids', 'work-2': 'Bridal make-up' } },
        contact: { title: 'Visit us' },
      },
      sw: {
        hero: { subtitle: 'Pendeza, jisikie vizuri' },
        gallery: { captions: { 'work-1': 'Misuko bila mafundo' } },
      },
    },
    website_settings: {
      template: 'classic',
      sections: { about: true, services: true, gallery: true, hours: true, location: true, contact: true },
    },
    media: {
      logo: ['doreen-logo'],
      banner: ['cover-banner'],
      profile: ['salon-front'],
      gallery,
    },
    metadata: {
      last_updated: '2026-02-22T17:00:00Z',
      updated_by: '6b1f0c7e-2d4a-4c59-8e0b-1a2b3c4d5e6f',
      updated_by_type: 'owner',
    },
  };
}

const url = (type: string, slug: string, size: string) => `${MEDIA}/${type}/${slug}_${size}.webp`;

/** A model as loadWebsiteModel would build it for an active, hosted, verified business. */
export function modelFor(content: BusinessContent, overrides: Partial<WebsiteModel> = {}): WebsiteModel {
  const media: Record<string, string[]> = content.media ?? {};
  const sized = (type: string, slug: string | undefined, sizes: string[]) =>
    slug ? Object.fromEntries(sizes.map((size) => [size, url(type, slug, size)])) : null;
  return {
    businessId: '3f6d2a8e-4b1c-4e8a-9d2f-0a1b2c3d4e5f',
    businessTag: 'doreen-beauty',
    businessName: 'Doreen Beauty Parlour',
    status: 'active',
    verificationTier: 'verified',
    content,
    contentVersion: 7,
    contentUpdatedAt: new Date('2026-02-22T17:00:00Z'),
    lang: 'en',
    // A Monday, 12:00 in Nairobi.
    now: new Date('2026-03-02T09:00:00Z'),
    preview: false,
    activeServices: ['website_hosting'],
    hostingActive: true,
    galleryActive: false,
    badge: 'verified',
    subdomain: 'doreen',
    apexDomain: 'tafuta.ke',
    mainSiteUrl: 'https://tafuta.ke',
    siteUrl: 'https://doreen.tafuta.ke/',
    categories: [
      {
        slug: 'salons',
        name: 'Salons & barbers',
        names: { en: 'Salons & barbers', sw: 'Saluni na vinyozi' },
      },
    ],
    regions: [{ slug: 'machakos', name: 'Machakos', names: { en: 'Machakos' } }],
    city: 'Machakos Town',
    phone: '+254712345678',
    languages: ['en', 'sw'],
    images: {
      logo: sized('logo', media.logo?.[0], ['icon', 'small', 'medium']),
      banner: sized('banner', media.banner?.[0], ['300x100', '600x200', '1200x400']),
      about: sized('profile', media.profile?.[0], ['small', 'large']),
      gallery: (media.gallery ?? []).slice(0, 5).map((slug) => ({
        slug,
        thumb: url('gallery', slug, 'thumb'),
        medium: url('gallery', slug, 'medium'),
      })),
    },
    ...overrides,
  };
}

/** The bare minimum an owner must give (ui.md §9.2): a name, a phone and a town. */
export function minimalContent(): BusinessContent {
  return {
    schema_version: 1,
    default_language: 'en',
    profile: { en: { business_name: 'Juma Hardware' } },
    categories: ['hardware'],
    regions: ['kisumu'],
    contact: { phone: '+254722000111' },
    location: { city: 'Kisumu' },
  };
}
