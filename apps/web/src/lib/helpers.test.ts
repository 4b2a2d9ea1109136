import { describe, expect, it } from 'vitest';
import { cleanQuery, listPath, MAX_QUERY_LENGTH, validSlug } from './filters';
import { formatClock, openStatus } from './hours';
import { filterLoaded, mergePages, serverQuery } from './live-search';
import { formatLocalPhone, normaliseKenyanMobile, telLink, whatsappLink } from './phone';
import { foldText, initialsOf } from './text';
import { detectInitialLanguage, languageCookie, readLanguageCookie } from '../i18n/language';
import type { Hours, ListingItem } from './api-types';

// 2026-03-02 is a Monday. 09:00Z = 12:00 EAT.
const eat = (day: number, hhmm: string) => new Date(`2026-03-0${day}T${hhmm}:00+03:00`);
const shop: Hours = {
  monday: { open: '08:00', close: '18:00' },
  tuesday: { open: '08:00', close: '18:00' },
  friday: { open: '17:00', close: '02:00' },
  saturday: { closed: true },
  sunday: { open: '00:00', close: '24:00' },
};

describe('open status in East Africa Time', () => {
  it('is open inside the period and says when it closes', () => {
    expect(openStatus(shop, eat(2, '12:00'))).toEqual({ state: 'open', closesAt: '18:00' });
  });
  it('before opening it opens later today; after closing, tomorrow', () => {
    expect(openStatus(shop, eat(2, '07:00'))).toEqual({ state: 'closed', opensAt: '08:00', opensDay: null });
    expect(openStatus(shop, eat(2, '19:00'))).toEqual({
      state: 'closed',
      opensAt: '08:00',
      opensDay: 'tomorrow',
    });
  });
  it('a late period runs past midnight into the next day', () => {
    expect(openStatus(shop, eat(7, '01:30'))).toEqual({ state: 'open', closesAt: '02:00' });
    expect(openStatus(shop, eat(7, '03:00'))).toMatchObject({ state: 'closed', opensDay: 'tomorrow' });
  });
  it('00:00–24:00 is open 24 hours; no hours hide the line', () => {
    expect(openStatus(shop, eat(8, '03:00'))).toEqual({ state: 'open24' });
    expect(openStatus(null, eat(2, '12:00'))).toBeNull();
    expect(openStatus({}, eat(2, '12:00'))).toBeNull();
  });
  it('uses Nairobi time whatever the instant is written in', () => {
    // 20:30 UTC on Monday is 23:30 EAT Monday: closed.
    expect(openStatus(shop, new Date('2026-03-02T20:30:00Z'))).toMatchObject({ state: 'closed' });
    // 06:00 UTC Tuesday is 09:00 EAT: open.
    expect(openStatus(shop, new Date('2026-03-03T06:00:00Z'))).toMatchObject({ state: 'open' });
  });
  it('prints 12-hour English and 24-hour Kiswahili', () => {
    expect(formatClock('18:00', 'en')).toBe('6:00 pm');
    expect(formatClock('00:30', 'en')).toBe('12:30 am');
    expect(formatClock('18:00', 'sw')).toBe('18:00');
  });
});

describe('phones', () => {
  it.each(['0712 345 678', '712345678', '254712345678', '+254-712-345-678', '0112345678'])(
    'accepts %s',
    (input) => {
      expect(normaliseKenyanMobile(input)).toMatch(/^\+254[17]\d{8}$/);
    },
  );
  it.each(['', '0612345678', '12345', '+255712345678', '<script>', '07123456789'])('refuses %s', (input) => {
    expect(normaliseKenyanMobile(input)).toBeNull();
  });
  it('formats and links', () => {
    expect(formatLocalPhone('+254712345678')).toBe('0712 345 678');
    expect(telLink('+254712345678')).toBe('tel:+254712345678');
    expect(whatsappLink('+254712345678', 'Hi Doreen & co, I found you on Tafuta.')).toBe(
      'https://wa.me/254712345678?text=Hi%20Doreen%20%26%20co%2C%20I%20found%20you%20on%20Tafuta.',
    );
  });
});

describe('text, filters and URLs', () => {
  it('folds accents and case; initials of one or two words', () => {
    expect(foldText('Gĩkũyũ')).toBe('gikuyu');
    expect(initialsOf('doreen beauty parlour')).toBe('DB');
    expect(initialsOf('  ')).toBe('?');
  });
  it('builds the canonical URL of a filter (UI-LIST-02)', () => {
    expect(listPath({ region: 'machakos', category: 'salons', q: '' })).toBe(
      '/region/machakos/category/salons',
    );
    expect(listPath({ region: null, category: 'salons', q: '' })).toBe('/category/salons');
    expect(listPath({ region: 'kisumu', category: null, q: '' })).toBe('/region/kisumu');
    expect(listPath({ region: null, category: null, q: '  ' })).toBe('/');
    expect(listPath({ region: 'kisumu', category: null, q: '<script>alert(1)</script>' })).toBe(
      '/search?q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E&region=kisumu',
    );
  });
  it('cuts hostile long input and refuses malformed slugs', () => {
    expect(cleanQuery('x'.repeat(10_000))).toHaveLength(MAX_QUERY_LENGTH);
    expect(validSlug('machakos')).toBe(true);
    expect(validSlug('<script>')).toBe(false);
    expect(validSlug('a'.repeat(65))).toBe(false);
    expect(serverQuery(' s ')).toBe('');
    expect(serverQuery('sa')).toBe('sa');
  });
  it('filters loaded cards accent-insensitively and de-duplicates pages', () => {
    const card = (id: string, name: string) =>
      ({
        business_id: id,
        name,
        tagline: null,
        city: 'Machakos Town',
        categories: [{ slug: 's', name: 'Salons' }],
      }) as unknown as ListingItem;
    const items = [card('1', 'Doreen Beauty'), card('2', 'Mama Mboga')];
    expect(filterLoaded(items, 'salo').map((i) => i.business_id)).toEqual(['1', '2']);
    expect(filterLoaded(items, 'DOREEN').map((i) => i.business_id)).toEqual(['1']);
    const page = { total: 2, pages: 2, page: 1, ads: [] };
    expect(
      mergePages([
        { ...page, items: [items[0]!] },
        { ...page, items: [items[0]!, items[1]!] },
      ]),
    ).toHaveLength(2);
  });
});

describe('language choice (UI-I18N-13/15)', () => {
  it('?lang= wins, then the cookie, then the browser, then English', () => {
    expect(
      detectInitialLanguage({ search: '?lang=ki', cookie: 'tafuta_lang=sw', browserLanguages: [] }),
    ).toBe('ki');
    expect(
      detectInitialLanguage({ search: '?lang=xx', cookie: 'a=1; tafuta_lang=sw', browserLanguages: [] }),
    ).toBe('sw');
    expect(detectInitialLanguage({ search: '', cookie: '', browserLanguages: ['sw-KE', 'en'] })).toBe('sw');
    expect(detectInitialLanguage({ search: '', cookie: 'tafuta_lang=fr', browserLanguages: ['fr'] })).toBe(
      'en',
    );
  });
  it('shares the cookie with business websites only on tafuta.ke', () => {
    expect(languageCookie('sw', 'tafuta.ke', true)).toContain('Domain=.tafuta.ke');
    expect(languageCookie('sw', 'localhost', false)).not.toContain('Domain');
    expect(readLanguageCookie(languageCookie('kam', 'localhost', false))).toBe('kam');
  });
});
