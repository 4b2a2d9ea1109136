import type { Language, Named } from '@tafuta/contracts';

/**
 * Reply shapes the web app reads (docs/openapi.json): the search card (UI-RANK-07) and the detail data
 * (UI-DET-06) come from @tafuta/contracts; landing headers and the signed-in person (EP-ME-01) are
 * mirrored here. Types only, so nothing from zod reaches the browser bundle.
 */

export type {
  Hours,
  Language,
  ListingItem,
  LocalText,
  Named,
  PublicBusiness,
  PublicCategory,
  PublicRegion,
  PublicSettings,
} from '@tafuta/contracts';

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
