import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BusinessLogo } from '../../../components/BusinessBits';
import { StatusChip } from '../../../components/config/StatusChip';
import { serviceName } from '../../../components/config/service-names';
import {
  ENDED_WINDOW_DAYS,
  RENEW_DAYS,
  serviceToRenew,
  standings,
  type ServiceStanding,
} from '../../../components/config/service-status';
import { can } from '../../../lib/config/roles';
import type { MyBusiness } from '../../../lib/config/types';

/** "Website · 45 days left", "Ads · ends today", "Website ended" (UI-DASH-06). */
function ServiceChip({ entry }: { entry: ServiceStanding }) {
  const { t } = useTranslation('config');
  const name = serviceName(t, entry.service.service_type, 'short');
  const { state } = entry;
  let text: string;
  let colour = 'bg-brand-50 text-brand-700';
  if (state.kind === 'active') {
    text =
      state.daysLeft === 0
        ? t('shell.home.chipEndsToday', { service: name })
        : t('shell.home.chipDaysLeft', { service: name, count: state.daysLeft });
    if (state.daysLeft <= RENEW_DAYS) colour = 'bg-warning-50 text-warning-800';
  } else {
    text = t('shell.home.chipEnded', { service: name });
    colour = 'bg-grey-50 text-grey-600 border border-grey-200';
  }
  return (
    <li className={`inline-flex min-h-8 items-center rounded-full px-2.5 text-small font-semibold ${colour}`}>
      {text}
    </li>
  );
}

/** One business on the dashboard home (UI-DASH-06): picture, name, status, services, Manage and Renew. */
export function HomeBusinessCard({ business, today }: { business: MyBusiness; today: string }) {
  const { t } = useTranslation('config');
  // Services that ended more than a year ago are history, not news.
  const shown = standings(business.services, today).filter(
    (entry) => entry.state.kind !== 'ended' || entry.state.daysAgo <= ENDED_WINDOW_DAYS,
  );
  const renew = can(business.role, 'services.buy') ? serviceToRenew(business.services, today) : null;
  const overview = `/config/business/${business.business_id}`;
  return (
    <li className="card space-y-3 p-4" data-testid="home-business-card">
      <div className="flex items-start gap-3">
        <BusinessLogo name={business.business_name} url={business.logo_url} size={56} />
        <div className="min-w-0 flex-1 space-y-1">
          <h3 className="text-h3 font-bold break-words">{business.business_name}</h3>
          <StatusChip status={business.status} reviewState={business.review_state} />
        </div>
      </div>
      {shown.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label={t('shell.home.servicesLabel')}>
          {shown.map((entry) => (
            <ServiceChip key={entry.service.service_type} entry={entry} />
          ))}
        </ul>
      )}
      <div className="flex flex-wrap gap-2">
        <Link
          to={overview}
          className="btn-primary flex-1"
          aria-label={t('shell.home.manageNamed', { name: business.business_name })}
        >
          {t('shell.home.manage')}
        </Link>
        {renew && (
          <Link
            to={`${overview}/services?renew=${renew}`}
            className="btn-secondary flex-1"
            aria-label={t('shell.home.renewNamed', { name: business.business_name })}
          >
            {t('shell.home.renew')}
          </Link>
        )}
      </div>
    </li>
  );
}
