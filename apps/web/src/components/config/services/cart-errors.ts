import type { TFunction } from 'i18next';
import { ApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { formatDay } from './format';

/**
 * PAY-321: the quote and the initiation refuse a cart with a catalogued code, and name the business (and
 * service) concerned in the error body. `CONFLICT` covers several cart rules, so the body's fields pick the
 * sentence; the server's English message is never shown (UI-SAVE-06).
 */
export interface CartProblem {
  businessId: string | null;
  message: string;
}

export function cartProblem(
  t: TFunction<'config'>,
  tDefault: TFunction,
  error: unknown,
  context: {
    language: string;
    /** Whether the pricing list offers the service: a gallery on sale was refused for want of hosting. */
    onSale: (service: string) => boolean;
  },
): CartProblem {
  const { language } = context;
  if (!(error instanceof ApiError)) return { businessId: null, message: errorMessage(tDefault, error) };
  const businessId = typeof error.extra.business_id === 'string' ? error.extra.business_id : null;
  const service = typeof error.extra.service_type === 'string' ? error.extra.service_type : null;
  const latest =
    typeof error.extra.latest_expiration_date === 'string' ? error.extra.latest_expiration_date : null;
  let message: string;
  if (error.code === 'CONFLICT' && latest) {
    message = t('services.errors.horizon', { date: formatDay(latest, language) });
  } else if (error.code === 'CONFLICT' && service === 'image_gallery' && context.onSale(service)) {
    message = t('services.errors.galleryNeedsHosting');
  } else if (error.code === 'CONFLICT' && service) {
    message = t('services.errors.notOnSale');
  } else if (error.code === 'CONFLICT' && businessId) {
    message = t('services.errors.businessNotActive');
  } else if (error.code === 'FORBIDDEN' && businessId) {
    message = t('services.readOnly');
  } else if (error.code === 'NOT_FOUND' && businessId) {
    message = t('services.errors.businessGone');
  } else {
    message = errorMessage(tDefault, error);
  }
  return { businessId, message };
}
