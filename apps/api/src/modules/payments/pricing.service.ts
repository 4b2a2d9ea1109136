import { SERVICE_TYPES, type PricingReply, type ServiceTypeName } from '@tafuta/contracts';
import { formatKes } from '../../lib/money.js';
import { priceLine } from '../../lib/vat.js';
import { SERVICE_NAMES as LOCALISED_NAMES } from '../subscriptions/service-names.js';
import type { PaymentsDeps } from './payments-deps.js';
import { activeFees } from './pricing.repo.js';

/** PAY-020 display names (English); the UI translates by `service_type`. */
export const SERVICE_NAMES: Record<ServiceTypeName, string> = LOCALISED_NAMES.en;

/** The order the pricing page and the subscriptions list show the services in (PAY-020's table). */
export const SERVICE_ORDER: readonly ServiceTypeName[] = [
  'website_hosting',
  'ads',
  'search_promotion',
  'premium_listing',
  'image_gallery',
];

/**
 * GET /api/services/pricing (PAY-027, ERRATA 23): one month of each service at the active fee and the
 * current VAT rate, computed with PAY-052 so the page shows exactly what a one-month line would cost.
 */
export async function publicPricing(deps: Pick<PaymentsDeps, 'db' | 'config'>): Promise<PricingReply> {
  const [fees, vatRate] = await Promise.all([activeFees(deps.db), deps.config.vatRate()]);
  const services = SERVICE_ORDER.filter((type) => SERVICE_TYPES.includes(type)).map((serviceType) => {
    const fee = fees.get(serviceType);
    if (!fee) {
      return {
        service_type: serviceType,
        name: SERVICE_NAMES[serviceType],
        price_per_month: null,
        vat_per_month: null,
        gross_per_month: null,
        purchasable: false,
      };
    }
    const month = priceLine({
      unitPriceCents: fee.price_per_month_cents,
      months: 1,
      vatRate,
      discountPercentage: 0,
    });
    return {
      service_type: serviceType,
      name: SERVICE_NAMES[serviceType],
      price_per_month: formatKes(month.listNetCents),
      vat_per_month: formatKes(month.lineVatCents),
      gross_per_month: formatKes(month.lineGrossCents),
      purchasable: true,
    };
  });
  return { services, vat_rate: vatRate };
}
