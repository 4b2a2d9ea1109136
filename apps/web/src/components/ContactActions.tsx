import { Globe, MapPin, Phone } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { telLink, whatsappLink } from '../lib/phone';
import { trackEvent, type TrackedEvent, type TrackedEventType } from '../lib/tracking';
import { WhatsAppIcon } from './WhatsAppIcon';

export interface ContactTarget {
  businessId: string;
  name: string;
  phone: string;
  whatsapp: string | null;
  directionsUrl: string | null;
  websiteUrl: string | null;
}

export type TrackingContext = Pick<TrackedEvent, 'surface' | 'page' | 'region' | 'category'>;

/**
 * UI-CARD-01 / UI-DET-02 action row: Call (filled), WhatsApp, Directions, Website (outline), each
 * ≥ 44 px with icon and label, each counted (UI-ACT-05) without holding up the navigation.
 */
export function ContactActions({
  target,
  tracking,
  className = '',
}: {
  target: ContactTarget;
  tracking: TrackingContext;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const track = (type: TrackedEventType) => () =>
    trackEvent({
      type,
      business_id: target.businessId,
      lang: i18n.resolvedLanguage,
      ...tracking,
    });
  // A 8rem basis wraps four buttons into two rows of two on a 360 px phone instead of squeezing them.
  const outline = 'btn-secondary relative z-10 flex-[1_1_8rem] px-3';
  return (
    <div className={`flex flex-wrap gap-2 ${className}`}>
      <a
        href={telLink(target.phone)}
        onClick={track('call_click')}
        className="btn-primary relative z-10 flex-[1_1_8rem] px-3"
      >
        <Phone size={18} aria-hidden="true" />
        {t('card.call')}
      </a>
      {target.whatsapp && (
        <a
          href={whatsappLink(target.whatsapp, t('card.whatsappGreeting', { name: target.name }))}
          target="_blank"
          rel="noopener noreferrer"
          onClick={track('whatsapp_click')}
          className={outline}
        >
          <WhatsAppIcon />
          {t('card.whatsapp')}
        </a>
      )}
      {target.directionsUrl && (
        <a
          href={target.directionsUrl}
          target="_blank"
          rel="noopener noreferrer"
          onClick={track('directions_click')}
          className={outline}
        >
          <MapPin size={18} aria-hidden="true" />
          {t('card.directions')}
        </a>
      )}
      {target.websiteUrl && (
        <a
          href={target.websiteUrl}
          target="_blank"
          rel="noopener noreferrer"
          onClick={track('website_click')}
          className={outline}
        >
          <Globe size={18} aria-hidden="true" />
          {t('card.website')}
        </a>
      )}
    </div>
  );
}
