import type { BusinessContent, ProfileText } from '@tafuta/contracts';
import { WEEKDAYS, type Weekday } from '@tafuta/contracts/weekdays';
import { APP_LANGUAGES, type AppLanguage } from '../../../i18n/language';
import { formatLocalPhone, normaliseKenyanMobile } from '../../../lib/phone';

/**
 * The profile as a form (ui.md §10.5): every input is a string or a switch, phones are shown the
 * Kenyan way ("0712 345 678"). `toPatch` turns it back into the partial document `PATCH` merges
 * (UI-CJ-09: objects merge, arrays replace, null removes), and `toDocument` into the whole document
 * the shared schema checks. The create wizard uses the same form with fewer fields on screen.
 */

export const TEXT_FIELDS = ['tagline', 'description', 'services', 'directions_note', 'hours_note'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface LanguageTexts {
  /** "Different name in this language"; English uses `ProfileForm.business_name`. */
  business_name: string;
  tagline: string;
  description: string;
  services: { value: string }[];
  directions_note: string;
  hours_note: string;
}

export interface DayForm {
  closed: boolean;
  allDay: boolean;
  open: string;
  close: string;
}

export interface ProfileForm {
  default_language: AppLanguage;
  business_name: string;
  texts: Record<AppLanguage, LanguageTexts>;
  categories: string[];
  regions: string[];
  contact: {
    phone: string;
    phone_alt: string;
    whatsappSame: boolean;
    whatsapp: string;
    email: string;
    website_url: string;
  };
  location: {
    street_address1: string;
    street_address2: string;
    city: string;
    postal_code: string;
    lat: string;
    lng: string;
  };
  hours: Record<Weekday, DayForm>;
  mpesa: { till_number: string; paybill_number: string; paybill_account: string };
}

type Json = Record<string, unknown>;

const emptyTexts = (): LanguageTexts => ({
  business_name: '',
  tagline: '',
  description: '',
  services: [],
  directions_note: '',
  hours_note: '',
});

const emptyDay = (): DayForm => ({ closed: false, allDay: false, open: '', close: '' });

/** The wizard's starting point: nothing but the owner's own phone (UI-DASH-12 step 2). */
export function emptyForm(phone: string | null): ProfileForm {
  return {
    default_language: 'en',
    business_name: '',
    texts: Object.fromEntries(APP_LANGUAGES.map((language) => [language, emptyTexts()])) as Record<
      AppLanguage,
      LanguageTexts
    >,
    categories: [],
    regions: [],
    contact: {
      phone: phone ? formatLocalPhone(phone) : '',
      phone_alt: '',
      whatsappSame: true,
      whatsapp: '',
      email: '',
      website_url: '',
    },
    location: { street_address1: '', street_address2: '', city: '', postal_code: '', lat: '', lng: '' },
    hours: Object.fromEntries(WEEKDAYS.map((day) => [day, emptyDay()])) as Record<Weekday, DayForm>,
    mpesa: { till_number: '', paybill_number: '', paybill_account: '' },
  };
}

const shown = (phone: string | null | undefined) => (phone ? formatLocalPhone(phone) : '');

function textsOf(profile: ProfileText | undefined): LanguageTexts {
  return {
    business_name: profile?.business_name ?? '',
    tagline: profile?.tagline ?? '',
    description: profile?.description ?? '',
    services: (profile?.services ?? []).map((value) => ({ value })),
    directions_note: profile?.directions_note ?? '',
    hours_note: profile?.hours_note ?? '',
  };
}

export function fromContent(content: BusinessContent): ProfileForm {
  const contact = content.contact;
  const geo = content.location.geo;
  const texts = Object.fromEntries(
    APP_LANGUAGES.map((language) => [language, textsOf(content.profile[language])]),
  ) as Record<AppLanguage, LanguageTexts>;
  texts.en.business_name = '';
  return {
    default_language: content.default_language,
    business_name: content.profile.en?.business_name ?? '',
    texts,
    categories: [...content.categories],
    regions: [...content.regions],
    contact: {
      phone: shown(contact.phone),
      phone_alt: shown(contact.phone_alt),
      whatsappSame: Boolean(contact.whatsapp) && contact.whatsapp === contact.phone,
      whatsapp: contact.whatsapp && contact.whatsapp !== contact.phone ? shown(contact.whatsapp) : '',
      email: contact.email ?? '',
      website_url: contact.website_url ?? '',
    },
    location: {
      street_address1: content.location.street_address1 ?? '',
      street_address2: content.location.street_address2 ?? '',
      city: content.location.city,
      postal_code: content.location.postal_code ?? '',
      lat: geo ? String(geo.lat) : '',
      lng: geo ? String(geo.lng) : '',
    },
    hours: Object.fromEntries(
      WEEKDAYS.map((day) => {
        const hours = content.hours?.[day];
        if (!hours) return [day, emptyDay()];
        if ('closed' in hours) return [day, { ...emptyDay(), closed: true }];
        const allDay = hours.open === '00:00' && hours.close === '24:00';
        return [
          day,
          { closed: false, allDay, open: allDay ? '' : hours.open, close: allDay ? '' : hours.close },
        ];
      }),
    ) as Record<Weekday, DayForm>,
    mpesa: {
      till_number: content.mpesa?.till_number ?? '',
      paybill_number: content.mpesa?.paybill_number ?? '',
      paybill_account: content.mpesa?.paybill_account ?? '',
    },
  };
}

/**
 * PHN-02/03 in the browser: a business phone in any common spelling → `+254…` (landlines allowed).
 * What cannot be read is passed on as typed, so the schema names the field.
 */
export function businessPhoneInput(input: string): string {
  const compact = input.trim().replace(/[\s\-.()[\]]/g, '');
  const match =
    /^\+2540(\d{8,9})$/.exec(compact) ?? /^254(\d{8,9})$/.exec(compact) ?? /^0(\d{8,9})$/.exec(compact);
  if (match) return `+254${match[1]}`;
  if (/^[71]\d{8}$/.test(compact)) return `+254${compact}`;
  return compact;
}

const mobileInput = (input: string) => normaliseKenyanMobile(input) ?? input.trim().replace(/\s/g, '');
const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

function textsPatch(texts: LanguageTexts, englishName: string | null): Json | null {
  const services = texts.services.map((item) => item.value.trim()).filter((value) => value !== '');
  const patch: Json = {
    business_name: englishName ?? orNull(texts.business_name),
    tagline: orNull(texts.tagline),
    description: orNull(texts.description),
    services: services.length > 0 ? services : null,
    directions_note: orNull(texts.directions_note),
    hours_note: orNull(texts.hours_note),
  };
  return Object.values(patch).every((value) => value === null) ? null : patch;
}

/** A day as stored; every key is named so a merge never leaves `closed` next to `open`. */
function dayPatch(day: DayForm): Json | null {
  if (day.closed) return { closed: true, open: null, close: null };
  if (day.allDay) return { closed: null, open: '00:00', close: '24:00' };
  if (day.open === '' && day.close === '') return null;
  return { closed: null, open: day.open, close: day.close };
}

function geoOf(location: ProfileForm['location']): Json | null {
  if (location.lat.trim() === '' && location.lng.trim() === '') return null;
  const number = (value: string) => (value.trim() === '' ? Number.NaN : Number(value.replace(',', '.')));
  return { lat: number(location.lat), lng: number(location.lng) };
}

/**
 * The partial document for `PATCH` (and the wizard's `content`). `hosted`: the external website link
 * is only editable for hosted businesses (UI-PROF-03), so otherwise it is left as stored.
 */
export function toPatch(values: ProfileForm, options: { hosted: boolean } = { hosted: false }): Json {
  const phone = businessPhoneInput(values.contact.phone);
  const profile = Object.fromEntries(
    APP_LANGUAGES.map((language) => [
      language,
      textsPatch(values.texts[language], language === 'en' ? values.business_name.trim() : null),
    ]),
  );
  const hours = Object.fromEntries(WEEKDAYS.map((day) => [day, dayPatch(values.hours[day])]));
  const mpesa = {
    till_number: orNull(values.mpesa.till_number),
    paybill_number: orNull(values.mpesa.paybill_number),
    paybill_account: orNull(values.mpesa.paybill_account),
  };
  return {
    default_language: values.default_language,
    profile,
    categories: values.categories,
    regions: values.regions,
    contact: {
      phone,
      phone_alt: values.contact.phone_alt.trim() ? businessPhoneInput(values.contact.phone_alt) : null,
      whatsapp: values.contact.whatsappSame
        ? phone
        : values.contact.whatsapp.trim()
          ? mobileInput(values.contact.whatsapp)
          : null,
      email: orNull(values.contact.email),
      ...(options.hosted ? { website_url: orNull(values.contact.website_url) } : {}),
    },
    location: {
      street_address1: orNull(values.location.street_address1),
      street_address2: orNull(values.location.street_address2),
      city: values.location.city.trim(),
      postal_code: orNull(values.location.postal_code),
      geo: geoOf(values.location),
    },
    hours: Object.values(hours).every((day) => day === null) ? null : hours,
    mpesa: Object.values(mpesa).every((value) => value === null) ? null : mpesa,
  };
}

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Parts sent whole when anything in them changed: a day, a position and the M-Pesa block are only
 * valid as a whole, and merging half of one into someone else's newer version could break it.
 */
const ATOMIC = /^(hours\.\w+|location\.geo|mpesa)$/;

/**
 * Only what differs between two patches, keeping their shape: objects on both sides are compared key
 * by key, anything else is sent whole when it changed.
 */
export function diffPatch(before: Json, after: Json, at = ''): Json {
  const changed: Json = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = before[key] ?? null;
    const next = after[key] ?? null;
    const path = at ? `${at}.${key}` : key;
    if (isObject(old) && isObject(next) && !ATOMIC.test(path)) {
      const inner = diffPatch(old, next, path);
      if (Object.keys(inner).length > 0) changed[key] = inner;
    } else if (JSON.stringify(old) !== JSON.stringify(next)) changed[key] = next;
  }
  return changed;
}

