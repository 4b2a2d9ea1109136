import { ChevronRight, ExternalLink } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BusinessLogo, TrustBadge } from '../../../components/BusinessBits';
import { CompletenessCard } from '../../../components/config/CompletenessCard';
import { useMyBusinesses } from '../../../components/config/my-businesses';
import { sectionPath, sectionsFor } from '../../../components/config/sections';
import { isActive, nairobiToday } from '../../../components/config/service-status';
import { StatsCard } from '../../../components/config/StatsCard';
import { StatusChip } from '../../../components/config/StatusChip';
import { websiteAddress } from '../../../components/config/web-address';
import { useCurrentBusiness } from '../business-context';

/**
 * `/config/business/:id` (UI-DASH-15–17): who the business is and how it stands — logo, name, status,
 * badge, web address — then what is missing, the last 30 days, and a tile for every section the role
 * may open. The status and service banners sit above it (BusinessFrame).
 */
export default function ConfigOverviewPage() {
  const { t } = useTranslation('config');
  const { t: tRoot } = useTranslation();
  const { business } = useCurrentBusiness();
  // The logo URL rides on the businesses list the shell has loaded anyway (EP-ME-10 `logo_url`).
  const listed = useMyBusinesses().data?.items.find((entry) => entry.business_id === business.business_id);
  const today = nairobiToday();
  const hosted = isActive(business.subscriptions, 'website_hosting', today);
  const badge =
    business.verification_tier === 'premium' && isActive(business.subscriptions, 'premium_listing', today)
      ? 'premium'
      : business.verification_tier === 'verified' || business.verification_tier === 'premium'
        ? 'verified'
        : null;
  const address = hosted && business.subdomain ? websiteAddress(business.subdomain, window.location) : null;
  const tiles = sectionsFor(business.your_role).filter((section) => section.key !== 'overview');

  return (
    <div className="space-y-4 py-4">
      <title>{tRoot('meta.pageTitle', { title: business.business_name })}</title>
      <header className="flex items-start gap-3">
        <BusinessLogo name={business.business_name} url={listed?.logo_url ?? null} size={72} />
        <div className="min-w-0 flex-1 space-y-1.5">
          <h1 className="text-h1 font-bold break-words">{business.business_name}</h1>
          <div className="flex flex-wrap items-center gap-2">
            <StatusChip status={business.status} reviewState={business.review_state} />
            <TrustBadge badge={badge} />
          </div>
          {address && (
            <a
              href={address.url}
              target="_blank"
              rel="noopener noreferrer"
              className="link inline-flex min-h-11 items-center gap-1 [overflow-wrap:anywhere]"
              data-testid="web-address"
            >
              {address.host}
              <ExternalLink size={16} aria-hidden="true" className="shrink-0" />
              <span className="sr-only">{t('shell.overview.opensNewTab')}</span>
            </a>
          )}
        </div>
      </header>

      <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-2">
        <CompletenessCard businessId={business.business_id} content={business.content_json} />
        <StatsCard businessId={business.business_id} hosted={hosted} />
      </div>

      <section aria-labelledby="sections-title" className="space-y-2">
        <h2 id="sections-title" className="text-h2 font-bold">
          {t('shell.overview.sections')}
        </h2>
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {tiles.map((section) => (
            <li key={section.key}>
              <Link
                to={sectionPath(business.business_id, section)}
                className="card flex min-h-20 flex-col justify-between gap-2 p-3 hover:bg-grey-50"
              >
                <section.icon size={24} aria-hidden="true" className="text-brand-700" />
                <span className="flex items-center justify-between gap-1 font-semibold">
                  {t(`shell.sections.${section.key}`)}
                  <ChevronRight size={18} aria-hidden="true" className="shrink-0 text-grey-600" />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
