import type { BusinessContent } from '@tafuta/contracts';
import type { AppLanguage } from '../../../i18n/language';
import type { LanguageTexts } from './website-form';

/**
 * UI-WED-03 / UI-WEB-09: what the website shows for an empty title, in the language of the tab being
 * edited (not the dashboard's own language), so the placeholder is exactly what visitors will read.
 * These mirror the template's words (apps/api/src/modules/websites/template/strings.ts); languages the
 * template has no words for yet fall back to English there, and here.
 */
const TITLES: Partial<Record<AppLanguage, Record<'about' | 'services' | 'gallery' | 'contact', string>>> = {
  en: { about: 'About us', services: 'Services', gallery: 'Photos', contact: 'Contact' },
  sw: { about: 'Kuhusu sisi', services: 'Huduma', gallery: 'Picha', contact: 'Mawasiliano' },
};

/** UI-CJ-03 order for one profile field: this language, English, the main language, then the rest. */
function profileText(
  content: BusinessContent,
  language: AppLanguage,
  field: 'business_name' | 'tagline' | 'description',
): string {
  const order: AppLanguage[] = [language, 'en', content.default_language, 'sw', 'kam', 'ki'];
  for (const code of order) {
    const value = content.profile[code]?.[field];
    if (value) return value;
  }
  return '';
}

/** The text visitors see in `language` where the field is left empty (UI-WEB-07 defaults). */
export function websiteDefaults(
  content: BusinessContent,
  language: AppLanguage,
): Partial<Record<keyof LanguageTexts, string>> {
  const titles = TITLES[language] ?? TITLES.en!;
  return {
    hero_title: profileText(content, language, 'business_name'),
    hero_subtitle: profileText(content, language, 'tagline'),
    about_title: titles.about,
    about_content: profileText(content, language, 'description'),
    services_title: titles.services,
    gallery_title: titles.gallery,
    contact_title: titles.contact,
  };
}