/**
 * UI-SAVE-04: a save sends only the fields this editor changed, so "Save mine anyway" overwrites what
 * the owner typed and nothing someone else saved meanwhile in fields they left alone.
 */
export function changedPatch(
  baseline: ProfileForm,
  values: ProfileForm,
  options?: { hosted: boolean },
): Json {
  return diffPatch(toPatch(baseline, options), toPatch(values, options));
}

/** UI-CJ-09's merge, as the server does it (content-document.ts). */
export function deepMerge(current: Json, patch: Json): Json {
  const merged: Json = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (isObject(value)) merged[key] = deepMerge(isObject(merged[key]) ? merged[key] : {}, value);
    else merged[key] = value;
  }
  return merged;
}

/** The document the server would store after this save, for the shared schema to check. */
export function toDocument(values: ProfileForm, base: Json, options?: { hosted: boolean }): Json {
  return deepMerge(base, toPatch(values, options));
}

/** The empty document a new business starts from (the server adds the same two keys). */
export const NEW_DOCUMENT: Json = { schema_version: 1, default_language: 'en', profile: {} };

/** Content path (from the schema or a 400 answer) → the form field that shows it. */
export function toFormPath(contentPath: string): string | null {
  const parts = contentPath.split('.');
  const [head, second, third, fourth] = parts;
  switch (head) {
    case 'profile': {
      if (!second || !(APP_LANGUAGES as readonly string[]).includes(second) || !third) return null;
      if (second === 'en' && third === 'business_name') return 'business_name';
      if (third === 'services')
        return fourth ? `texts.${second}.services.${fourth}.value` : `texts.${second}.services`;
      return `texts.${second}.${third}`;
    }
    case 'categories':
    case 'regions':
    case 'default_language':
      return head;
    case 'contact':
      return second ? `contact.${second}` : 'contact.phone';
    case 'location':
      if (second === 'geo') return third === 'lng' ? 'location.lng' : 'location.lat';
      return second ? `location.${second}` : 'location.city';
    case 'hours':
      if (!second || !(WEEKDAYS as readonly string[]).includes(second)) return null;
      return `hours.${second}.${third === 'close' ? 'close' : 'open'}`;
    case 'mpesa':
      return second ? `mpesa.${second}` : 'mpesa.till_number';
    default:
      return null;
  }
}

/** Form-only checks the schema cannot make: an hour row needs both times. */
export function formProblems(values: ProfileForm): { path: string; problem: string }[] {
  return WEEKDAYS.flatMap((day) => {
    const row = values.hours[day];
    if (row.closed || row.allDay || (row.open === '') === (row.close === '')) return [];
    return [{ path: `hours.${day}.${row.open === '' ? 'open' : 'close'}`, problem: 'clock' }];
  });
}
