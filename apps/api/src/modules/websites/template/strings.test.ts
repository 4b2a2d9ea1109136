import { LANGUAGES } from '@tafuta/contracts';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_NAMES, STRING_TABLES, stringsFor } from './strings.js';

const placeholders = (text: string) => [...text.matchAll(/\{([a-z]+)\}/g)].map((match) => match[1]).sort();

describe('website fixed words (UI-WEB-09)', () => {
  const en = STRING_TABLES.en;
  const keys = Object.keys(en) as (keyof typeof en)[];

  it('Kiswahili has every English key, filled in, with the same placeholders', () => {
    const sw = STRING_TABLES.sw;
    expect(Object.keys(sw).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(sw[key]?.trim(), key).toBeTruthy();
      expect(placeholders(sw[key]!), key).toEqual(placeholders(en[key]!));
    }
  });

  it('Kiswahili is translated, not copied: only names and patterns may match English', () => {
    const same = keys.filter((key) => STRING_TABLES.sw[key] === en[key]);
    expect(same.sort()).toEqual(['copyright', 'hoursRange', 'pageTitle', 'paybill', 'premium', 'whatsapp']);
  });

  it('Kikamba and Kikuyu use only known keys and fall back to English per key', () => {
    for (const language of ['kam', 'ki'] as const) {
      for (const [key, value] of Object.entries(STRING_TABLES[language])) {
        expect(keys).toContain(key);
        expect(placeholders(value)).toEqual(placeholders(en[key as keyof typeof en]!));
      }
      const table = stringsFor(language);
      for (const key of keys) expect(table[key]).toBe(STRING_TABLES[language][key] ?? en[key]);
    }
  });

  it('every language has its own name for the menu', () => {
    for (const language of LANGUAGES) expect(LANGUAGE_NAMES[language]).toBeTruthy();
    expect(LANGUAGE_NAMES.ki).toBe('Gĩkũyũ');
  });
});
