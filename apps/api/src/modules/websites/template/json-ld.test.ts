import { describe, expect, it } from 'vitest';
import { fullContent, modelFor } from '../fixture.js';
import { renderWebsite } from '../render.js';
import { jsonLdOf } from '../test-html.js';
import { openingHoursSpecification, scriptJson } from './json-ld.js';

describe('JSON-LD LocalBusiness (UI-WEB-10, UI-SEO-05)', () => {
  it('has the context, type and required properties', () => {
    const ld = jsonLdOf(renderWebsite(modelFor(fullContent()), { lang: 'en', preview: false }).html);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'LocalBusiness',
      name: 'Doreen Beauty Parlour',
      description: 'Hair, braids and nails for every occasion',
      telephone: '+254712345678',
      url: 'https://doreen.tafuta.ke/',
      address: {
        '@type': 'PostalAddress',
        streetAddress: 'Kenyatta Avenue, Next to the bus station',
        addressLocality: 'Machakos Town',
        postalCode: '90100',
        addressCountry: 'KE',
      },
      geo: { '@type': 'GeoCoordinates', latitude: -1.5177, longitude: 37.2634 },
    });
    expect(ld.image).toEqual([
      expect.stringMatching(/banner\/cover-banner_1200x400\.webp$/),
      expect.stringMatching(/profile\/salon-front_large\.webp$/),
      expect.stringMatching(/logo\/doreen-logo_medium\.webp$/),
    ]);
  });

  it('lists opening hours with dayOfWeek, opens and closes, grouping equal days and leaving out closed ones', () => {
    const ld = jsonLdOf(renderWebsite(modelFor(fullContent()), { lang: 'sw', preview: false }).html);
    const specs = ld.openingHoursSpecification as Record<string, unknown>[];
    for (const spec of specs) {
      expect(spec['@type']).toBe('OpeningHoursSpecification');
      expect(spec.opens).toMatch(/^\d\d:\d\d$/);
      expect(spec.closes).toMatch(/^\d\d:\d\d$/);
    }
    expect(specs.map((spec) => [spec.dayOfWeek, spec.opens, spec.closes])).toEqual([
      [
        [
          'https://schema.org/Monday',
          'https://schema.org/Tuesday',
          'https://schema.org/Wednesday',
          'https://schema.org/Thursday',
        ],
        '08:00',
        '18:00',
      ],
      [['https://schema.org/Friday'], '08:00', '22:00'],
      [['https://schema.org/Saturday'], '09:00', '02:00'],
    ]);
  });

  it('writes all-day as 00:00–23:59 and skips malformed days', () => {
    expect(
      openingHoursSpecification({
        monday: { open: '00:00', close: '24:00' },
        tuesday: { open: 'late', close: '18:00' },
        wednesday: { closed: true },
        thursday: { open: '07:00', close: '24:00' },
      }),
    ).toEqual([
      {
        '@type': 'OpeningHoursSpecification',
        dayOfWeek: ['https://schema.org/Monday'],
        opens: '00:00',
        closes: '23:59',
      },
      {
        '@type': 'OpeningHoursSpecification',
        dayOfWeek: ['https://schema.org/Thursday'],
        opens: '07:00',
        closes: '23:59',
      },
    ]);
    expect(openingHoursSpecification(undefined)).toEqual([]);
  });

  it('leaves out what is unknown: no geo, no hours, no address lines, no url before an address exists', () => {
    const content = fullContent();
    content.location = { city: 'Machakos Town' };
    delete content.hours;
    const ld = jsonLdOf(
      renderWebsite(modelFor(content, { siteUrl: null, subdomain: null }), { lang: 'en', preview: true })
        .html,
    );
    expect(ld).not.toHaveProperty('geo');
    expect(ld).not.toHaveProperty('openingHoursSpecification');
    expect(ld).not.toHaveProperty('url');
    expect(ld.address).toEqual({
      '@type': 'PostalAddress',
      addressLocality: 'Machakos Town',
      addressRegion: 'Machakos',
      addressCountry: 'KE',
    });
  });

  it('serialises so no string can close the script element', () => {
    const text = scriptJson({ name: '</script><script>alert(1)</script>', note: '<!-- & \u2028\u2029' });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({
      name: '</script><script>alert(1)</script>',
      note: '<!-- & \u2028\u2029',
    });
  });
});
