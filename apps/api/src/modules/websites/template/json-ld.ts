import { isAllDay, WEEKDAYS, type Weekday } from '@tafuta/contracts';
import type { WebsiteModel } from '../model.js';
import { field, type ContentText, LIMITS, clip } from './text.js';

/**
 * schema.org `LocalBusiness` for search engines (UI-WEB-10, UI-SEO-05): name, telephone, address,
 * geo, opening hours, url, image. Serialised so that no text can end the `<script>` element.
 */

const SCHEMA_DAYS: Record<Weekday, string> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

interface HoursSpec {
  '@type': 'OpeningHoursSpecification';
  dayOfWeek: string[];
  opens: string;
  closes: string;
}

/**
 * One entry per distinct opening period, listing its days. All day is 00:00–23:59 (schema.org's
 * convention); a close before the open runs past midnight, which schema.org reads the same way;
 * closed and unknown days are left out.
 */
export function openingHoursSpecification(hours: unknown): HoursSpec[] {
  const specs: HoursSpec[] = [];
  if (!hours || typeof hours !== 'object') return specs;
  for (const day of WEEKDAYS) {
    const value = (hours as Record<string, unknown>)[day] as { open?: unknown; close?: unknown } | undefined;
    if (!value || typeof value.open !== 'string' || typeof value.close !== 'string') continue;
    if (!CLOCK.test(value.open) || !CLOCK.test(value.close)) continue;
    const allDay = isAllDay({ open: value.open, close: value.close });
    const opens = allDay ? '00:00' : value.open;
    const closes = allDay || value.close === '24:00' ? '23:59' : value.close;
    const same = specs.find((spec) => spec.opens === opens && spec.closes === closes);
    if (same) same.dayOfWeek.push(`https://schema.org/${SCHEMA_DAYS[day]}`);
    else
      specs.push({
        '@type': 'OpeningHoursSpecification',
        dayOfWeek: [`https://schema.org/${SCHEMA_DAYS[day]}`],
        opens,
        closes,
      });
  }
  return specs;
}

/**
 * JSON inside `<script>`: `<`, `>` and `&` as \u escapes (so `</script>` and `<!--` cannot appear),
 * and U+2028/U+2029, which old JavaScript parsers treat as line ends.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

export function localBusinessJsonLd(
  model: WebsiteModel,
  text: ContentText,
  name: string,
  images: string[],
): Record<string, unknown> {
  const { content } = model;
  const street = [
    field(content, 'location', 'street_address1'),
    field(content, 'location', 'street_address2'),
  ]
    .map((part) => clip(part, LIMITS.street))
    .filter((part): part is string => part !== null)
    .join(', ');
  const postal = field(content, 'location', 'postal_code');
  const geo = field(content, 'location', 'geo') as { lat?: unknown; lng?: unknown } | null | undefined;
  const telephone = field(content, 'contact', 'phone');
  const email = field(content, 'contact', 'email');
  const description = text.profile('tagline') ?? text.profile('description');
  const hours = openingHoursSpecification((content as { hours?: unknown }).hours);
  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'LocalBusiness',
    name,
    ...(description ? { description: description.text } : {}),
    ...(typeof telephone === 'string' && /^\+254\d{8,9}$/.test(telephone) ? { telephone } : {}),
    ...(typeof email === 'string' && email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email) ? { email } : {}),
    address: {
      '@type': 'PostalAddress',
      ...(street ? { streetAddress: street } : {}),
      addressLocality: clip(field(content, 'location', 'city'), LIMITS.city) ?? model.city,
      ...(typeof postal === 'string' && /^\d{5}$/.test(postal) ? { postalCode: postal } : {}),
      ...(model.regions[0] ? { addressRegion: model.regions[0].name } : {}),
      addressCountry: 'KE',
    },
    ...(geo && Number.isFinite(geo.lat) && Number.isFinite(geo.lng)
      ? { geo: { '@type': 'GeoCoordinates', latitude: geo.lat, longitude: geo.lng } }
      : {}),
    ...(hours.length > 0 ? { openingHoursSpecification: hours } : {}),
    ...(model.siteUrl ? { url: model.siteUrl } : {}),
    ...(images.length > 0 ? { image: images } : {}),
    ...(model.images.logo?.medium ? { logo: model.images.logo.medium } : {}),
  };
  return ld;
}
