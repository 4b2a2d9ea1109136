import { describe, expect, it } from 'vitest';
import { changeLanguage, provideLanguageSwitch, type AppLanguage } from './language';

describe('changeLanguage (UI-I18N-14)', () => {
  it('hands the choice to the switch i18n/index.ts provides, with its options', async () => {
    const calls: [AppLanguage, { remember: boolean } | undefined][] = [];
    provideLanguageSwitch((language, options) => {
      calls.push([language, options]);
      return Promise.resolve();
    });
    await changeLanguage('sw');
    await changeLanguage('ki', { remember: false });
    expect(calls).toEqual([
      ['sw', undefined],
      ['ki', { remember: false }],
    ]);
  });
});
