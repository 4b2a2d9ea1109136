import type { LanguageMap } from '../schema.js';

/**
 * Reference data every environment starts with. Names are English only (ADM-256): staff add the other
 * languages. ERRATA 25 renames `restaurants` and `hotels` so the two are not confused.
 */

export interface SeedCategory {
  slug: string;
  names: LanguageMap;
  icon: string;
}

export const SEED_CATEGORIES: SeedCategory[] = [
  { slug: 'salons', names: { en: 'Salons & Barbers' }, icon: 'scissors' },
  { slug: 'restaurants', names: { en: 'Hotels & Eateries' }, icon: 'utensils' },
  { slug: 'shops', names: { en: 'Shops & Retail' }, icon: 'shopping-bag' },
  { slug: 'groceries', names: { en: 'Groceries & Food Vendors' }, icon: 'apple' },
  { slug: 'hardware', names: { en: 'Hardware Stores' }, icon: 'hammer' },
  { slug: 'hotels', names: { en: 'Lodgings & Guest Houses' }, icon: 'bed' },
  { slug: 'cybers', names: { en: 'Cyber Cafés' }, icon: 'monitor' },
  { slug: 'entertainment', names: { en: 'Entertainment' }, icon: 'music' },
  { slug: 'churches', names: { en: 'Churches' }, icon: 'church' },
  { slug: 'schools', names: { en: 'Schools' }, icon: 'graduation-cap' },
  { slug: 'hospitals', names: { en: 'Hospitals & Clinics' }, icon: 'stethoscope' },
  { slug: 'pharmacies', names: { en: 'Pharmacies' }, icon: 'pill' },
  { slug: 'mechanics', names: { en: 'Mechanics & Garages' }, icon: 'wrench' },
  { slug: 'repairs', names: { en: 'Repair Services' }, icon: 'smartphone' },
  { slug: 'other', names: { en: 'Other' }, icon: 'store' },
];

export interface SeedRegion {
  slug: string;
  names: LanguageMap;
  coverage_note: string;
}

export const SEED_REGIONS: SeedRegion[] = [
  {
    slug: 'machakos',
    names: { en: 'Machakos' },
    coverage_note:
      'Machakos town and the surrounding smaller towns whose people come to Machakos to shop and eat',
  },
  {
    slug: 'kisumu',
    names: { en: 'Kisumu' },
    coverage_note:
      'Kisumu city and the surrounding smaller towns whose people come to Kisumu to shop and eat',
  },
];

export interface SeedConfigKey {
  key: string;
  value: string;
  description: string;
  must_set_before_launch?: boolean;
  is_public?: boolean;
}

/** ADM-451 plus ERRATA 25 and the ranking parameters of UI-RANK-06. No placeholder legal identity. */
export const SEED_SYSTEM_CONFIG: SeedConfigKey[] = [
  {
    key: 'tafuta_business_name',
    value: 'eBiashara Rahisi Ltd',
    description: 'Legal name on VAT receipts',
    is_public: true,
  },
  {
    key: 'tafuta_kra_pin',
    value: '',
    description: 'Company KRA PIN on VAT receipts',
    must_set_before_launch: true,
  },
  {
    key: 'tafuta_vat_registration_number',
    value: '',
    description: 'VAT registration number on receipts',
    must_set_before_launch: true,
  },
  {
    key: 'tafuta_business_address',
    value: '',
    description: 'Registered address on VAT receipts',
    must_set_before_launch: true,
  },
  {
    key: 'tafuta_business_registration_number',
    value: '',
    description: 'Company registration number on VAT receipts',
    must_set_before_launch: true,
  },
  { key: 'vat_rate', value: '0.16', description: 'VAT rate applied to purchases', is_public: true },
  { key: 'refund_processing_fee_percentage', value: '5', description: 'Fee kept on refunds, in percent' },
  { key: 'receipt_number_prefix', value: 'TFT', description: 'Prefix of receipt numbers (TFT-YYYY-NNNNN)' },
  {
    key: 'pending_alert_threshold',
    value: '10',
    description: 'Pending businesses that raise a dashboard alert',
  },
  {
    key: 'approval_sla_hours',
    value: '24',
    description: 'Hours within which a pending business is reviewed',
  },
  {
    key: 'pending_digest_time',
    value: '09:00',
    description: 'Time (EAT) of the daily pending-approval digest',
  },
  { key: 'admin_session_idle_minutes', value: '30', description: 'Idle minutes before a staff session ends' },
  { key: 'sms_unit_cost_kes', value: '0.50', description: 'Cost of one SMS, for estimates' },
  { key: 'marketing_quiet_hours', value: '20:00-08:00', description: 'EAT hours when no marketing is sent' },
  {
    key: 'tafuta_office_address',
    value: '',
    description: 'Office address in suspension and refund messages',
    must_set_before_launch: true,
    is_public: true,
  },
  {
    key: 'tafuta_support_phone',
    value: '',
    description: 'Support phone in messages and the suspended-login screen',
    must_set_before_launch: true,
    is_public: true,
  },
  { key: 'tafuta_support_email', value: '', description: 'Support email in email footers', is_public: true },
  {
    key: 'tafuta_office_hours',
    value: '',
    description: 'Office hours shown on status pages',
    is_public: true,
  },
  { key: 'tafuta_support_whatsapp', value: '', description: 'Support WhatsApp number', is_public: true },
  {
    key: 'subdomain_blocklist',
    value: '[]',
    description: 'JSON list of extra labels nobody may reserve as a subdomain',
  },
  { key: 'ranking.promotion_weight', value: '2.1', description: 'Ranking weight of promoted businesses' },
  { key: 'ranking.rotation_minutes', value: '60', description: 'Seed period for seedless search requests' },
  { key: 'ranking.list_ad_first_position', value: '4', description: 'First ad slot in lists' },
  { key: 'ranking.list_ad_interval', value: '10', description: 'Cards between later ad slots' },
  { key: 'ranking.home_ads_max', value: '5', description: 'Ads in the home sponsored strip' },
];

/**
 * REG-09/REG-11: the launch versions of the legal documents; the files themselves ship with the web
 * app under /legal/, and every published version stays reachable there.
 */
export const SEED_TERMS_VERSIONS: {
  document_type: 'terms_of_service' | 'privacy_policy';
  version_number: string;
  url: string;
  notes: string;
}[] = [
  {
    document_type: 'terms_of_service',
    version_number: '1.0',
    url: '/legal/terms-of-service-1.0.html',
    notes: 'Launch version',
  },
  {
    document_type: 'privacy_policy',
    version_number: '1.0',
    url: '/legal/privacy-policy-1.0.html',
    notes: 'Launch version',
  },
];
