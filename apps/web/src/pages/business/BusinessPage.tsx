import { ArrowLeft, Share2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BusinessLogo, OpenStatusLine, TrustBadge } from '../../components/BusinessBits';
import { ContactActions } from '../../components/ContactActions';
import { ErrorState } from '../../components/States';
import { ApiError } from '../../lib/api';
import type { LocalText, PublicBusiness } from '../../lib/api-types';
import { formatLocalPhone, telLink } from '../../lib/phone';
import { usePublicBusiness } from '../../lib/queries';
import { trackEvent } from '../../lib/tracking';
import { useNow } from '../../lib/use-now';
import NotFoundPage from '../NotFoundPage';
import { copyText, Gallery, HoursTable, MpesaBlock } from './DetailSections';

/**
 * UI-DET-01/02: the detail page of an active hosted business (ERRATA 14). A closed business says so;
 * anything else (free listing, unknown or malformed tag) is the 404 page with a search box.
 */
/** MEDIA-021: anything else cannot be a business, so no request is made for it. */
const BUSINESS_TAG = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

export default function BusinessPage() {
  const { tag = '' } = useParams();
  const valid = BUSINESS_TAG.test(tag);
  const business = usePublicBusiness(valid ? tag : '');
  const { t } = useTranslation();
  if (!valid) return <NotFoundPage />;
  if (business.error instanceof ApiError && business.error.status === 404) {
    return business.error.extra.closed === true ? (
      <NotFoundPage title={t('detail.closedTitle')} body={t('detail.closedBody')} />
    ) : (
      <NotFoundPage />
    );
  }
  if (business.error) {
    return (
      <div className="page py-6">
        <ErrorState error={business.error} onRetry={() => void business.refetch()} />
      </div>
    );
  }
  if (!business.data) return <DetailSkeleton />;
  return <BusinessDetail business={business.data} />;
}

function DetailSkeleton() {
  return (
    <div aria-hidden="true" className="page space-y-3 py-4">
      <div className="skeleton aspect-[3/1] w-full rounded-2xl" />
      <div className="skeleton h-8 w-2/3" />
      <div className="skeleton h-4 w-1/2" />
      <div className="skeleton h-11 w-full rounded-full" />
    </div>
  );
}

