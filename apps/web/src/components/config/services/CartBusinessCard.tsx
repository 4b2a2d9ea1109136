import type { QuoteReply } from '@tafuta/contracts';
import { Trash2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CartLine } from '../../../lib/config/cart';
import { formatDay, formatKes } from './format';
import { MonthsStepper } from './MonthsStepper';

export type QuoteBusiness = QuoteReply['businesses'][number];

/**
 * One business's part of the checkout (UI-SVC-03): a line per service with its months stepper, and the
 * server's figures for it — price, discount, new end date — once the quote has them. Nothing here is
 * computed: a line without a quote yet shows only its months.
 */
export function CartBusinessCard(props: {
  name: string;
  lines: CartLine[];
  quote: QuoteBusiness | undefined;
  /** The quote is being refreshed: figures are shown dimmed, not hidden. */
  stale: boolean;
  problem?: string | null;
  disabled?: boolean;
  onMonths: (line: CartLine, months: number) => void;
  onRemove: (line: CartLine) => void;
  heading?: ReactNode;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation('config');
  const language = i18n.resolvedLanguage ?? 'en';
  return (
    <section className="card space-y-3 p-4" aria-busy={props.stale}>
      {props.heading ?? <h2 className="text-h3 font-bold">{props.name}</h2>}
      {props.problem && (
        <p role="alert" className="rounded-xl bg-error-50 p-3 text-small text-error-700">
          {props.problem}
        </p>
      )}
      <ul className="divide-y divide-grey-200">
        {props.lines.map((line) => {
          const priced = props.quote?.lines.find((entry) => entry.service_type === line.service_type);
          const name = t(`services.names.${line.service_type}`);
          return (
            <li key={line.service_type} className="space-y-2 py-3 first:pt-0 last:pb-0">
              <div className="flex items-start justify-between gap-2">
                <p className="font-semibold">{name}</p>
                <button
                  type="button"
                  className="btn-ghost px-2"
                  aria-label={t('services.cart.remove', { service: name })}
                  disabled={props.disabled}
                  onClick={() => props.onRemove(line)}
                >
                  <Trash2 size={18} aria-hidden="true" />
                </button>
              </div>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <MonthsStepper
                  months={line.months}
                  label={name}
                  disabled={props.disabled}
                  onChange={(months) => props.onMonths(line, months)}
                />
                {priced && (
                  <p className={`font-semibold ${props.stale ? 'text-grey-600' : ''}`}>
                    {formatKes(priced.amount_kes)}
                  </p>
                )}
              </div>
              {priced && priced.discount_percentage > 0 && (
                <p className="text-small text-success-700">
                  {t('services.cart.discountLine', {
                    percent: priced.discount_percentage,
                    amount: formatKes(priced.discount_amount),
                    list: formatKes(priced.list_gross_amount),
                  })}
                </p>
              )}
              {priced && (
                <p className="text-small text-grey-600">
                  {t('services.cart.newEnd', { date: formatDay(priced.new_last_service_date, language) })}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {props.children}
      {props.quote && (
        <p className="flex justify-between border-t border-grey-200 pt-3 font-semibold">
          <span>{t('services.cart.businessTotal')}</span>
          <span>{formatKes(props.quote.amount_kes)}</span>
        </p>
      )}
    </section>
  );
}

/** PAY-053's sums for the whole cart: net, VAT and the total the customer pays. */
export function CartTotals({ quote, stale }: { quote: QuoteReply; stale: boolean }) {
  const { t } = useTranslation('config');
  const rate = Math.round(Number(quote.vat_rate) * 100);
  return (
    <dl className={`card space-y-2 p-4 ${stale ? 'text-grey-600' : ''}`} aria-busy={stale}>
      <div className="flex justify-between">
        <dt>{t('services.cart.subtotal')}</dt>
        <dd>{formatKes(quote.net_amount)}</dd>
      </div>
      <div className="flex justify-between">
        <dt>{t('services.cart.vat', { rate })}</dt>
        <dd>{formatKes(quote.vat_amount)}</dd>
      </div>
      <div className="flex justify-between border-t border-grey-200 pt-2 text-h3 font-bold">
        <dt>{t('services.cart.total')}</dt>
        <dd>{formatKes(quote.amount_kes)}</dd>
      </div>
    </dl>
  );
}
