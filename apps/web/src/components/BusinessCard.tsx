import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ListingItem } from '../lib/api-types';
import { formatLocalPhone } from '../lib/phone';
import { BusinessLogo, OpenStatusLine, TrustBadge } from './BusinessBits';
import { ContactActions, type TrackingContext } from './ContactActions';

/**
 * UI-CARD-01/02. Hosted businesses: the name is a stretched link to the detail page and the action
 * buttons keep their own targets (they sit above it, z-10). Free listings are not links at all
 * (ERRATA 14): contact buttons only.
 */
export function BusinessCard({
  item,
  now,
  tracking,
}: {
  item: ListingItem;
  now: Date;
  tracking: Omit<TrackingContext, 'surface'>;
}) {
  const { t } = useTranslation();
  const primary = item.categories[0];
  const extra = item.categories.length - 1;
  const meta = primary ? t('card.meta', { category: primary.name, town: item.city }) : item.city;
  return (
    <article
      data-testid="listing-card"
      className={`card relative p-4 ${item.promoted ? 'border-l-[3px] border-l-brand-500' : ''} ${item.hosted ? 'hover:border-grey-500' : ''}`}
    >
      {item.promoted && (
        <p className="absolute top-2 right-3 text-small text-grey-600">{t('card.promoted')}</p>
      )}
      <div className="flex gap-3">
        <BusinessLogo name={item.name} url={item.logo_url} size={56} />
        <div className="min-w-0 flex-1 space-y-0.5">
          <h3 className="line-clamp-2 pr-16 text-h3 font-bold" lang={item.name_lang}>
            {item.hosted ? (
              <Link
                to={`/business/${item.business_tag}`}
                className="after:absolute after:inset-0 after:rounded-2xl after:content-[''] hover:underline"
              >
                {item.name}
              </Link>
            ) : (
              item.name
            )}
          </h3>
          <TrustBadge badge={item.badge} />
          <p className="text-small text-grey-600">
            {meta}
            {extra > 0 && ` ${t('card.moreCategories', { count: extra })}`}
          </p>
          {item.tagline && <p className="line-clamp-2 text-small text-grey-600">{item.tagline}</p>}
          <OpenStatusLine hours={item.hours} now={now} />
          <p className="text-small">{formatLocalPhone(item.phone)}</p>
        </div>
      </div>
      <ContactActions
        className="mt-3"
        tracking={{ ...tracking, surface: 'card' }}
        target={{
          businessId: item.business_id,
          name: item.name,
          phone: item.phone,
          whatsapp: item.whatsapp,
          directionsUrl: item.directions_url,
          websiteUrl: item.hosted ? item.website_url : null,
        }}
      />
    </article>
  );
}

/** UI-LIST-12: grey blocks sized like a real card, no spinner over content. */
export function SkeletonCard() {
  return (
    <div aria-hidden="true" className="card p-4">
      <div className="flex gap-3">
        <div className="skeleton size-14 shrink-0 rounded-xl" />
        <div className="flex-1 space-y-2">
          <div className="skeleton h-5 w-2/3" />
          <div className="skeleton h-4 w-1/2" />
          <div className="skeleton h-4 w-5/6" />
        </div>
      </div>
      <div className="skeleton mt-3 h-11 w-full rounded-full" />
    </div>
  );
}
