import type { ServiceTypeName } from '@tafuta/contracts/constants';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { ErrorState } from '../../../components/States';
import { CartBusinessCard } from '../../../components/config/services/CartBusinessCard';
import { CartLink } from '../../../components/config/services/CartLink';
import { cartProblem } from '../../../components/config/services/cart-errors';
import {
  formatDay,
  formatKes,
  nairobiToday,
  SERVICE_ORDER,
} from '../../../components/config/services/format';
import { OfferCard, SubscriptionCard } from '../../../components/config/services/ServiceCards';
import {
  useDiscounts,
  usePricing,
  useQuote,
  useSubscriptions,
} from '../../../components/config/services/services-api';
import { hasLine, linesOf, removeLine, setMonths, useCart, type AddResult } from '../../../lib/config/cart';
import type { BusinessStatus } from '../../../lib/config/types';
import { useMe } from '../../../lib/session';
import { useCurrentBusiness } from '../business-context';

const isService = (value: string): value is ServiceTypeName =>
  (SERVICE_ORDER as readonly string[]).includes(value);

/**
 * Services (ui.md §10.10, UI-SVC-01..08): what runs, what can be bought, and this business's part of
 * the cart. The cart itself spans businesses (ERRATA 3) and is paid on /config/cart. `?add=` and
 * `?renew=` (renewal links, dashboard banners, the website upsell) put services in the cart on arrival.
 */