/** Business text keeps its own `lang` when it falls back to another language (UI-A11Y-09). */
function Local({
  value,
  as: Tag = 'p',
  className,
}: {
  value: LocalText;
  as?: 'p' | 'span';
  className?: string;
}) {
  return (
    <Tag lang={value.lang} className={`whitespace-pre-line ${className ?? ''}`}>
      {value.text}
    </Tag>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2 border-t border-grey-200 pt-4">
      <h2 id={id} className="text-h2 font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function BusinessDetail({ business }: { business: PublicBusiness }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const now = useNow();
  const [shared, setShared] = useState(false);
  const primary = business.categories[0];
  const region = business.regions[0];

  // UI-TRK-01: one detail_view per page view.
  useEffect(() => {
    trackEvent({
      type: 'detail_view',
      business_id: business.business_id,
      surface: 'detail',
      page: 'detail',
      lang: business.lang,
    });
  }, [business.business_id, business.lang]);

  const share = async () => {
    const url = window.location.href;
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title: business.name.text, url });
        return;
      } catch {
        // Cancelled or refused: fall through to copying the link.
      }
    }
    setShared(await copyText(url));
  };

  const banner = business.media.banners[0];
  const address = [
    business.location.street_address1,
    business.location.street_address2,
    business.location.city,
  ]
    .filter(Boolean)
    .join(', ');
  const tracking = {
    surface: 'detail' as const,
    page: 'detail' as const,
    region: region?.slug,
    category: primary?.slug,
  };

  return (
    <article className="page space-y-4 py-3">
      <title>
        {t('meta.detailTitle', {
          name: business.name.text,
          category: primary?.name ?? '',
          town: business.location.city,
        })}
      </title>
      <button
        type="button"
        onClick={() => (window.history.length > 1 ? void navigate(-1) : void navigate('/'))}
        className="btn-ghost -ml-2"
      >
        <ArrowLeft size={20} aria-hidden="true" />
        {t('detail.back')}
      </button>
      {banner ? (
        <img
          src={banner.url}
          srcSet={`${banner.url} 600w, ${banner.url_wide} 1200w`}
          sizes="(min-width: 640px) 640px, 100vw"
          alt=""
          width={600}
          height={200}
          fetchPriority="high"
          className="aspect-[3/1] w-full rounded-2xl bg-grey-50 object-cover"
        />
      ) : (
        <div aria-hidden="true" className="aspect-[3/1] w-full rounded-2xl bg-brand-500" />
      )}
      <div className="-mt-12 ml-3 w-fit rounded-2xl border-4 border-white bg-white">
        <BusinessLogo name={business.name.text} url={business.media.logo_url} size={96} />
      </div>
      <header className="space-y-1">
        <h1 className="text-h1 font-bold" lang={business.name.lang}>
          {business.name.text}
        </h1>
        <TrustBadge badge={business.badge} />
        {business.tagline && <Local value={business.tagline} className="text-grey-600" />}
        <ul className="flex flex-wrap gap-2 pt-1">
          {business.categories.map((category) => (
            <li key={category.slug}>
              <Link to={`/category/${category.slug}`} className="chip">
                {category.name}
              </Link>
            </li>
          ))}
        </ul>
        <p className="text-small">
          {business.location.city}
          {region && ' · '}
          {region && (
            <Link to={`/region/${region.slug}`} className="link">
              {region.name}
            </Link>
          )}
        </p>
        <OpenStatusLine hours={business.hours} now={now} />
      </header>
      <ContactActions
        tracking={tracking}
        target={{
          businessId: business.business_id,
          name: business.name.text,
          phone: business.contact.phone,
          whatsapp: business.contact.whatsapp,
          directionsUrl: business.directions_url,
          websiteUrl: business.website_url,
        }}
      />
      <button type="button" onClick={() => void share()} className="btn-secondary w-full">
        <Share2 size={18} aria-hidden="true" />
        <span aria-live="polite">{shared ? t('detail.linkCopied') : t('detail.share')}</span>
      </button>
      {business.mpesa && (business.mpesa.till_number || business.mpesa.paybill_number) && (
        <Section id="mpesa" title={t('detail.mpesa')}>
          <MpesaBlock mpesa={business.mpesa} />
        </Section>
      )}
      {business.description && (
        <Section id="about" title={t('detail.about')}>
          <Local value={business.description} />
        </Section>
      )}
      {(business.service_items ?? business.services) && (
        <Section id="services" title={t('detail.services')}>
          {business.service_items ? (
            <ul lang={business.service_items.lang} className="space-y-2">
              {business.service_items.items.map((item, index) => (
                <li key={index}>
                  <p className="font-semibold">
                    {item.name}
                    {item.price && <span className="ml-2 font-normal text-grey-600">{item.price}</span>}
                  </p>
                  {item.description && <p className="text-small text-grey-600">{item.description}</p>}
                </li>
              ))}
            </ul>
          ) : (
            <ul lang={business.services!.lang} className="flex flex-wrap gap-2">
              {business.services!.items.map((service) => (
                <li key={service} className="rounded-full bg-grey-50 px-3 py-1 text-small">
                  {service}
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      {business.hours && (
        <Section id="hours" title={t('detail.hours')}>
          <HoursTable hours={business.hours} now={now} />
          {business.hours_note && <Local value={business.hours_note} className="text-small text-grey-600" />}
        </Section>
      )}
      {address && (
        <Section id="address" title={t('detail.address')}>
          <p>{address}</p>
          {business.location.postal_code && (
            <p className="text-small text-grey-600">
              {t('detail.postalCode', { code: business.location.postal_code })}
            </p>
          )}
          {business.directions_note && <Local value={business.directions_note} className="text-small" />}
        </Section>
      )}
      <Section id="contact" title={t('detail.contact')}>
        <dl className="space-y-2">
          <Row label={t('detail.phone')}>
            <a href={telLink(business.contact.phone)} className="link">
              {formatLocalPhone(business.contact.phone)}
            </a>
          </Row>
          {business.contact.phone_alt && (
            <Row label={t('detail.otherPhone')}>
              <a href={telLink(business.contact.phone_alt)} className="link">
                {formatLocalPhone(business.contact.phone_alt)}
              </a>
            </Row>
          )}
          {business.contact.email && (
            <Row label={t('detail.email')}>
              <a
                href={`mailto:${business.contact.email}`}
                className="link break-all"
                onClick={() =>
                  trackEvent({ type: 'email_click', business_id: business.business_id, ...tracking })
                }
              >
                {business.contact.email}
              </a>
            </Row>
          )}
          {business.contact.website_url && (
            <Row label={t('detail.ownWebsite')}>
              <a
                href={business.contact.website_url}
                target="_blank"
                rel="noopener noreferrer nofollow"
                className="link break-all"
              >
                {business.contact.website_url}
              </a>
            </Row>
          )}
          {business.website_url && (
            <Row label={t('detail.webAddress')}>
              <span className="break-all">{business.website_url.replace(/^https?:\/\/|\/$/g, '')}</span>
            </Row>
          )}
        </dl>
      </Section>
      {business.media.gallery.length > 0 && (
        <Section id="gallery" title={t('detail.gallery')}>
          <Gallery name={business.name.text} photos={business.media.gallery} />
        </Section>
      )}
      <Section id="listed-in" title={t('detail.listedIn')}>
        <ul className="flex flex-wrap gap-x-4">
          {business.regions.flatMap((r) =>
            business.categories.map((c) => (
              <li key={`${r.slug}-${c.slug}`}>
                <Link
                  to={`/region/${r.slug}/category/${c.slug}`}
                  className="link inline-flex min-h-11 items-center"
                >
                  {t('list.titleBoth', { category: c.name, region: r.name })}
                </Link>
              </li>
            )),
          )}
        </ul>
      </Section>
    </article>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-small text-grey-600">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
