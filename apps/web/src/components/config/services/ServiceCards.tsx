import type { ServicePrice, SubscriptionView } from '@tafuta/contracts';
import { Check } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { daysBetween, formatDay, formatKes } from './format';

/**
 * UI-SVC-01: a running (or lately ended) service — "Active until {last day}", "{n} days left", Renew.
 * ERRATA 22: "until" prints `last_service_date`, the day before `expiration_date`.
 */
export function SubscriptionCard(props: {
  subscription: SubscriptionView;
  today: string;
  canBuy: boolean;
  inCart: boolean;
  onRenew: () => void;
}) {
  const { t, i18n } = useTranslation('config');
  const language = i18n.resolvedLanguage ?? 'en';
  const { subscription, today } = props;
  const name = t(`services.names.${subscription.service_type}`);
  const last = subscription.last_service_date;
  const active = subscription.status === 'active' && subscription.expiration_date !== null;
  const daysLeft = active ? daysBetween(today, subscription.expiration_date!) : 0;
  return (
    <li className="card flex flex-col gap-2 p-4">
      <div className="flex items-start justify-between gap-2">
        <h3 className="text-h3 font-bold">{name}</h3>
        <span
          className={`rounded-full px-2 py-0.5 text-small font-semibold ${
            active ? 'bg-success-50 text-success-700' : 'bg-grey-50 text-grey-600'
          }`}
        >
          {active ? t('services.active.chipActive') : t('services.active.chipEnded')}
        </span>
      </div>
      {active && last && (
        <>
          <p>{t('services.active.until', { date: formatDay(last, language) })}</p>
          <p className={`text-small font-semibold ${daysLeft <= 7 ? 'text-warning-800' : 'text-grey-600'}`}>
            {daysLeft <= 1
              ? t('services.active.endsToday')
              : t('services.active.daysLeft', { count: daysLeft })}
          </p>
        </>
      )}
      {!active && last && <p>{t('services.active.ended', { date: formatDay(last, language) })}</p>}
      {props.canBuy && subscription.purchasable && (
        <button
          type="button"
          className={props.inCart ? 'btn-secondary self-start' : 'btn-primary self-start'}
          disabled={props.inCart}
          onClick={props.onRenew}
        >
          {props.inCart && <Check size={18} aria-hidden="true" />}
          {props.inCart ? t('services.inCart') : t('services.active.renew')}
        </button>
      )}
    </li>
  );
}

/** UI-SVC-02: an offered service — translated name, one-line benefit, the monthly price, Add. */
export function OfferCard(props: {
  price: ServicePrice;
  vatRate: string;
  /** Why Add cannot be pressed (business not live, gallery without hosting); null when it can. */
  blockedBy: string | null;
  canBuy: boolean;
  inCart: boolean;
  onAdd: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('config');
  const { price } = props;
  const name = t(`services.names.${price.service_type}`);
  const rate = Math.round(Number(props.vatRate) * 100);
  return (
    <li className="card flex flex-col gap-2 p-4">
      <h3 className="text-h3 font-bold">{name}</h3>
      <p className="text-grey-600">{t(`services.benefits.${price.service_type}`)}</p>
      {price.gross_per_month && price.price_per_month && (
        <p>
          <span className="font-semibold">
            {t('services.offer.perMonth', { price: formatKes(price.gross_per_month, { cents: false }) })}
          </span>{' '}
          <span className="text-small text-grey-600">
            {t('services.offer.vatIncluded', {
              net: formatKes(price.price_per_month, { cents: false }),
              rate,
            })}
          </span>
        </p>
      )}
      {props.canBuy && props.blockedBy && <p className="text-small text-warning-800">{props.blockedBy}</p>}
      {props.canBuy &&
        (props.inCart ? (
          <div className="flex flex-wrap items-center gap-2">
            <span className="inline-flex items-center gap-1 font-semibold text-success-700">
              <Check size={18} aria-hidden="true" />
              {t('services.inCart')}
            </span>
            <button
              type="button"
              className="btn-ghost"
              onClick={props.onRemove}
              aria-label={t('services.cart.remove', { service: name })}
            >
              {t('services.offer.remove')}
            </button>
          </div>
        ) : (
          <button
            type="button"
            className="btn-primary self-start"
            disabled={props.blockedBy !== null}
            onClick={props.onAdd}
            aria-label={t('services.offer.addNamed', { service: name })}
          >
            {t('services.offer.add')}
          </button>
        ))}
    </li>
  );
}