export default function ConfigServicesPage() {
  const { t, i18n } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const { business, can } = useCurrentBusiness();
  const businessId = business.business_id;
  const me = useMe();
  const { cart, update, add } = useCart(me.data?.user_id);
  const pricing = usePricing();
  const subscriptions = useSubscriptions(businessId);
  const discounts = useDiscounts(businessId, can('transactions.view'));
  const isOwner = can('services.buy');
  const live = business.status === 'active';
  const canBuy = isOwner && live;
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<string | null>(null);
  const location = useLocation();
  const arrived = (location.state as { cartNotice?: AddResult | null } | null)?.cartNotice ?? null;
  const shownNotice = notice ?? (arrived ? noticeFor(arrived) : null);
  const quote = useQuote(cart.lines);
  const today = nairobiToday();

  const running = (service: ServiceTypeName) =>
    subscriptions.data?.some((entry) => entry.service_type === service && entry.status === 'active') ?? false;
  const hostingCovered = running('website_hosting') || hasLine(cart, businessId, 'website_hosting');

  const blockedBy = (service: ServiceTypeName): string | null => {
    if (!live) return null;
    if (service === 'image_gallery' && !hostingCovered) return t('services.rules.galleryNeedsHosting');
    return null;
  };

  function noticeFor(result: AddResult) {
    return result === 'too_many_businesses' ? t('services.errors.tooManyBusinesses') : t('services.added');
  }
  const report = (result: AddResult) => setNotice(noticeFor(result));
  const addService = (service: ServiceTypeName) =>
    add({ business_id: businessId, business_name: business.business_name, service_type: service });

  const removeService = (service: ServiceTypeName) => {
    update((current) => {
      let next = removeLine(current, businessId, service);
      // UI-SVC-06: a gallery left in the cart without hosting could not be bought.
      if (service === 'website_hosting' && !running('website_hosting')) {
        next = removeLine(next, businessId, 'image_gallery');
      }
      return next;
    });
  };

  // Preselection from ?add= / ?renew= (comma-separated), once the rules can be checked.
  useEffect(() => {
    const wanted = [...(params.get('add') ?? '').split(','), ...(params.get('renew') ?? '').split(',')]
      .map((value) => value.trim())
      .filter(isService);
    if (wanted.length === 0 || !pricing.data || !subscriptions.data || !me.data) return;
    let added: AddResult | null = null;
    if (canBuy) {
      const onSale = new Set(pricing.data.services.filter((s) => s.purchasable).map((s) => s.service_type));
      // Hosting first, so a gallery asked for together with it is allowed.
      const ordered = SERVICE_ORDER.filter((service) => wanted.includes(service) && onSale.has(service));
      let result: AddResult | null = null;
      for (const service of ordered) {
        const hostingThere =
          running('website_hosting') ||
          ordered.includes('website_hosting') ||
          hasLine(cart, businessId, 'website_hosting');
        if (service === 'image_gallery' && !hostingThere) continue;
        const outcome = addService(service);
        if (outcome !== 'already_in_cart') result = outcome;
      }
      added = result;
    }
    const rest = new URLSearchParams(params);
    rest.delete('add');
    rest.delete('renew');
    // The outcome rides on the navigation that tidies the address, so a reload does not repeat it.
    setParams(rest, { replace: true, state: { cartNotice: added } });
    // Runs when the data needed to check the rules arrives; `params` changes only by this effect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pricing.data, subscriptions.data, me.data, canBuy]);

  const ownLines = linesOf(cart, businessId);
  const quoteFor = quote.data?.businesses.find((entry) => entry.business_id === businessId);
  const problem = quote.error
    ? cartProblem(t, tDefault, quote.error, {
        language,
        onSale: (service) =>
          pricing.data?.services.some((s) => s.service_type === service && s.purchasable) ?? true,
      })
    : null;
  const otherBusinesses = new Set(
    cart.lines.map((line) => line.business_id).filter((id) => id !== businessId),
  ).size;
  const owned = (subscriptions.data ?? []).filter((entry) => entry.status !== 'none');
  // A running service is renewed from its own card above; the offers are what the business lacks.
  const offers = SERVICE_ORDER.flatMap((service) => {
    const price = pricing.data?.services.find((entry) => entry.service_type === service);
    return price?.purchasable && !running(service) ? [price] : [];
  });
  const discount = discounts.data?.find((entry) => entry.applies_at_checkout);

  return (
    <div className="page max-w-240 space-y-6 py-6">
      <title>{tDefault('meta.pageTitle', { title: t('services.title') })}</title>
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-h1 font-bold">{t('services.title')}</h1>
        {isOwner && <CartLink cart={cart} />}
      </div>

      {!isOwner && (
        <p className="rounded-2xl bg-grey-50 p-3" role="note">
          {t('services.readOnly')}
        </p>
      )}
      {isOwner && !live && (
        <p className="rounded-2xl bg-warning-50 p-3 text-warning-800" role="note">
          {t(`services.rules.notLive.${business.status as Exclude<BusinessStatus, 'active'>}`)}
        </p>
      )}
      {discount && (
        <p className="rounded-2xl bg-success-50 p-3 text-success-700">
          {t('services.discount', {
            percent: discount.discount_percentage,
            type: discount.discount_type,
            date: formatDay(discount.last_valid_date, language),
          })}
        </p>
      )}
      <div aria-live="polite">
        {shownNotice && (
          <p className="rounded-2xl bg-brand-50 p-3 font-semibold" role="status">
            {shownNotice}
          </p>
        )}
      </div>

      <section aria-labelledby="services-owned" className="space-y-3">
        <h2 id="services-owned" className="text-h2 font-bold">
          {t('services.active.title')}
        </h2>
        {subscriptions.isPending && <p className="skeleton h-24" aria-hidden="true" />}
        {subscriptions.error ? (
          <ErrorState error={subscriptions.error} onRetry={() => void subscriptions.refetch()} />
        ) : null}
        {subscriptions.data && owned.length === 0 && (
          <p className="text-grey-600">{t('services.active.none')}</p>
        )}
        {owned.length > 0 && (
          <ul className="grid gap-3 md:grid-cols-2">
            {owned.map((subscription) => (
              <SubscriptionCard
                key={subscription.service_type}
                subscription={subscription}
                today={today}
                canBuy={canBuy}
                inCart={hasLine(cart, businessId, subscription.service_type)}
                onRenew={() => report(addService(subscription.service_type))}
              />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="services-offered" className="space-y-3">
        <h2 id="services-offered" className="text-h2 font-bold">
          {t('services.offer.title')}
        </h2>
        {pricing.isPending && <p className="skeleton h-32" aria-hidden="true" />}
        {pricing.error ? <ErrorState error={pricing.error} onRetry={() => void pricing.refetch()} /> : null}
        {pricing.data && offers.length === 0 && (
          <p className="text-grey-600">{t('services.offer.allRunning')}</p>
        )}
        <ul className="grid gap-3 md:grid-cols-2">
          {offers.map((price) => (
            <OfferCard
              key={price.service_type}
              price={price}
              vatRate={pricing.data?.vat_rate ?? '0.16'}
              blockedBy={blockedBy(price.service_type)}
              canBuy={canBuy}
              inCart={hasLine(cart, businessId, price.service_type)}
              onAdd={() => report(addService(price.service_type))}
              onRemove={() => removeService(price.service_type)}
            />
          ))}
        </ul>
      </section>

      {isOwner && (ownLines.length > 0 || otherBusinesses > 0) && (
        <section aria-labelledby="services-cart" className="space-y-3">
          <h2 id="services-cart" className="text-h2 font-bold">
            {t('services.cart.title')}
          </h2>
          {ownLines.length > 0 && (
            <CartBusinessCard
              name={business.business_name}
              lines={ownLines}
              quote={quoteFor}
              stale={quote.isFetching}
              problem={
                problem && (problem.businessId === null || problem.businessId === businessId)
                  ? problem.message
                  : null
              }
              onMonths={(line, months) =>
                update((current) => setMonths(current, businessId, line.service_type, months))
              }
              onRemove={(line) => removeService(line.service_type)}
            />
          )}
          {otherBusinesses > 0 && (
            <p className="text-grey-600">{t('services.cart.otherBusinesses', { count: otherBusinesses })}</p>
          )}
          <Link to="/config/cart" className="btn-primary-lg">
            {quote.data && !quote.error
              ? t('services.cart.checkoutTotal', { total: formatKes(quote.data.amount_kes) })
              : t('services.cart.checkout')}
          </Link>
        </section>
      )}
    </div>
  );
}
