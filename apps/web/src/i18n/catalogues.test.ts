import { ERROR_CODES } from '@tafuta/contracts';
import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import kam from './locales/kam.json';
import ki from './locales/ki.json';
import sw from './locales/sw.json';

/** UI-I18N-08 guard: fails the build when a catalogue falls behind English. */
function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

const english = new Set(keysOf(en));
const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const valueAt = (catalogue: unknown, key: string) =>
  key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogue);

describe('locale catalogues', () => {
  it('Kiswahili has every English key', () => {
    const missing = [...english].filter((key) => !keysOf(sw).includes(key));
    expect(missing).toEqual([]);
  });

  it('no catalogue carries keys English does not have (typos, stale keys)', () => {
    for (const catalogue of [sw, kam, ki]) {
      expect(keysOf(catalogue).filter((key) => key && !english.has(key))).toEqual([]);
    }
  });

  it('every translation keeps the English placeholders', () => {
    for (const key of keysOf(sw)) {
      expect({ key, vars: placeholders(valueAt(sw, key)) }).toEqual({
        key,
        vars: placeholders(valueAt(en, key)),
      });
    }
  });

  it('every API error code has a message in English and Kiswahili', () => {
    const missing = ERROR_CODES.filter(
      (code) => !english.has(`errors.${code}`) || !valueAt(sw, `errors.${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('no value is empty', () => {
    for (const catalogue of [en, sw]) {
      expect(keysOf(catalogue).filter((key) => !String(valueAt(catalogue, key)).trim())).toEqual([]);
    }
  });
});
