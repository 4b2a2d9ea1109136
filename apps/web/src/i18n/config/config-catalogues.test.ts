import { describe, expect, it } from 'vitest';
import { CONFIG_EN } from './catalogue';

/** UI-I18N-08 for the dashboard: Kiswahili keeps up with English in every area file. */
const swFiles = import.meta.glob<Record<string, unknown>>('./*/sw.json', { import: 'default', eager: true });
const sw = Object.fromEntries(Object.entries(swFiles).map(([path, file]) => [path.split('/')[1], file]));

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}
const valueAt = (catalogue: unknown, key: string) =>
  key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogue);
const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('dashboard catalogues', () => {
  const english = keysOf(CONFIG_EN).filter(Boolean);

  it('has an area file in Kiswahili for every English one', () => {
    expect(Object.keys(sw).sort()).toEqual(Object.keys(CONFIG_EN).sort());
  });

  it('Kiswahili has every English key and no others', () => {
    const swahili = keysOf(sw).filter(Boolean);
    expect(english.filter((key) => !swahili.includes(key))).toEqual([]);
    expect(swahili.filter((key) => !english.includes(key))).toEqual([]);
  });

  it('translations keep the English placeholders and are never empty', () => {
    for (const key of english) {
      const text = valueAt(sw, key);
      expect({ key, empty: typeof text !== 'string' || !text.trim() }).toEqual({ key, empty: false });
      expect({ key, vars: placeholders(text) }).toEqual({ key, vars: placeholders(valueAt(CONFIG_EN, key)) });
    }
  });
});
