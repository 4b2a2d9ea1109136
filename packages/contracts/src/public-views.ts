import type { Hours } from './business-content.js';
import type { Language } from './enums.js';

/**
 * Reply shapes of the public directory views: the search card (UI-RANK-07) and the detail data
 * (UI-DET-06). The API builds them (apps/api/src/modules/search) and the web app reads them. Plain
 * types on purpose: the browser imports them with `import type`, so no zod reaches its bundle.
 */

export interface Named {
  slug: string;
  name: string;
}

export interface LocalText {
  text: string;
  lang: Language;
}

export interface ListingItem {
  business_id: string;
  business_tag: string;
  name: string;
  name_lang: Language;
  tagline: string | null;
  categories: Named[];
  regions: Named[];
  city: string;
  phone: string;
  whatsapp: string | null;
  directions_url: string | null;
  logo_url: string | null;
  badge: 'verified' | 'premium' | null;
  promoted: boolean;
  hosted: boolean;
  website_url: string | null;
  hours: Hours | null;
  default_language: Language;
}

export interface PublicBusiness {
  business_id: string;
  business_tag: string;
  lang: Language;
  default_language: Language;
  name: LocalText;
  tagline: LocalText | null;
  description: LocalText | null;
  services: { items: string[]; lang: Language } | null;
  service_items: {
    items: { name: string; description: string | null; price: string | null }[];
    lang: Language;
  } | null;
  directions_note: LocalText | null;
  hours_note: LocalText | null;
  categories: Named[];
  regions: Named[];
  contact: {
    phone: string;
    phone_alt: string | null;
    whatsapp: string | null;
    email: string | null;
    website_url: string | null;
  };
  location: {
    street_address1: string | null;
    street_address2: string | null;
    city: string;
    postal_code: string | null;
    geo: { lat: number; lng: number } | null;
  };
  directions_url: string | null;
  hours: Hours | null;
  mpesa: { till_number: string | null; paybill_number: string | null; paybill_account: string | null } | null;
  media: {
    logo_url: string | null;
    banners: { slug: string; url: string; url_wide: string }[];
    gallery: { slug: string; thumb_url: string; url: string; caption: string | null }[];
  };
  badge: 'verified' | 'premium' | null;
  promoted: boolean;
  website_url: string | null;
}
