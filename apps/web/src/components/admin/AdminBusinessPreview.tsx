import type { Hours, Language } from '@tafuta/contracts';
import { useTranslation } from 'react-i18next';
import { BusinessLogo, OpenStatusLine, TrustBadge } from '../BusinessBits';
import { formatLocalPhone } from '../../lib/phone';
import { Facts } from './AdminUi';

/** The parts of `content_json` (packages/contracts business-content.ts) a reviewer reads. */
export interface ContentDocument {
  default_language: Language;
  profile: Partial<
    Record<
      Language,
      {
        business_name?: string;
        tagline?: string;
        description?: string;
        services?: string[];
        directions_note?: string;
        hours_note?: string;
      }
    >
  >;
  contact: {
    phone: string;
    phone_alt?: string | null;
    whatsapp?: string | null;
    email?: string | null;
    website_url?: string | null;
  };
  location: {
    street_address1?: string | null;
    street_address2?: string | null;
    city: string;
    postal_code?: string | null;
    geo?: { lat: number; lng: number } | null;
  };
  hours?: Hours;
  mpesa?: { till_number?: string | null; paybill_number?: string | null; paybill_account?: string | null };
}

/**
 * ADM-108: the listing card as the public will see it (the same logo, badge and open-now pieces as the
 * search card), then every language the owner entered. Nothing here is a live link or tracked.
 */
export function BusinessPreview({
  content,
  categoryNames,
  badge,
}: {
  content: ContentDocument;
  categoryNames: string[];
  badge: 'verified' | 'premium' | null;
}) {
  const { t } = useTranslation('admin');
  const main = content.profile[content.default_language] ?? Object.values(content.profile)[0] ?? {};
  const name = main.business_name ?? '';
  return (
    <div className="space-y-4">
      <article className="card max-w-160 p-4" data-testid="business-preview">
        <div className="flex gap-3">
          <BusinessLogo name={name} url={null} size={56} />
          <div className="min-w-0 flex-1 space-y-0.5">
            <h3 className="text-h3 font-bold" lang={content.default_language}>
              {name}
              <TrustBadge badge={badge} />
            </h3>
            {main.tagline && <p className="text-grey-600">{main.tagline}</p>}
            <p className="text-small text-grey-600">
              {[categoryNames[0], content.location.city].filter(Boolean).join(' · ')}
            </p>
            <OpenStatusLine hours={content.hours ?? null} now={new Date()} />
            <p className="font-semibold">{formatLocalPhone(content.contact.phone)}</p>
          </div>
        </div>
      </article>
      {Object.entries(content.profile).map(([language, profile]) => (
        <section key={language} lang={language} className="rounded-xl bg-white p-3">
          <h3 className="mb-2 font-semibold">
            {t('business.languageVersion', { language: language.toUpperCase() })}
          </h3>
          <Facts
            rows={[
              [t('business.fields.name'), profile.business_name],
              [t('business.fields.tagline'), profile.tagline],
              [
                t('business.fields.description'),
                profile.description && <span className="whitespace-pre-line">{profile.description}</span>,
              ],
              [t('business.fields.services'), profile.services?.join(', ')],
              [t('business.fields.directions'), profile.directions_note],
              [t('business.fields.hoursNote'), profile.hours_note],
            ]}
          />
        </section>
      ))}
      <section className="rounded-xl bg-white p-3">
        <Facts
          rows={[
            [t('business.fields.phone'), formatLocalPhone(content.contact.phone)],
            [
              t('business.fields.phoneAlt'),
              content.contact.phone_alt && formatLocalPhone(content.contact.phone_alt),
            ],
            [
              t('business.fields.whatsapp'),
              content.contact.whatsapp && formatLocalPhone(content.contact.whatsapp),
            ],
            [t('business.fields.email'), content.contact.email],
            [t('business.fields.website'), content.contact.website_url],
            [
              t('business.fields.address'),
              [
                content.location.street_address1,
                content.location.street_address2,
                content.location.city,
                content.location.postal_code,
              ]
                .filter(Boolean)
                .join(', '),
            ],
            [
              t('business.fields.geo'),
              content.location.geo && `${content.location.geo.lat}, ${content.location.geo.lng}`,
            ],
            [
              t('business.fields.mpesa'),
              [content.mpesa?.till_number, content.mpesa?.paybill_number, content.mpesa?.paybill_account]
                .filter(Boolean)
                .join(' / ') || null,
            ],
          ]}
        />
      </section>
    </div>
  );
}
