import { Eye, Lock } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isAppLanguage } from '../../../i18n/language';
import type { BusinessPrivate } from '../../../lib/config/types';
import { usePricing } from '../services/services-api';

/** Whole shillings outside financial screens (UI-TX-04): "KES 232". */
function wholeShillings(amount: string, language: string): string {
  const value = Math.round(Number(amount));
  return new Intl.NumberFormat(language === 'sw' ? 'sw-KE' : 'en-KE').format(value);
}

/**
 * UI-WED-01: without website hosting the editor is locked. A sketch of the site from the business's own
 * name and tagline stands in for a screenshot (no extra download on 3G); the real preview is one tap
 * away, and the Owner can buy hosting at the price the pricing API gives.
 */
export function LockedWebsite(props: { business: BusinessPrivate; previewUrl: string; canBuy: boolean }) {
  const { t, i18n } = useTranslation('config');
  const pricing = usePricing();
  const hosting = pricing.data?.services.find((row) => row.service_type === 'website_hosting');
  const price = hosting?.gross_per_month ?? null;
  const profile = props.business.content_json.profile;
  const language = isAppLanguage(i18n.language) ? i18n.language : 'en';
  const tagline = profile[language]?.tagline ?? profile.en?.tagline ?? '';
  return (
    <div className="space-y-4">
      <div aria-hidden="true" className="card overflow-hidden">
        <div className="bg-brand-500 p-5">
          <p className="text-h2 font-extrabold text-ink">{props.business.business_name}</p>
          {tagline && <p className="text-ink">{tagline}</p>}
          <div className="mt-3 flex gap-2">
            <span className="h-8 w-20 rounded-full bg-ink" />
            <span className="h-8 w-24 rounded-full bg-white" />
          </div>
        </div>
        <div className="space-y-2 p-5">
          <span className="block h-3 w-1/3 rounded bg-grey-200" />
          <span className="block h-3 w-5/6 rounded bg-grey-200" />
          <span className="block h-3 w-2/3 rounded bg-grey-200" />
        </div>
      </div>
      <div className="card space-y-3 p-4">
        <h2 className="flex items-center gap-2 text-h3 font-bold">
          <Lock aria-hidden="true" className="size-5" />
          {t('website.locked.title')}
        </h2>
        <p>{t('website.locked.body')}</p>
        {price !== null && (
          <p className="text-h3 font-bold">
            {t('website.locked.price', { price: wholeShillings(price, i18n.language) })}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          {props.canBuy && (
            <Link
              to={`/config/business/${props.business.business_id}/services?add=website_hosting`}
              className="btn-primary"
            >
              {t('website.locked.buy')}
            </Link>
          )}
          <a href={props.previewUrl} target="_blank" rel="noopener" className="btn-secondary">
            <Eye aria-hidden="true" className="size-5" />
            {t('website.locked.preview')}
          </a>
        </div>
        {!props.canBuy && <p className="text-small text-grey-600">{t('website.locked.askOwner')}</p>}
      </div>
    </div>
  );
}
