import type { BusinessContent } from '@tafuta/contracts';

/**
 * The member's view of a business (`GET /api/businesses/:id`, EP-BIZ-02 private view) as the owner
 * dashboard reads it. Mirrors apps/api/src/modules/businesses/business.view.ts `privateView`; types
 * only, so nothing from zod reaches the browser bundle.
 */
export type BusinessRole = 'owner' | 'admin' | 'employee';

export type BusinessStatus =
  'pending' | 'active' | 'deactivated' | 'out_of_business' | 'suspended' | 'deleted';

export interface ServiceView {
  service_type: string;
  status: string;
  expiration_date: string;
  last_service_date: string;
}

export interface BusinessPrivate {
  business_id: string;
  business_tag: string;
  business_name: string;
  status: BusinessStatus;
  review_state: string | null;
  rejection_reason_code: string | null;
  rejection_reason: string | null;
  deactivation_reason: string | null;
  verification_tier: string | null;
  categories: string[];
  regions: string[];
  city: string | null;
  phone: string | null;
  content_json: BusinessContent;
  content_version: number;
  content_updated_at: string;
  submitted_at: string | null;
  approved_at: string | null;
  /** null for staff looking in with a staff session. */
  your_role: BusinessRole | null;
  subdomain: string | null;
  subscriptions: ServiceView[];
  created_at: string;
}

/** One row of `GET /api/users/me/businesses` (EP-ME-10). */
export interface MyBusiness {
  business_id: string;
  business_name: string;
  business_tag: string;
  status: BusinessStatus;
  review_state: string | null;
  role: BusinessRole;
  verification_tier: string | null;
  /** The logo (small), else the first profile photo; null → initials avatar (UI-DS-12). */
  logo_url: string | null;
  subdomain: string | null;
  services: ServiceView[];
}
