import type { TFunction } from 'i18next';
import { LANGUAGE_INFO, isAppLanguage } from '../../../i18n/language';
import type { DiffEntry, DiffValue } from './content-diff';

/**
 * Words for the fields of `content_json` (ui.md §9.2) as the history screen names them. A path this
 * build does not know (a newer schema) is shown as the path itself rather than hidden.
 */
type Tc = TFunction<'config'>;

const PROFILE = [
  'business_name',
  'tagline',
  'description',
  'services',
  'directions_note',
  'hours_note',
] as const;
const WEBSITE = [
  'hero.title',
  'hero.subtitle',
  'about.title',
  'about.content',
  'services.title',
  'services.items',
  'gallery.title',
  'contact.title',
] as const;
const CONTACT = ['phone', 'phone_alt', 'whatsapp', 'email', 'website_url'] as const;
const LOCATION = ['street_address1', 'street_address2', 'city', 'postal_code', 'geo'] as const;
const MPESA = ['till_number', 'paybill_number', 'paybill_account'] as const;
export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const SECTIONS = ['about', 'services', 'gallery', 'hours', 'location', 'contact'] as const;
const MEDIA = ['logo', 'banner', 'profile', 'gallery'] as const;

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

export function languageName(code: string): string {
  return isAppLanguage(code) ? LANGUAGE_INFO[code].name : code;
}

export function fieldLabel(t: Tc, entry: Pick<DiffEntry, 'group' | 'field' | 'path'>): string {
  const { group, field } = entry;
  if (group === 'profile' && isOneOf(PROFILE, field)) return t(`history.fields.profile.${field}`);
  if (group === 'website') {
    const key = field.replace('.', '_');
    if (isOneOf(WEBSITE, field)) return t(`history.fields.website.${key as WebsiteKey}`);
    if (field.startsWith('gallery.captions.'))
      return t('history.fields.website.caption', { photo: field.slice('gallery.captions.'.length) });
  }
  if (group === 'contact' && isOneOf(CONTACT, field)) return t(`history.fields.contact.${field}`);
  if (group === 'location' && isOneOf(LOCATION, field)) return t(`history.fields.location.${field}`);
  if (group === 'mpesa' && isOneOf(MPESA, field)) return t(`history.fields.mpesa.${field}`);
  if (group === 'hours' && isOneOf(DAYS, field))
    return t('history.fields.hoursDay', { day: t(`history.days.${field}`) });
  if (group === 'website_settings' && field.startsWith('sections.')) {
    const section = field.slice('sections.'.length);
    if (isOneOf(SECTIONS, section))
      return t('history.fields.section', { section: t(`history.sections.${section}`) });
  }
  if (group === 'media' && isOneOf(MEDIA, field)) return t(`history.fields.media.${field}`);
  if (group === 'categories') return t('history.fields.categories');
  if (group === 'regions') return t('history.fields.regions');
  if (group === 'default_language') return t('history.fields.defaultLanguage');
  return entry.path;
}
type WebsiteKey =
  | 'hero_title'
  | 'hero_subtitle'
  | 'about_title'
  | 'about_content'
  | 'services_title'
  | 'services_items'
  | 'gallery_title'
  | 'contact_title';

/** A before/after value in words: switches as Shown/Hidden, a closed day as Closed, nothing as "(empty)". */
export function valueText(t: Tc, entry: Pick<DiffEntry, 'group' | 'field'>, value: DiffValue | null): string {
  const { group } = entry;
  // UI-CJ §9.2: a section without a switch is shown.
  if (value === null && group === 'website_settings' && entry.field.startsWith('sections.'))
    return t('history.shown');
  if (value === null) return t('history.empty');
  if (typeof value === 'boolean') {
    if (group === 'hours') return t('history.closed');
    return value ? t('history.shown') : t('history.hidden');
  }
  if (group === 'default_language') return languageName(value);
  return value;
}
