import type { SubscriptionView } from '@tafuta/contracts';
import { addMonths, daysBetween, lastServiceDate, nairobiDate } from '../../lib/nairobi-date.js';
import type { Actor } from '../auth/permissions.js';
import { businessForActor } from '../businesses/access.js';
import type { PaymentsDeps } from './payments-deps.js';
import { activeFees } from './pricing.repo.js';
import { SERVICE_NAMES, SERVICE_ORDER } from './pricing.service.js';

/**
 * "N months M days left" from `today` to the first day without service: whole PAY-182 months first
 * (anchored on today's day of the month), then the days that remain.
 */
export function timeLeft(today: string, expiration: string): { months: number; days: number } {
  if (expiration <= today) return { months: 0, days: 0 };
  const anchor = Number(today.slice(8, 10));
  let months = 0;
  while (addMonths(today, months + 1, anchor) <= expiration) months += 1;
  return { months, days: daysBetween(addMonths(today, months, anchor), expiration) };
}

/**
 * GET /api/businesses/:id/subscriptions (PAY-191, EP-PAY-04): every team member and Support+ staff see
 * each service's state; services never bought are listed as `none` so the screen can offer them.
 */
export async function businessSubscriptions(
  deps: Pick<PaymentsDeps, 'db' | 'logger' | 'appUrl'>,
  actor: Actor,
  businessId: string,
): Promise<SubscriptionView[]> {
  const { business } = await businessForActor(deps.db, {
    actor,
    businessId,
    action: 'business.view_subscriptions',
    logger: deps.logger,
  });
  const [rows, fees] = await Promise.all([
    deps.db
      .selectFrom('service_subscriptions')
      .select([
        'subscription_id',
        'service_type',
        'status',
        'start_date',
        'expiration_date',
        'months_paid',
        'complimentary_months',
      ])
      .where('business_id', '=', businessId)
      .execute(),
    activeFees(deps.db),
  ]);
  const today = nairobiDate(new Date());
  const renewUrl = `${deps.appUrl}/renew/${business.business_tag}`;
  return SERVICE_ORDER.map((serviceType): SubscriptionView => {
    const row = rows.find((entry) => entry.service_type === serviceType);
    const base = {
      service_type: serviceType,
      name: SERVICE_NAMES[serviceType],
      purchasable: fees.has(serviceType),
      renew_url: renewUrl,
    };
    if (!row) {
      return {
        ...base,
        subscription_id: null,
        status: 'none',
        start_date: null,
        expiration_date: null,
        last_service_date: null,
        months_left: null,
        days_left: null,
        months_paid: 0,
        complimentary_months: 0,
      };
    }
    // PAY-181: active only while today is before the expiry, even before the 00:05 job has run.
    const active = row.status === 'active' && today < row.expiration_date;
    const left = active ? timeLeft(today, row.expiration_date) : null;
    return {
      ...base,
      subscription_id: row.subscription_id,
      status: active ? 'active' : row.status === 'active' ? 'expired' : row.status,
      start_date: row.start_date,
      expiration_date: row.expiration_date,
      last_service_date: lastServiceDate(row.expiration_date),
      months_left: left?.months ?? null,
      days_left: left?.days ?? null,
      months_paid: row.months_paid,
      complimentary_months: row.complimentary_months,
    };
  });
}
