import type { BusinessContent, ListingItem } from '@tafuta/contracts';
import { MapPin } from 'lucide-react';
import { useWatch, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { BusinessCard } from '../../../components/BusinessCard';
import type { AppLanguage } from '../../../i18n/language';
import { useNow } from '../../../lib/use-now';
import { HoursTable } from '../../business/DetailSections';
import { useCatalogueNames } from './fields/CategoryPicker';
import { deepMerge, toPatch, type LanguageTexts, type ProfileForm } from './profile-form';

type TextKey = Exclude<keyof LanguageTexts, 'services' | 'business_name'>;

/** UI-CJ-03 in the preview: the tab's language, then English, then the main writing language. */
function pickText(values: ProfileForm, language: AppLanguage, key: TextKey): string | null {
  for (const candidate of [language, 'en', values.default_language] as const) {
    const value = values.texts[candidate][key].trim();
    if (value) return value;
  }
  return null;
}

function pickServices(values: ProfileForm, language: AppLanguage): string[] {
  for (const candidate of [language, 'en', values.default_language] as const) {
    const list = values.texts[candidate].services.map((item) => item.value.trim()).filter(Boolean);
    if (list.length > 0) return list;
  }
  return [];
}

/**
 * UI-PROF live preview: the listing card exactly as the directory draws it (BusinessCard, fed the form
 * mapped to its props) and a compact detail view, in the language of the open tab. It is `inert`:
 * nothing in it can be tapped, so no call or WhatsApp click is counted from the editor.
 */
export function ProfilePreview(props: {
  control: Control<ProfileForm>;
  language: AppLanguage;
  businessId: string;
  businessTag: string;
  logoUrl: string | null;
}) {
  const { t } = useTranslation('config');
  const now = useNow();
  const names = useCatalogueNames();
  const values = useWatch({ control: props.control }) as ProfileForm;
  const stored = deepMerge({}, toPatch(values)) as unknown as Partial<BusinessContent>;
  const language = props.language;
  const name = values.texts[language].business_name.trim() || values.business_name.trim() || '…';
  const tagline = pickText(values, language, 'tagline');
  const description = pickText(values, language, 'description');
  const directions = pickText(values, language, 'directions_note');
  const hoursNote = pickText(values, language, 'hours_note');
  const services = pickServices(values, language);
  const hours = stored.hours ?? null;
  const geo = stored.location?.geo;
  const item: ListingItem = {
    business_id: props.businessId,
    business_tag: props.businessTag,
    name,
    name_lang: values.texts[language].business_name.trim() ? language : 'en',
    tagline,
    categories: values.categories.map((slug) => ({ slug, name: names.category(slug) })),
    regions: values.regions.map((slug) => ({ slug, name: names.region(slug) })),
    city: values.location.city,
    phone: stored.contact?.phone ?? values.contact.phone,
    whatsapp: stored.contact?.whatsapp ?? null,
    directions_url: geo ? `https://www.google.com/maps/dir/?api=1&destination=${geo.lat},${geo.lng}` : null,
    logo_url: props.logoUrl,
    badge: null,
    promoted: false,
    hosted: false,
    website_url: null,
    hours,
    default_language: values.default_language,
  };
  const address = [values.location.street_address1, values.location.street_address2, values.location.city]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(', ');
  return (
    <div inert className="space-y-4" data-testid="profile-preview" lang={language}>
      <section>
        <h3 className="mb-2 text-small font-semibold text-grey-600">{t('business.profile.previewCard')}</h3>
        <BusinessCard item={item} now={now} tracking={{ page: 'search' }} />
      </section>
      <section className="card space-y-3 p-4">
        <h3 className="text-small font-semibold text-grey-600">{t('business.profile.previewDetail')}</h3>
        <p className="text-h2 font-bold">{name}</p>
        {tagline && <p className="text-grey-600">{tagline}</p>}
        {description && <p className="whitespace-pre-line">{description}</p>}
        {services.length > 0 && (
          <ul className="flex flex-wrap gap-2">
            {services.map((service) => (
              <li key={service} className="chip min-h-8">
                {service}
              </li>
            ))}
          </ul>
        )}
        {hours && <HoursTable hours={hours} now={now} />}
        {hoursNote && <p className="text-small text-grey-600">{hoursNote}</p>}
        {address && (
          <p className="flex items-start gap-2">
            <MapPin size={18} aria-hidden="true" className="mt-0.5 shrink-0" />
            <span>
              {address}
              {directions && <span className="block text-small text-grey-600">{directions}</span>}
            </span>
          </p>
        )}
      </section>
    </div>
  );
}
