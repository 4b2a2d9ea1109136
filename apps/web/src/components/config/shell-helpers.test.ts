import type { BusinessContent } from '@tafuta/contracts';
import { describe, expect, it } from 'vitest';
import type { ServiceView } from '../../lib/config/types';
import { completeness } from './completeness';
import {
  daysBetween,
  nairobiToday,
  needsBanner,
  renewable,
  serviceState,
  serviceToRenew,
  standings,
} from './service-status';
import { websiteAddress } from './web-address';

const service = (type: string, lastDay: string, status = 'active'): ServiceView => ({
  service_type: type,
  status,
  last_service_date: lastDay,
  // ERRATA 22: the first day without service.
  expiration_date: new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
});

describe('service standing in Nairobi days (UI-DASH-06/11, ERRATA 22)', () => {
  it("takes today's date in Nairobi, not the phone's zone", () => {
    // 22:30 UTC on 28 Feb is already 1 Mar in Nairobi (UTC+3).
    expect(nairobiToday(new Date('2026-02-28T22:30:00Z'))).toBe('2026-03-01');
    expect(nairobiToday(new Date('2026-02-28T20:30:00Z'))).toBe('2026-02-28');
  });

  it('counts whole days across month ends', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetween('2026-03-02', '2026-02-27')).toBe(-3);
  });

  it('is active through its last day and ended the day after', () => {
    expect(serviceState(service('ads', '2026-03-10'), '2026-03-10')).toEqual({ kind: 'active', daysLeft: 0 });
    expect(serviceState(service('ads', '2026-03-10'), '2026-03-11')).toEqual({ kind: 'ended', daysAgo: 1 });
    expect(serviceState(service('ads', '2026-04-24'), '2026-03-10')).toEqual({
      kind: 'active',
      daysLeft: 45,
    });
    expect(serviceState(service('ads', '2026-04-24', 'cancelled'), '2026-03-10')).toEqual({
      kind: 'stopped',
    });
  });

  it('banners a service within 7 days of its end or ended within a year, and offers Renew from 14 days', () => {
    const today = '2026-03-10';
    const at = (lastDay: string) => serviceState(service('website_hosting', lastDay), today);
    expect(needsBanner(at('2026-03-17'))).toBe(true);
    expect(needsBanner(at('2026-03-18'))).toBe(false);
    expect(renewable(at('2026-03-24'))).toBe(true);
    expect(renewable(at('2026-03-25'))).toBe(false);
    expect(renewable(at('2025-03-10'))).toBe(true);
    expect(renewable(at('2025-03-09'))).toBe(false);
    expect(needsBanner(at('2025-03-09'))).toBe(false);
  });

  it('orders by urgency and renews the service that ends soonest', () => {
    const services = [
      service('website_hosting', '2026-05-01'),
      service('ads', '2026-03-12'),
      service('search_promotion', '2026-02-01'),
    ];
    expect(standings(services, '2026-03-10').map((entry) => entry.service.service_type)).toEqual([
      'ads',
      'website_hosting',
      'search_promotion',
    ]);
    expect(serviceToRenew(services, '2026-03-10')).toBe('ads');
    expect(serviceToRenew([service('website_hosting', '2026-05-01')], '2026-03-10')).toBeNull();
  });
});

const content = (overrides: Partial<BusinessContent> = {}): BusinessContent => ({
  schema_version: 1,
  default_language: 'en',
  profile: { en: { business_name: 'Mama Njeri Kitchen' } },
  categories: ['restaurants'],
  regions: ['machakos'],
  contact: { phone: '+254712345678' },
  location: { city: 'Machakos Town' },
  ...overrides,
});

describe('completeness checklist (UI-DASH-16)', () => {
  it('starts at nothing done for a fresh wizard document', () => {
    const result = completeness(content());
    expect(result.percent).toBe(0);
    expect(result.items.map((item) => item.key)).toEqual([
      'logo',
      'banner',
      'tagline',
      'description',
      'hours',
      'location',
      'whatsapp',
      'services',
      'languages',
    ]);
  });

  it('ticks each item from its own field, and a second language only with real text in it', () => {
    const nameOnly = completeness(
      content({
        profile: { en: { business_name: 'Mama Njeri Kitchen' }, sw: { business_name: 'Jiko la Mama Njeri' } },
      }),
    );
    expect(nameOnly.items.find((item) => item.key === 'languages')?.done).toBe(false);

    const full = completeness(
      content({
        profile: {
          en: {
            business_name: 'Mama Njeri Kitchen',
            tagline: 'Chapati every day',
            description: 'Home cooking',
            services: ['Chapati'],
          },
          sw: { tagline: 'Chapati kila siku' },
        },
        hours: { monday: { open: '08:00', close: '18:00' } },
        contact: { phone: '+254712345678', whatsapp: '+254712345678' },
        location: { city: 'Machakos Town', geo: { lat: -1.5177, lng: 37.2634 } },
        media: { logo: ['sign'], banner: ['front'] },
      }),
    );
    expect(full.items.filter((item) => !item.done)).toEqual([]);
    expect(full.percent).toBe(100);

    const some = completeness(content({ contact: { phone: '+254712345678', whatsapp: '+254712345678' } }));
    expect(some.percent).toBe(11);
  });
});

describe('web address of a hosted business (UI-SUB-01, ERRATA 1)', () => {
  it('is the subdomain of the apex the dashboard runs on, always https there', () => {
    expect(websiteAddress('mama-njeri', { protocol: 'https:', hostname: 'tafuta.ke', port: '' })).toEqual({
      host: 'mama-njeri.tafuta.ke',
      url: 'https://mama-njeri.tafuta.ke/',
    });
    expect(
      websiteAddress('mama-njeri', { protocol: 'https:', hostname: 'www.tafuta.ke', port: '' }).host,
    ).toBe('mama-njeri.tafuta.ke');
  });

  it('answers on *.localhost with the same port on a development machine', () => {
    expect(websiteAddress('demo-shop', { protocol: 'http:', hostname: '127.0.0.1', port: '3000' })).toEqual({
      host: 'demo-shop.localhost',
      url: 'http://demo-shop.localhost:3000/',
    });
  });
});
