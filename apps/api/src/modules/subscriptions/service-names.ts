import type { PaidServiceType } from '../../db/schema-payments.js';
import type { TemplateLanguage } from '../notifications/templates.js';

/**
 * PAY-020 display names, for documents (receipts are English, PAY-225) and for the `{service_type}`
 * variable of messages (ADM-507: the localised service name).
 */
export const SERVICE_NAMES: Record<TemplateLanguage, Record<PaidServiceType, string>> = {
  en: {
    website_hosting: 'Website hosting',
    ads: 'Ads',
    search_promotion: 'Search promotion',
    premium_listing: 'Premium listing',
    image_gallery: 'Image gallery',
  },
  sw: {
    website_hosting: 'Tovuti',
    ads: 'Matangazo',
    search_promotion: 'Kukuza katika utafutaji',
    premium_listing: 'Orodha ya hadhi',
    image_gallery: 'Picha za bidhaa',
  },
};

export const SERVICE_TYPES = Object.keys(SERVICE_NAMES.en) as PaidServiceType[];
