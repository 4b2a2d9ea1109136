import type { Hours, Language } from '@tafuta/contracts';

/**
 * Reply shapes the web app reads, mirroring the API's views (docs/openapi.json): the search card
 * (UI-RANK-07), the detail data (UI-DET-06), landing headers and the signed-in person (EP-ME-01).
 * Types only, so nothing from zod reaches the browser bundle.
 */

export type { Hours, Language, PublicCategory, PublicRegion, PublicSettings } from '@tafuta/contracts';

export interface Named {
  slug: string;
  name: string;
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

/**
 * UI-ADS-05: ads ride along in the search reply. The API sends none until the Ads module lands; this is
 * the least the strip needs, to be widened then.
 */
export interface AdItem {
  ad_id: string;
  business_id: string;
  name: string;
  headline: string;
}

export interface LandingReply {
  region: Named | null;
  category: Named | null;
  total: number;
  related: {
    categories_in_region: (Named & { count: number })[];
    category_in_regions: (Named & { count: number })[];
  };
}

export interface LocalText {
  text: string;
  lang: Language;
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

export interface LegalVersion {
  version_id: string;
  version_number: string;
  published_at: string;
  url: string;
}

export interface TermsCurrent {
  terms_of_service: LegalVersion | null;
  privacy_policy: LegalVersion | null;
}

export interface Profile {
  user_id: string;
  full_name: string;
  nickname: string | null;
  phone: string;
  email: string | null;
  language_preference: Language;
  status: string;
  has_password: boolean;
  consent: { consent_required: boolean };
}

export interface SignInReply {
  user: Profile;
  account_status: string;
  consent_required: boolean;
}

export interface OtpReply {
  otp_sent: boolean;
  otp_expires_at: string;
  resend_available_at: string;
}
