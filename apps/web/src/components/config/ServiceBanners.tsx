import { CalendarClock } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../lib/dates';
import { useCurrentBusiness } from '../../pages/config/business-context';
import { Banner } from './StatusBanner';
import { nairobiToday, needsBanner, standings } from './service-status';
import { serviceName } from './service-names';

/**
 * UI-DASH-11: a service ending within 7 days, or one that ended, gets a banner on every screen of the
 * business, with Renew for the Owner. Dates are the last day of service in EAT (ERRATA 22).
 */
export function ServiceBanners() {
  const { t, i18n } = useTranslation('config');
  const { business, can } = useCurrentBusiness();
  const language = i18n.resolvedLanguage ?? 'en';
  const today = nairobiToday();
  const due = standings(business.subscriptions, today).filter((entry) => needsBanner(entry.state));
  if (due.length === 0) return null;
  return (
    <>
      {due.map(({ service, state }) => {
        const name = serviceName(t, service.service_type, 'long');
        const date = formatDate(service.last_service_date, language);
        let text: string;
        if (state.kind === 'active') {
          text =
            state.daysLeft === 0
              ? t('shell.serviceBanner.endsToday', { service: name })
              : t('shell.serviceBanner.ending', { service: name, date, count: state.daysLeft });
        } else {
          text = t('shell.serviceBanner.ended', { service: name, date });
        }
        return (
          <Banner
            key={service.service_type}
            tone={state.kind === 'active' ? 'warning' : 'neutral'}
            icon={<CalendarClock size={20} aria-hidden="true" />}
            testId="service-banner"
          >
            <p>{text}</p>
            {can('services.buy') && (
              <Link
                to={`/config/business/${business.business_id}/services?renew=${service.service_type}`}
                className="btn-primary"
              >
                {t('shell.serviceBanner.renew')}
              </Link>
            )}
          </Banner>
        );
      })}
    </>
  );
}
