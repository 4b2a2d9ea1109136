import { APP_LANGUAGES as LANGUAGES, type AppLanguage as Language } from '../../../i18n/language';

/**
 * UI-LANG-01: a tab's completion dot, counted over the fields that have English text. English itself
 * is counted over every field of the tab.
 */
export type Completion = 'full' | 'partial' | 'empty';

const hasText = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.trim() !== ''
    : Array.isArray(value)
      ? value.some((item: unknown) =>
          hasText(typeof item === 'object' && item !== null ? Object.values(item) : item),
        )
      : false;

export function languageCompletion(
  texts: Partial<Record<Language, object>>,
  fields: readonly string[],
): Record<Language, Completion> {
  const fieldsOf = (language: Language) => (texts[language] ?? {}) as Record<string, unknown>;
  const english = fieldsOf('en');
  const counted = fields.filter((field) => hasText(english[field]));
  const grade = (filled: number, of: number): Completion =>
    of === 0 || filled === 0 ? 'empty' : filled === of ? 'full' : 'partial';
  return Object.fromEntries(
    LANGUAGES.map((language) => {
      const own = fieldsOf(language);
      if (language === 'en') return [language, grade(counted.length, fields.length)];
      const of = counted.length === 0 ? fields : counted;
      return [language, grade(of.filter((field) => hasText(own[field])).length, of.length)];
    }),
  ) as Record<Language, Completion>;
}
