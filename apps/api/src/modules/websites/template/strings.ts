import type { Language } from '@tafuta/contracts';

/**
 * Fixed words of the website template and the state pages (UI-WEB-09): default section titles, buttons,
 * day names, status lines. `{placeholders}` are filled by the template. English is the source; a missing
 * key in another language falls back to English for that key (UI-I18N-09). Kikamba and Kikuyu are
 * filled in by Tafuta staff translators (UI-I18N-12: no machine translation), so they start empty.
 */

const en = {
  skipToContent: 'Skip to content',
  language: 'Language',
  languageCurrent: 'Language: {name}',
  call: 'Call',
  whatsapp: 'WhatsApp',
  directions: 'Directions',
  whatsappGreeting: 'Hi {name}, I found you on Tafuta.',
  quickContact: 'Quick contact',
  verified: 'Verified',
  premium: 'Premium',
  logoAlt: '{name} logo',
  photoAlt: '{name} photo {n}',
  aboutTitle: 'About us',
  servicesTitle: 'Services',
  galleryTitle: 'Photos',
  hoursTitle: 'Opening hours',
  locationTitle: 'Location',
  contactTitle: 'Contact',
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
  today: 'Today',
  closed: 'Closed',
  hoursUnknown: 'Not given',
  hoursRange: '{open} – {close}',
  open24: 'Open 24 hours',
  openCloses: 'Open · closes {time}',
  closedOpens: 'Closed · opens {time}',
  closedOpensTomorrow: 'Closed · opens tomorrow {time}',
  closedOpensDay: 'Closed · opens {day} {time}',
  postalCode: 'Postal code {code}',
  phone: 'Phone',
  otherPhone: 'Other phone',
  email: 'Email',
  ownWebsite: 'Website',
  mpesaTitle: 'Pay with M-Pesa',
  till: 'Buy Goods till',
  paybill: 'Paybill',
  account: 'Account',
  listedOn: 'Listed on Tafuta',
  getWebsite: 'Get your own website on Tafuta',
  copyright: '© {year} {name}',
  previewRibbon: 'Preview — not public',
  pageTitle: '{name} — {town}',
  metaFallback: '{name} in {town}. Call or send a WhatsApp message.',
  lapsedTitle: 'This website is not active right now',
  lapsedBody: 'You can still call them.',
  findMore: 'Find more businesses on Tafuta',
  closedTitle: 'This business is no longer in business',
  closedBody: 'It has closed. Find others like it on Tafuta.',
  unavailableTitle: "This site isn't available",
  unavailableBody: 'Check the web address, or find local businesses on Tafuta.',
  goToTafuta: 'Go to Tafuta',
  claimTitle: 'Own a business?',
  claimBody: 'Get your own web address like this one on Tafuta.',
  claimAction: 'List your business',
};

export type WebsiteStrings = { [key in keyof typeof en]: string };
export type StringKey = keyof WebsiteStrings;

const sw: WebsiteStrings = {
  skipToContent: 'Ruka hadi maudhui',
  language: 'Lugha',
  languageCurrent: 'Lugha: {name}',
  call: 'Piga simu',
  whatsapp: 'WhatsApp',
  directions: 'Maelekezo',
  whatsappGreeting: 'Habari {name}, nimekupata kwenye Tafuta.',
  quickContact: 'Wasiliana haraka',
  verified: 'Imethibitishwa',
  premium: 'Premium',
  logoAlt: 'Nembo ya {name}',
  photoAlt: 'Picha ya {name} {n}',
  aboutTitle: 'Kuhusu sisi',
  servicesTitle: 'Huduma',
  galleryTitle: 'Picha',
  hoursTitle: 'Saa za kazi',
  locationTitle: 'Mahali tulipo',
  contactTitle: 'Mawasiliano',
  monday: 'Jumatatu',
  tuesday: 'Jumanne',
  wednesday: 'Jumatano',
  thursday: 'Alhamisi',
  friday: 'Ijumaa',
  saturday: 'Jumamosi',
  sunday: 'Jumapili',
  today: 'Leo',
  closed: 'Imefungwa',
  hoursUnknown: 'Haijatajwa',
  hoursRange: '{open} – {close}',
  open24: 'Wazi saa 24',
  openCloses: 'Wazi · inafunga {time}',
  closedOpens: 'Imefungwa · inafungua {time}',
  closedOpensTomorrow: 'Imefungwa · inafungua kesho {time}',
  closedOpensDay: 'Imefungwa · inafungua {day} {time}',
  postalCode: 'Msimbo wa posta {code}',
  phone: 'Simu',
  otherPhone: 'Simu nyingine',
  email: 'Barua pepe',
  ownWebsite: 'Tovuti',
  mpesaTitle: 'Lipa kwa M-Pesa',
  till: 'Till ya Buy Goods',
  paybill: 'Paybill',
  account: 'Akaunti',
  listedOn: 'Imeorodheshwa kwenye Tafuta',
  getWebsite: 'Pata tovuti yako kwenye Tafuta',
  copyright: '© {year} {name}',
  previewRibbon: 'Onyesho la awali — si la umma',
  pageTitle: '{name} — {town}',
  metaFallback: '{name} mjini {town}. Piga simu au tuma ujumbe wa WhatsApp.',
  lapsedTitle: 'Tovuti hii haifanyi kazi kwa sasa',
  lapsedBody: 'Bado unaweza kuwapigia simu.',
  findMore: 'Pata biashara zaidi kwenye Tafuta',
  closedTitle: 'Biashara hii haifanyi kazi tena',
  closedBody: 'Imefungwa. Pata nyingine kama hii kwenye Tafuta.',
  unavailableTitle: 'Tovuti hii haipatikani',
  unavailableBody: 'Hakikisha anwani ya wavuti ni sahihi, au pata biashara za karibu kwenye Tafuta.',
  goToTafuta: 'Nenda Tafuta',
  claimTitle: 'Una biashara?',
  claimBody: 'Pata anwani yako ya wavuti kama hii kwenye Tafuta.',
  claimAction: 'Orodhesha biashara yako',
};

const kam: Partial<WebsiteStrings> = {};
const ki: Partial<WebsiteStrings> = {};

/** The tables as written, for the completeness test. */
export const STRING_TABLES: Readonly<Record<Language, Partial<WebsiteStrings>>> = { en, sw, kam, ki };

const resolved = new Map<Language, WebsiteStrings>();

/** Every key in `lang`, English where that language has no text yet. */
export function stringsFor(lang: Language): WebsiteStrings {
  let table = resolved.get(lang);
  if (!table) {
    table = { ...en, ...STRING_TABLES[lang] };
    resolved.set(lang, table);
  }
  return table;
}

/** Each language by its own name (UI-I18N-14), the same on every page. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  sw: 'Kiswahili',
  kam: 'Kĩkamba',
  ki: 'Gĩkũyũ',
};

/** §14.1 badges. */
export const LANGUAGE_BADGES: Readonly<Record<Language, string>> = {
  en: 'EN',
  sw: 'SW',
  kam: 'KAM',
  ki: 'KIK',
};

/** `og:locale` (language_TERRITORY). */
export const OG_LOCALES: Readonly<Record<Language, string>> = {
  en: 'en_KE',
  sw: 'sw_KE',
  kam: 'kam_KE',
  ki: 'ki_KE',
};
