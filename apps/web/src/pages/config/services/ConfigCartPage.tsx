import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CartBusinessCard, CartTotals } from '../../../components/config/services/CartBusinessCard';
import { cartProblem, type CartProblem } from '../../../components/config/services/cart-errors';
import { AddressField, KraPinField, pinProblem } from '../../../components/config/services/CheckoutFields';
import { suggestedAddress } from '../../../components/config/services/SubdomainPicker';
import { formatKes } from '../../../components/config/services/format';
import { quoteKey, usePricing, useQuote } from '../../../components/config/services/services-api';
import { useCheckout } from '../../../components/config/services/useCheckout';
import {
  cartBusinessIds,
  linesOf,
  removeLine,
  setBusinessExtras,
  setMonths,
  useCart,
  type CartLine,
} from '../../../lib/config/cart';
import { useMe } from '../../../lib/session';

/**
 * The checkout (UI-SVC-03/08, ERRATA 3): every business's lines in one cart, one payment, one PesaPal
 * order — and later one transaction and one receipt per business (PAY-102). All amounts are the
 * server's quote for exactly what is on screen; Pay stays off while a fresher quote is on its way.
 */
export default function ConfigCartPage() {
  const { t, i18n } = useTranslation('config');
  const { t: tDefault } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const me = useMe();
  const { cart, update } = useCart(me.data?.user_id);
  const quote = useQuote(cart.lines);
  const checkout = useCheckout({ cart, quoteKey: quoteKey(cart.lines), update });
  // Only a refused cart needs the price list (is a refused gallery off sale, or short of hosting?).
  const pricing = usePricing(Boolean(quote.error) || checkout.outcome?.kind === 'failed');
  // The server's verdict per business, with the value it judged (SubdomainPicker).
  const [checked, setChecked] = useState<Record<string, { value: string; name: string | null }>>({});

  const onChecked = useCallback((businessId: string, value: string, name: string | null) => {
    setChecked((current) => ({ ...current, [businessId]: { value, name } }));
  }, []);
  const onAddress = useCallback(
    (businessId: string, subdomain: string) =>
      update((current) => setBusinessExtras(current, businessId, { subdomain })),
    [update],
  );

  const explain = (error: unknown): CartProblem =>
    cartProblem(t, tDefault, error, {
      language,
      onSale: (service) =>
        pricing.data?.services.some((s) => s.service_type === service && s.purchasable) ?? true,
    });
  const quoteProblem = quote.error ? explain(quote.error) : null;
  const payProblem = checkout.outcome?.kind === 'failed' ? explain(checkout.outcome.error) : null;
  const problemFor = (businessId: string) =>
    [quoteProblem, payProblem].find((problem) => problem?.businessId === businessId)?.message ?? null;
  const generalProblems = [quoteProblem, payProblem].filter(
    (problem) => problem && problem.businessId === null,
  );

  const ids = cartBusinessIds(cart);
  const current = quote.data && !quote.isPlaceholderData && !quote.error ? quote.data : null;
  const addressFor = (id: string) =>
    current?.businesses.find((entry) => entry.business_id === id)?.subdomain_required ?? false;
  /** The free name for what the address field shows now; null while unchecked or not free. */
  const shownAddress = (id: string) =>
    cart.businesses[id]?.subdomain ?? suggestedAddress(cart.businesses[id]?.business_name ?? '');
  const confirmedName = (id: string) => {
    const verdict = checked[id];
    return verdict && verdict.value === shownAddress(id).trim() ? verdict.name : null;
  };
  const missingAddress = ids.some((id) => addressFor(id) && !confirmedName(id));
  const badPin = ids.some((id) => pinProblem(cart.businesses[id]?.kra_pin));
  const ready = current !== null && !quote.isFetching && !missingAddress && !badPin;

  const remove = (line: CartLine) =>
    update((state) => {
      let next = removeLine(state, line.business_id, line.service_type);
      // UI-SVC-06: hosting that is not running takes a gallery in the same cart with it.
      const hosting = current?.businesses
        .find((entry) => entry.business_id === line.business_id)
        ?.lines.find((entry) => entry.service_type === 'website_hosting');
      if (line.service_type === 'website_hosting' && !hosting?.current_expiration_date) {
        next = removeLine(next, line.business_id, 'image_gallery');
      }
      return next;
    });

  const pay = () => {
    if (!current || !ready) return;
    void checkout.pay(
      {
        subdomains: ids.filter(addressFor).map((id) => ({ business_id: id, subdomain: confirmedName(id)! })),
        buyer_kra_pins: ids.flatMap((id) => {
          const pin = cart.businesses[id]?.kra_pin?.trim();
          return pin ? [{ business_id: id, buyer_kra_pin: pin }] : [];
        }),
      },
      current.amount_kes,
    );
  };

  const title = t('services.cart.pageTitle');
  if (cart.lines.length === 0 && checkout.outcome?.kind !== 'redirecting') {
    return (
      <div className="page max-w-240 space-y-4 py-6">
        <title>{tDefault('meta.pageTitle', { title })}</title>
        <h1 className="text-h1 font-bold">{title}</h1>
        <p>{t('services.cart.empty')}</p>
        <Link to="/config" className="btn-primary">
          {t('services.cart.browse')}
        </Link>
      </div>
    );
  }

  return (
    <div className="page max-w-240 space-y-4 py-6">
      <title>{tDefault('meta.pageTitle', { title })}</title>
      <h1 className="text-h1 font-bold">{title}</h1>
      <p className="text-grey-600">{t('services.cart.intro', { count: ids.length })}</p>
      {ids.map((id) => {
        const extras = cart.businesses[id];
        const quoted = quote.data?.businesses.find((entry) => entry.business_id === id);
        const name = quoted?.business_name ?? extras?.business_name ?? '';
        return (
          <CartBusinessCard
            key={id}
            name={name}
            heading={
              <h2 className="text-h3 font-bold">
                <Link to={`/config/business/${id}/services`} className="link">
                  {name}
                </Link>
              </h2>
            }
            lines={linesOf(cart, id)}
            quote={quoted}
            stale={quote.isFetching}
            problem={problemFor(id)}
            disabled={checkout.busy}
            onMonths={(line, months) => update((state) => setMonths(state, id, line.service_type, months))}
            onRemove={remove}
          >
            {addressFor(id) && (
              <AddressField
                businessId={id}
                value={shownAddress(id)}
                onValue={onAddress}
                onChecked={onChecked}
                disabled={checkout.busy}
              />
            )}
            <KraPinField
              value={extras?.kra_pin}
              disabled={checkout.busy}
              onValue={(kra_pin) => update((state) => setBusinessExtras(state, id, { kra_pin }))}
            />
          </CartBusinessCard>
        );
      })}

      {quote.isPending && <p className="skeleton h-24" aria-hidden="true" />}
      {quote.data && <CartTotals quote={quote.data} stale={quote.isFetching || Boolean(quote.error)} />}

      <div aria-live="assertive" className="space-y-2">
        {generalProblems.map((problem) => (
          <p key={problem!.message} role="alert" className="rounded-2xl bg-error-50 p-3 text-error-700">
            {problem!.message}
          </p>
        ))}
        {checkout.outcome?.kind === 'total_changed' && (
          <p role="alert" className="rounded-2xl bg-warning-50 p-3 text-warning-800">
            {t('services.checkout.totalChanged', { total: formatKes(checkout.outcome.total) })}
          </p>
        )}
      </div>
      {missingAddress && <p className="text-small text-grey-600">{t('services.checkout.needAddress')}</p>}

      <button type="button" className="btn-primary-lg" disabled={!ready || checkout.busy} onClick={pay}>
        {checkout.busy
          ? t('services.checkout.opening')
          : current
            ? t('services.checkout.pay', { total: formatKes(current.amount_kes) })
            : t('services.checkout.payPending')}
      </button>
      <p className="text-small text-grey-600">{t('services.checkout.methods')}</p>
    </div>
  );
}
